"""The console: slash commands typed at a prompt, or piped in one per line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TextIO

from bot import commands, text
from bot.config import Settings
from store import Store

GREETING = ("Handover console — type a slash command, e.g. /who-leads nato. "
            "/help lists them; Ctrl-D quits.")
QUIT = {"/quit", "/exit", "quit", "exit"}


def _lines(stream: TextIO, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from stream
        return
    while True:
        try:
            yield input("handover> ")
        except EOFError:
            print()
            return


def run_console(store: Store, settings: Settings, stream: TextIO | None = None) -> int:
    stream = stream or sys.stdin
    interactive = stream.isatty()
    if interactive:
        print(GREETING)
    for line in _lines(stream, interactive):
        if not line.strip():
            continue
        if line.strip().lower() in QUIT:
            break
        reply = commands.ask(store, line, store.clock())
        print(text.render(reply), end="\n\n", flush=True)
    return 0

"""The slash commands, their options, and how a typed line becomes a call.

Console, `handover ask` and the Discord cogs share these names and options, so
`/who-leads nato on:2015-06-01` means the same thing everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot import answers
from bot.replies import Reply
from store import QueryTooSlow, Store


@dataclass(frozen=True)
class Option:
    name: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    options: tuple[Option, ...]
    answer: Callable[..., Reply] | None
    dated: bool = False  # the answer (or its picture, which marks today) depends on today

    @property
    def usage(self) -> str:
        shown = [option.name if option.required else f"[{option.name}:…]"
                 for option in self.options]
        return " ".join([f"/{self.name}", *shown])


COMMANDS: dict[str, Command] = {command.name: command for command in (
    Command("who-leads", "Who leads an organization, now or on a date", (
        Option("org", "Organization, e.g. NATO", required=True),
        Option("on", "Date: YYYY-MM-DD, YYYY-MM or YYYY"),
    ), answers.who_leads, dated=True),
    Command("quotes", "What a person said, with context and source", (
        Option("person", "Person, e.g. Rutte", required=True),
        Option("about", "Topic, e.g. China"),
        Option("search", "Words in the quote"),
    ), answers.quotes),
    Command("history", "The succession of an organization's leaders", (
        Option("org", "Organization, e.g. NATO", required=True),
    ), answers.history, dated=True),
    Command("profile", "Positions, priorities and quotes of a person", (
        Option("person", "Person, e.g. Rutte", required=True),
    ), answers.profile, dated=True),
    Command("recent", "The latest leadership transitions, newest first", (
        Option("org", "Only this organization"),
    ), answers.recent, dated=True),
    Command("help", "What Handover can answer", (), None),
)}


class UsageError(Exception):
    """A typed command that cannot be run as written; the message says why."""


_TOKEN = re.compile(r'(?:([A-Za-z][\w-]*):)?(?:"([^"]*)"?|(\S+))')
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def parse(line: str) -> tuple[Command, dict[str, str]]:
    """`/who-leads "north atlantic treaty organization" on:2015` → (command, options).

    The first option may be given bare; bare words run together into it. Values
    with spaces go in double quotes.
    """
    text = line.strip()
    if not text:
        raise UsageError("Type a command, e.g. /who-leads nato — /help lists them all.")
    name, _, rest = text.partition(" ")
    command = COMMANDS.get(name.removeprefix("/").lower())
    if command is None or not name.startswith("/"):
        raise UsageError(f"Unknown command '{name[:40]}'. Try /help.")
    known = {option.name: option for option in command.options}
    named: dict[str, str] = {}
    bare: list[str] = []
    for match in _TOKEN.finditer(rest):
        key, quoted, plain = match.groups()
        value = quoted if quoted is not None else plain
        if key and key.lower() in known:
            if key.lower() in named:
                raise UsageError(f"Option '{key}' is given twice.")
            named[key.lower()] = value
        elif key and not _URL_SCHEME.match(match.group(0)) and value:
            choices = ", ".join(known) or "no options"
            raise UsageError(f"/{command.name} has no option '{key[:40]}'; it takes {choices}.")
        else:
            bare.append(match.group(0).strip('"'))
    if bare and command.options:
        first = command.options[0].name
        if first in named:
            raise UsageError(f"Option '{first}' is given twice.")
        named[first] = " ".join(bare)
    elif bare:
        raise UsageError(f"/{command.name} takes no options.")
    missing = [o.name for o in command.options if o.required and not named.get(o.name)]
    if missing:
        raise UsageError(f"/{command.name} needs {missing[0]}. Usage: {command.usage}")
    return command, named


def help_reply() -> Reply:
    items = [f"{command.usage} — {command.description}" for command in COMMANDS.values()]
    return Reply("Handover answers who leads what, since when, and what they said.",
                 summary="Commands:", items=items)


def run(store: Store, command: Command, options: dict[str, str],
        today: dt.date | None = None) -> Reply:
    """Answer one parsed command; a bad argument becomes a usage reply, never an exception."""
    if command.answer is None:
        return help_reply()
    extra = {"today": today or store.clock()} if command.dated else {}
    try:
        return command.answer(store, **options, **extra)
    except answers.Invalid as error:
        return Reply.usage(str(error))
    except QueryTooSlow:
        return Reply.usage("That search took too long; try fewer or more specific words.")


def ask(store: Store, line: str, today: dt.date | None = None) -> Reply:
    """Answer a line typed as a slash command."""
    try:
        command, options = parse(line)
    except UsageError as error:
        return Reply.usage(str(error))
    return run(store, command, options, today)

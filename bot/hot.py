"""The answers to the questions asked most, kept until the store changes.

Reading the store is about half of what a `/who-leads` costs the bot. The same question —
the same command and options, from the same server, on the same day — asked again is
answered from memory while the store's facts are unchanged. Any write that may change an
answer, by this bot's writer or by another process (`handover ingest`, a Wikidata import),
moves `Database.answers_version()` on, which is asked before each answer (one indexed
read, a few microseconds); every remembered answer is then forgotten. The writes that
keep the bots' own books — the leader lease renewed every few seconds, claims,
deliveries, feed polls — leave it alone. One read uses it at a time (in the reads thread,
or on the event loop while the thread is idle), so it needs no lock.

Few answers are kept (`SIZE`): each is a few dozen objects that the garbage collector
walks at every full collection, and the hottest questions are few.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from bot import commands
from bot.replies import Reply
from store import Store

SIZE = 256
KEPT = ("ok", "not_found")  # not a usage reply: "that search took too long" may pass


class HotAnswers:
    """Replies by question, forgotten whenever the store's answers version moves on."""

    def __init__(self, size: int = SIZE):
        self.size = size
        self.version: str | None = None
        self.replies: OrderedDict[tuple, Reply] = OrderedDict()
        self.hits = self.misses = 0

    def answer(self, store: Store, command: commands.Command, given: dict[str, str],
               today: dt.date, scope: int | None) -> Reply:
        """`commands.run(store, command, given, today)`, or the same reply given before."""
        version = store.database.answers_version()
        if version != self.version:
            self.replies.clear()
            self.version = version
        key = (command.name, tuple(sorted(given.items())), scope or 0,
               today if command.dated else None)
        if (reply := self.replies.get(key)) is not None:
            self.replies.move_to_end(key)
            self.hits += 1
            return reply
        self.misses += 1
        reply = commands.run(store, command, given, today)
        if reply.status in KEPT:
            self.replies[key] = reply
            if len(self.replies) > self.size:
                self.replies.popitem(last=False)
        return reply

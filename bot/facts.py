"""`/fact` and `handover fact`: show a fact, its history, and the corrections editors and
moderators make — one function each, shared by Discord and the command line."""

from __future__ import annotations

from collections.abc import Awaitable

from bot.replies import Reply
from store import Actor, CorrectionError, Store
from store.audit import Entry
from store.models import Findings

FIELDS = ("start", "end", "holder", "role", "acting", "incoming", "outgoing", "effective",
          "speaker", "said_on")


FLAGS = ("acting", "end_scheduled", "unverified")


def _line(key: str, value: object) -> str:
    return f"{key.replace('_', ' ')}: {'yes' if key in FLAGS else value}"


def show(store: Store, target: str, actor: Actor) -> Reply:
    """A fact by its name (`tenure:12`), or the facts about a person or organization."""
    text = " ".join(target.split())
    if ":" in text:
        try:
            fact = store.describe_fact(text, actor)
        except CorrectionError as error:
            return Reply.usage(str(error))
        sources = fact.pop("sources")
        title = f"{fact.pop('fact')}" + (" — retracted" if fact.pop("retracted") else "")
        items = [_line(key, value) for key, value in fact.items()
                 if value not in (None, "") and not (key in FLAGS and not value)]
        items += [f"source: {s['title'] or s['url']}" + (f", {s['published']}"
                                                         if s["published"] else "")
                  + ("" if s["scope"] == 0 else " (one server's)")
                  + (" — retracted" if s["retracted"] else "") for s in sources]
        changes = store.fact_history(text, actor)
        items += [f"change {describe_change(entry)}" for entry in changes]
        return Reply(title, items=items, data={"fact": text, **fact, "sources": sources,
                                               "changes": [c.as_json() for c in changes]})
    resolution = store.resolve(text)
    if resolution.entity is None:
        known = " or ".join(entity.name for entity in resolution.matches[:5])
        return Reply(f"'{text}' could mean {known} — give its fact name." if known
                     else f"I don't know '{text}'.", status="not_found")
    found = fact_lines(store.facts_about(resolution.entity))
    return Reply(f"Facts about {resolution.entity.name}",
                 summary="Give a fact's name to /fact show, correct, retract or publish it.",
                 items=[f"`{name}` {line}" for name, line in found],
                 data={"facts": [{"fact": name, "what": line} for name, line in found]})


def fact_lines(found: Findings) -> list[tuple[str, str]]:
    """Each fact's name (`tenure:12`) and a line saying what it is."""
    entity = found.entity
    lines = [(f"entity:{entity.id}", f"{entity.name} ({entity.kind})")]
    for tenure in found.tenures:
        span = "–".join(d.iso() if d else "?" for d in (tenure.start, tenure.end))
        lines.append((f"tenure:{tenure.id}", f"{tenure.person.name}, {tenure.office.title}"
                      f" ({span})" + (", acting" if tenure.acting else "")))
    for move in found.transitions:
        came = f"{move.incoming.name} took over"
        came += f" from {move.outgoing.name}" if move.outgoing else ""
        when = move.effective.iso() if move.effective else "undated"
        lines.append((f"transition:{move.id}", f"{came} as {move.office.title} ({when})"))
    lines += [(f"quote:{quote.id}", f"“{quote.text[:80]}”") for quote in found.quotes]
    lines += [(f"statement:{said.id}", f"{said.kind}: {said.text[:80]}")
              for said in found.statements]
    return lines


def history(store: Store, ref: str, actor: Actor) -> Reply:
    try:
        entries = store.fact_history(ref, actor)
    except CorrectionError as error:
        return Reply.usage(str(error))
    if not entries:
        return Reply(f"{ref} has not been changed since it was stored.")
    return Reply(f"Changes to {ref}", items=[describe_change(entry) for entry in entries],
                 data={"changes": [entry.as_json() for entry in entries]})


def conflicts(store: Store) -> Reply:
    """Where sources disagree, for editors (and a server's moderators) to settle."""
    found = store.conflicts()
    if not found:
        return Reply("No sources disagree.")
    items = []
    for conflict in found:
        first, second = conflict.facts
        if conflict.kind == "holders":
            a, b = conflict.first, conflict.second
            items.append(f"{a.office.title}: `{first}` {a.person.name} ({_dates(a)}) or "
                         f"`{second}` {b.person.name} ({_dates(b)})")
        else:
            a, b = conflict.first, conflict.second
            items.append(f"{a.incoming.name} took over as {a.office.title}: `{first}` "
                         f"{a.effective.iso()} or `{second}` {b.effective.iso()}")
    return Reply("Sources disagree", items=items,
                 summary="Settle each with /fact correct or /fact retract.",
                 data={"conflicts": [{"kind": c.kind, "facts": list(c.facts)} for c in found]})


def _dates(tenure) -> str:
    return "–".join(d.iso() if d else "?" for d in (tenure.start, tenure.end))


def describe_change(entry: Entry) -> str:
    who = f"{entry.actor_role} <@{entry.actor_id}>" if entry.actor_id else entry.actor_role
    reason = f" — {entry.reason}" if entry.reason else ""
    return f"#{entry.id} {entry.at[:10]} {who}: {entry.action}{reason}"


async def _done(work: Awaitable[object], message: str) -> Reply:
    try:
        await work
    except CorrectionError as error:
        return Reply.usage(str(error))
    return Reply(message)


async def correct(store: Store, ref: str, changes: dict[str, str], actor: Actor,
                  reason: str | None = None) -> Reply:
    if not changes:
        return Reply.usage(f"Say what to correct: {', '.join(FIELDS)}.")
    fields = ", ".join(f"{key} to {value or 'none'}" for key, value in changes.items())
    return await _done(store.correct(ref, changes, actor, reason),
                       f"Corrected {ref}: {fields}. /fact undo puts it back.")


async def retract(store: Store, ref: str, reason: str, actor: Actor) -> Reply:
    if not reason.strip():
        return Reply.usage("Say why it is retracted (reason).")
    return await _done(store.retract(ref, reason, actor),
                       f"Retracted {ref}: it is no longer answered or announced.")


async def publish(store: Store, ref: str, actor: Actor) -> Reply:
    return await _done(store.publish(ref, actor), f"Published {ref}: every server sees it now.")


async def alias(store: Store, ref: str, name: str, actor: Actor, *, remove: bool) -> Reply:
    verb = "no longer found as" if remove else "now found as"
    return await _done(store.alias(ref, name, actor, remove=remove), f"{ref} is {verb} '{name}'.")


async def merge(store: Store, keep: str, gone: str, actor: Actor,
                reason: str | None = None) -> Reply:
    return await _done(store.merge(keep, gone, actor, reason),
                       f"Merged {gone} into {keep}: either name now gives the same answers. "
                       "/fact undo separates them again.")


async def undo(store: Store, change: int, actor: Actor) -> Reply:
    try:
        entry = await store.undo(change, actor)
    except CorrectionError as error:
        return Reply.usage(str(error))
    return Reply(f"Undid change #{change} ({entry.action} of {entry.target}).")

"""Answers to each command, built from the store's results as neutral `Reply`s.

Every front end (console, `handover ask`, Discord) calls these and only renders.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from bot import timeline
from bot.replies import Reply
from store import BadDate, PartialDate, Store
from store.models import (
    Entity,
    Leadership,
    Note,
    Quote,
    Source,
    Tenure,
    Transition,
    order_sources,
    with_article,
)

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 500
NOTE_LENGTH = 300  # a note beside an answer; in a history line, half of that


class Invalid(Exception):
    """An argument a user gave that cannot be used; the message is the reply."""


@dataclass(frozen=True)
class Unknown:
    """A name the store does not know (yet), with the known names close to it."""

    name: str
    suggestions: tuple[str, ...] = ()


def clean(value: str | None, what: str, *, limit: int = MAX_NAME_LENGTH,
          required: bool = True) -> str:
    """An argument without control characters, within its length, present if required."""
    text = value or ""
    if not text.isprintable():  # printable: no control or format characters to drop
        text = "".join(c for c in text if unicodedata.category(c)[0] != "C" or c == " ")
    text = " ".join(text.split())
    if not text and required:
        raise Invalid(f"Please give {what}.")
    if len(text) > limit:
        raise Invalid(f"That is too long for {what}: {len(text)} characters, at most {limit}.")
    return text


def parse_date(value: str | None) -> PartialDate | None:
    text = clean(value, "a date", limit=20, required=False)
    try:
        return PartialDate.parse(text) if text else None
    except BadDate as error:
        raise Invalid(str(error)) from None


def find(store: Store, text: str, kind: str, *, unknown: bool = False
         ) -> Entity | Reply | Unknown:
    """The one entity `text` names, or a reply saying why there is none; with `unknown`,
    a name the store does not know at all comes back as `Unknown` instead."""
    resolution = store.resolve(text, kind)
    if resolution.entity:
        return resolution.entity
    if resolution.matches:
        names = " or ".join(entity.name for entity in resolution.matches[:5])
        return Reply(f"'{text}' could mean {names} — which one?", status="not_found",
                     data={"candidates": [entity.name for entity in resolution.matches]})
    other = "person" if kind == "organization" else "organization"
    elsewhere = store.resolve(text, other, suggest=False).entity
    if elsewhere:
        hint = "/profile" if other == "person" else "/who-leads"
        return Reply(f"{elsewhere.name} is a {other}; try {hint} {text}.", status="not_found")
    suggestions = [entity.name for entity in resolution.suggestions]
    if unknown:
        return Unknown(text, tuple(suggestions))
    title = f"I don't know '{text}'"
    title += f" — did you mean {' or '.join(suggestions)}?" if suggestions else "."
    return Reply(title, status="not_found", data={"suggestions": suggestions})


def _span(tenure: Tenure) -> str:
    if tenure.start and tenure.end:
        text = f"from {tenure.start.human()} to {tenure.end.human()}"
    elif tenure.start:
        text = f"since {tenure.start.human()}"
    elif tenure.end:
        text = f"until {tenure.end.human()}"
    else:
        text = ""
    if tenure.span:
        text = f"{text} ({tenure.span})" if text else f"for {tenure.span}"
    return text


def _role(tenure: Tenure) -> str:
    return ("acting " if tenure.acting else "") + tenure.office.title


def _notes(tenure: Tenure) -> str:
    notes = []
    if tenure.end_scheduled and tenure.end:
        notes.append(f"the term is scheduled to end on {tenure.end.human()}")
    if tenure.unverified:
        notes.append("this row is unverified in its source")
    return "; ".join(notes)


def _holder_sentence(lead: Leadership) -> str:
    tenure = lead.holder
    parts = [f"{tenure.person.name} — {_role(tenure)} {_span(tenure)}".rstrip()]
    if lead.took_over and lead.took_over.outgoing:
        came = f"took over from {lead.took_over.outgoing.name}"
        where = ", ".join(p for p in (lead.took_over.occasion, lead.took_over.place) if p)
        parts.append(f"{came} ({where})" if where else came)
    if earlier := lead.earlier_role:
        parts.append(f"previously {_role(earlier)} {_span(earlier)}".rstrip())
    if notes := _notes(tenure):
        parts.append(notes)
    return "; ".join(parts) + "."


def _on(date: PartialDate) -> str:
    """`on 4 April 1952`, `in January 1985`."""
    return f"on {date.human()}" if date.precision == "day" else f"in {date.human()}"


def _nobody_sentence(lead: Leadership) -> str:
    office, on = lead.office, _on(lead.on)
    if lead.before_records:
        first = lead.following
        text = (f"No {office.title} is known {on}: the first on record, "
                f"{first.person.name}, took office {_on(first.start)}.")
        return text + (f" Records: {office.coverage}." if office.coverage else "")
    if lead.previous and lead.following:
        return (f"Nobody held the office of {office.title} {on}: "
                f"{lead.previous.person.name} served until {lead.previous.end.human()} and "
                f"{lead.following.person.name} took office {_on(lead.following.start)}.")
    if lead.previous:
        return (f"No {office.title} is known {on}: {lead.previous.person.name}'s tenure "
                f"ended {_on(lead.previous.end)} and no successor is known.")
    return f"No {office.title} is known {on}."


def _cited(sources: tuple[Source, ...]) -> str:
    return "; ".join(source.label for source in sources[:2]) or "no source"


def _disagreement(lead: Leadership) -> str:
    accounts = " or ".join(f"{t.person.name}, {_span(t)} ({_cited(t.sources)})"
                           for t in lead.holders)
    return f"Sources disagree on who was {lead.office.title} {_on(lead.on)}: {accounts}."


def _other_dates(lead: Leadership) -> str:
    dates = [lead.took_over, *lead.other_dates]
    told = " or ".join(f"{_on(t.effective)} ({_cited(t.sources)})" for t in dates)
    return f" Sources disagree on when {lead.holder.person.name} took over: {told}."


def _leadership_text(lead: Leadership, asked_date: bool) -> str:
    if not lead.holders:
        return _nobody_sentence(lead)
    if lead.disagree:
        return _disagreement(lead)
    if len(lead.holders) > 1:
        names = ", then ".join(f"{t.person.name} ({_span(t)})" for t in lead.holders)
        return f"During {lead.on.human()}, {lead.office.title}: {names}."
    text = _holder_sentence(lead)
    if asked_date:
        when = _on(lead.on)
        text = f"{when[0].upper()}{when[1:]}: {text}"
    if lead.uncertain:
        text += f" Uncertain: {lead.uncertain}"
    if lead.other_dates:
        text += _other_dates(lead)
    if lead.in_future:
        text += " That date is in the future: this is what is known today."
    if asked_date and _note(lead.holder):  # today's doubts are the organization's notes
        text += f"\nNote: {_note(lead.holder)}"
    return text


def _note(tenure: Tenure, limit: int = NOTE_LENGTH) -> str:
    """What the sources say beside the dates (a caretaker, an unknown end), cut short."""
    note = " ".join((tenure.note or "").split())
    return note if len(note) <= limit else note[:limit - 1].rstrip() + "…"


def _note_json(note: Note) -> dict:
    return {"topic": note.topic, "status": note.status, "detail": note.detail}


def _tenure_json(tenure: Tenure) -> dict:
    return {"name": tenure.person.name, "role": tenure.office.role,
            "org": tenure.office.org.name, "start": tenure.start and tenure.start.iso(),
            "end": tenure.end and tenure.end.iso(), "acting": tenure.acting,
            "unverified": tenure.unverified, "span": tenure.span, "note": tenure.note}


def _moments(lead: Leadership) -> list[tuple[str, dt.date]]:
    """The day the one holder took office, when it is known to the day."""
    start = lead.holder.start if len(lead.holders) == 1 else None
    return [("In office since", start.first)] if start and start.precision == "day" else []


def who_leads(store: Store, org: str, on: str | None = None, *,
              today: dt.date | None = None) -> Reply:
    name = clean(org, "an organization, e.g. /who-leads nato")
    date = parse_date(on)
    found = find(store, name, "organization")
    if isinstance(found, Reply):
        return found
    answers = store.who_leads(found, date, today)
    if not answers:
        return Reply(f"I have no leadership records for {found.name} yet.", status="not_found")
    texts = [_leadership_text(lead, date is not None) for lead in answers]
    about_now = date is None or date.last >= (today or store.clock())
    notes = store.notes(found) if about_now else []
    texts[0] += "".join(f"\nNote: {note.brief}" for note in notes)
    return Reply(
        title=f"Who led {with_article(found.name)} {_on(date)}" if date
        else f"Who leads {with_article(found.name)}",
        summary=texts[0], items=texts[1:],
        sources=order_sources([s for lead in answers for s in lead.sources]
                              + [s for note in notes for s in note.sources]),
        data={"org": found.name, "on": date.iso() if date else None, "offices": [
            {"office": lead.office.title, "holders": [_tenure_json(t) for t in lead.holders],
             "took_over_from": lead.took_over.outgoing.name
             if lead.took_over and lead.took_over.outgoing else None,
             "uncertain": lead.uncertain, "vacant": not lead.holders}
            for lead in answers], "notes": [_note_json(note) for note in notes]},
        moments=_moments(answers[0]),
        marked=(found.id, date.iso()) if date else None,
    )


def marked_history(store: Store, org_id: int, day: str, today: dt.date
                   ) -> timeline.Timeline | None:
    """The principal office's succession with the day asked about marked on it, as the
    store (a server's view of it) knows it; None when there is nothing to draw."""
    org = store.entity(org_id)
    try:
        on = PartialDate.parse(day)
    except BadDate:
        return None
    if org is None or org.kind != "organization":
        return None
    offices = store.history(org)[:1]
    if not offices or not offices[0][1]:
        return None
    title = f"{offices[0][0].title}: {on.human()}"
    return timeline.for_history(title, offices, today, marked=on.first)


def history(store: Store, org: str, *, today: dt.date | None = None) -> Reply:
    found = find(store, clean(org, "an organization, e.g. /history nato"), "organization")
    if isinstance(found, Reply):
        return found
    offices = store.history(found)
    items, sources, data = [], [], []
    for office, tenures in offices:
        if len(offices) > 1:
            items.append(f"{office.title}:")
        for number, tenure in enumerate(tenures, 1):
            flag = " (unverified)" if tenure.unverified else ""
            note = f" — Note: {_note(tenure, NOTE_LENGTH // 2)}" if tenure.note else ""
            items.append(f"{number}. {tenure.person.name} — {_role(tenure)} "
                         f"{_span(tenure)}{flag}".rstrip() + note)
            sources.extend(tenure.sources)
        data.append({"office": office.title, "holders": [_tenure_json(t) for t in tenures]})
    if not items:
        return Reply(f"I have no leadership records for {found.name} yet.", status="not_found")
    coverage = offices[0][0].coverage
    notes = store.notes(found)
    summary = [f"Records: {coverage}."] if coverage else []
    summary += [f"Note: {note.brief}" for note in notes]
    title = f"History of {found.name}"
    return Reply(title, summary="\n".join(summary), items=items,
                 sources=order_sources(sources + [s for note in notes for s in note.sources]),
                 data={"org": found.name, "offices": data,
                       "notes": [_note_json(note) for note in notes]},
                 timeline=timeline.for_history(title, offices, today or store.clock()))


def _quote_line(quote: Quote) -> str:
    marks = f"“{quote.text}”" if quote.kind == "direct" else f"‘{quote.text}’"
    said = f", {quote.said_on.short()}" if quote.said_on else ""
    context = f" — {quote.context}" if quote.context else ""
    return f"{marks} — {quote.speaker.name}{said}{context}"


def quotes(store: Store, person: str, about: str | None = None,
           search: str | None = None) -> Reply:
    found = find(store, clean(person, "a person, e.g. /quotes rutte"), "person")
    if isinstance(found, Reply):
        return found
    topic = clean(about, "a topic", required=False)
    words = clean(search, "words to search for", limit=MAX_TEXT_LENGTH, required=False)
    found_quotes = store.quotes(found, about=topic, search=words)
    narrowed = "".join([f" about {topic}" if topic else "",
                        f" matching '{words}'" if words else ""])
    if not found_quotes:
        return Reply(f"No quotes by {found.name}{narrowed} are known.", status="not_found")
    return Reply(
        f"Quotes by {found.name}{narrowed}", items=[_quote_line(q) for q in found_quotes],
        sources=order_sources([s for q in found_quotes for s in q.sources]),
        data={"person": found.name, "quotes": [
            {"text": q.text, "kind": q.kind, "said_on": q.said_on and q.said_on.iso(),
             "context": q.context, "about": [t.name for t in q.topics]} for q in found_quotes]},
    )


def profile(store: Store, person: str, *, today: dt.date | None = None) -> Reply:
    found = find(store, clean(person, "a person, e.g. /profile rutte"), "person")
    if isinstance(found, Reply):
        return found
    known = store.profile(found)
    items = [f"Position: {_role(t)} {_span(t)}".rstrip() for t in reversed(known.tenures)]
    for statement in known.statements:
        items.append(f"{statement.kind.capitalize()}: {statement.text}")
    items.extend(f"Quote: {_quote_line(quote)}" for quote in known.quotes)
    others = [alias for alias in known.aliases if alias != found.name]
    return Reply(
        found.name, summary=f"Also known as: {', '.join(others)}." if others else "",
        items=items, sources=known.sources,
        data={"person": found.name, "aliases": list(known.aliases),
              "positions": [_tenure_json(t) for t in known.tenures],
              "statements": [{"kind": s.kind, "text": s.text} for s in known.statements],
              "quotes": [q.text for q in known.quotes]},
        timeline=timeline.for_profile(found.name, known.tenures, today or store.clock())
        if known.tenures else None,
    )


def _transition_line(transition: Transition, today: dt.date) -> str:
    when = transition.effective.human() if transition.effective else "date unknown"
    scheduled = " (scheduled)" if transition.effective and transition.effective.first > today \
        else ""
    came = f"{transition.incoming.name} took over"
    came += f" from {transition.outgoing.name}" if transition.outgoing else ""
    return f"{when}{scheduled} — {came} as {transition.office.title}."


def recent(store: Store, org: str | None = None, *, today: dt.date | None = None) -> Reply:
    today = today or store.clock()
    name = clean(org, "an organization", required=False)
    found = None
    if name:
        found = find(store, name, "organization")
        if isinstance(found, Reply):
            return found
    transitions = store.recent(found)
    where = f" at {found.name}" if found else ""
    if not transitions:
        return Reply(f"No transitions{where} are known.", status="not_found")
    return Reply(
        f"Recent transitions{where}", items=[_transition_line(t, today) for t in transitions],
        sources=order_sources([s for t in transitions for s in t.sources]),
        data={"transitions": [
            {"office": t.office.title, "incoming": t.incoming.name,
             "outgoing": t.outgoing.name if t.outgoing else None,
             "effective": t.effective and t.effective.iso()} for t in transitions]},
    )

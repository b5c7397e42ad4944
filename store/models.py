"""The facts the store answers with, as plain frozen dataclasses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.dates import PartialDate


@dataclass(frozen=True)
class Source:
    id: int
    kind: str  # article, pack or manual
    title: str | None
    publisher: str | None
    url: str | None
    file: str | None
    published: PartialDate | None
    here: bool = False  # brought in by the asking server's moderators, seen only there

    @property
    def label(self) -> str:
        """`Title — publisher or file, date`, as short as what is known allows."""
        parts = [part for part in (self.title, self.publisher or self.file) if part]
        text = " — ".join(parts) or self.url or "unknown source"
        text = f"{text}, {self.published.short()}" if self.published else text
        return f"{text} (reported in this server)" if self.here else text


@dataclass(frozen=True)
class Entity:
    id: int
    kind: str  # person or organization
    name: str
    org_type: str | None = None


@dataclass(frozen=True)
class Office:
    id: int
    org: Entity
    role: str
    principal: bool
    coverage: str | None

    @property
    def title(self) -> str:
        """`Secretary General of NATO`, `Prime Minister of the Netherlands`."""
        return f"{self.role} of {with_article(self.org.name)}"


@dataclass(frozen=True)
class Tenure:
    id: int
    office: Office
    person: Entity
    start: PartialDate | None
    end: PartialDate | None
    acting: bool = False
    end_scheduled: bool = False
    unverified: bool = False
    span: str | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Note:
    """What sources say about an organization beyond its dates: a succession undecided,
    a resignation announced but not confirmed."""

    id: int
    topic: str
    status: str | None = None
    detail: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def brief(self) -> str:
        """`Keir Starmer's resignation and succession — announced, handover not confirmed.`"""
        return f"{self.topic} — {self.status}." if self.status else f"{self.topic}."


@dataclass(frozen=True)
class Transition:
    id: int
    office: Office
    outgoing: Entity | None
    incoming: Entity
    effective: PartialDate | None
    kind: str
    place: str | None
    occasion: str | None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Quote:
    id: int
    speaker: Entity
    text: str
    kind: str  # direct or partial
    said_on: PartialDate | None
    context: str | None
    topics: tuple[Entity, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Statement:
    id: int
    person: Entity
    kind: str  # priority, stance or accusation
    text: str
    target: Entity | None
    said_on: PartialDate | None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Leadership:
    """Who held one office on a day or during a month or year, and how sure that is."""

    office: Office
    on: PartialDate
    holders: tuple[Tenure, ...]
    uncertain: str | None = None  # why the answer may be wrong for that date, in words
    previous: Tenure | None = None  # when nobody held it: the last holder before
    following: Tenure | None = None  # … and the first after
    took_over: Transition | None = None  # how the (single) holder came in
    earlier_role: Tenure | None = None  # the (single) holder's latest post begun before
    in_future: bool = False  # the date is after today: the answer is what is known now
    disagree: bool = False  # the holders are rival accounts of one day, not a sequence
    other_dates: tuple[Transition, ...] = ()  # other sources' dates for the same takeover

    @property
    def holder(self) -> Tenure | None:
        return self.holders[-1] if self.holders else None

    @property
    def before_records(self) -> bool:
        return not self.holders and self.previous is None and self.following is not None

    @property
    def sources(self) -> tuple[Source, ...]:
        found = [*(source for tenure in self.holders for source in tenure.sources)]
        for transition in (self.took_over, *self.other_dates):
            if transition:
                found.extend(transition.sources)
        return order_sources(found)


@dataclass(frozen=True)
class Profile:
    person: Entity
    aliases: tuple[str, ...]
    tenures: tuple[Tenure, ...]
    transitions: tuple[Transition, ...]
    quotes: tuple[Quote, ...]
    statements: tuple[Statement, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        facts = [*self.tenures, *self.transitions, *self.quotes, *self.statements]
        return order_sources([source for fact in facts for source in fact.sources])


@dataclass(frozen=True)
class Findings:
    """Every fact a reader sees that names a person or an organization: what an editor
    looks through to find the one to correct."""

    entity: Entity
    tenures: tuple[Tenure, ...] = ()
    transitions: tuple[Transition, ...] = ()
    quotes: tuple[Quote, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """What a name typed by a user refers to."""

    query: str
    matches: tuple[Entity, ...] = ()
    suggestions: tuple[Entity, ...] = field(default=())

    @property
    def entity(self) -> Entity | None:
        return self.matches[0] if len(self.matches) == 1 else None


_TAKES_THE = re.compile(
    r"^(?i:united|european|world|international|republic|kingdom|federal|people's|asian|"
    r"african|inter-american|national|central|arab)\b"
    r"|^\w+(?:\s\w+)?\s(?i:of)\s|^[A-Z]{2,3}$|^[A-Z][a-z]+lands$|^(?i:philippines|bahamas)$",
)


def with_article(name: str) -> str:
    """`the Netherlands`, `the UN`, `the European Commission`, but `NATO`, `Apple`."""
    return f"the {name}" if _TAKES_THE.search(name) and not name.startswith("the ") else name


_KIND_ORDER = {"article": 0, "manual": 1, "pack": 2}


def order_sources(sources: list[Source]) -> tuple[Source, ...]:
    """Unique sources, articles first, then packs, links last, oldest id first within each."""
    unique = {source.id: source for source in sources}.values()
    return tuple(sorted(unique, key=lambda s: (_KIND_ORDER.get(s.kind, 3), s.url is not None,
                                                s.id)))

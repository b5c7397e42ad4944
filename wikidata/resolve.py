"""Resolving what was read from Wikidata into a plan of facts for the store.

Positions become offices of organizations (a role without its organization's name),
statements of the same office, person and start become one tenure, unknown-value ends
are bounded, and *replaces* / *replaced by* become transitions. The plan (`store.bulk`)
is what the store writes; this module writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from store.bulk import EntityPlan, OfficePlan, Plan, TenurePlan, TransitionPlan
from store.dates import PartialDate
from store.writer import SourceInfo
from wikidata.reading import Collection, Holding, Item

PUBLISHER = "Wikidata"
ITEM_URL = "https://www.wikidata.org/wiki/{qid}"

# Which office comes first (is principal) for an organization that has none yet.
PRIORITY = {"head": 0, "government": 1, "ceo": 2, "state": 3, "chair": 4, "director": 5,
            "position": 6}
DEFAULT_ROLES = {"head": "Head", "government": "Head of Government", "state": "Head of State",
                 "ceo": "CEO", "chair": "Chairperson", "director": "Director"}
GENERIC_ROLES = {"Q484876": "CEO", "Q140686": "Chairperson"}  # generic positions, named so
# Seats rather than offices: a member of parliament leads nothing.
MEMBERSHIP_CLASSES = frozenset({"Q486839", "Q4175034", "Q1055894", "Q15113603"})
ORG_TYPES = (
    ("country", frozenset({"Q6256", "Q3624078", "Q7275", "Q3024240", "Q1763527"})),
    ("international", frozenset({"Q484652", "Q245065", "Q1335818"})),
    ("company", frozenset({"Q4830453", "Q783794", "Q891723", "Q6881511", "Q167037"})),
    ("city", frozenset({"Q515", "Q1549591", "Q1637706"})),
)
PROPERTY_NAMES = {"P39": "position held", "P1308": "officeholder", "P6": "head of government",
                  "P35": "head of state", "P169": "chief executive officer",
                  "P488": "chairperson", "P1037": "director / manager"}



# The plan: what to write, resolved from what was read ------------------------------------


def role_key(role: str) -> str:
    """The form offices are matched by: `Prime minister` is `Prime Minister`."""
    return role.casefold()


def _tidy(role: str) -> str:
    role = " ".join(role.split())
    return role[:1].upper() + role[1:] if role[:1].islower() else role


def role_from_label(label: str, org_names: Iterable[str]) -> str:
    """`Prime Minister of the Netherlands` with org `Netherlands` → `Prime Minister`."""
    folded = label.casefold()
    for name in sorted({n for n in org_names if n}, key=len, reverse=True):
        for joiner in (" of the ", " of "):
            suffix = (joiner + name).casefold()
            if folded.endswith(suffix) and len(folded) > len(suffix):
                return _tidy(label[: len(label) - len(suffix)])
        prefix = f"{name} ".casefold()
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return _tidy(label[len(prefix):])
    return _tidy(label)


def _org_type(item: Item | None) -> str | None:
    if item is None:
        return None
    return next((kind for kind, classes in ORG_TYPES if item.classes & classes), None)


def _is_membership(item: Item) -> bool:
    name = (item.name or "").casefold()
    return bool(item.classes & MEMBERSHIP_CLASSES) or name.startswith("member of")


class _Resolver:
    def __init__(self, collection: Collection, today: dt.date):
        self.collection = collection
        self.items = collection.items
        self.today = today
        self.plan = Plan()

    def name(self, qid: str | None) -> str | None:
        """An item's name, or None when it was not read or has none."""
        item = self.items.get(qid) if qid else None
        return item.name if item else None

    def org_names(self, qid: str) -> list[str]:
        """Every name of an organization, to cut from its positions' labels."""
        item = self.items[qid]
        return [item.name or "", *item.aliases]

    def office(self, holding: Holding) -> tuple[str, str, int] | str:
        """(org QID, role, priority) of the office a holding is in, or why it is skipped."""
        if holding.kind != "position":
            org, kind = holding.org, holding.kind
            if not self.name(org):
                return "organizations without a name"
            position = self.collection.offices.get((org, kind))
            if position and self.name(position):
                return org, role_from_label(self.name(position), self.org_names(org)), \
                    PRIORITY[kind]
            return org, DEFAULT_ROLES[kind], PRIORITY[kind]
        position = self.items.get(holding.position)
        if position is None or not position.name:
            return "positions without a name"
        if _is_membership(position):
            return "memberships (seats, not offices)"
        owners = self.collection.owners.get(position.qid, [])
        owner = next((o for o in owners if o[0] in position.orgs), owners[0] if owners else None)
        org = owner[0] if owner else next(iter(position.orgs), None)
        priority = PRIORITY[owner[1]] if owner else PRIORITY["position"]
        generic = org is None
        if generic:
            org = holding.org
        if org is None:
            return "positions without an organization"
        if not self.name(org):
            return "organizations without a name"
        if generic:
            return org, GENERIC_ROLES.get(position.qid, _tidy(position.name)), priority
        return org, role_from_label(position.name, self.org_names(org)), priority

    def evidence(self, holding: Holding) -> str:
        """What a statement says, kept with its citation."""
        end = ("unknown value" if holding.end_unknown and not holding.end
               else holding.end or "none")
        parts = [f"start {holding.start or 'none'}", f"end {end}"]
        if holding.acting:
            parts.append("acting")
        parts += [f"replaces {qid}" for qid in holding.replaces]
        parts += [f"replaced by {qid}" for qid in holding.replaced_by]
        what = PROPERTY_NAMES.get(holding.prop, holding.prop)
        about = holding.position or holding.org or ""
        return (f"Wikidata statement {holding.statement} ({what} {holding.prop}"
                f"{' ' + about if about else ''}): " + "; ".join(parts))

    def build(self) -> Plan:
        """Resolve every holding, then bound unknown ends, add transitions and entities."""
        plan = self.plan
        tenures: dict[tuple, TenurePlan] = {}
        for holding in self.collection.holdings:
            office = self.office(holding)
            if isinstance(office, str):
                plan.skipped[office] += 1
                continue
            if not self.name(holding.person):
                plan.skipped["holders without a name"] += 1
                continue
            org, role, priority = office
            key = (org, role_key(role))
            known = plan.offices.get(key)
            if known is None or priority < known.priority:
                plan.offices[key] = OfficePlan(org, known.role if known else role, priority)
            tenure = tenures.get((key, holding.person, holding.start))
            if tenure is None:
                tenure = tenures[(key, holding.person, holding.start)] = TenurePlan(
                    key, holding.person, holding.start)
            self.merge(tenure, holding)
        plan.tenures = sorted(tenures.values(), key=lambda t: (
            t.office, t.person, t.start is None, t.start or ""))
        self.bound_unknown_ends()
        self.add_transitions()
        self.add_entities()
        return plan

    def merge(self, tenure: TenurePlan, holding: Holding) -> None:
        """Fold one more statement of the same tenure into it."""
        if holding.end and (tenure.end is None or tenure.end_unknown):
            tenure.end, tenure.end_unknown = holding.end, False
        elif holding.end_unknown and tenure.end is None:
            tenure.end_unknown = True
        tenure.acting = tenure.acting or holding.acting
        tenure.notes.extend(note for note in holding.notes if note not in tenure.notes)
        tenure.citations.setdefault(holding.item, self.evidence(holding))
        for qid in holding.replaces:
            tenure.replaces.setdefault(qid, set()).add(holding.item)
        for qid in holding.replaced_by:
            tenure.replaced_by.setdefault(qid, set()).add(holding.item)

    def revision_day(self, tenure: TenurePlan) -> dt.date:
        """The latest day of what the tenure's sources say: revision, dump, or today."""
        days = []
        for qid in tenure.citations:
            item = self.items.get(qid)
            day = (item.modified or item.dumped) if item else None
            if day:
                days.append(dt.date.fromisoformat(day))
        return max(days, default=self.today)

    def bound_unknown_ends(self) -> None:
        """Give each tenure whose end is an unknown value the year it must have ended by.

        That is the start of its successor (replaced by, else the next holder of the same
        office to start), or else the day of the revision that says it ended.
        """
        by_office: dict[tuple[str, str], list[TenurePlan]] = defaultdict(list)
        for tenure in self.plan.tenures:
            by_office[tenure.office].append(tenure)
        for tenure in self.plan.tenures:
            if tenure.end_unknown and tenure.end:
                tenure.end_unknown = False
            if tenure.end_unknown:
                begun = _first_day(tenure.start)
                later = [(other, _first_day(other.start)) for other in by_office[tenure.office]
                         if other.person != tenure.person and other.start and begun
                         and _first_day(other.start) > begun]
                successors = [pair for pair in later if pair[0].person in tenure.replaced_by]
                chosen = min(successors or later, key=lambda pair: pair[1], default=None)
                if chosen:
                    bound, why = chosen[1], (
                        f"{self.name(chosen[0].person)} took over in "
                        f"{PartialDate.parse(chosen[0].start).human()}")
                else:
                    bound, why = self.revision_day(tenure), "as of the Wikidata revision read"
                year = max(bound.year, begun.year if begun else bound.year)
                tenure.end = str(year)
                tenure.notes.append(
                    f"Wikidata gives the end as an unknown value: the tenure ended by {year} "
                    f"({why}), on a day not known.")
            elif tenure.end:
                tenure.end_scheduled = PartialDate.parse(tenure.end).first > self.today

    def add_transitions(self) -> None:
        """Transitions from replaces (effective on this start) and replaced by
        (effective on the successor's start in the same office, else this end)."""
        plan = self.plan
        by_holder: dict[tuple, list[TenurePlan]] = defaultdict(list)
        for tenure in plan.tenures:
            by_holder[(tenure.office, tenure.person)].append(tenure)
        transitions: dict[tuple, TransitionPlan] = {}

        def add(office: tuple[str, str], incoming: str, outgoing: str, effective: str | None,
                citing: set[str], tenure: TenurePlan) -> None:
            """Record one handover, merged with any into the same office, person and day."""
            if incoming == outgoing:
                return
            if not self.name(incoming) or not self.name(outgoing):
                plan.skipped["predecessors or successors without a name"] += 1
                return
            found = transitions.setdefault(
                (office, incoming, effective),
                TransitionPlan(office, incoming, outgoing, effective))
            for qid in sorted(citing):
                found.citations.setdefault(qid, tenure.citations.get(qid, ""))

        for tenure in plan.tenures:
            for predecessor, citing in tenure.replaces.items():
                add(tenure.office, tenure.person, predecessor, tenure.start, citing, tenure)
            for successor, citing in tenure.replaced_by.items():
                begun = _first_day(tenure.start)
                theirs = sorted(
                    (t for t in by_holder[(tenure.office, successor)]
                     if t.start and (begun is None or _first_day(t.start) >= begun)),
                    key=lambda t: _first_day(t.start))
                effective = theirs[0].start if theirs else (
                    None if tenure.end_unknown or not tenure.end else tenure.end)
                add(tenure.office, successor, tenure.person, effective, citing, tenure)
        plan.transitions = sorted(transitions.values(), key=lambda t: (
            t.office, t.effective is None, t.effective or "", t.incoming))

    def add_entities(self) -> None:
        """The people and organizations the facts name, and the items they cite."""
        plan = self.plan
        people = {t.person for t in plan.tenures}
        people.update(q for t in plan.transitions for q in (t.incoming, t.outgoing))
        orgs = {office.org for office in plan.offices.values()}
        for qid in sorted(orgs | people):
            item = self.items[qid]
            kind = "organization" if qid in orgs else "person"
            plan.entities[qid] = EntityPlan(
                qid, kind, item.name or qid, item.aliases,
                _org_type(item) if kind == "organization" else None, item.description)
        cited = set(plan.entities)
        cited.update(q for t in plan.tenures for q in t.citations)
        cited.update(q for t in plan.transitions for q in t.citations)
        for qid in sorted(cited):
            plan.sources[qid] = self.source(self.items.get(qid) or Item(qid))

    def source(self, item: Item) -> SourceInfo:
        """Where a fact from this item is cited: the item at its revision, or the dump."""
        url = ITEM_URL.format(qid=item.qid)
        day = item.modified or item.dumped
        if item.revision is not None:
            return SourceInfo(kind="pack", title=f"Wikidata: {item.qid} (revision {item.revision})",
                              publisher=PUBLISHER, url=f"{url}?oldid={item.revision}",
                              published=day)
        origin = f" ({item.origin})" if item.origin else ""
        return SourceInfo(kind="pack", title=f"Wikidata: {item.qid}{origin}",
                          publisher=PUBLISHER, url=url, published=day)


def _first_day(value: str | None) -> dt.date | None:
    return PartialDate.parse(value).first if value else None


def build_plan(collection: Collection, today: dt.date) -> Plan:
    """Resolve what was read into entities, offices, tenures and transitions to write."""
    return _Resolver(collection, today).build()

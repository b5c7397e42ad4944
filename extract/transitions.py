"""Leadership transitions in their many phrasings: took over, succeeded, replaces, was
sworn in, assumed office, named / appointed / elected, will step down, hands over,
takes the helm."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.cast import NAME, ORG_NAME, Cast
from extract.dates import find_dates
from extract.lexicon import ROLE_PATTERN
from extract.sentences import Sentence


def _person(group: str) -> str:
    return rf"(?P<{group}>{NAME})"


def _org(group: str) -> str:
    return rf"(?P<{group}>{ORG_NAME})"


ROLE = rf"(?P<role>(?i:{ROLE_PATTERN}))"
ROLE2 = rf"(?P<role2>(?i:{ROLE_PATTERN}))"
NEW = r"(?i:(?:the\s+|its\s+|their\s+|a\s+)?(?:new\s+|next\s+|incoming\s+|interim\s+|acting\s+|" \
      r"permanent\s+|first\s+(?:female\s+|woman\s+)?)?)"
AS_ROLE = rf"(?:\s+as\s+{NEW}(?:{_org('org_before')}['’]s\s+)?{ROLE}(?:\s+(?:of|at|for)\s+" \
    rf"{_org('org')})?)"
AS_ROLE2 = rf"(?:\s+as\s+{NEW}{ROLE2}(?:\s+(?:of|at|for)\s+{_org('org2')})?)"
GAP = r"(?:,[^,]{1,80},)?\s+(?:(?i:officially|formally|has|have|had|will|would|is|was|also|" \
      r"then|now|finally|on\s+\w+)\s+){0,3}"
FUTURE_VERB = r"(?i:will|is\s+to|is\s+set\s+to|is\s+due\s+to|is\s+expected\s+to|would)"


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern
    trigger: str = "incoming"  # the slot after which the reporting verb stands


def _p(kind: str, pattern: str) -> Pattern:
    return Pattern(kind, re.compile(pattern))


PATTERNS = [
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:took|takes|taken|take|taking)\s+over"
       rf"(?:\s+(?:the\s+)?(?:running|leadership|reins)\s+of\s+{_org('org3')})?"
       rf"(?:{AS_ROLE})?(?:\s+(?:from|after)\s+{_person('outgoing')})?(?:{AS_ROLE2})?"),
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:took|takes|take|taking)\s+over\s+"
       rf"(?:at|as\s+head\s+of)\s+{_org('org')}(?:\s+from\s+{_person('outgoing')})?"),
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:succeeded|succeeds|succeed|succeeding)"
       rf"\s+{_person('outgoing')}(?:{AS_ROLE})?"),
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:replaced|replaces|replace|replacing)"
       rf"\s+{_person('outgoing')}(?:{AS_ROLE})?"),
    _p("took_office", rf"{_person('outgoing')}{GAP}(?i:(?:was|is|will\s+be|has\s+been|is\s+"
       rf"being)\s+(?:replaced|succeeded))(?:{AS_ROLE})?\s+by\s+{_person('incoming')}"),
    _p("sworn_in", rf"{_person('incoming')}{GAP}(?i:(?:was|were|is|has\s+been|will\s+be|to\s+be|"
       rf"been)\s+)?(?i:sworn\s+in|inaugurated|installed)(?:\s+(?i:on\s+\w+))?{AS_ROLE}"),
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:assumed|assumes|assume|assuming)\s+"
       rf"(?i:office|the\s+(?:post|role|position|office|presidency|chairmanship|leadership))"
       rf"(?:\s+of\s+{NEW}{ROLE}(?:\s+(?:of|at)\s+{_org('org')})?)?(?:{AS_ROLE2})?"),
    _p("appointed", rf"{_person('incoming')}{GAP}(?i:(?:was|were|is|has\s+been|had\s+been|"
       rf"will\s+be|been)\s+)(?i:named|appointed|chosen|selected|picked|tapped|confirmed|"
       rf"promoted)(?:\s+(?:as|to(?:\s+be)?))?\s+{NEW}(?:{_org('org_before')}['’]s\s+)?{ROLE}"
       rf"(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    _p("elected", rf"{_person('incoming')}{GAP}(?i:(?:was|were|is|has\s+been|had\s+been|"
       rf"will\s+be|been)\s+)(?i:elected|re-elected|voted\s+in)(?:\s+(?:as|to(?:\s+be)?))?"
       rf"\s+{NEW}(?:{_org('org_before')}['’]s\s+)?{ROLE}(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    _p("appointed", rf"{_org('org')}{GAP}(?i:named|appointed|names|appoints|chose|picked|"
       rf"tapped|hired|has\s+named|has\s+appointed)\s+{_person('incoming')}(?:\s+(?i:as|to\s+"
       rf"be))?\s+{NEW}{ROLE}"),
    _p("elected", rf"{_org('org')}{GAP}(?i:elected|elects|voted\s+for)\s+{_person('incoming')}"
       rf"(?:\s+(?i:as))?\s+{NEW}{ROLE}"),
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:became|becomes|become|becoming)\s+{NEW}"
       rf"(?:{_org('org_before')}['’]s\s+)?{ROLE}(?:\s+(?:of|at)\s+{_org('org')})?"),
    _p("took_office", rf"{_person('incoming')}{GAP}(?i:took|takes|take|taken)\s+the\s+helm"
       rf"\s+(?:of|at)\s+{_org('org')}"),
    _p("stepped_down", rf"{_person('outgoing')}{GAP}(?i:stepped|steps|step|stepping)\s+down"
       rf"(?:{AS_ROLE})?(?:[^.]{{0,120}}?(?i:handing\s+over\s+to|to\s+be\s+replaced\s+by|"
       rf"succeeded\s+by|replaced\s+by|successor,?)\s+{_person('incoming')})?"),
    _p("stepped_down", rf"{_person('outgoing')}{GAP}(?i:handed|hands|hand|handing)\s+over\s+"
       rf"(?:(?:the\s+)?(?:reins|leadership|presidency|role|post|job)\s+)?(?:of\s+{_org('org')}"
       rf"\s+)?to\s+{_person('incoming')}"),
    _p("took_office", rf"{_person('outgoing')}{GAP}(?i:stepped|steps|step)\s+down[^.]{{0,60}}?"
       rf",\s+(?:and\s+)?(?i:with|making\s+way\s+for)\s+{_person('incoming')}"),
]

_SUCCEEDING = re.compile(rf"(?i:succeeding|replacing|taking\s+over\s+from)\s+(?P<outgoing>{NAME})")


@dataclass
class Transition:
    org: str | None
    role: str | None
    incoming: str | None
    outgoing: str | None
    effective: str | None
    kind: str
    evidence: str

    def as_json(self) -> dict:
        return {"org": self.org, "role": self.role, "incoming": self.incoming,
                "outgoing": self.outgoing, "effective": self.effective, "kind": self.kind,
                "evidence": self.evidence}


def _title_role(title: str) -> str | None:
    match = re.search(ROLE_PATTERN, title, re.I)
    return match.group(0) if match else None


def _role_case(role: str | None) -> str | None:
    if not role:
        return None
    if role.lower() in ("ceo", "cfo", "coo"):
        return role.upper()
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in role.split())


_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40}(?:,\s+[^()\n]{3,25}?)?\s*(?:\([A-Za-z .]+\))?"
                       r"\s*[-—–]+\s+")


_ANNOUNCED_ON = re.compile(r"\b(?:said|says|announced|announces|confirmed|told\s+\w+|"
                          r"reported|statement)\s+(?:on\s+|late\s+|early\s+)?$", re.I)


def without_dateline(text: str) -> str:
    """`GENEVA, March 3 (Reuters) - Amina …` → `Amina …`, keeping offsets by blanking."""
    match = _DATELINE.match(text)
    return " " * match.end() + text[match.end():] if match else text


def _effective(sentence: Sentence, published, trigger: int) -> str | None:
    """The date nearest the verb that reports the transition."""
    text = without_dateline(sentence.text)
    dates = [found for found in find_dates(text, published)
             if not _ANNOUNCED_ON.search(text[max(0, found.start - 40):found.start])]
    if not dates:
        return None
    nearest = min(dates, key=lambda found: min(abs(found.start - trigger),
                                                abs(found.end - trigger)))
    return nearest.date.iso()


def _future(text: str) -> bool:
    return bool(re.search(rf"\b{FUTURE_VERB}\b", text))


def find(sentence: Sentence, cast: Cast, published) -> list[Transition]:
    """Transitions reported in one sentence."""
    found: list[Transition] = []
    text = sentence.text
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(text):
            groups = match.groupdict()
            incoming = cast.person(groups["incoming"]) if groups.get("incoming") else None
            outgoing = cast.person(groups["outgoing"]) if groups.get("outgoing") else None
            if not incoming and not outgoing:
                continue
            if incoming and outgoing and incoming == outgoing:
                continue
            if not outgoing:
                after = _SUCCEEDING.search(text, match.end() - 1)
                outgoing = cast.person(after["outgoing"]) if after else None
            role = groups.get("role") or groups.get("role2")
            if not role:
                for slot in ("incoming", "outgoing"):
                    if groups.get(slot):
                        role = role or _title_role(groups[slot])
            org_text = next((groups[k] for k in ("org", "org_before", "org2", "org3")
                             if groups.get(k)), None)
            org = cast.organization(org_text) if org_text else None
            kind = pattern.kind
            if kind == "took_office" and _future(text[:match.end()]):
                kind = "announced"
            trigger = match.end(pattern.trigger) if groups.get(pattern.trigger) \
                else match.start() + len(match.group(0)) // 2
            found.append(Transition(org, _role_case(role), incoming, outgoing,
                                    _effective(sentence, published, trigger), kind, text))
    return found

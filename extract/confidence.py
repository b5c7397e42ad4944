"""How sure the extractor is of a transition, from what its sentence itself says.

What raises it: an organization in the pattern's own slots, a post, a predecessor, a date,
an explicit verb (sworn in, appointed, elected). What lowers it is what real news showed to
go wrong among the surest readings: an organization named by a generic word (`the Police
Department`, `the Education Minister`), a description read as a name (`leader of Europe's
biggest economy`), a possessive read as a post (`Mervyn King's successor`), a body inside a
larger organization (`Chair of the Global Economy Meeting`), a hedge (`is set to`,
`the expectation was that`), a condition (`if the board approves`), a nomination no one has
yet approved, a date years before the article, a founding post, and people the text may
mix up (a predecessor or another person with the newcomer's surname)."""

from __future__ import annotations

import re

from extract.cast import is_country
from extract.transitions import Transition
from store.normalize import normalize

# Words that name a kind of body or a portfolio, not one organization: an organization
# made of nothing else is "the department" of whatever city or government the story is in.
GENERIC_WORDS = {"police", "department", "ministry", "government", "commission", "council",
                 "committee", "board", "office", "agency", "authority", "service", "services",
                 "bank", "university", "company", "group", "club", "trust", "union", "court",
                 "education", "health", "finance", "treasury", "justice", "interior",
                 "defence", "defense", "transport", "foreign", "affairs", "home", "labour",
                 "labor", "the", "of", "and", "state", "national", "federal", "central"}

# Bodies that sit inside a larger organization, whose chair the news may count as the
# parent's (`Chair of the BIS Consultative Council for the Americas`).
_SUB_BODY = re.compile(r"(?i)\b(?:meeting|committee|subcommittee|council|panel|caucus|forum|"
                       r"working\s+group|task\s*force)\b")

# `Europe's biggest economy`, `the country's largest bank`: a description, not a name.
_DESCRIBED = r"['’]s\s+(?:\w+est|most\s+\w+|leading|top|main|second|third)\b"

# Words that say the report is not (yet) a fact.
_HEDGE = re.compile(r"(?i)\b(?:expected\s+to|expectation|is\s+set\s+to|are\s+set\s+to|"
                    r"set\s+to\s+be|poised|tipped|likely|could|may\s+(?:be|become)|might|"
                    r"reportedly|rumou?r|speculat)")

# Unnamed sources: what they say is not yet what the organization says (`sources said`,
# `according to people familiar with`, `insiders`, `spoke on condition of anonymity`).
_UNNAMED_SOURCE = re.compile(r"(?i)\b(?:sources?\s+(?:said|say|says|told|close|familiar|"
                             r"with\s+knowledge)|according\s+to\s+(?:sources|a\s+source|"
                             r"insiders|people|two|three|several)|insiders?|anonymity|not\s+"
                             r"authori[sz]ed\s+to)\b")

# A condition: what happens only if something else does is not yet a fact (`if the board
# approves`, `should the merger go ahead`, `unless`).
_CONDITION = re.compile(r"(?i)(?<!\bas\s)(?<!\beven\s)(?<!\basked\s)(?<!\bwondered\s)"
                        r"\b(?:if|unless)\b|"
                        r"(?:^|,\s*)should\s+(?:the|he|she|they|it|[A-Z][\w’'-]+)\b[^,.;]{1,60},|"
                        r"\bprovided\s+that\b|\bsubject\s+to\s+(?:the\s+)?(?:approval|"
                        r"confirmation|a\s+vote)\b")
# A plan told in the past (`was due to take over`, `had been expected to replace`): the
# sentence does not say it came true.
_PAST_PLAN = re.compile(r"(?i)\b(?:was|were|had\s+been)\s+(?:due|scheduled|slated|set|"
                        r"expected)\s+to\b")
# A nomination is a proposal until someone with the power to appoint agrees; a sentence
# that says so (`confirmed`, `approved`, `sworn in`) is an appointment.
_NOMINATION = re.compile(r"(?i)\bnominat(?:ed|es|e|ing|ion)\b|\bnominee\b|\bput\s+forward\b")
_AGREED = re.compile(r"(?i)\b(?:confirm(?:ed|s|ation)|approv(?:ed|al\s+of)|ratif(?:ied|ies)|"
                     r"endorsed|sworn|took\s+office|elected)\b")

# A state post guessed for a country while the sentence speaks of "the bank" or "the
# company": the post is that body's, which the sentence does not name.
_BODY = re.compile(r"(?i)\b(?:of|at)\s+the\s+(?:bank|company|firm|club|group|board|agency|"
                   r"charity|trust|university|party|union|commission|business)\b")


# A part of a body named with the body's possessive: `Orvane Systems' Estonian unit`.
_PART_OF = (r"['’]s?\s+(?:[A-Z][\w-]*\s+)?(?:unit|arm|subsidiary|division|branch|business|"
            r"operations?|office|affiliate|chapter|wing)\b")


def confidence(item: Transition, guessed: bool, published=None, namesakes: int = 0) -> float:
    """0..1, rounded to hundredths."""
    score = 0.35
    score += 0.0 if guessed else (0.1 if item.weak_org else 0.25)
    score += 0.1 if item.role else 0.0
    score += 0.1 if item.outgoing and item.incoming else 0.0
    score += 0.1 if item.effective else 0.0
    score += 0.1 if item.kind in ("sworn_in", "appointed", "elected") else 0.0
    if item.org and not guessed and item.weak_org and not named_in(item.org, item.evidence):
        score -= 0.1
    if published is not None and item.effective and \
            int(item.effective[:4]) < published.year - 1:
        score -= 0.2
    if item.role and re.match(r"(?i)found", item.role):
        score -= 0.2
    if item.incoming and item.outgoing and \
            item.incoming.split()[-1] == item.outgoing.split()[-1]:
        score -= 0.2
    if namesakes:  # "Koome" may be Japhet Koome or Chief Justice Martha Koome
        score -= 0.15
    score -= doubts(item)
    return round(max(0.0, min(score, 1.0)), 2)


def doubts(item: Transition) -> float:
    """What the sentence says against the reading: the sum of the penalties that apply."""
    penalty = 0.0
    if item.org and generic(item.org):
        penalty += 0.3
    if item.org and described(item.org, item.evidence):
        penalty += 0.4
    if possessive_post(item):
        penalty += 0.5
    if item.org and _SUB_BODY.search(item.org):
        penalty += 0.35
    if item.org and is_country(item.org) and (elsewhere(item.org, item.evidence)
                                             or _BODY.search(item.evidence)):
        penalty += 0.2
    if item.org and re.search(re.escape(item.org) + _PART_OF, item.evidence):
        penalty += 0.3  # the post is at a part of the body (`Orvane Systems' Estonian unit`)
    if _HEDGE.search(item.evidence):
        penalty += 0.15
    if _UNNAMED_SOURCE.search(item.evidence):
        penalty += 0.3
    if _PAST_PLAN.search(item.evidence):
        penalty += 0.3
    if _CONDITION.search(item.evidence):
        penalty += 0.3
    if _NOMINATION.search(item.evidence) and not _AGREED.search(item.evidence):
        penalty += 0.3
    return penalty


def elsewhere(country: str, evidence: str) -> bool:
    """The sentence names a country, and not the one read (`… reign over Angola …` read as
    South Africa's)."""
    named = {is_country(word) for word in re.findall(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?",
                                                      evidence)} - {None}
    return bool(named) and country not in named


def generic(org: str) -> bool:
    """`Police Department`, `Education`, `Commission`: words any city or state has."""
    words = normalize(org).split()
    return bool(words) and all(word in GENERIC_WORDS for word in words)


def described(org: str, evidence: str) -> bool:
    """The organization appears only in a description (`Europe's biggest economy`)."""
    return bool(re.search(r"\bof\s+(?:the\s+)?" + re.escape(org) + _DESCRIBED, evidence))


def possessive_post(item: Transition) -> bool:
    """`named as Mervyn King's successor`: the post read is the predecessor's surname."""
    if not item.role:
        return False
    before = re.escape(item.org) + r"\s+" if item.org else r"[A-Z][\w.-]*\s+"
    return bool(re.search(before + re.escape(item.role) + r"['’]s\b", item.evidence))


def named_in(org: str, text: str) -> bool:
    """Whether a sentence names an organization: its name, its first word, its initials."""
    folded = normalize(text)
    return normalize(org) in folded or normalize(org.split()[0]) in folded.split() or \
        (len(org.split()) > 1 and _initials(org) in text)


_STOP = {"of", "for", "and", "the", "de", "du", "des", "on", "in", "&"}


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP).upper()

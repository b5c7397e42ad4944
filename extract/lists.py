"""Transitions told as lists: a cabinet sworn in with its ministers, service chiefs
appointed together, posts given "respectively".

- Titled lists: `Interior Minister Nancy Faeser, Labor Minister Hubertus Heil, …` or one
  bulleted line per minister (`*Minister of Health Dr Christopher Tufton;`), when the
  article speaks of a swearing-in, an oath, a cabinet or appointments near the list.
- Appointment lists: `Tinubu appointed X as National Security Adviser, Y as Chief of
  Defence Staff, …`.
- `X, Y and Z were appointed A, B and C respectively`.

Each names a person and a post; the organization is the country the article is about
(filled in by the caller), as the contract has it for government posts.
"""

from __future__ import annotations

import re

from extract.cast import NAME, ORG_NAME, Cast, drop_titles
from extract.lexicon import ROLE_PATTERN
from extract.sentences import Sentence
from extract.transitions import Transition, effective_date, role_case, without_dateline

# Words that say a list of people is a list of new office holders.
CUE = re.compile(r"\b(?:sworn|swearing|oath|cabinet|reshuffle|new\s+government|new\s+ministers|"
                 r"line-?up|appointed|appoints|appointment|named|nominated|inaugurated|"
                 r"took\s+office)\b", re.I)
_CAP = r"[A-Z][\w’'&-]*"
_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Senator|Sen|Hon|Rt\.?\s+Hon|Sir|Dame|Chief)\.?\s+)?"
# `Interior Minister`, `Minister of Health`, `Minister of State in the Ministry of …`,
# `Deputy Prime Minister and Minister of Finance`.
_MINISTER = (rf"(?:{_CAP}\s+){{0,3}}Minister(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP}"
             rf"(?:\s+(?:and|&|of|the|for|{_CAP})){{0,6}}?)?")
_TITLED = re.compile(rf"(?P<role>{_MINISTER}(?:\s+and\s+{_MINISTER})?)\s+{_HONORIFIC}"
                     rf"(?P<name>{NAME})(?=\s*(?:[;,.]|$|\s+and\b|\s+\())")
_AS = re.compile(rf"(?P<name>{NAME})\s+as\s+(?:the\s+)?(?:new\s+)?(?P<role>(?:[A-Z][\w’'-]*"
                 rf"(?:\s+(?:of|for|the|and)\s+|\s+)?){{1,7}}?)(?=\s*(?:[;,.]|$|\s+and\b|"
                 rf"\s+respectively))")
_APPOINT = re.compile(r"\b(?:appointed|appoints|named|names|nominated|nominates)\s+", re.I)
_RESPECTIVELY = re.compile(
    rf"(?P<people>{NAME}(?:\s*,\s*{NAME})*\s*,?\s+and\s+{NAME})\s+(?:were|are|have\s+been|"
    rf"will\s+be)\s+(?:appointed|named|sworn\s+in|elected)\s+(?:as\s+)?(?P<roles>[^.;]{{5,200}}?)"
    rf",?\s+respectively")
_BULLET = re.compile(r"^\s*[*•·\-–]\s*")
# `X will now head Kirinyaga, Y (Rongo), Z (Muranga) and W (Embu) respectively`: the
# first head names the organization after the verb, the others in brackets.
_HEADS = re.compile(
    rf"(?P<first>{NAME})\s+(?:will\s+(?:now\s+)?|is\s+to\s+|now\s+)?(?:head|heads|lead|"
    rf"leads)\s+(?P<org>{ORG_NAME}),\s+(?P<rest>(?:{_HONORIFIC}{NAME}\s*\([^)]{{2,60}}\)"
    rf"\s*,?\s*(?:and\s+)?){{1,12}})respectively")
_BRACKETED = re.compile(rf"{_HONORIFIC}(?P<name>{NAME})\s*\((?P<org>[^)]{{2,60}})\)")


def _person(text: str, cast: Cast) -> str | None:
    name, _ = drop_titles(text)
    if len(name.split()) < 2:
        return cast.person(name) if name else None
    return cast.person(name)


def _is_role(text: str) -> bool:
    return bool(re.search(ROLE_PATTERN, text, re.I)) or bool(
        re.search(r"\b(?:Adviser|Advisor|Staff|Secretary|Attorney|Commissioner|Inspector|"
                  r"General|Chief|Officer)\b", text))


def _titled(sentence: Sentence, cue_near: bool, cast: Cast) -> list[tuple[str, str]]:
    """(person, post) pairs of a titled list; a lone pair only on a bulleted line."""
    text = _BULLET.sub("", sentence.text)
    pairs = []
    for match in _TITLED.finditer(text):
        person = _person(match["name"], cast)
        if person:
            pairs.append((person, match["role"].strip()))
    # one pair on a bulleted line, or after "Also sworn in was"
    bulleted = len(pairs) == 1 and (bool(_BULLET.match(sentence.text)) or bool(
        re.search(r"(?i)\bsworn\s+in\s+(?:was|were)\b", text)))
    if cue_near and (len(pairs) >= 2 or bulleted):
        return pairs
    return []


def _appointed(text: str, cast: Cast) -> list[tuple[str, str]]:
    """(person, post) pairs after one appointing verb: `appointed X as A, Y as B`."""
    verb = _APPOINT.search(text)
    if not verb:
        return []
    pairs = []
    for match in _AS.finditer(text, verb.end()):
        role = match["role"].strip()
        person = _person(match["name"], cast)
        if person and _is_role(role):
            pairs.append((person, role))
    return pairs if len(pairs) >= 2 else []


def _respectively(text: str, cast: Cast) -> list[tuple[str, str]]:
    match = _RESPECTIVELY.search(text)
    if not match:
        return []
    people = [p for p in (_person(n, cast) for n in re.split(r"\s*,\s*|\s+and\s+",
                                                             match["people"]) if n) if p]
    roles = [r.strip() for r in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match["roles"])
             if r.strip()]
    if len(people) != len(roles):
        return []
    return list(zip(people, roles, strict=True))


def _heads(text: str, cast: Cast) -> list[tuple[str, str]]:
    """(person, organization) pairs of a bracketed list of new heads."""
    match = _HEADS.search(text)
    if not match:
        return []
    pairs = [(match["first"], match["org"])] + [
        (item["name"], item["org"]) for item in _BRACKETED.finditer(match["rest"])]
    people = [(_person(name, cast), cast.organization(org)) for name, org in pairs]
    return [(person, org) for person, org in people if person and org]


def find(sentences: list[Sentence], headline: str, cast: Cast, published
         ) -> list[Transition]:
    """Transitions of every list in the article, without their organization."""
    found: list[Transition] = []
    for index, sentence in enumerate(sentences):
        text = without_dateline(sentence.text)
        near = " ".join(s.text for s in sentences[max(0, index - 3):index + 1])
        cue_near = bool(CUE.search(headline) or CUE.search(near))
        pairs = _titled(sentence, cue_near, cast) or _appointed(text, cast) or \
            _respectively(text, cast)
        told = " ".join(s.text for s in sentences[:index + 1])  # the article so far
        oath = re.search(r"\bsworn|\bswearing|\boath\b", told + " " + headline, re.I)
        kind = "sworn_in" if oath else "appointed"
        for person, role in pairs:
            effective, explicit = effective_date(text, published, len(text) // 2)
            found.append(Transition(None, role_case(role), person, None, effective, kind,
                                    sentence.text, explicit))
        for person, org in _heads(text, cast):  # each head's organization is given
            effective, explicit = effective_date(text, published, len(text) // 2)
            found.append(Transition(org, None, person, None, effective, "appointed",
                                    sentence.text, explicit))
    return found

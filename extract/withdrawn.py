"""Appointments the article says were called off: `Tidal Air will not move forward with
its plan to name X chief financial officer`, `the board rescinded Y's appointment`, `the
court blocked Z's appointment`. Whoever such a sentence names arrives nowhere in this
article."""

from __future__ import annotations

import re

from extract.cast import NAME, Cast
from extract.sentences import Sentence

_CALLED_OFF = re.compile(
    r"(?i)\b(?:scrap(?:s|ped)?|rescind(?:s|ed)?|revok(?:e|es|ed)|withdr[ae]wn?|"
    r"call(?:s|ed)?\s+off|block(?:s|ed)?|annul(?:s|led)?|nullif(?:y|ies|ied)|quash(?:es|ed)?|"
    r"overturn(?:s|ed)?|suspend(?:s|ed)?|str(?:uck|ikes)\s+down|set\s+aside|"
    r"(?:will\s+not|won['’]t|not\s+to|decided\s+against)\s+(?:move\s+"
    r"forward|proceed|go\s+ahead)|cancel(?:l?ed|s)?)\b[^.;]{0,60}?\b(?:plan|appointment|"
    r"nomination|hiring|offer)\b|\b(?:plan|appointment|nomination|hiring|offer)\b[^.;]{0,40}?"
    r"\b(?:was|has\s+been|were|is)\s+(?:scrapped|rescinded|revoked|withdrawn|called\s+off|"
    r"cancell?ed|blocked|annulled|nullified|quashed|overturned|suspended|struck\s+down|"
    r"set\s+aside)\b")


def called_off(sentences: list[Sentence], cast: Cast) -> set[str]:
    """The people named in sentences that call an appointment off."""
    people: set[str] = set()
    for sentence in sentences:
        if _CALLED_OFF.search(sentence.text):
            for match in re.finditer(NAME, sentence.text):
                person = cast.person(match.group(0), register=False)
                if person in cast.people:
                    people.add(person)
    return people

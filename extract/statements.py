"""What people set out to do and what they charge others with: stated priorities,
stances and accusations, and the roles they held before."""

from __future__ import annotations

import re

from extract.cast import NAME, ORG_NAME, Cast
from extract.lexicon import ROLE_PATTERN
from extract.quotes import spans
from extract.sentences import Sentence

_CLAUSE_END = r"(?=,\s*(?:and\s+)?(?:\w+ing|while|as|but|which|who)\b|;|\.$|\.\s|$)"
_PRIORITY = [
    re.compile(rf"(?i:priorit(?:y|ies))[^.]{{0,40}}?(?i:emphasi[sz]ing|stressing|"
               rf"highlighting|including)\s+the\s+need\s+(?:for\s+\S+\s+)?to\s+"
               rf"(?P<text>[^,;.]+?){_CLAUSE_END}"),
    re.compile(rf"(?i:highlighted|stressed|emphasi[sz]ed|underlined|underscored)\s+the\s+"
               rf"(?i:importance|need)\s+(?:of|for\s+\S+\s+to|to)\s+(?P<text>[^;.]+?)"
               rf"{_CLAUSE_END}"),
    re.compile(rf"(?i:vowed|pledged|promised|committed)\s+to\s+(?P<text>[^,;.]+?){_CLAUSE_END}"),
    re.compile(rf"(?i:(?:top|main|first|key)\s+priorit(?:y|ies)\s+(?:is|are|will\s+be|would\s+"
               rf"be))\s+(?:to\s+)?(?P<text>[^,;.]+?){_CLAUSE_END}"),
    re.compile(rf"(?i:would|will)\s+(?i:focus|concentrate)\s+on\s+(?P<text>[^,;.]+?)"
               rf"{_CLAUSE_END}"),
]
_ACCUSATION = re.compile(rf"(?i:accused|accuses|accusing)\s+(?P<target>[^,;]{{2,60}}?)\s+"
                         rf"of\s+(?P<rest>[^,;]+?){_CLAUSE_END}")
_BLAME = re.compile(rf"(?i:blamed|blames|blaming)\s+(?P<target>[^,;]{{2,60}}?)\s+for\s+"
                    rf"(?P<rest>[^,;]+?){_CLAUSE_END}")
_STANCES = [
    (re.compile(rf"\b(?i:urged|urges|urging)\s+(?P<text>(?P<target>{ORG_NAME}|{NAME})\s+to\s+"
                rf"[^,;.]+?){_CLAUSE_END}"), "urged"),
    (re.compile(rf"\b(?i:called\s+on|calls\s+on|calling\s+on)\s+(?P<text>(?P<target>"
                rf"{ORG_NAME}|{NAME})\s+to\s+[^,;.]+?){_CLAUSE_END}"), "called on"),
    (re.compile(rf"\b(?i:praised|praises|praising)\s+(?P<text>(?P<target>{NAME})['’]s\s+"
                rf"[^,;.]+?){_CLAUSE_END}"), "praised"),
]

_SPLIT_AND = re.compile(r"\s+and\s+(?=\w+ing\b)")
_ROLE = rf"(?P<role>(?:[a-z]+\s+)?(?i:{ROLE_PATTERN}))"
_SPAN = r"(?:\s+for\s+(?P<span>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|" \
    r"twelve|fourteen|fifteen|twenty)\s+years|\s+(?:from|between)\s+(?P<start>(?:19|20)\d\d)" \
    r"\s+(?:to|and|until)\s+(?P<end>(?:19|20)\d\d))?"
_PRIOR = [
    re.compile(rf"(?P<person>{NAME}),?\s+who\s+(?:had\s+)?(?:previously\s+|formerly\s+|once\s+)?"
               rf"(?:served|was|worked)\s+as\s+(?:the\s+)?{_ROLE}\s+(?:of|at|for)\s+"
               rf"(?P<org>{ORG_NAME}){_SPAN}"),
    re.compile(rf"(?P<person>{NAME})\s+(?:had\s+)?(?:previously|formerly)\s+(?:served|was|worked)"
               rf"\s+as\s+(?:the\s+)?{_ROLE}\s+(?:of|at|for)\s+(?P<org>{ORG_NAME}){_SPAN}"),
    re.compile(rf"(?P<person>{NAME}),\s+(?:a|the)\s+former\s+{_ROLE}\s+(?:of|at)\s+"
               rf"(?P<org>{ORG_NAME})"),
    re.compile(rf"(?i:the\s+)?(?i:former)\s+(?P<org>{ORG_NAME})\s+{_ROLE}\s*,?\s+"
               rf"(?P<person>{NAME})"),
    re.compile(rf"(?P<person>{NAME}),\s+(?:who\s+was\s+)?(?:previously|formerly)\s+"
               rf"(?:the\s+)?{_ROLE}\s+(?:of|at)\s+(?P<org>{ORG_NAME})"),
]
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
            "twenty": 20}


def _outside_quotes(text: str) -> str:
    """The sentence with quoted words blanked, so only the reporter's words are read."""
    for match in reversed(spans(text)):
        inner = match.group(0)
        if len(inner.split()) > 4:
            text = text[:match.start()] + " " * len(inner) + text[match.end():]
    return text


def _subject(text: str, cast: Cast) -> str | None:
    from extract.quotes import _first_person

    return _first_person(text, cast)


def statements(sentence: Sentence, cast: Cast) -> list[dict]:
    text = _outside_quotes(sentence.text)
    person = _subject(text, cast)
    if person is None:
        return []
    found = []
    for pattern in _PRIORITY:
        for match in pattern.finditer(text):
            for part in _SPLIT_AND.split(match["text"].strip()):
                found.append({"person": person, "kind": "priority", "text": part.strip()})
    for pattern in (_ACCUSATION, _BLAME):
        for match in pattern.finditer(text):
            verb = "accused" if pattern is _ACCUSATION else "blamed"
            joiner = "of" if pattern is _ACCUSATION else "for"
            found.append({"person": person, "kind": "accusation",
                          "text": f"{verb} {match['target']} {joiner} {match['rest'].strip()}"})
    for pattern, verb in _STANCES:
        for match in pattern.finditer(text):
            found.append({"person": person, "kind": "stance",
                          "text": f"{verb} {match['text'].strip()}"})
    return found


def _span(match: re.Match) -> dict:
    years = match.groupdict().get("span")
    result = {"start": match.groupdict().get("start"), "end": match.groupdict().get("end")}
    if years:
        count = int(years) if years.isdigit() else _NUMBERS[years.lower()]
        result["span"] = f"{count} years"
    return result


def prior_roles(sentence: Sentence, cast: Cast) -> list[dict]:
    found = []
    for pattern in _PRIOR:
        for match in pattern.finditer(sentence.text):
            person = cast.person(match["person"])
            org = cast.organization(match["org"])
            if person and org:
                role = " ".join(w[:1].upper() + w[1:] for w in match["role"].split())
                found.append({"person": person, "role": role, "org": org, **_span(match)})
    return found

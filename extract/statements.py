"""What people set out to do and what they charge others with: stated priorities,
stances and accusations, and the roles they held before."""

from __future__ import annotations

import re

from extract.cast import NAME, ORG_NAME, Cast
from extract.lexicon import ROLE_PATTERN
from extract.quotes import spans, speaker_before
from extract.sentences import Sentence

_CLAUSE_END = (r"(?=,\s*(?:and\s+)?(?:\w+ing|while|as|but|which|who|where|when|many|in\s+"
               r"particular)\b|\s+and\s+(?:that|said|called|urged|promised)\b|;|\.$|\.\s|$)")
_PRIORITY = [
    re.compile(rf"(?i:priorit(?:y|ies))[^.]{{0,40}}?(?i:emphasi[sz]ing|stressing|"
               rf"highlighting|including)\s+the\s+need\s+(?:for\s+\S+\s+)?to\s+"
               rf"(?P<text>[^,;.]+?){_CLAUSE_END}"),
    re.compile(rf"(?i:highlighted|stressed|emphasi[sz]ed|underlined|underscored)\s+the\s+"
               rf"(?i:importance|need)\s+(?:of|for\s+\S+\s+to|to)\s+(?P<text>[^;.]+?)"
               rf"{_CLAUSE_END}"),
    re.compile(rf"(?i:vowed|pledged|promised|committed)\s+to\s+(?P<text>[^,;.]+?){_CLAUSE_END}"),
    re.compile(rf"(?i:priorit(?:y|ies))(?:\s+(?:as|for|in)\s+[^,.;]{{1,40}}?)?\s+(?i:is|are|"
               rf"will\s+be|would\s+be|was)\s+(?:to\s+)?(?P<text>[^,;.]+?){_CLAUSE_END}"),
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
_ROLE = rf"(?P<role>(?:[a-z][a-z-]+\s+|[A-Z][a-z]+\s+(?=[A-Z]))?(?i:{ROLE_PATTERN})" \
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]+" \
    rf"(?:\s+(?:of\s+)?[A-Z][\w-]+)*(?=\s+(?:at|of)\s+[A-Z]))?)"
_SPAN = r"(?:\s+for\s+(?:nearly\s+|almost\s+|more\s+than\s+)?(?P<span>\d+|two|three|four|" \
    r"five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty)\s+years|" \
    r"[^.;]{0,40}?\s+(?:from|between)\s+(?P<start>(?:19|20)\d\d)\s+(?:to|and|until)\s+" \
    r"(?P<end>(?:19|20)\d\d))?"
_HOLDER = rf"(?P<person>{NAME}|He|She|he|she)(?:,\s*\d{{2}},)?(?:,\s*(?:a|an|the)\s+[^,]{{1,80}},)?"
_WAS = r",?\s+(?:who\s+)?(?:had\s+)?(?:previously\s+|formerly\s+|once\s+|later\s+)?" \
    r"(?:was|served\s+as|worked\s+as|had\s+been)\s+(?:also\s+)?(?:previously\s+|formerly\s+)?" \
    r"(?:the\s+)?"
_DESCRIBED = r"(?:[a-z][\w-]*\s+){0,3}?"
_ROLE_CUE = re.compile(ROLE_PATTERN, re.I)
_PRIOR_CUES = [
    re.compile(r"\b(?:was|served|worked|had been)\b"),
    re.compile(r"\bformer\b"),
    re.compile(r"\bformer\b", re.I),
    re.compile(r"\b(?:headed|led|ran|chaired)\b"),
    re.compile(r"\bhaving\s+(?:previously\s+)?(?:been|served)\b"),
    re.compile(r"^(?:Previously|Formerly)\b"),
    re.compile(r"\bwhere\s+(?:he|she|[A-Z]\w+)\s+(?:was|served|had\s+been)\b"),
]
_STATEMENT_CUE = re.compile(r"priorit|vowed|pledged|promised|committed|focus|concentrate|"
                            r"highlight|stress|emphasi|underline|underscor|accus|blam|urg|"
                            r"call(?:ed|s|ing)? on|prais", re.I)
_PRIOR = [
    re.compile(rf"{_HOLDER}{_WAS}(?:(?P<owner>{ORG_NAME})['’]s\s+)?{_ROLE}"
               rf"(?:\s+(?:of|at|for)\s+{_DESCRIBED}(?P<org>{ORG_NAME}))?{_SPAN}"),
    re.compile(rf"(?P<person>{NAME}),\s+(?:a|the)\s+former\s+(?:(?P<owner>{ORG_NAME})\s+)?"
               rf"{_ROLE}(?:\s+(?:of|at)\s+{_DESCRIBED}(?P<org>{ORG_NAME}))?"),
    re.compile(rf"(?i:the\s+)?(?i:former)\s+(?P<org>{ORG_NAME})\s+{_ROLE}\s*,?\s+"
               rf"(?P<person>{NAME})"),
    re.compile(rf"{_HOLDER}[^.;]{{0,80}}?\b(?:previously\s+|formerly\s+|once\s+)?(?:headed|led|"
               rf"ran|chaired)\s+(?:the\s+)?(?P<org>{ORG_NAME})(?P<role>)(?:\s+[a-z][\w\s]{{1,30}}?)?"
               rf"{_SPAN}"),
    # "She joined UHNM in 2016, having previously been chief executive of the Dudley Group"
    re.compile(rf"{_HOLDER}[^.;]{{0,80}}?\bhaving\s+(?:previously\s+)?(?:been|served\s+as)\s+"
               rf"(?:the\s+)?{_ROLE}\s+(?:of|at)\s+{_DESCRIBED}(?P<org>{ORG_NAME})"),
    # "Previously dean of the School of Built Environment at Northumbria University,
    # Professor Fleming has …"
    re.compile(rf"^(?:Previously|Formerly)\s+(?:the\s+)?{_ROLE}\s+(?:of|at)\s+{_DESCRIBED}"
               rf"(?P<org>{ORG_NAME}),\s+(?:(?:Professor|Prof|Dr|Mr|Mrs|Ms)\.?\s+)?"
               rf"(?P<person>{NAME})"),
    # "at the Department of Health, where he was Director of Service Delivery",
    # "She comes from The Rotherham NHS Foundation Trust where she was chief executive"
    re.compile(rf"\b(?:at|from|of)\s+(?P<org>{ORG_NAME}),?\s+where\s+(?P<person>{NAME}|he|she)"
               rf"\s+(?:was|served\s+as|had\s+been)\s+(?:the\s+)?{_ROLE}{_SPAN}"),
]
_WHERE = len(_PRIOR) - 1
_SMALL = ("of", "for", "to", "the", "and")  # lower case inside a post's name
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


def statements(sentence: Sentence, cast: Cast) -> list[dict]:
    """Priorities, accusations and stances in one sentence, each with its subject."""
    if not _STATEMENT_CUE.search(sentence.text):
        return []
    text = _outside_quotes(sentence.text)
    found = []

    def add(match: re.Match, kind: str, statement: str) -> None:
        person = speaker_before(text[:match.start()] + " said", cast)
        if person and statement.strip():
            found.append({"person": person, "kind": kind, "text": " ".join(statement.split())})

    for pattern in _PRIORITY:
        for match in pattern.finditer(text):
            for part in _SPLIT_AND.split(match["text"].strip()):
                add(match, "priority", part)
    for pattern in (_ACCUSATION, _BLAME):
        for match in pattern.finditer(text):
            verb = "accused" if pattern is _ACCUSATION else "blamed"
            joiner = "of" if pattern is _ACCUSATION else "for"
            rest = match["rest"].strip() or _quoted_after(sentence.text, match)
            add(match, "accusation", f"{verb} {match['target']} {joiner} {rest}")
    for pattern, verb in _STANCES:
        for match in pattern.finditer(text):
            add(match, "stance", f"{verb} {match['text'].strip()}")
    return found


def _quoted_after(text: str, match: re.Match) -> str:
    """The quoted words an accusation ends with, when they were blanked out."""
    for span in spans(text):
        if span.start() >= match.start("rest") - 1:
            return span["text"]
    return ""


def _span(match: re.Match) -> dict:
    years = match.groupdict().get("span")
    result = {"start": match.groupdict().get("start"), "end": match.groupdict().get("end")}
    if years:
        count = int(years) if years.isdigit() else _NUMBERS[years.lower()]
        result["span"] = f"{count} years"
    return result


def prior_roles(sentence: Sentence, cast: Cast) -> list[dict]:
    """Roles a person held before: `X, who was Prime Minister of Portugal from 1995 to 2002`,
    `the former UN refugee chief X`, `she headed the AIVD from 2018 to 2020`."""
    found = []
    if not _ROLE_CUE.search(sentence.text) and "head" not in sentence.text \
            and " led " not in sentence.text and " ran " not in sentence.text:
        return found
    placed: set[str] = set()  # people whose organization a "where" clause gave
    for index, (cue, pattern) in reversed(list(enumerate(zip(_PRIOR_CUES, _PRIOR,
                                                              strict=True)))):
        if not cue.search(sentence.text):
            continue
        for match in pattern.finditer(sentence.text):
            groups = match.groupdict()
            holder = groups["person"]
            person = cast.last_person if holder.lower() in ("he", "she") else \
                cast.person(holder)
            owner = groups.get("owner")
            org = cast.organization(owner or groups.get("org") or "")
            if org and groups.get("role") and re.fullmatch(
                    rf"(?i:{ROLE_PATTERN})", f"{org} {groups['role']}"):
                continue  # "the former Deputy Prime Minister X": no organization named
            if person in placed and index != _WHERE:
                continue  # "… where he was Director of Service Delivery": not an org
            if person and org:
                if index == _WHERE:
                    placed.add(person)
                role = groups.get("role") or "head"
                role = " ".join(w[:1].upper() + w[1:] if w not in _SMALL else w
                                for w in role.split())
                found.append({"person": person, "role": role, "org": org, **_span(match)})
    return found

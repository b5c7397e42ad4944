"""Paragraphs and sentences, with their places in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lexicon import REPORTING_VERBS

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "inc",
    "corp", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "no", "vs", "prof", "rev", "capt", "cmdr", "adm", "maj", "sgt",
    "messrs", "mt", "ft", "approx", "est", "dept", "univ", "assn", "bros", "e.g", "i.e",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "n.a.t.o",
}
_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9À-Ý])")
# `“Are we to nullify …?” Chief Justice Martha Koome queried.`: the attribution goes on.
_ATTRIBUTION = re.compile(rf"\s+(?:[A-Z][\w.’'-]*\s+){{1,5}}(?:{REPORTING_VERBS})\b")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the article text
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    initial = len(token) == 1 and token.isalpha()
    return token in _ABBREVIATIONS or initial or bool(re.fullmatch(r"(\w\.)+\w", token))


_SINGLE_OPEN = re.compile(r"(?<![\w'’])['‘](?=[A-Za-z])")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])['’](?![\w])")


def _inside_quotes(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    if text.count("“") > text.count("”") or text.count('"') % 2 == 1:
        return True
    return len(_SINGLE_OPEN.findall(text)) > len(_SINGLE_CLOSE.findall(text))


def split(text: str) -> list[Sentence]:
    """Sentences of every paragraph (a paragraph is a line)."""
    sentences = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        start = 0
        for match in _END.finditer(line):
            if line[match.start()] == "." and _is_abbreviation(line, match.start()):
                continue
            if _inside_quotes(line[start:match.end()]):
                continue
            if line[match.start()] in "?!" and line[match.end() - 1] in "\"”’'" and \
                    _ATTRIBUTION.match(line, match.end()):
                continue
            piece = line[start:match.end()]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                sentences.append(Sentence(piece.strip(), offset + start + lead, number))
            start = match.end()
        piece = line[start:]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            sentences.append(Sentence(piece.strip(), offset + start + lead, number))
        offset += len(line) + 1
    return sentences

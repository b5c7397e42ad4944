"""Whether two posts the text names are one post: `CEO` and `chief executive officer`,
`Chairman` and `interim chair`; `CFO` and `chief accounting officer` are two."""

from __future__ import annotations

import re

_SHORT = {"ceo": "chief executive", "cfo": "chief financial", "coo": "chief operating",
          "cto": "chief technology", "cmo": "chief marketing", "cio": "chief information"}
_NOISE = re.compile(r"\b(?:officer|new|next|interim|acting|incoming|permanent|the|its|"
                    r"woman|man|person)\b")


def _core(post: str) -> str:
    words = re.sub(r"[-–]", " ", post.lower()).split()
    text = " ".join(_SHORT.get(word, word) for word in words)
    text = re.sub(r"\bchair(?=\s|$)", "chair", _NOISE.sub(" ", text))
    return " ".join(text.replace("chairman", "chair").replace("chairperson", "chair")
                    .replace("chairwoman", "chair").split())


# Words that name the top of any organization: "the head of the WHO" is its director-general.
_ANY_POST = {"head", "leader", "chief", "boss", "top"}


def same_post(first: str | None, second: str | None) -> bool:
    """True when either is unknown or generic (`head`), or one names the other (`Chief` in
    `Chief of Staff`)."""
    if not first or not second:
        return True
    a, b = _core(first), _core(second)
    return not a or not b or a in _ANY_POST or b in _ANY_POST or a in b or b in a

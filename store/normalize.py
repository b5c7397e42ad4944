"""The lookup form of a name: what `N.A.T.O.`, `the Alliance` and `OTAN` are matched by."""

import functools
import re
import unicodedata

_JOINERS = re.compile(r"[.'’`´]")
_SEPARATORS = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(the|l|la|le|les|el|die|der|das) ")


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Fold case, accents and punctuation: `N.A.T.O.` → `nato`, `The Alliance` → `alliance`.

    Dots and apostrophes join (`U.N.` → `un`); every other run of punctuation or
    space becomes one space; a leading article is dropped.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _JOINERS.sub("", without_marks.casefold())
    spaced = _SEPARATORS.sub(" ", folded.replace("_", " ")).strip()
    return _LEADING_ARTICLE.sub("", spaced)

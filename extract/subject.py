"""The organization an article is about: the subject that opens its first sentence
(`Cats Protection has drafted in …`, `NOTTINGHAM Forest have appointed …`) or the one its
headline puts before a post (`Tesco CEO to step down`). A transition whose own sentence
names no organization most likely belongs to it (`… stepped down as CEO at the charity`)."""

from __future__ import annotations

import re

from extract.cast import NAME, ORG_NAME, Cast, is_country
from extract.sentences import Sentence

# A dateline before the first sentence: `BOSTON (AP) --`, `Addis Ababa, Ethiopia | Xinhua |`.
_DATELINE = r"(?:[A-Z][\w .,]{1,60}?(?:\([^)]{1,40}\))?\s*(?:--|[-–—|])\s*)?"
_VERB = (r"(?:has|have|had|is|are|was|were|will|would|on\s+\w+day|today|yesterday|"
         r"announced|announces|named|names|appointed|appoints|confirmed|confirms|elected|"
         r"elects|said|says|chose|picked|hired|tapped|unveiled|drafted|promoted|swears|"
         r"installs|inaugurates)\b")
# `Troubled logistics group Norvale`, `Chip maker Lumen`: a description of the
# organization before its name, ending in the kind of body it is.
_DESCRIBED = (r"(?:(?:[A-Z][a-z’'-]+|[A-Z]{2,})\s+(?:(?:[a-z][\w’'-]*|[A-Z]{2,})\s+){0,5}?"
              r"(?:group|company|firm|maker|giant|retailer|lender|carrier|insurer|charity|"
              r"operator|provider|chain|conglomerate|broadcaster|airline|bank|miner|producer|"
              r"manufacturer|start-?up|outfit|regulator|watchdog|club|side)\s+)?")
_LEADS = re.compile(rf"^{_DATELINE}{_DESCRIBED}(?P<org>{ORG_NAME})(?:\s*\([^)]{{1,40}}\))?"
                    rf"(?:,[^,]{{1,80}},)?\s+{_VERB}")
# `Terry Leahy, the longstanding boss of Tesco, has announced …`: the opening person's post.
_APPOSED = re.compile(rf"^{_DATELINE}{NAME},\s+(?:the\s+|a\s+|its\s+)?[a-z][\w\s’'-]{{0,50}}?"
                      rf"\b(?:of|at)\s+(?P<org>{ORG_NAME})\s*,")
_BEFORE_POST = re.compile(rf"(?P<org>{ORG_NAME})\s+(?i:CEO|chief|boss|chairman|chairwoman|"
                          rf"chair|president|head|director|coach|manager)\b")


def lead_organization(headline: str, body: list[Sentence], cast: Cast) -> str | None:
    """The organization that opens the article, if one does (never a person or a country:
    a country is only ever a guess for a state post)."""
    texts = ([body[0].text] if body else []) + [part.strip() for part in headline.split(":")]
    for text in texts:
        for match in (_LEADS.match(text), _APPOSED.match(text)):
            org = _organization(match["org"], cast) if match else None
            if org:
                return org
    told = " ".join(sentence.text for sentence in body)
    for match in _BEFORE_POST.finditer(headline):
        org = _organization(match["org"], cast)
        if org and _standalone(org, told):
            return org
    return None


def _organization(text: str, cast: Cast) -> str | None:
    org = cast.organization(text)
    if not org or is_country(org) or cast.person(org, register=False) in cast.people \
            or org.split()[-1].lower() in _POST_WORDS:
        return None
    return org


# Words that begin a post rather than end a name (`IMF Managing Director`).
_POST_WORDS = {"managing", "executive", "general", "vice", "deputy", "acting", "interim",
               "chief", "new", "former", "senior"}


def _standalone(org: str, text: str) -> bool:
    """Whether the body names `org` on its own, not as a word of a longer name (the
    headline's `Cricket chairman` is not the body's `Lightcliffe Cricket Club`)."""
    return bool(re.search(rf"(?<![A-Z]\w)(?<![A-Z]\w\w)\s{re.escape(org)}\b(?!\s+[A-Z])"
                          rf"|^{re.escape(org)}\b(?!\s+[A-Z])", text))

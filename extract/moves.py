"""The post a newcomer leaves: `Okafor will join Keswick from the University of Arden,
where she has been Provost`. Only a person the article has arriving elsewhere
leaves; the sentence alone reports no transition. (`X is currently Provost of Y` is not
read as leaving: our set labels it as no transition, the real-news labels as one.)"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.cast import NAME, ORG_NAME, Cast
from extract.lexicon import ROLE_PATTERN
from extract.sentences import Sentence
from extract.transitions import Transition, role_case

_ROLE = rf"(?P<role>(?i:{ROLE_PATTERN}))"
_JOINS_FROM = re.compile(rf"(?P<person>{NAME})\s+(?i:will\s+join|joins|is\s+joining|is\s+to\s+"
                         rf"join|is\s+due\s+to\s+join)\s+{ORG_NAME}\s+from\s+(?P<org>{ORG_NAME})"
                         rf",?\s+where\s+(?:he|she)\s+(?:has\s+been|is)\s+(?:the\s+)?{_ROLE}")


def leaving(sentences: list[Sentence], arrivals: list[Transition], cast: Cast,
            same_org: Callable[[str | None, str | None], bool]) -> list[Transition]:
    """Departures of newcomers from the post they hold now, at another organization."""
    arriving = {t.incoming: t.org for t in arrivals if t.incoming}
    found = []
    for sentence in sentences:
        for match in _JOINS_FROM.finditer(sentence.text):
            person = cast.person(match["person"], register=False)
            org = cast.organization(match["org"])
            if person not in arriving or not org or (
                    arriving[person] and same_org(arriving[person], org)):
                continue
            found.append(Transition(org, role_case(match["role"]), None, person, None,
                                    "stepped_down", sentence.text))
    return found

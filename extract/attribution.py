"""Words that attribute a quotation: the verbs that report speech and the nouns that
describe a person instead of naming them (`the former central banker said`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.cast import NAME, Cast, drop_titles
from extract.lexicon import REPORTING_VERBS, ROLE_PATTERN

# Reporting verbs beyond the shared lexicon's, for quotations only.
SAYS = rf"(?:{REPORTING_VERBS}|repeated|revealed|attested|clarified|underscored|" \
    r"pointed\s+out|lamented|exclaimed|confirmed|reflected|boasted|countered|retorted|mused)"

# A person described rather than named: a post, a trade, a kinship, an age.
PERSON_NOUN = rf"(?:{ROLE_PATTERN}|banker|economist|politician|leader|veteran|lawmaker|" \
    r"diplomat|executive|star|player|captain|skipper|premier|pm|baroness|baron|lord|lady|" \
    r"widow|widower|wife|husband|son|daughter|all-rounder|batsman|bowler|striker|" \
    r"midfielder|defender|goalkeeper|winger|forward|\d+-year-old|billionaire|tycoon|" \
    r"founder|entrepreneur|activist|author|novelist|actor|actress|singer|cleric|priest|" \
    r"pastor|cardinal|monarch|general|admiral|senator|congressman|congresswoman|legislator)"

_HEAD = re.compile(rf"\b(?:{PERSON_NOUN}|spokes(?:man|woman|person))\b", re.I)
_WORDS_BEFORE = re.compile(r"((?:[a-z][\w’'-]*,?\s+){1,3})$")
_APPOSITION_AFTER = re.compile(
    r",\s+(?:the|a|an|his|her|its|their|[\w.-]+['’]s)\s+([^,.;:\"“”]{1,60})[,.]")


def _head(words: str) -> str | None:
    """The last describing noun in `words` (`chief spokesman` → spokesman)."""
    heads = _HEAD.findall(words)
    return re.sub(r"[\s-]+", " ", heads[-1].lower()) if heads else None


def titled_name(text: str) -> str | None:
    """A name known by one word after a title: `Pope Francis` → Francis."""
    name, title = drop_titles(text)
    return name if title and re.fullmatch(r"[A-Z][a-z]+", name) else None


class Descriptions:
    """Which person the article last described with which noun: `Pope Francis` (pope),
    `Stephane Dujarric, the Secretary-General's chief spokesman` (spokesman), `his wife
    Eileen` (wife), so that `the pope repeated` names him."""

    def __init__(self) -> None:
        self._by_noun: dict[str, str] = {}

    def learn(self, text: str, cast: Cast) -> None:
        """Remember the nouns that describe each person `text` names."""
        for match in re.finditer(NAME, text):
            person = cast.person(match.group(0), register=False) or titled_name(match.group(0))
            if person:
                for words in self._describing(text, match):
                    head = _head(words)
                    if head:
                        self._by_noun[head] = person

    @staticmethod
    def _describing(text: str, match: re.Match) -> list[str]:
        """The title in the name, the lower-case words just before it, its apposition."""
        found = [drop_titles(match.group(0))[1]]
        before = _WORDS_BEFORE.search(text[max(0, match.start() - 50):match.start()])
        after = _APPOSITION_AFTER.match(text, match.end())
        return found + [part.group(1) for part in (before, after) if part]

    def who(self, description: str) -> str | None:
        """The person last described by the head noun of `description`, if any."""
        head = _head(description)
        return self._by_noun.get(head) if head else None


@dataclass
class Reading:
    """What attribution remembers while reading one article: who was described how, and
    the sentence before the one being read. The extractor makes one for each article and
    passes it to every sentence's `quotes.find`."""

    descriptions: Descriptions = field(default_factory=Descriptions)
    previous_sentence: str = ""

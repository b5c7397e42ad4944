"""Who and what an article mentions: people by their fullest name, organizations by the
store's names where it knows them.

A `Gazetteer` holds what the store knows (aliases of people and organizations); a `Cast`
is one article's people, so that "Rutte" and "He" can be tied to "Mark Rutte".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from extract.lexicon import COUNTRIES, DEMONYMS, NOT_NAMES, ORG_WORDS, ROLES, TITLES
from store.normalize import normalize

CAP = r"(?:[A-Z]\.[A-Z]\.?(?![\w.])|[A-Z]\.(?=\s+[A-Z])|[A-ZÀ-ÖØ-Þ][\w’'\-]*|[A-Z]\.)"
PARTICLE = r"(?:de|van|von|der|den|da|di|du|le|la|bin|al|el|ibn|del|dos|das|ter|ten|y)"
NAME = rf"{CAP}(?:\s+(?:{PARTICLE}\s+)*{CAP}){{0,5}}"
CONNECTOR = r"(?:of|for|and|the|de|du|des|on|in|&)"
# "the 119-year-old IOC": an age before the name describes it
_AGED = r"(?:\d+[\s-]year[\s-]old\s+)"
ORG_NAME = rf"(?:[Tt]he\s+)?{_AGED}?{CAP}(?:\s+(?:{CONNECTOR}\s+)*{CAP}){{0,7}}"

_NON_PERSON = {
    "headquarters", "summit", "war", "day", "street", "square", "house", "palace", "hall",
    "centre", "center", "airport", "station", "ceremony", "era", "leadership", "begins",
    "assumes", "news", "times", "post", "journal", "world", "cup", "games", "olympics",
    "championship", "league", "premier", "north", "south", "east", "west", "european",
    "international", "national", "federal", "global", "annual", "general", "assembly",
    "agreement", "treaty", "act", "bill", "declaration", "strategy", "plan", "index",
    "exchange", "market", "economy", "government", "ministry", "state", "states", "city",
    "county", "province", "region", "island", "islands", "river", "valley", "mount",
    "democrats", "republicans", "socialists", "greens", "liberals", "conservatives",
    "hospital", "hospitals", "police", "army", "navy", "forces", "diocese", "archdiocese",
    "cathedral", "stadium", "territory", "territories", "district",
}
# Head nouns of a document's name come last (`the Finance Bill`); first, they are a given
# name (`Bill Shorten`).
_DOCUMENTS = {"bill", "act", "plan", "agreement", "treaty", "declaration", "strategy", "index"}
# Articles that begin names of papers and clubs (`Le Point`, `La Stampa`, `El País`); before
# one word they make a surname at most (`Le Pen`), known only from a fuller first mention.
_ARTICLES = {"Le", "La", "Les", "El", "Il", "Lo", "Los", "Las", "Der", "Die", "Das"}
# Two capitals that name bodies and places, not a person's initials.
_BODIES = {"UN", "EU", "AU", "UK", "US", "EC", "BP", "GE", "HP", "AC", "FC", "AP", "AI",
           "TV", "PR", "HT", "FP", "MS", "VF", "ST", "NY", "LA", "DC"}
_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,7}$")


def _given_name(words: list[str], index: int) -> bool:
    return index == 0 and len(words) > 1 and words[0].lower() in _DOCUMENTS


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text) if re.search(r"\w['’]s?$", text) else text


class Gazetteer:
    """Names the store knows, looked up one at a time: a name's lookup form → the known
    entity's name. The empty gazetteer knows nothing."""

    def __init__(self, lookup: Callable[[str, str], str | None] | None = None):
        self._lookup = lookup
        self._known: dict[tuple[str, str], str | None] = {}

    @classmethod
    def empty(cls) -> Gazetteer:
        return cls()

    def _find(self, text: str, kind: str) -> str | None:
        if self._lookup is None:
            return None
        key = (normalize(text), kind)
        if key not in self._known:
            self._known[key] = self._lookup(key[0], kind)
        return self._known[key]

    def organization(self, text: str) -> str | None:
        return self._find(text, "organization")

    def person(self, text: str) -> str | None:
        return self._find(text, "person")


def _words(text: str) -> list[str]:
    return text.split()


# "San Jose-based", "Oxford-educated", "Kenyan-born": what describes a name is no part of it.
_DESCRIPTOR = re.compile(r"-(?:based|born|educated|owned|backed|listed|led|headquartered)$")


def _plural_title(word: str) -> bool:
    """`Economists Ana Lima and Rui Paz`, `Senators …`: a trade for several names."""
    lower = word.lower()
    return len(lower) > 4 and lower.endswith("s") and lower[:-1] in TITLES


@functools.lru_cache(maxsize=4096)
def drop_titles(text: str) -> tuple[str, str]:
    """`Prime Minister Mark Rutte` → (`Mark Rutte`, `Prime Minister`)."""
    words = _words(strip_possessive(text.strip(" ,.;:")))
    title: list[str] = []
    while words and (words[0].lower().strip(".") in TITLES or words[0].lower() in NOT_NAMES
                     or words[0].lower().rstrip(".") in {"the", "a", "an"}
                     or words[0] in DEMONYMS or _DESCRIPTOR.search(words[0])
                     or _plural_title(words[0])
                     or (len(words) > 2 and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[0]))):
        # "Left-winger Tony Woodley", but not "Dlamini-Zuma"
        title.append(words.pop(0))
    office = _office(title, words)
    while len(words) > 2 and words[0].lower() in _NON_PERSON and not _given_name(words, 0) \
            and not is_country(" ".join(words[:2])):
        title.append(words.pop(0))  # "[Secretary of] State Marco Rubio": an office's end
    while words and (words[-1].lower() in NOT_NAMES or words[-1].strip(",.") in _HONOURS):
        words.pop()  # "John Bacon CB", "Nick Alston CBE"
    if words and words[-1].lower().strip(".") in _TRAILING_TITLES:
        return "", " ".join(title + words)  # "Army Chief" names an office, not a person
    inner = [i for i, word in enumerate(words[:-1]) if word.lower().strip(".") in TITLES
             and (i < len(words) - 2 or (i > 0 and is_country(" ".join(words[:i]))))]
    if inner:  # "Brasilia President Lula da Silva", "Financial Officer Greg Smith",
        # "Singapore PM Wong" (a surname, resolved to the fuller name the article gives)
        title, words = title + words[:inner[-1] + 1], words[inner[-1] + 1:]
    if office:  # "Secretary of State": the title keeps its own words
        while title and title[0].lower().rstrip(".") in NOT_NAMES:
            title.pop(0)
        return " ".join(words), " ".join(title + office)
    return " ".join(words), " ".join(w for w in title if w.lower() not in NOT_NAMES)


def _office(title: list[str], words: list[str]) -> list[str]:
    """The rest of a title's `of` phrase, taken off the front of `words`: `Secretary of
    State Marco Rubio`, `Governor of the Bank of England Andrew Bailey`. A name stays
    behind: two words, or one after a word that names no one (`Secretary of State Rubio`)."""
    if "of" not in [w.lower() for w in title]:
        return []
    office: list[str] = []
    while len(words) > 1 and (len(words) > 2 or words[0].lower() in _NON_PERSON
                              or words[0].lower() in ORG_WORDS):
        office.append(words.pop(0))
        while len(words) > 1 and words[0].lower() in {"of", "the", "and", "for"}:
            office.append(words.pop(0))
    return office


# Honours and letters after a name.
_HONOURS = {"CB", "CBE", "OBE", "MBE", "KBE", "DBE", "GBE", "DL", "QC", "KC", "MP", "MEP",
            "PhD", "FRS", "FREng", "FRSE", "JP", "MSP", "MS", "TD"}

# Titles that end an organization's name when a person's name follows them.
_ORG_CUT = {"ceo", "cfo", "coo", "chairman", "chairwoman", "chairperson", "president",
            "boss", "chief", "spokesman", "spokeswoman", "spokesperson"}

# Title words that never end a person's name ("Army Chief", "Finance Minister").
_TRAILING_TITLES = {"chief", "minister", "president", "secretary", "director", "officer",
                    "executive", "coach", "chairman", "chairwoman", "chairperson", "governor",
                    "commissioner", "ceo", "cfo"}


# A party named by its adjective before a post ("the new Labour leader").
_PARTIES = {"Liberal": "Liberal Party", "Labour": "Labour Party", "Labor": "Labor Party",
            "Conservative": "Conservative Party", "Tory": "Conservative Party",
            "Democratic": "Democratic Party", "Republican": "Republican Party",
            "Green": "Green Party", "Liberal Democrat": "Liberal Democrats"}

_CONNECTORS = {"of", "for", "and", "the", "de", "du", "des", "on", "in", "&"}
_GENERIC = {"company", "firm", "club", "group", "board", "team", "organisation",
            "organization", "business", "bank", "agency", "charity", "trust"}


def cut_trailing_dates(text: str) -> str:
    """`World Trade Organization on Monday` → `World Trade Organization`."""
    words = text.strip(" ,.;:").split()
    for index, word in enumerate(words[1:], 1):
        following = [w for w in words[index + 1:] if w.lower() not in ("the", "a", "an")]
        if word.lower() in _CONNECTORS and (not following or
                                            following[0].lower().strip(".,") in NOT_NAMES):
            return " ".join(words[:index])
    return " ".join(words)


def is_country(text: str) -> str | None:
    clean = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    if clean in COUNTRIES:
        return clean
    return DEMONYMS.get(clean)


def looks_like_org(text: str, gazetteer: Gazetteer) -> bool:
    clean = strip_possessive(text.strip())
    if gazetteer.organization(clean) or is_country(clean):
        return True
    words = [w.lower().strip(".,") for w in _words(clean)]
    return bool(words) and (any(w in ORG_WORDS for w in words)
                            or bool(_ACRONYM.match(clean)))


class Cast:
    """The people of one article, so that short names resolve to the fullest one."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.people: list[str] = []  # full names in order of first mention
        self.last_person: str | None = None
        self.last_incoming: str | None = None  # the newest office holder the article names
        self.organizations: dict[str, int] = {}  # name → mentions
        self.employers: set[str] = set()  # what follows a post's `of` (`chief of HJ Heinz`)
        self._seen: dict[tuple, str | None] = {}

    def person(self, text: str, *, register: bool = True) -> str | None:
        """The full name `text` refers to, or None when it is not a person's name."""
        key = (text, register, len(self.people))
        if key not in self._seen:
            self._seen[key] = self._person(text, register)
        return self._seen[key]

    def _person(self, text: str, register: bool) -> str | None:
        name, _ = drop_titles(text)
        if not name or name.lower() in NOT_NAMES:
            return None
        words = name.split()
        if any(w.lower().strip(".") in _NON_PERSON and not _given_name(words, index)
               for index, w in enumerate(words)):
            return None
        if any(re.search(r"\w['’]s?\w", w) is None and re.search(r"['’]s$", w)
               for w in words[:-1]):
            return None  # "Khan’s Pakistan Tehreek-e-Insaf"
        if any(len(w) > 1 and w.isupper() and "." not in w and not (
                len(w) == 2 and 0 < index < len(words) - 1) and not (
                index == 0 and self._initials(words)) for index, w in enumerate(words)):
            return None  # "IOC Session", "SAN FRANCISCO", but "JD Vance"
        if looks_like_org(name, self.gazetteer) and not self.gazetteer.person(name):
            return None
        if len(words) == 1:  # a surname alone: of namesakes, the one the article named first
            bearers = [known for known in self.people if name in known.split()]
            if len({known.split()[0] for known in bearers}) > 1 and name not in bearers:
                return bearers[0]  # not "James O’Neill" and "James P. O’Neill": one man
        for known in reversed(self.people):
            if known == name or known.endswith(" " + name) or (
                    len(words) == 1 and name in known.split()):
                return known
            parts = known.split()
            if len(words) >= 2 and len(parts) > len(words) and parts[0] == words[0] \
                    and parts[-1] == words[-1]:
                return known  # "Kurt Okraku" is the "Kurt ES Okraku" named before
            if len(words) >= 2 and known.startswith(name + " "):
                return known  # "Dalbir Singh" is the "Dalbir Singh Suhag" named before
            if len(words) > len(known.split()) and name.endswith(" " + known):
                self.people[self.people.index(known)] = name
                return name
        if (len(words) < 2 or words[0] in _ARTICLES) and not self.gazetteer.person(name):
            return None  # "Le Point": an article begins a surname at most, or a title
        if register:
            self.people.append(name)
        return name

    def _initials(self, words: list[str]) -> bool:
        """`JD Vance`, `DY Chandrachud`: two capitals before one or two ordinary words are
        a person's initials, unless they name a body (`UN Women`, `BP Board`, the article's
        `chief executive of HJ Heinz`)."""
        first = words[0]
        return len(first) == 2 and first.isalpha() and 2 <= len(words) <= 3 \
            and first not in _BODIES and first.lower() not in ORG_WORDS \
            and all(w[:1].isupper() and not w.isupper() for w in words[1:]) \
            and not self.gazetteer.organization(first) and " ".join(words) not in self.employers

    def introduce(self, name: str) -> None:
        """A name the article shows to be a person's even when it is one word: `Helen, 50,
        from Devon` (an age after it)."""
        if self.person(name, register=False) is None and name.lower() not in NOT_NAMES \
                and not looks_like_org(name, self.gazetteer) \
                and name.lower() not in _NON_PERSON and name.lower() not in TITLES:
            self.people.append(name)

    def mention(self, name: str) -> None:
        self.last_person = name

    def organization(self, text: str, *, in_slot: bool = True) -> str | None:
        """An organization's name as the text gives it, or None.

        In a slot of a pattern (`… of X`, `X named …`) any capitalized name that is not a
        person's counts; elsewhere only names that look like organizations do.
        """
        clean = strip_possessive(re.sub(rf"^(?:[Tt]he\s+)?{_AGED}?", "", cut_trailing_dates(text)))
        # "LONG-serving Lightcliffe Cricket Club": a descriptor, not part of the name
        clean = re.sub(r"^[A-Z][A-Za-z]*-[a-z]+\s+(?=[A-Z])", "", clean)
        # "New York-based GlobalFoundries": where it is based is no part of its name
        clean = re.sub(r"^(?:[A-Z][\w.]*\s+){0,3}[A-Z][\w.]*-(?:based|headquartered|listed|"
                       r"owned|backed)\s+(?=[A-Z])", "", clean)
        # "Newly appointed Orvane Systems chief executive X", "Incoming BBC director-general
        # Y", "New Estonian Finance Minister Z": how new the post is describes the person
        clean = re.sub(r"^(?:(?:Newly|Recently)(?:[\s-]+(?:appointed|elected|named|installed|"
                       r"minted|sworn[\s-]+in))?|Incoming|Outgoing|Interim|Acting|Former|"
                       r"Current|Caretaker|New(?!\s+(?:Zealand|York|Jersey|Delhi|Mexico|"
                       r"Hampshire|England|Orleans|South|Brunswick|Caledonia|Guinea|Haven|"
                       r"Democracy|Labour|Democrats?|Development|World|Age)\b))\s+(?=[A-Z])", "",
                       clean)
        if re.fullmatch(r"(?:Newly|Recently|Incoming|Outgoing|Interim|Acting|Former|Current|"
                        r"Caretaker|New)", clean):
            return None  # "Newly appointed … chief executive X": no name at all
        # "Kisii University Vice Chancellor …": a rank that begins the next title
        clean = re.sub(r"(?:\s+(?:Vice|Deputy|Acting|Interim|Assistant|Associate))+$", "", clean)
        if not clean:
            return None
        if not clean[:1].isupper() and not clean[:1].isdigit():
            return None  # "agency's executive board" describes, it does not name
        words = clean.split()
        if len(words) >= 6 and not any(w.lower() in _CONNECTORS for w in words) and not (
                len(words) <= 8 and words[-1].lower().strip(".,") in ORG_WORDS):
            return None  # a headline in title case, not a name ("… NHS Trust" is one)
        if in_slot and clean in _PARTIES:
            return _PARTIES[clean]  # "the new Liberal leader"
        title_at = next((i for i, w in enumerate(words) if i and w.lower() in _ORG_CUT), None)
        if title_at:  # "Toshiba Corp CEO Nobuaki Kurumatani" → "Toshiba Corp"
            words = words[:title_at]
            clean = " ".join(words)
        initials = len(words) > 1 and len(words[0]) > 1 and words[0].isupper() and \
            words[-1].lower() in ORG_WORDS  # "the MS Society", not "Ms" before a name
        if (words[0].lower() in NOT_NAMES and not (words[0] == "New" and len(words) > 1)
                and not initials) or (
                words[0].lower() in TITLES and len(words) == 1):
            return None  # but "New York Times", "New Zealand" are names
        if clean.lower() in ROLES or clean.lower() in _GENERIC:
            return None  # "the Company", "the club": which one, another sentence says
        country = is_country(clean)
        if country:
            return country
        if looks_like_org(clean, self.gazetteer):
            return clean
        if in_slot and clean[:1].isupper() and clean not in self.people \
                and not any(w.lower() in NOT_NAMES for w in words[words[0] == "New":]) \
                and all(w[:1].isupper() or w in _CONNECTORS for w in words):
            return clean
        return None

    def count(self, organization: str) -> None:
        self.organizations[organization] = self.organizations.get(organization, 0) + 1

    def main_organization(self) -> str | None:
        if not self.organizations:
            return None
        return max(self.organizations.items(), key=lambda item: item[1])[0]

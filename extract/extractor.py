"""News → facts: the extraction of one article, per the contract in PRODUCT.md."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract import lists, moves, transitions
from extract import quotes as quoting
from extract import statements as stating
from extract.attribution import Reading
from extract.capitals import dateline_countries
from extract.cast import NAME, ORG_NAME, Cast, Gazetteer, drop_titles, is_country
from extract.confidence import confidence
from extract.dates import Published, find_dates
from extract.document import Document
from extract.lexicon import ROLE_PATTERN
from extract.posts import same_post
from extract.sentences import Sentence, split
from extract.subject import lead_organization
from extract.withdrawn import called_off
from store.normalize import normalize

_WORD = r"[A-ZÀ-ÖØ-Þ][\w\-]*"
_ROLE_OF_ORG = re.compile(rf"(?i:{ROLE_PATTERN})\s+(?:of|at)\s+(?P<org>{ORG_NAME})")
# "the case of Helen, 50, from Devon": one word with an age after it is a person.
_AGED_NAME = re.compile(r"\b(?:(?P<before>[\w.’'-]+) )?(?P<name>[A-Z][a-z]+), \d{1,2}, ")
_ORG_ROLE = re.compile(rf"(?P<org>{ORG_NAME})(?:['’]s)?\s+(?i:{ROLE_PATTERN})\b")


@dataclass
class Extraction:
    file: str
    published: str | None
    transitions: list[transitions.Transition] = field(default_factory=list)
    prior_roles: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # org → short names in text

    def as_json(self) -> dict:
        return {"file": self.file, "published": self.published,
                "transitions": [t.as_json() for t in self.transitions],
                "prior_roles": self.prior_roles, "quotes": self.quotes,
                "statements": self.statements, "aliases": self.aliases}


def _register_people(sentences: list[Sentence], cast: Cast) -> None:
    """First pass: the people of the body, so that later short names resolve.

    A capitalized pair of words is a person when a title stands before it or when its
    last word is used alone elsewhere, as news writing does after a first mention.
    """
    text = " ¦ ".join(sentence.text for sentence in sentences)  # no name across sentences
    names = [drop_titles(match.group(0)) for match in re.finditer(NAME, text)]
    inside = Counter(word for name, _ in names if len(name.split()) > 1
                     for word in re.findall(_WORD, name))
    alone = Counter(re.findall(_WORD, text)) - inside
    cast.employers.update(match["org"] for match in _ROLE_OF_ORG.finditer(text))
    for name, title in names:
        words = name.split()
        if len(words) < 2:
            continue
        surname = words[0] if re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[-1]) else words[-1]
        if title or alone[re.sub(r"['’]s?$", "", surname)] > 0:
            cast.person(name)
    for match in _AGED_NAME.finditer(text):
        if match["before"] is None or match["before"].islower():  # not "Helen Copley, 78,"
            cast.introduce(match["name"])
    for sentence in sentences:
        for pattern in (_ROLE_OF_ORG, _ORG_ROLE):
            for match in pattern.finditer(sentence.text):
                org = cast.organization(match["org"], in_slot=False)
                if org:
                    cast.count(org)


def _owner_of_post(item: transitions.Transition) -> bool:
    """The organization found owns the post in the sentence's own words (`Estonia's new
    Finance Minister`, `Estonia's finance minister`): named, not guessed."""
    if not item.org or not item.role:
        return False
    return re.search(rf"{re.escape(item.org)}['’]s?\s+(?i:(?:new|incoming|interim|acting)\s+)?"
                     rf"(?i:{re.escape(item.role)})\b", item.evidence) is not None


def _sentence_org(item: transitions.Transition, cast: Cast) -> str | None:
    """The organization whose post the transition's own sentence names (`elected president
    of the International Olympic Committee to replace Jacques Rogge, who stepped down`)."""
    if not item.role:
        return None
    text = item.evidence
    for match in _ROLE_OF_ORG.finditer(text):
        role = match.group(0)[:match.start("org") - match.start()].split()
        if " ".join(role[:-1]).lower() != item.role.lower():
            continue  # another post ("deputy vice-chancellor of …")
        if _MODIFIED.search(text[:match.start()]) or _APPOSED.match(text, match.end("org")):
            continue  # the newcomer's old post ("the leader of X, Olaf Scholz, was …")
        org = cast.organization(match["org"])
        if org and not cast.person(org, register=False) and not is_country(org) \
                and not transitions._OFFICE_WORD.match(org):
            return org
    # "appointed the new Vice Chancellor Laikipia University": the post, then the name
    bare = re.search(rf"(?i:{re.escape(item.role)})\s+(?P<org>{ORG_NAME})", text)
    if bare:
        org = cast.organization(bare["org"], in_slot=False)
        if org and not is_country(org) and not cast.person(org, register=False):
            return org
    return None


_MODIFIED = re.compile(r"(?i)\b(?:deputy|former|acting|interim|pro|assistant|associate|ex)"
                       r"[\s-]+$")
_APPOSED = re.compile(r"\s*,\s+[A-Z]")


# Bodies of states hold a state's posts too: "the United Nations special envoy" (not
# the country of the dateline, NAIROBI).
_UNION_OF_STATES = re.compile(r"(?:the\s+)?(?:UN|U\.N\.?|United\s+Nations|African\s+Union|AU|"
                              r"European\s+Union|EU|NATO|ECOWAS|SADC|ASEAN|Arab\s+League|"
                              r"Commonwealth|OSCE|Organization\s+of\s+American\s+States)")


def _guess_org(candidates: list[str], role: str | None) -> str | None:
    """The article's organization for a transition whose sentence names none: a country
    for a minister, a company or a club for a chief executive or a chairman."""
    state = bool(role and _STATE_ROLE.search(role))
    fitting = [c for c in candidates if bool(is_country(c) or (
        state and _UNION_OF_STATES.fullmatch(c))) == state]
    return (fitting or candidates or [None])[0]


# A rank before a post makes it another post ("pro vice-chancellor", "deputy governor").
_RANKED = re.compile(r"(?i).*\b(?:pro|deputy|vice|acting|interim|assistant|associate|"
                     r"former)[\s-]*$")


# Of two readings of one sentence, the verb that names the act says its kind.
_ACT = {"elected": 3, "sworn_in": 2, "appointed": 1}


def _history(item: transitions.Transition, published) -> bool:
    """A past tenure's start told in passing (`in 1978 he became the founding dean`), with
    no predecessor named: background, not news."""
    if published is None or not item.effective:
        return False
    if item.outgoing and item.outgoing.split()[-1] in item.evidence:
        return False  # "Ten years ago, X succeeded Y": the succession is the news
    return int(item.effective[:4]) < published.year - 2


_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")


def _background(item: transitions.Transition, published) -> bool:
    """A career step told in passing: an arrival with no date of its own or an old one,
    in a sentence set years before the article (`In 1978 he became the founding dean`,
    `then became executive editor of … from 1993 to 1997`), naming no predecessor."""
    if published is None or not item.incoming or (item.outgoing and item.outgoing.split()[-1]
                                                  in item.evidence):
        return False
    if item.effective and int(item.effective[:4]) >= published.year - 1:
        return False
    told = transitions._QUOTED.sub(" ", item.evidence)
    if _FUTURE.search(told):
        return False  # "He will be succeeded by X, … following his appointment in 2020"
    return any(int(year) <= published.year - 2 for year in _YEAR.findall(told))


_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are)\s+(?:due\s+)?to)\b", re.I)


def _merge(found: list[transitions.Transition], cast: Cast, fallback_orgs: list[str],
           default_effective: str | None = None, published=None, lead: str | None = None
           ) -> list[transitions.Transition]:
    """One transition per incoming person and organization, its fields filled from every
    sentence that reports it; an announced future date wins over the day of the news. A
    departure that another transition already reports is not kept twice."""
    found = [item for item in found if not _background(item, published)]
    arriving = {item.incoming for item in found if not item.ceremony}
    # a swearing-in dates the arrival told elsewhere; told nowhere else, with a post (the
    # headline's), it is the arrival
    ceremonies = [item for item in found if item.ceremony and (
        item.incoming in arriving or not item.role)]
    found = [item for item in found if not any(item is c for c in ceremonies)]
    for item in found:
        if item.org:
            cast.count(item.org)
    main = cast.main_organization()
    merged: list[transitions.Transition] = []
    guessed: set[int] = set()  # transitions whose organization is the article's, not theirs
    for item in found:
        person = item.incoming or f"-{item.outgoing}"
        kept = next((t for t in merged if (t.incoming or f"-{t.outgoing}") == person
                     and (same_org(t.org, item.org) or (
                         t.evidence == item.evidence and (t.weak_org or item.weak_org)))), None)
        if kept is not None and item.org and (id(kept) in guessed or (
                kept.weak_org and not item.weak_org)):
            kept.org, kept.weak_org, kept.kind = item.org, item.weak_org, item.kind
            guessed.discard(id(kept))
        if kept is None:
            if item.org is None:
                item.org = _sentence_org(item, cast)
                if item.org is None:
                    # a state post belongs first to the country its own sentence names
                    item.org = _guess_org(_own_countries(item.evidence) + [
                        org for org in (lead, main) if org] + fallback_orgs, item.role)
                    if not _owner_of_post(item):  # "Estonia's new Finance Minister X"
                        guessed.add(id(item))
                item.weak_org = True
            merged.append(item)
            continue
        if item.evidence == kept.evidence and _ACT.get(item.kind, 0) > _ACT.get(kept.kind, 0):
            kept.kind = item.kind  # "was elected … to become the ninth president": elected
        kept.org = kept.org or item.org
        kept.outgoing = kept.outgoing or item.outgoing
        if not kept.role or (item.role and len(item.role) > len(kept.role)
                             and kept.role.lower() in item.role.lower()
                             and not _RANKED.match(item.role[:item.role.lower().find(
                                 kept.role.lower())])):
            kept.role = item.role  # "Chief" → "Chief of Defence Staff"
        if item.effective and (not kept.effective or (item.explicit and not kept.explicit)):
            kept.effective, kept.explicit = item.effective, item.explicit
    for ceremony in ceremonies:  # "… will take office when he is sworn in on Wednesday"
        for arrival in (t for t in merged if t.incoming == ceremony.incoming):
            if ceremony.effective and not arrival.explicit and (
                    ceremony.kind == "sworn_in" or not arrival.effective):
                arrival.effective = ceremony.effective  # the swearing-in starts the term
            if _ACT.get(ceremony.kind, 0) > _ACT.get(arrival.kind, 0):
                arrival.kind = ceremony.kind  # "took office" … "was sworn in by the mayor"
    arrivals = [t for t in merged if t.incoming]
    kept = []
    for item in merged:
        if not item.incoming:
            covering = [t for t in arrivals if _reports(t, item)]
            if not covering and _succeeds(arrivals, item):
                arrivals[0].org, arrivals[0].weak_org = item.org, item.weak_org
                guessed.discard(id(arrivals[0]))
                covering = arrivals
            if covering:
                for arrival in covering:
                    if arrival.outgoing is None and arrival.incoming != item.outgoing and (
                            _one_org(arrival.org, item.org) or arrival.evidence == item.evidence):
                        arrival.outgoing = item.outgoing
                    arrival.effective = arrival.effective or item.effective
                    if arrival.outgoing == item.outgoing and arrival.weak_org and \
                            not item.weak_org:  # "X will replace Y when he leaves Lancaster"
                        arrival.org, arrival.weak_org = item.org, False
                        guessed.discard(id(arrival))
                    if arrival.outgoing == item.outgoing:
                        arrival.role = arrival.role or item.role  # "He will be replaced by"
                continue
            if item.org is None:
                continue
        kept.append(item)
    # No organization or no post: nothing a channel could be told; one person cannot
    # succeed themselves.
    kept = [item for item in kept if item.org and item.incoming != item.outgoing]
    roles = [t.role for t in kept if t.role]
    for item in kept:
        item.role = item.role or (roles[0] if roles else None)
        if default_effective and not item.explicit:
            item.effective = default_effective
    # One person takes one post in most reports: a second reading of the same arrival
    # whose organization the sentence did not name is that person's other affiliation.
    strong = {t.incoming for t in kept if t.incoming and not t.weak_org}
    strong_said = {(t.incoming, t.evidence) for t in kept if not t.weak_org}
    kept = [t for t in kept if not (t.incoming in strong and (
        id(t) in guessed or (t.weak_org and (t.incoming, t.evidence) in strong_said)))]
    for item in kept:
        namesakes = sum(1 for other in cast.people if item.incoming and other != item.incoming
                        and other.split()[-1] == item.incoming.split()[-1])
        item.confidence = confidence(item, id(item) in guessed, published, namesakes)
    return [item for item in kept if (item.role or id(item) not in guessed)
            and not _history(item, published)
            and not (is_country(item.org) and not _STATE_ROLE.search(item.role or ""))]


def _reports(arrival: transitions.Transition, departure: transitions.Transition) -> bool:
    """Whether an arrival already tells of a departure: the same predecessor; the newcomer
    leaving the same organization (leaving another one that the sentence names is a fact of
    its own); or a post with no predecessor yet, at the same organization and in the same
    post, or in the same sentence."""
    if departure.outgoing == arrival.outgoing:
        return True
    if departure.outgoing == arrival.incoming:
        return departure.weak_org or same_org(arrival.org, departure.org)
    return arrival.outgoing is None and (
        (_one_org(arrival.org, departure.org) and same_post(arrival.role, departure.role))
        or arrival.evidence == departure.evidence)


def _succeeds(arrivals: list[transitions.Transition], departure: transitions.Transition
              ) -> bool:
    """The article's one arrival, placed in a country only (`the new leader of one of
    Britain's trade unions`), fills the post a named organization's holder leaves
    (`TGWU general secretary Bill Morris is retiring`)."""
    if len(arrivals) != 1 or arrivals[0].outgoing is not None or not departure.org:
        return False
    arrival = arrivals[0]
    return bool(is_country(arrival.org or "")) and not is_country(departure.org) and (
        not arrival.role or not departure.role or arrival.role.lower() == departure.role.lower())


# Posts a country has (its government, head of state, army, police); a chief executive or
# a coach "of Belgium" is a company's or a federation's whose name the text did not give.
_STATE_ROLE = re.compile(r"(?i)minister|president|premier|chancellor|king|queen|emir|sultan|"
                         r"taoiseach|secretary|attorney|ambassador|staff|adviser|advisor|"
                         r"inspector|governor|speaker|commander|chief\s+justice|head\s+of\s+"
                         r"(?:state|government)|leader|regent|envoy|ombudsman|auditor|comptroller|chief\s+of")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP).upper()


def _one_org(first: str | None, second: str | None) -> bool:
    """Both named, and one organization (`IOC`, `International Olympic Committee`)."""
    return bool(first and second and same_org(first, second))


def same_org(first: str | None, second: str | None) -> bool:
    """Whether two names may be one organization: either unknown, equal, one inside the
    other, or one the other's initials (`IOC`, `International Olympic Committee`)."""
    if first is None or second is None:
        return True
    a, b = normalize(first), normalize(second)
    return a == b or a in b or b in a or _initials(first) == second or \
        _initials(second) == first


_TAKES_EFFECT = re.compile(r"\b(?i:take|takes|took)\s+effect\b")
# "as his appointment takes effect from Feb 1": one person's date, not the article's
_OWN_EFFECT = re.compile(r"(?i)\b(?:his|her|whose)\s+(?:appointment|term|tenure|"
                         r"promotion)\s+(?:will\s+)?takes?\s+effect")


def _takes_effect(sentences: list[Sentence], published) -> str | None:
    """A date the whole article's changes take effect (`The changes take effect on
    Wednesday`), for transitions that give none of their own."""
    for sentence in sentences:
        if _TAKES_EFFECT.search(sentence.text) and not _OWN_EFFECT.search(sentence.text):
            date, explicit = transitions.effective_date(sentence.text, published, 0)
            if explicit:
                return date
    return None


_CEREMONY = re.compile(r"(?i)\bsworn\b|\bswearing|inaugurat|oath\s+of\s+office|took\s+"
                       r"the\s+oath")


def _ceremony(sentences: list[Sentence], published) -> str | None:
    """The day of the swearing-in or inauguration the article reports (`The inauguration
    ceremony began at 3pm on Sunday`, `was sworn in … this morning`), for the office holders
    it reports without a date of their own."""
    for sentence in sentences:
        if _CEREMONY.search(sentence.text):
            for found in find_dates(sentence.text, published):
                if found.date.precision == "day":
                    return found.date.iso()
    return None


def _frequent_orgs(body: str, cast: Cast) -> list[str]:
    """Organizations the article names at least twice, most named first: what an article
    that never says "of X" is about (`BHP announced …`, `BHP's shares …`)."""
    counts: Counter = Counter()
    for match in re.finditer(ORG_NAME, body):
        org = cast.organization(match.group(0))
        if org and not cast.person(org, register=False) and not is_country(org):
            counts[org] += 1
    return [org for org, count in counts.most_common(3) if count >= 2]


def _countries(text: str, unique: bool = True) -> list[str]:
    """Countries a headline or dateline names, by name or by demonym (every mention when
    not `unique`)."""
    found = []
    for word in re.findall(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?", text):
        country = is_country(word) or is_country(word.split()[0])
        if country and (country not in found or not unique):
            found.append(country)
    return found


def _own_countries(sentence: str) -> list[str]:
    """Countries a sentence names, but not as the owner in a description (`Unison, the
    United Kingdom's largest trade union`)."""
    return _countries(re.sub(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?['’]s\b", " ", sentence))


def extract(document: Document, file: str, gazetteer: Gazetteer | None = None) -> Extraction:
    """Everything the article reports: transitions, prior roles, quotes and statements."""
    cast = Cast(gazetteer or Gazetteer.empty())
    published = Published.of(document.published) if document.published else None
    body = split(document.body)
    _register_people(body, cast)
    headline_orgs = [org for org in (cast.organization(m.group(0), in_slot=False)
                                     for m in re.finditer(ORG_NAME, document.headline))
                     if org and len(org.split()) <= 5]
    found: list[transitions.Transition] = []
    result = Extraction(file, document.published.iso() if document.published else None)
    previous_quote = None
    reading = Reading()  # who was described how, for `the spokesman said`
    # A quotation that runs over several paragraphs is one quote, its first paragraph's
    # part; the paragraphs that go on with it (each opened again, as news writing does)
    # are not quotes of their own, and the last one may say who spoke.
    running: quoting.Quote | None = None
    introduced_by: str | None = None  # "Prof VandeLinde said:" ends the sentence before
    last_paragraph = body[-1].paragraph if body else -1
    first_of = {}
    for sentence in body:
        first_of.setdefault(sentence.paragraph, sentence)
    for sentence in body:
        found.extend(transitions.find(sentence, cast, published))
        opens = first_of[sentence.paragraph] is sentence and sentence.text[:1] in '“"'
        if running is not None and first_of[sentence.paragraph] is sentence and not opens:
            running = None  # the run ended unclosed
        for quote in quoting.find(sentence, cast, reading, previous_quote, introduced_by):
            if running is not None and (opens or first_of[sentence.paragraph] is not sentence):
                if not quote.runs_on:  # closed: "… miss that,” she said.
                    if running.speaker is None and quote.speaker:
                        running.speaker = quote.speaker
                        result.quotes.append(running.as_json())
                    running = None
                continue
            if quote.runs_on:
                running = quote
                if sentence.paragraph == last_paragraph and not quote.kept_if_cut:
                    continue  # the text stops inside the quotation
            if quote.speaker or quote.by_nobody:
                result.quotes.append(quote.as_json())
                previous_quote = quote
        introduced_by = quoting.lead_in(sentence)
        result.statements.extend(stating.statements(sentence, cast))
        result.prior_roles.extend(stating.prior_roles(sentence, cast))
        # who the sentence is about, from the reporter's words only: a place in a quotation
        # ("gathered here in Lower Manhattan") is no one a later "he said" can mean
        told = transitions._QUOTED.sub(" ", sentence.text)
        if told.lstrip()[:1] not in '“"':
            subject = quoting._first_person(told, cast, subject_only=True)
            if subject:
                cast.mention(subject)
    fallback = headline_orgs + _countries(document.headline) + _countries(
        document.body[:120]) + _frequent_orgs(document.body, cast) + dateline_countries(
        f"{document.headline} {document.body[:120]}")
    listed = _listed(body, document, cast, published, found)
    in_lists = {(t.incoming, t.evidence) for t in listed}  # the list reads the post whole
    found = [t for t in found if (t.incoming, t.evidence) not in in_lists] + listed
    _posts_from_headline(found, document.headline)
    found += moves.leaving(body, found, cast, same_org)
    result.transitions = _merge(found, cast, fallback, _takes_effect(body, published),
                                published, lead_organization(document.headline, body, cast))
    withdrawn = called_off(body, cast)
    result.transitions = [t for t in result.transitions if t.incoming not in withdrawn]
    ceremony = _ceremony(body, published)
    for item in result.transitions:
        if ceremony and not item.effective and item.kind in ("sworn_in", "took_office"):
            item.effective = ceremony
    result.prior_roles = _unique(result.prior_roles, ("person", "org"))
    result.statements = _unique(result.statements, ("person", "kind", "text"))
    spelled = _spelled_out(document.text)
    for item in result.transitions:
        if item.org in spelled:
            item.org = spelled[item.org]
    named = [t.org for t in result.transitions if t.org] + [r["org"] for r in result.prior_roles]
    result.aliases = _acronyms(document.text, named)
    for short, name in spelled.items():
        if name in named:
            result.aliases.setdefault(name, []).append(short)
    return result


_VERB_HEAD = re.compile(r"(?i)\b(?:will\s+(?:now\s+)?|to\s+|now\s+)(?:head|lead)\b")  # a verb
_HEADLINE_POST = re.compile(rf"\b(?i:{ROLE_PATTERN})(?=s?\b)")  # "new Vice Chancellors"


def _posts_from_headline(found: list[transitions.Transition], headline: str) -> None:
    """An arrival whose sentence names no post takes the one post the headline names
    (`Boston swears in first new mayor` … `Marty Walsh was sworn in at Conte Forum`;
    `Six universities get new Vice Chancellors` … `X will now head Rongo, …`)."""
    posts = {match.group(0).lower() for match in _HEADLINE_POST.finditer(headline)}
    if len(posts) != 1:
        return
    post = posts.pop()
    for item in found:
        if item.incoming and not item.role and (
                item.ceremony or not _HEADLINE_POST.search(_VERB_HEAD.sub(" ", item.evidence))):
            item.role = post.title() if post.islower() else post


def _listed(body: list[Sentence], document: Document, cast: Cast, published,
            found: list[transitions.Transition]) -> list[transitions.Transition]:
    """Ministers and chiefs named in lists, with the article's country as organization
    and, when their sentence gives no date, the date of the ceremony the article reports."""
    listed = lists.find(body, document.headline, cast, published)
    if not listed:
        return []
    main = cast.main_organization()
    countries = ([main] if main and is_country(main) else []) + _countries(
        document.headline) + _countries(document.body[:300]) + [
        org for org in cast.organizations if is_country(org)] + [
        country for country, _ in Counter(_countries(document.body, unique=False)).most_common(1)
    ] + dateline_countries(f"{document.headline} {document.body[:120]}")
    if not countries:  # only lists that name each organization
        listed = [item for item in listed if item.org]
    ceremony = next((t.effective for t in found if t.effective and t.kind in (
        "sworn_in", "took_office", "elected") and not transitions._future(t.evidence)), None)
    for item in listed:
        item.org = item.org or countries[0]  # (none left without one when no country)
        item.effective = item.effective or ceremony
    return listed


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_STOP = {"of", "for", "and", "the", "de", "du", "des", "on", "in", "&"}


def _acronyms(text: str, organizations: list[str]) -> dict[str, list[str]]:
    """Organizations the article also names by their initials: `WTO` for the World Trade
    Organization."""
    present = set(_ACRONYM.findall(text))
    found = {}
    for name in organizations:
        initials = _initials(name)
        if len(name.split()) > 1 and initials in present:
            found[name] = [initials]
    return found


# "directors of the BC (Central Bank)": initials, then the name they stand for in brackets
_SPELLED = re.compile(r"\b(?P<short>[A-Z]{2,6})\s+\((?P<name>[A-Z][\w’'-]+(?:\s+(?:of|for|and|"
                      r"the|[A-Z][\w’'-]+)){1,6})\)")


def _spelled_out(text: str) -> dict[str, str]:
    """Initials the article spells out after them, in whatever order the words go
    (a translation's `BC (Central Bank)`)."""
    return {m["short"]: m["name"] for m in _SPELLED.finditer(text)
            if not is_country(m["name"]) and not is_country(m["short"])}


def _unique(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in key), row)
    return list(seen.values())

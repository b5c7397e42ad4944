"""Quotations and who said them: straight, curly and single quote marks, attributed before
or after, to a name or to a pronoun; full sentences and partial quotes alike.
Apostrophes (NATO's, the '90s, rock 'n' roll) are not quote marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.attribution import PERSON_NOUN, SAYS, Reading, titled_name
from extract.cast import NAME, Cast, drop_titles, strip_possessive
from extract.lexicon import REPORTING_PARTICIPLES, ROLE_PATTERN
from extract.sentences import Sentence

_SPANS = [
    re.compile(r'"(?P<text>[^"\n]{2,1500}?)"'),
    re.compile(r"“(?P<text>[^”\n]{2,1500}?)”"),
    # marks that do not pair up, as typed: “…" and "…”, and ''…'' for double quotes
    re.compile(r'“(?P<text>[^”"\n]{2,1500}?)"(?=[\s,.;:)]|$)'),
    re.compile(r"''(?P<text>[^'\n](?:[^'\n]|'(?!'))*?)''"),
    re.compile(r"(?<![\w’'])‘(?P<text>\S(?:[^‘’\n]|(?<=\w)’(?=\w)){0,600}?\S)’(?!\w)"),
    re.compile(r"(?<![\w’'‘])'(?P<text>[A-Za-z\"](?:[^'\n]|(?<=\w)'(?=\w)|(?<=\s)'n'(?=\s))"
               r"{0,600}?[^\s'])'(?!\w)"),
]
PRONOUNS = r"(?:he|she|they|He|She|They)"
_VERB = rf"(?:{SAYS}|{REPORTING_PARTICIPLES}|accused|accusing|praised|praising|" \
    r"criticized|criticised|criticizing|called|described|describing|urged|urging|" \
    r"according\s+to|in\s+the\s+words\s+of|dismissed|denied|rejected|hinted|branded|" \
    r"labell?ed|dubbed|termed|hailed|slammed|condemned|welcomed|thanked|claimed|suggested|" \
    r"paid\s+tribute)"
_ABBREVIATED = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Gen|Sen|Gov|Rep|Rev|Lt|Col|Capt|Cllr|Amb)\.?\s+)?"
_TITLED = rf"{_ABBREVIATED}(?:[a-z][\w-]*\s+){{0,3}}?"
_AFTER = re.compile(
    rf"^\s*[,:—–-]?\s*(?:(?P<verb1>{SAYS})\s+{_TITLED}(?P<name1>{NAME}|{PRONOUNS})"
    rf"|{_ABBREVIATED}(?P<name2>{NAME}|{PRONOUNS})(?:,[^,]{{1,80}},)?\s+(?:(?i:also|then|later)\s+)?"
    rf"(?P<verb2>{SAYS})"
    rf"|(?:his|her|their|the|a|[A-Z][\w-]*['’]s)\s+[\w\s-]{{1,40}}?,\s+{_TITLED}(?P<name3>{NAME}),?\s+"
    rf"(?:{SAYS}))\b")
# Attribution by description: `…," the former central banker said`, `said the new
# president` → the person the article is about at that point.
_DESCRIBED = re.compile(
    rf"^\s*[,:—–-]?\s*(?:(?:{SAYS})\s+the\s+(?:[\w-]+\s+){{0,4}}?(?:{PERSON_NOUN}|official)\b"
    rf"|the\s+(?:[\w-]+\s+){{0,4}}?{PERSON_NOUN}\s+(?:(?i:also|then|later)\s+)?(?:{SAYS}))\b",
    re.I)
# The same before the quote: `The Indian skipper elaborated: "…"`.
_DESCRIBED_BEFORE = re.compile(
    rf"\bthe\s+(?:[\w-]+\s+){{0,4}}?{PERSON_NOUN}\s+(?:(?i:also|then|later)\s+)?(?:{SAYS})"
    rf"\s*[:,]?\s*$", re.I)
# Said by a company, a bank or a spokesman the text does not name: the quote has no speaker.
_NOBODY = r"(?:the|a|an|its|his|her|[A-Z][\w-]*['’]s)\s+(?:[\w-]+\s+){0,3}?" \
    r"(?:company|group|bank|board|firm|ministry|government|organi[sz]ation|agency|fund|" \
    r"union|club|trust|charity|university|" \
    r"statement|release|spokesm[ae]n|spokeswom[ae]n|spokesperson|source|sources|family|" \
    r"committee|council|office|department|authority|court|party|presidency|police)"
_NOBODY_AFTER = re.compile(rf"^\s*[,:—–-]?\s*(?:(?:{SAYS})\s+{_NOBODY}\b|"
                           rf"{_NOBODY}\s+(?:(?i:also|then|later)\s+)?(?:{SAYS})\b|"
                           rf"(?:[A-Z][\w&.-]*\s+){{1,4}}(?:{SAYS})\b|"
                           rf"(?:it|It)\s+(?:also\s+)?(?:{SAYS})\b)")  # “…” it added
_NOBODY_BEFORE = re.compile(rf"\b{_NOBODY}\s+(?:(?:on|late|early)\s+\w+\s+|also\s+)?(?:{SAYS}|"
                            rf"clarified|dismissed|denied)\b[^\"“]{{0,60}}$", re.I)
_ACCORDING = re.compile(rf"^\s*,?\s*(?:according\s+to|[^,.;:\"“”]{{1,40}}?\bquoted)\s+"
                        rf"(?P<name>{NAME})")  # "…," the Times quoted Kahn as saying
# `…', said RCN General Secretary and Chief Executive, Pat Cullen.`: a long title, then
# the name that ends the attribution.
_AFTER_TITLE = re.compile(rf"^\s*[,:—–-]?\s*(?:{SAYS})\s+(?P<span>[^.;:\"“”()]{{1,90}})")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|President|Premier|Chancellor)\.?\s+$")


# `…," the central bank's board chair Neil Quigley said.` / `…," the BOJ said in a statement.`
_THE_NAME_AFTER = re.compile(
    rf"^\s*[,:—–-]?\s*(?:the|a|an|its|his|her|their|[A-Z][\w-]*['’]s)\s+"
    rf"(?:[^,.;:\"“”()]{{0,60}}?\s+)?"
    rf"(?P<name>{NAME})\s+(?:(?i:also|then|later)\s+)?(?:{SAYS})\b")


# Someone named by a first name after their tie to another: `his wife Eileen`.
_KIN = re.compile(r"\b(?:wife|husband|son|daughter|widow|widower|mother|father|brother|"
                  r"sister|spokes(?:man|woman|person))\s+$")


def _named_after_description(after: str, cast: Cast) -> tuple[str | None, bool] | None:
    """(speaker, said by an organization) for a description that ends in a name before
    the reporting verb; None when the attribution is not of that shape."""
    match = _THE_NAME_AFTER.match(after)
    if not match:
        return None
    person = cast.person(match["name"], register=False)
    if person and len(person.split()) > 1:
        return cast.person(match["name"]), False
    if person is None and _KIN.search(after[:match.start("name")]):
        return match["name"], False  # "his wife Eileen said"
    if person is None and cast.organization(match["name"]):
        return None, True
    return None


def _titled_speaker(after: str, cast: Cast) -> str | None:
    """The person a long title after the reporting verb leads to."""
    titled = _AFTER_TITLE.match(after)
    if not titled:
        return None
    span = titled["span"]
    for match in re.finditer(NAME, span):
        if re.match(r"\s*(?:[,;]|$)", span[match.end():]) and cast.person(
                match.group(0), register=False):
            return cast.person(match.group(0))
    return None


def _after_speaker(attributed: re.Match, cast: Cast) -> str | None:
    """Who the attribution after a quote names; a surname after an honorific when the
    article gives no fuller name (`said Mr. Bush`)."""
    group = next(g for g in ("name1", "name2", "name3", "name")
                 if attributed.groupdict().get(g))
    speaker = _speaker(attributed[group], cast)
    if speaker is None and _HONORIFIC.search(attributed.string[:attributed.start(group)]):
        return strip_possessive(attributed[group])
    return speaker
_BEFORE_VERB = re.compile(rf"\b{_VERB}\b", re.I)


@dataclass
class Quote:
    speaker: str | None
    text: str
    kind: str
    evidence: str
    by_nobody: bool = False  # said by an organization or an unnamed spokesman
    runs_on: bool = False  # opened and not closed: it goes on in the next paragraph
    # a quotation the reporter introduces whole (its own sentence, or after a colon), long
    # enough to keep when the text stops inside it: `… said: “Charlie Bean is a world cl`
    kept_if_cut: bool = False

    def as_json(self) -> dict:
        return {"speaker": self.speaker, "text": self.text, "kind": self.kind,
                "evidence": self.evidence}


def _speaker(name: str, cast: Cast) -> str | None:
    if re.fullmatch(PRONOUNS, name):
        return cast.last_person
    return cast.person(name)


# A name in a prepositional phrase or a second conjunct is not the clause's subject:
# `Writing to the Health Secretary Steve Barclay, …`, `paid homage to his friend John
# Prescott`, `was sworn in by Vermont Senator Bernie Sanders`.
_GOVERNED = re.compile(
    r"\b(?i:to|with|from|by|of|for|at|on|about|against|towards?|over|under|between|among|"
    r"including|alongside|than|like|via|into|behind|without|and|or|nor)\s+"
    r"(?:[a-z][\w’'-]*\s+){0,4}$")


# A lower-case post or trade before a name says it is a person's.
_DESCRIBED_BY = re.compile(rf"\b(?:analyst|economist|strategist|spokes(?:man|woman|person)|"
                           rf"lawyer|expert|professor|(?i:{ROLE_PATTERN}))\s+$")


def _governed(text: str, match: re.Match) -> bool:
    """A name after a preposition, or in the possessive (`On Looney’s appointment`)."""
    return bool(_GOVERNED.search(text[max(0, match.start() - 60):match.start()])
                or re.search(r"['’]s?$", match.group(0)))


def _first_person(text: str, cast: Cast, subject_only: bool = False) -> str | None:
    """The subject: the first person named in `text` outside a prepositional phrase, or the
    one a leading pronoun refers to; people the article has already introduced win over
    other capitalized pairs."""
    pronoun = re.search(rf"\b(?:{PRONOUNS}|Her|His)\b", text)
    candidates, free, titled = [], [], set()
    for match in re.finditer(NAME, text):
        if pronoun and pronoun.start() < match.start() and not candidates:
            return cast.last_person
        person = cast.person(match.group(0), register=False)
        if person:
            candidates.append(person)
            if not _governed(text, match) or _AGED.match(text, match.end()):
                free.append(person)  # "the case of Helen, 50, from Devon" introduces her
            if drop_titles(match.group(0))[1] or _DESCRIBED_BY.search(
                    text[max(0, match.start() - 40):match.start()]):
                titled.add(person)  # "Senator Jacinta Price", "analyst Greg Lawless"
    if subject_only and not free:
        return cast.last_person if pronoun else None  # only objects: no new subject
    candidates = free or candidates
    known = [person for person in candidates if person in cast.people or person in titled]
    if known or candidates:
        return (known or candidates)[0]
    return cast.last_person if pronoun else None


_AGED = re.compile(r", \d{1,2},")
_APPOSITION = re.compile(r",[^,]{1,90},\s*$")
_NAME_OR_PRONOUN = re.compile(rf"{NAME}|\b{PRONOUNS}\b")


def _last_person(text: str, cast: Cast) -> str | None:
    found = None
    for match in _NAME_OR_PRONOUN.finditer(text):
        person = _speaker(match.group(0), cast)
        if person:
            found = person
    return found


def speaker_before(before: str, cast: Cast) -> str | None:
    """The subject of the verb that introduces a quote: `Franca Rinaldi, head of the
    pilots' union, accused Moreau of "…"` → Franca Rinaldi; `… Nowicki said: '` → Nowicki."""
    verbs = list(_BEFORE_VERB.finditer(before))  # the one nearest the quote introduces it
    subject = before[:verbs[-1].start()] if verbs else before
    own = re.search(rf"({NAME})\s+(?:(?:also|then|later)\s+)?$", subject)
    if own and verbs and (verbs[-1].group(0).endswith("ing") or not _governed(subject, own)):
        # "with … chair Michael Sammells saying", "Whole Foods Co-CEO John Mackey says"
        person = cast.person(own.group(1)) or titled_name(own.group(1))  # "Sir Ian continues:"
        if person:
            return person
        if cast.organization(own.group(1), in_slot=False):
            return None  # "The ESU said he would …": the organization speaks, not "he"
    speaker = _subject(subject, before, cast)
    return cast.person(speaker) if speaker else None


def _subject(subject: str, before: str, cast: Cast) -> str | None:
    apposition = _APPOSITION.search(subject)
    if apposition:
        inner = apposition.group(0).strip(" ,")
        named = re.fullmatch(rf"(?:{_TITLED})?({NAME})", inner)
        if named and cast.person(named.group(1), register=False):
            return cast.person(named.group(1), register=False)  # "…, Pat Cullen, said:"
        person = _first_person(subject[:apposition.start()], cast)
        if person:
            return person
    return _first_person(subject, cast) or _first_person(before, cast)


def _clean(text: str, direct: bool) -> str:
    text = text.strip()
    if direct and text.endswith(","):
        return text[:-1] + "."
    return text.rstrip(",;:")


def _is_full(text: str) -> bool:
    return text[:1].isupper() and len(text.split()) >= 3


# A quotation that runs on into the next paragraph: opened, never closed in this one.
_OPEN_TO_END = re.compile(r'(?:^|(?<=[\s(]))[“"](?P<text>[^”"\n]{12,1500}?)\s*$')


def spans(text: str) -> list[re.Match]:
    """Quoted spans of a sentence, outermost only, in order."""
    found: list[re.Match] = []
    for pattern in _SPANS:
        for match in pattern.finditer(text):
            if not any(m.start() <= match.start() < m.end() for m in found):
                found.append(match)
    if text.count("“") > text.count("”") or (text.count('"') % 2 == 1 and "“" not in text):
        match = _OPEN_TO_END.search(text)
        if match and not any(m.start() <= match.start() < m.end() or
                             match.start() <= m.start() < match.end() for m in found):
            found.append(match)
    return sorted(found, key=lambda match: match.start())


_REPORTS = re.compile(rf"\b(?:{SAYS})\b(?!\s+by\b)")  # not "a move announced by X"


def lead_in(sentence: Sentence) -> str | None:
    """A sentence that introduces the quotation after it: `Prof VandeLinde said:`, or one
    that reports what someone said (`Grant Robertson says he fully accepts the result.`),
    whose speaker a quotation standing alone after it goes on from."""
    text = sentence.text.rstrip()
    if spans(text):
        return None
    if text.endswith(":") and _BEFORE_VERB.search(text):
        return text
    if _REPORTS.search(text) and not re.search("[\"“”‘]", text):
        return text
    return None


def _described(description: re.Match | None, cast: Cast, state: Reading) -> str | None:
    """The person a description names: the one it last described, else the one the
    article is about at that point."""
    if description is None:
        return None
    return state.descriptions.who(description.group(0)) or cast.last_person


def _described_nobody(nobody: re.Match | bool | None, state: Reading) -> str | None:
    """`the spokesman said` after the article named its spokesman."""
    if not isinstance(nobody, re.Match) or nobody.re is not _NOBODY_AFTER or not re.search(
            r"\bthe\b", nobody.group(0), re.I):
        return None
    return state.descriptions.who(nobody.group(0))


# A sentence whose subject is a description: `The Governor emphasized …, stating, “…”`.
_DESCRIBED_SUBJECT = re.compile(
    rf"^(?:[A-Z]\w+,\s+)?the\s+(?:[\w-]+\s+){{0,4}}?{PERSON_NOUN}(?:,[^,]{{1,80}},)?\s+"
    rf"(?:(?:also|then|later)\s+)?(?:{SAYS}|{_VERB}|\w+ed)\b", re.I)


def _speaker_before_quote(before: str, cast: Cast, state: Reading,
                          nobody: re.Match | bool | None) -> str | None:
    """Who the words before a quotation say is speaking."""
    if isinstance(nobody, re.Match) and nobody.re is _NOBODY_BEFORE:
        return None  # "Prescott's family also reflected …, noting, “…”"
    if not nobody and _DESCRIBED_SUBJECT.match(before):
        return _described(_DESCRIBED_SUBJECT.match(before), cast, state)
    speaker = speaker_before(before, cast)
    if speaker is None and not nobody:
        return _described(_DESCRIBED_BEFORE.search(before), cast, state)
    return speaker


def _by_them(attributed: re.Match) -> bool:
    """Attributed to `they`, who are the source of the quotation before, not a person."""
    return any(attributed.groupdict().get(group) in ("they", "They")
               for group in ("name1", "name2"))


def _introducer(introduced_by: str | None, cast: Cast) -> str | None:
    """Who the sentence before a quotation standing alone says is speaking."""
    return speaker_before(introduced_by.rstrip(" :"), cast) if introduced_by else None


def _subject_before(sentence: str, cast: Cast) -> str | None:
    """The person the sentence before a quotation standing alone is about, when that
    sentence quotes no one."""
    if not sentence or spans(sentence) or re.search("[\"“”‘]", sentence):
        return None
    return _first_person(sentence, cast, subject_only=True)


# A nickname quoted inside a name: `Sen. Jose “Jinggoy” Estrada`.
_NICKNAME = re.compile(r"\b(?P<first>[A-Z][a-z]+) [“\"‘'][A-Z][\w-]+[”\"’'] (?=[A-Z][a-z])")


def _without_nicknames(text: str, cast: Cast) -> str:
    """The sentence with quoted nicknames taken out of names, the names made known."""
    if not _NICKNAME.search(text):
        return text
    text = _NICKNAME.sub(r"\g<first> ", text)
    for match in re.finditer(NAME, text):
        cast.person(match.group(0))
    return text


def _named_within(quoted: str, speaker: str | None) -> bool:
    """Whether the quotation names the person guessed to have said it by surname alone
    (not inside another name: `George HW Bush` said by George W Bush)."""
    return bool(speaker) and re.search(
        rf"(?:^|[^\w\s]\s*|\b[a-z]\w*\s+){re.escape(speaker.split()[-1])}\b",
        quoted) is not None


def _introduced_whole(before: str, quoted: str) -> bool:
    """A quotation that is its own sentence or follows a colon, of four words or more."""
    return (not before.strip() or before.rstrip().endswith(":")) and len(quoted.split()) >= 4


@dataclass
class _Around:
    """What surrounds a quotation: the quote before it, the sentence before (and whether
    it introduces the quotation), and whether it is the sentence's first quotation."""

    previous: Quote | None
    introduced_by: str | None
    sentence_before: str
    first: bool


Nobody = re.Match | bool | None  # said by an organization or an unnamed spokesman


def _attribution_after(before: str, after: str, cast: Cast, state: Reading,
                       previous: Quote | None) -> tuple[str | None, object, Nobody]:
    """(speaker, the attribution after the quotation if any, nobody) from the words
    around the quotation that name who said it."""
    attributed: object = _AFTER.match(after) or _ACCORDING.match(after)
    nobody: Nobody = _NOBODY_AFTER.match(after) or _NOBODY_BEFORE.search(before)
    speaker = _after_speaker(attributed, cast) if isinstance(attributed, re.Match) else None
    if speaker is None and not nobody:
        speaker = _titled_speaker(after, cast)
        attributed = _AFTER_TITLE.match(after) if speaker else attributed
    described = None if attributed or nobody else _named_after_description(after, cast)
    if described:
        speaker, by_organization = described
        attributed = _THE_NAME_AFTER.match(after)
        nobody = nobody or by_organization
    if isinstance(attributed, re.Match) and previous and _by_them(attributed):
        speaker, nobody = previous.speaker, nobody or previous.by_nobody  # “…,” they added
    spokesman = _described_nobody(nobody, state) if speaker is None else None
    if spokesman:
        return spokesman, nobody, None
    return speaker, attributed, nobody


def _speaker_from_context(before: str, after: str, cast: Cast, state: Reading, nobody: Nobody,
                          around: _Around) -> tuple[str | None, Nobody]:
    """Who said a quotation that the words after it do not attribute: a description, the
    clause before it, or the sentence or quotation before."""
    alone = not before.strip() and not after.strip(" .,") and around.first
    previous = around.previous
    if not nobody and _DESCRIBED.match(after):
        return _described(_DESCRIBED.match(after), cast, state), nobody
    if _BEFORE_VERB.search(before):
        return _speaker_before_quote(before, cast, state, nobody), nobody
    if before.rstrip().endswith(":") and not nobody:
        return _first_person(before, cast, subject_only=True), nobody  # "in a post reading:"
    if alone and not nobody and _introducer(around.introduced_by, cast):
        return _introducer(around.introduced_by, cast), nobody
    if alone and _subject_before(around.sentence_before, cast):
        return _subject_before(around.sentence_before, cast), nobody  # "Lula warned …" “…”
    if not before.strip() and previous is not None and not after.strip(" .,"):
        # "…,” Toshiba said in a statement. “The company …”
        return previous.speaker, nobody or previous.by_nobody
    return None, nobody


def find(sentence: Sentence, cast: Cast, state: Reading, previous: Quote | None,
         introduced_by: str | None = None) -> list[Quote]:
    """Quotes in one sentence with their speakers; `introduced_by` is the sentence just
    before when it introduces a quotation (`… said:`) or reports someone's words."""
    quotes: list[Quote] = []
    text = _without_nicknames(sentence.text, cast)
    state.descriptions.learn(text, cast)
    sentence_before, state.previous_sentence = state.previous_sentence, text
    for match in spans(text):
        quoted = match["text"]
        if len(quoted.strip()) < 3 or quoted.strip().lower() in {"n", "em"} \
                or quoted.startswith("#"):  # a hashtag is a tag, not words said
            continue
        before, after = text[:match.start()], text[match.end():]
        speaker, attributed, nobody = _attribution_after(before, after, cast, state, previous)
        if not attributed:
            around = _Around(previous, introduced_by, sentence_before, not quotes)
            speaker, nobody = _speaker_from_context(before, after, cast, state, nobody, around)
            if _named_within(quoted, speaker):
                speaker, nobody = None, True  # “The board trusts Tweedie’s ability”
        stands_alone = not before.strip() or before.rstrip().endswith((":", ","))
        direct = _is_full(quoted) and (stands_alone or bool(attributed))
        quotes.append(Quote(speaker, _clean(quoted, direct), "direct" if direct else "partial",
                            sentence.text, speaker is None and bool(nobody),
                            match.re is _OPEN_TO_END, _introduced_whole(before, quoted)))
    return quotes

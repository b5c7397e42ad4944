"""Score `handover extract` output against the extraction development set.

`score(pairs)` takes `(expected, actual)` extraction objects (the contract's shape, see
`tests/extraction/README.md`) and returns `Scores`: precision/recall of transitions, prior
roles, quotes (by speaker) and statements, the accuracy of effective dates, the number of
transitions invented for articles that report none, and a per-article list of what was
missed, what was made up and what was matched but wrong.

Run it over the whole set with the extractor in this checkout::

    .venv/bin/python -m tests.extraction.scoring            # summary and per-article misses
    .venv/bin/python -m tests.extraction.scoring --json     # the scores as JSON
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEVSET = Path(__file__).resolve().parent / "devset"
"""The directory of articles (`NAME.txt` / `NAME.html`) and `NAME.expected.json` files."""

SCORED_STATEMENT_KINDS = frozenset({"priority", "accusation"})
"""Statement kinds the set annotates; predicted statements of other kinds are not scored."""

QUOTE_CONTAINMENT = 0.8
"""A quote text inside another matches when it is at least this share of the longer one."""

_HONORIFICS = frozenset(
    {"dr", "mr", "mrs", "ms", "sir", "dame", "prof", "professor", "lord", "lady"}
)
_ORG_STOPWORDS = frozenset(
    {"of", "the", "for", "and", "on", "in", "to", "de", "des", "du", "la", "le", "et"}
)
_UNDECOMPOSABLE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
)
_JOINERS = re.compile(r"[.'’`´]")
_SEPARATORS = re.compile(r"[^\w]+")
_QUOTE_MARKS = "\"'“”‘’«»„‚‹›"
_TRAILING = re.compile(r"[\s.,;:!?…" + re.escape(_QUOTE_MARKS) + r"]+$")
_LEADING = re.compile(r"^[\s" + re.escape(_QUOTE_MARKS) + r"]+")

Fact = dict[str, Any]
Extraction = dict[str, Any]


# --------------------------------------------------------------------------- names


def normalize_name(name: str | None) -> str:
    """Fold case, accents and punctuation, and drop a leading "the".

    `N.A.T.O.` → `nato`, `The World Bank` → `world bank`, `Okonjo-Iweala` → `okonjo iweala`.
    """
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    joined = _JOINERS.sub("", bare.casefold().translate(_UNDECOMPOSABLE))
    spaced = _SEPARATORS.sub(" ", joined.replace("_", " ")).strip()
    return spaced.removeprefix("the ")


def _person_tokens(name: str | None) -> list[str]:
    """The words of a person's normalized name, without leading honorifics (Dr, Sir...)."""
    tokens = normalize_name(name).split()
    while tokens and tokens[0] in _HONORIFICS:
        tokens = tokens[1:]
    return tokens


def person_matches(expected: str | None, actual: str | None) -> bool:
    """Whether two person names denote the same person.

    Equal after normalization, or one is a suffix of the other by words (`Rutte` and
    `Mark Rutte`, `Dr. Samuel Okafor-Lindqvist` and `Okafor-Lindqvist`). Two missing names
    (an unattributed quote, a vacancy) match each other; a missing and a present one do not.
    """
    if not expected and not actual:
        return True
    a, b = _person_tokens(expected), _person_tokens(actual)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[len(long_) - len(short) :] == short


def _initialisms(normalized: str, original: str) -> set[str]:
    """Acronyms a full organization name could be written as (`wto`, `oecd`, `icrc`)."""
    variants = {normalized}
    hyphen_joined = normalize_name(re.sub(r"(?<=\w)-(?=\w)", "", original))
    variants.add(hyphen_joined)
    found: set[str] = set()
    for variant in variants:
        words = variant.split()
        if len(words) < 2:
            continue
        found.add("".join(w[0] for w in words))
        found.add("".join(w[0] for w in words if w not in _ORG_STOPWORDS))
    return found


def org_matches(expected: str | None, actual: str | None) -> bool:
    """Whether two organization names denote the same organization.

    Equal after normalization; or one contains the other as whole words (`World Bank` and
    `World Bank Group`); or one is the initials of the other (`WTO` and `World Trade
    Organization`, `OECD` and `Organisation for Economic Co-operation and Development`).
    """
    a, b = normalize_name(expected), normalize_name(actual)
    if not a or not b:
        return False
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    compact_a, compact_b = a.replace(" ", ""), b.replace(" ", "")
    return compact_b in _initialisms(a, expected or "") or compact_a in _initialisms(
        b, actual or ""
    )


# --------------------------------------------------------------------------- quotes


def normalize_quote(text: str | None) -> str:
    """A quote's comparable form: no surrounding marks or trailing punctuation, folded case,
    typographic apostrophes and quotes made plain, runs of whitespace made one space."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKC", text)
    plain = plain.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    plain = _LEADING.sub("", _TRAILING.sub("", plain))
    return re.sub(r"\s+", " ", plain).casefold()


def quote_text_matches(expected: str | None, actual: str | None) -> bool:
    """Whether two quote texts are the same quote: equal after `normalize_quote`, or one
    contains the other and is at least `QUOTE_CONTAINMENT` of its length."""
    a, b = normalize_quote(expected), normalize_quote(actual)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short in long_ and len(short) >= QUOTE_CONTAINMENT * len(long_)


# --------------------------------------------------------------------------- matching

Predicate = Callable[[Fact, Fact], bool]


def _match(
    expected: Sequence[Fact], actual: Sequence[Fact], passes: Sequence[Predicate]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching, pass by pass: each pass pairs still-unmatched expected
    facts with the first still-unmatched actual fact its predicate accepts. Earlier passes
    are stricter, so that an exact pair is never taken away by a looser one."""
    pairs: list[tuple[int, int]] = []
    used_e: set[int] = set()
    used_a: set[int] = set()
    for accepts in passes:
        for i, exp in enumerate(expected):
            if i in used_e:
                continue
            for j, act in enumerate(actual):
                if j not in used_a and accepts(exp, act):
                    pairs.append((i, j))
                    used_e.add(i)
                    used_a.add(j)
                    break
    return sorted(pairs)


def _same_transition(e: Fact, a: Fact) -> bool:
    """Same organization and same incoming person; with no incoming person on either side
    (a departure without a named successor), the same outgoing person instead."""
    if not org_matches(e.get("org"), a.get("org")):
        return False
    if e.get("incoming") or a.get("incoming"):
        return person_matches(e.get("incoming"), a.get("incoming"))
    return person_matches(e.get("outgoing"), a.get("outgoing"))


def _same_transition_and_outgoing(e: Fact, a: Fact) -> bool:
    """`_same_transition` that also agrees on the outgoing person."""
    return _same_transition(e, a) and person_matches(e.get("outgoing"), a.get("outgoing"))


def _same_quote_exact(e: Fact, a: Fact) -> bool:
    return normalize_quote(e.get("text")) == normalize_quote(a.get("text")) != ""


def _same_quote_exact_speaker(e: Fact, a: Fact) -> bool:
    return _same_quote_exact(e, a) and person_matches(e.get("speaker"), a.get("speaker"))


def _same_quote_speaker(e: Fact, a: Fact) -> bool:
    return quote_text_matches(e.get("text"), a.get("text")) and person_matches(
        e.get("speaker"), a.get("speaker")
    )


def _same_quote(e: Fact, a: Fact) -> bool:
    return quote_text_matches(e.get("text"), a.get("text"))


def _same_prior_role(e: Fact, a: Fact) -> bool:
    return person_matches(e.get("person"), a.get("person")) and org_matches(
        e.get("org"), a.get("org")
    )


def _same_statement(e: Fact, a: Fact) -> bool:
    return e.get("kind") == a.get("kind") and person_matches(e.get("person"), a.get("person"))


# --------------------------------------------------------------------------- results


def ratio(numerator: int, denominator: int) -> float:
    """`numerator / denominator`, and 1.0 when there is nothing to count (0 / 0)."""
    return numerator / denominator if denominator else 1.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class ArticleReport:
    """What went wrong in one article, as short human-readable lines."""

    file: str
    misses: list[str] = field(default_factory=list)
    """Expected facts the extraction did not produce."""
    false_positives: list[str] = field(default_factory=list)
    """Produced facts that match nothing expected."""
    errors: list[str] = field(default_factory=list)
    """Matched facts with a wrong detail: effective date, kind, speaker; the published date."""

    @property
    def clean(self) -> bool:
        """True when nothing was missed, made up or wrong."""
        return not (self.misses or self.false_positives or self.errors)


@dataclass
class Scores:
    """Scores over a list of articles. Ratios with nothing to count are 1.0."""

    articles: int
    transition_precision: float
    transition_recall: float
    transition_f1: float
    effective_accuracy: float
    """Share of matched transitions whose `effective` is exactly the expected string."""
    kind_accuracy: float
    """Share of matched transitions whose `kind` is the expected one (informational)."""
    quote_speaker_precision: float
    """Matched predicted quotes with the right speaker / all predicted quotes."""
    quote_speaker_recall: float
    """Expected quotes matched with the right speaker / all expected quotes."""
    quote_text_recall: float
    """Expected quotes matched by text, whatever the speaker / all expected quotes."""
    prior_role_precision: float
    prior_role_recall: float
    statement_precision: float
    statement_recall: float
    published_accuracy: float
    """Share of articles whose `published` date is the expected one."""
    invented_transitions: int
    """Transitions predicted for articles whose expected transition list is empty."""
    counts: dict[str, int] = field(default_factory=dict)
    reports: list[ArticleReport] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The scores as plain data (for `--json`)."""
        return asdict(self)

    def summary(self, details: bool = True) -> str:
        """A readable report: the scores, then each article's problems."""
        lines = [
            f"articles                 {self.articles}",
            f"transitions   P {self.transition_precision:.3f}  R {self.transition_recall:.3f}"
            f"  F1 {self.transition_f1:.3f}",
            f"effective date accuracy  {self.effective_accuracy:.3f}",
            f"transition kind accuracy {self.kind_accuracy:.3f}",
            f"quote speakers P {self.quote_speaker_precision:.3f}  "
            f"R {self.quote_speaker_recall:.3f}  (text recall {self.quote_text_recall:.3f})",
            f"prior roles   P {self.prior_role_precision:.3f}  R {self.prior_role_recall:.3f}",
            f"statements    P {self.statement_precision:.3f}  R {self.statement_recall:.3f}",
            f"published date accuracy  {self.published_accuracy:.3f}",
            f"invented transitions     {self.invented_transitions}",
            "counts                   "
            + ", ".join(f"{key} {value}" for key, value in self.counts.items()),
        ]
        if details:
            for report in self.reports:
                if report.clean:
                    continue
                lines.append(f"\n{report.file}")
                lines += [f"  missed  {line}" for line in report.misses]
                lines += [f"  extra   {line}" for line in report.false_positives]
                lines += [f"  wrong   {line}" for line in report.errors]
        return "\n".join(lines)


def _describe_transition(t: Fact) -> str:
    return (
        f"transition {t.get('incoming')} <- {t.get('outgoing')} | {t.get('org')} "
        f"{t.get('role')} | {t.get('effective')} {t.get('kind')}"
    )


def _describe_quote(q: Fact) -> str:
    text = str(q.get("text") or "")
    short = text if len(text) <= 60 else text[:57] + "..."
    return f"quote {q.get('speaker')}: {short!r}"


def _describe_prior_role(p: Fact) -> str:
    return (
        f"prior role {p.get('person')} | {p.get('role')} | {p.get('org')} | "
        f"{p.get('start')}-{p.get('end')}"
    )


def _describe_statement(s: Fact) -> str:
    return f"statement {s.get('person')} {s.get('kind')}: {s.get('text')!r}"


def _facts(extraction: Extraction, key: str) -> list[Fact]:
    """The list under `key`, tolerating a missing key, None and non-dict entries."""
    return [item for item in extraction.get(key) or [] if isinstance(item, dict)]


def score(pairs: list[tuple[Extraction, Extraction]]) -> Scores:
    """Score `(expected, actual)` extraction objects, one pair per article."""
    n: dict[str, int] = dict.fromkeys(
        [
            "t_exp",
            "t_pred",
            "t_match",
            "t_eff",
            "t_kind",
            "q_exp",
            "q_pred",
            "q_text",
            "q_speaker",
            "p_exp",
            "p_pred",
            "p_match",
            "s_exp",
            "s_pred",
            "s_match",
            "pub",
        ],
        0,
    )
    invented = 0
    reports: list[ArticleReport] = []

    for expected, actual in pairs:
        actual = actual or {}
        report = ArticleReport(str(expected.get("file") or actual.get("file") or "?"))
        reports.append(report)

        if expected.get("published") == actual.get("published"):
            n["pub"] += 1
        else:
            report.errors.append(
                f"published: expected {expected.get('published')}, got {actual.get('published')}"
            )

        # transitions
        exp_t, act_t = _facts(expected, "transitions"), _facts(actual, "transitions")
        matched = _match(exp_t, act_t, [_same_transition_and_outgoing, _same_transition])
        n["t_exp"] += len(exp_t)
        n["t_pred"] += len(act_t)
        n["t_match"] += len(matched)
        if not exp_t:
            invented += len(act_t)
        for i, j in matched:
            e, a = exp_t[i], act_t[j]
            if e.get("effective") == a.get("effective"):
                n["t_eff"] += 1
            else:
                report.errors.append(
                    f"effective of {e.get('incoming') or e.get('outgoing')} "
                    f"at {e.get('org')}: expected {e.get('effective')}, "
                    f"got {a.get('effective')}"
                )
            if e.get("kind") == a.get("kind"):
                n["t_kind"] += 1
            else:
                report.errors.append(
                    f"kind of {e.get('incoming') or e.get('outgoing')} "
                    f"at {e.get('org')}: expected {e.get('kind')}, "
                    f"got {a.get('kind')}"
                )
        _report_unmatched(report, exp_t, act_t, matched, _describe_transition)

        # quotes
        exp_q, act_q = _facts(expected, "quotes"), _facts(actual, "quotes")
        matched = _match(
            exp_q,
            act_q,
            [_same_quote_exact_speaker, _same_quote_exact, _same_quote_speaker, _same_quote],
        )
        n["q_exp"] += len(exp_q)
        n["q_pred"] += len(act_q)
        n["q_text"] += len(matched)
        for i, j in matched:
            e, a = exp_q[i], act_q[j]
            if person_matches(e.get("speaker"), a.get("speaker")):
                n["q_speaker"] += 1
            else:
                report.errors.append(
                    f"speaker of {_describe_quote(e)[6:]}: expected "
                    f"{e.get('speaker')}, got {a.get('speaker')}"
                )
        _report_unmatched(report, exp_q, act_q, matched, _describe_quote)

        # prior roles
        exp_p, act_p = _facts(expected, "prior_roles"), _facts(actual, "prior_roles")
        matched = _match(exp_p, act_p, [_same_prior_role])
        n["p_exp"] += len(exp_p)
        n["p_pred"] += len(act_p)
        n["p_match"] += len(matched)
        _report_unmatched(report, exp_p, act_p, matched, _describe_prior_role)

        # statements (only the annotated kinds are scored)
        exp_s = [
            s for s in _facts(expected, "statements") if s.get("kind") in SCORED_STATEMENT_KINDS
        ]
        act_s = [s for s in _facts(actual, "statements") if s.get("kind") in SCORED_STATEMENT_KINDS]
        matched = _match(exp_s, act_s, [_same_statement])
        n["s_exp"] += len(exp_s)
        n["s_pred"] += len(act_s)
        n["s_match"] += len(matched)
        _report_unmatched(report, exp_s, act_s, matched, _describe_statement)

    t_precision, t_recall = ratio(n["t_match"], n["t_pred"]), ratio(n["t_match"], n["t_exp"])
    return Scores(
        articles=len(pairs),
        transition_precision=t_precision,
        transition_recall=t_recall,
        transition_f1=f1(t_precision, t_recall),
        effective_accuracy=ratio(n["t_eff"], n["t_match"]),
        kind_accuracy=ratio(n["t_kind"], n["t_match"]),
        quote_speaker_precision=ratio(n["q_speaker"], n["q_pred"]),
        quote_speaker_recall=ratio(n["q_speaker"], n["q_exp"]),
        quote_text_recall=ratio(n["q_text"], n["q_exp"]),
        prior_role_precision=ratio(n["p_match"], n["p_pred"]),
        prior_role_recall=ratio(n["p_match"], n["p_exp"]),
        statement_precision=ratio(n["s_match"], n["s_pred"]),
        statement_recall=ratio(n["s_match"], n["s_exp"]),
        published_accuracy=ratio(n["pub"], len(pairs)),
        invented_transitions=invented,
        counts={
            "expected transitions": n["t_exp"],
            "predicted transitions": n["t_pred"],
            "expected quotes": n["q_exp"],
            "predicted quotes": n["q_pred"],
            "expected prior roles": n["p_exp"],
            "predicted prior roles": n["p_pred"],
            "expected statements": n["s_exp"],
            "predicted statements": n["s_pred"],
        },
        reports=reports,
    )


def _report_unmatched(
    report: ArticleReport,
    expected: Sequence[Fact],
    actual: Sequence[Fact],
    matched: list[tuple[int, int]],
    describe: Callable[[Fact], str],
) -> None:
    """Add the unmatched expected facts to the misses and the unmatched actual ones to the
    false positives."""
    hit_e = {i for i, _ in matched}
    hit_a = {j for _, j in matched}
    report.misses += [describe(f) for i, f in enumerate(expected) if i not in hit_e]
    report.false_positives += [describe(f) for j, f in enumerate(actual) if j not in hit_a]


# --------------------------------------------------------------------------- the devset


@dataclass
class DevArticle:
    """One article of the development set and its expected extraction."""

    path: Path
    expected: Extraction

    @property
    def published_arg(self) -> str | None:
        """The `--published` date to pass, for articles that carry no date of their own."""
        return self.expected.get("published_arg")


def load_devset(directory: Path = DEVSET) -> list[DevArticle]:
    """Every `NAME.expected.json` in `directory` with the article it describes, by name."""
    articles = []
    for expected_path in sorted(directory.glob("*.expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        articles.append(DevArticle(directory / expected["file"], expected))
    return articles


def extract_command(article: DevArticle) -> list[str]:
    """The `handover extract` command line for one article."""
    command = [sys.executable, "-m", "bot", "extract", str(article.path), "--json"]
    if article.published_arg:
        command += ["--published", article.published_arg]
    return command


def parse_extraction(stdout: str) -> Extraction:
    """The extraction object in `handover extract --json` output: a JSON object, a
    one-element list, or the first line of JSON lines."""
    text = stdout.strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = json.loads(text.splitlines()[0])
    if isinstance(data, list):
        data = data[0] if data else {}
    return data if isinstance(data, dict) else {}


def run_extractor(article: DevArticle, cwd: Path | None = None) -> Extraction:
    """Run `handover extract` on one article; a failed run counts as an empty extraction."""
    done = subprocess.run(
        extract_command(article),
        capture_output=True,
        text=True,
        cwd=cwd or DEVSET.parent.parent.parent,
        timeout=120,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        sys.stderr.write(
            f"{article.path.name}: extract failed ({done.returncode}) "
            f"{done.stderr.strip()[-300:]}\n"
        )
        return {"file": article.path.name}
    return parse_extraction(done.stdout)


def main(argv: list[str] | None = None) -> int:
    """Run the extractor over the development set and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET, help="directory of the set")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--brief", action="store_true", help="no per-article details")
    args = parser.parse_args(argv)
    articles = load_devset(args.devset)
    scores = score([(article.expected, run_extractor(article)) for article in articles])
    if args.json:
        print(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(scores.summary(details=not args.brief))
    return 0


if __name__ == "__main__":
    sys.exit(main())

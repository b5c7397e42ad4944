"""Quotes on shapes real news uses (texts written for these tests): a quotation standing
alone after a sentence that reports its speaker's words, quotations cut off by the end of
an excerpt, attribution by description and by honorific."""

from __future__ import annotations

from extract import extract, read
from store import PartialDate

PUBLISHED = PartialDate.parse("2024-03-06")


def _speakers(text: str) -> list[tuple[str | None, str]]:
    quotes = extract(read(text, PUBLISHED), "a.txt").as_json()["quotes"]
    return [(q["speaker"], q["text"][:16]) for q in quotes]


def test_a_quotation_alone_goes_on_from_the_sentence_that_reports_its_speaker():
    text = ("Union vote\n"
            "Dara Quill won the ballot on Monday.\n"
            "Tomas Heller says he fully accepts the result.\n"
            "\"Dara Quill has my full support as our new leader.\"\n")
    assert _speakers(text) == [("Tomas Heller", "Dara Quill has m")]


def test_a_quotation_alone_after_a_description_keeps_the_previous_speaker():
    text = ("Quill vows to fight on\n"
            "\"We will win,\" said Senator Dara Quill.\n"
            "The veteran leader also promised to fight on.\n"
            "\"We will respond to hate with love and to lies with the truth.\"\n")
    assert _speakers(text) == [("Dara Quill", "We will win."),
                               ("Dara Quill", "We will respond ")]


def test_an_organization_that_says_a_quotation_is_not_overruled_by_the_sentence_before():
    text = ("Bank\n"
            "Governor Dara Quill said rates would stay.\n"
            "\"The decision was unanimous,\" the bank said.\n")
    assert _speakers(text) == [(None, "The decision was")]


def test_an_honorific_with_a_full_stop_before_the_surname_names_the_speaker():
    text = ("Mayor backs commissioner\n"
            "Mayor Dara Quill swore in the new commissioner on Monday.\n"
            "“She can do the job,” Mr. Quill said of the commissioner.\n")
    assert _speakers(text) == [("Dara Quill", "She can do the j")]

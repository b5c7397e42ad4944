"""Names of people (`extract/cast.py`) in shapes real news uses; the snippets are written
for these tests and the people in them are invented."""

from __future__ import annotations

import pytest

from extract import extract, read
from extract.cast import Cast, Gazetteer, drop_titles
from store import PartialDate

PUBLISHED = PartialDate.parse("2024-03-06")


def _cast(*people: str) -> Cast:
    cast = Cast(Gazetteer.empty())
    for name in people:
        assert cast.person(name) == name
    return cast


def _speakers(text: str) -> list[tuple[str | None, str]]:
    quotes = extract(read(text, PUBLISHED), "a.txt").as_json()["quotes"]
    return [(q["speaker"], q["text"][:16]) for q in quotes]


@pytest.mark.parametrize("text", ["Bill Harlow", "Act Tremaine"])
def test_a_documents_head_noun_first_is_a_given_name(text):
    assert _cast().person(text) == text


@pytest.mark.parametrize("text", ["the Housing Bill", "Clean Water Act", "Paris Agreement"])
def test_a_documents_head_noun_last_names_no_one(text):
    assert _cast().person(text) is None


@pytest.mark.parametrize("text, name, title", [
    ("Secretary of State Dana Morrow", "Dana Morrow", "Secretary of State"),
    ("Secretary of State Morrow", "Morrow", "Secretary of State"),
    ("Minister of Foreign Affairs Lena Voss", "Lena Voss", "Minister of Foreign Affairs"),
    ("Governor of the Bank of Arland Ken Obi", "Ken Obi", "Governor of the Bank of Arland"),
    ("President of Kenya", "Kenya", "President"),
])
def test_a_titles_of_phrase_stays_in_the_title(text, name, title):
    assert drop_titles(text) == (name, title)


@pytest.mark.parametrize("text, name", [
    ("JD Harrow", "JD Harrow"), ("Sen. KT Pagdanganan", "KT Pagdanganan"),
    ("Vice President RJ Almeda", "RJ Almeda"), ("A.G. Farrow", "A.G. Farrow"),
])
def test_initials_begin_a_name(text, name):
    assert _cast().person(text) == name


@pytest.mark.parametrize("text", ["UN Women", "BP Board", "IOC Session", "PM Obi"])
def test_two_capitals_of_a_body_or_a_title_are_no_initials(text):
    assert _cast().person(text) is None


def test_a_title_acronym_before_a_surname_is_the_person_named_before():
    cast = _cast("DK Marwah")
    assert cast.person("CJI Marwah") == "DK Marwah"


def test_a_body_the_article_names_after_a_post_is_no_person_with_initials():
    cast = _cast()
    cast.employers.add("HP Lorne")
    assert cast.person("HP Lorne") is None


def test_a_headline_word_after_a_name_is_not_part_of_it():
    assert _cast().person("A.G. Farrow Interview") == "A.G. Farrow"


def test_an_article_before_one_word_is_a_paper_unless_a_surname_named_before():
    assert _cast().person("Le Courrier") is None
    assert _cast("Anne Le Brun").person("Le Brun") == "Anne Le Brun"


def test_one_word_with_an_age_after_it_is_a_person_the_pronoun_then_means():
    text = ("Families struggle\n"
            "The charity told the story of Maren, 41, from Kent, who cares for her son.\n"
            "“Some weeks there is nothing left for food,” she said.\n")
    assert _speakers(text) == [("Maren", "Some weeks there")]


def test_initials_and_a_given_name_that_is_a_noun_are_speakers():
    text = ("Vote count\n"
            "A jubilant Bill Harlow, leader of the opposition, declared: \"The party is "
            "back.\"\n"
            "Senator JD Harrow called the ruling \"a gift to the cartels\".\n")
    assert _speakers(text) == [("Bill Harlow", "The party is bac"),
                               ("JD Harrow", "a gift to the ca")]


def test_a_departure_at_a_named_body_is_the_arrival_placed_only_in_a_country():
    text = ("Union picks leader\n"
            "LONDON, March 6, 2024 - Left-winger Tom Pryce has been chosen to become the new "
            "leader of one of Britain's oldest trade unions.\n"
            "FWU general secretary Ray Dunmore is retiring from his post after ten years.\n")
    found = extract(read(text, PUBLISHED), "a.txt").as_json()["transitions"]
    assert [(t["incoming"], t["outgoing"], t["org"]) for t in found] == [
        ("Tom Pryce", "Ray Dunmore", "FWU")]


@pytest.mark.parametrize("text, name", [
    ("State Dana Morrow", "Dana Morrow"), ("House Speaker Tim Lowe", "Tim Lowe"),
    ("North Korea Kim Ro Han", "North Korea Kim Ro Han"),  # a country stays whole
])
def test_a_word_that_names_no_one_before_a_name_ends_an_office(text, name):
    assert drop_titles(text)[0] == name


def test_a_long_title_with_of_before_the_speaker():
    text = ("Agency under watch\n"
            "Secretary of State Dana Morrow called the agency's move \"a step too far\".\n")
    assert _speakers(text) == [("Dana Morrow", "a step too far")]


@pytest.mark.parametrize("short", ["Maren", "Okafor", "Minister Okafor"])
def test_a_first_name_or_surname_alone_is_the_person_named_before(short):
    assert _cast("Maren Okafor").person(short) == "Maren Okafor"

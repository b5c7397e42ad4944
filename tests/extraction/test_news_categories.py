"""Kinds of sentence that report no transition, or one less surely than it seems, and kinds
that report one the extractor used to miss (issue 12, branch news-7): each test is a
category, not a sentence, written for these tests with invented people and organizations."""

from __future__ import annotations

import pytest

from bot.articles import AUTO_ACCEPT_CONFIDENCE
from extract import extract, read
from store import PartialDate

PUBLISHED = PartialDate.parse("2025-05-23")


def _found(sentence: str) -> list[dict]:
    return extract(read("Headline\n\n" + sentence + "\n", PUBLISHED), "a.txt").as_json()[
        "transitions"]


@pytest.mark.parametrize("sentence", [
    "Shareholders called on Petr Halas to resign as chief executive of Orvane Systems.",
    "Opposition leaders urged Petr Halas to step down as prime minister of Estonia.",
    "Petr Halas threatened to resign as chairman of Orvane Systems.",
    "Petr Halas offered to resign as chairman of Orvane Systems, but the board refused.",
    "Marta Quental declined an offer to become chief executive of Orvane Systems.",
    "Marta Quental has refused to replace Petr Halas as coach of Tallin FC.",
    "Petr Halas wants to become chairman of Orvane Systems.",
    "Marta Quental launched a bid to become leader of the Estonian Labour Party.",
    "Marta Quental is seeking to succeed Petr Halas as mayor of Tartu.",
    "The board proposed that Marta Quental replace Petr Halas as chair of Orvane Systems.",
])
def test_what_is_wanted_asked_refused_or_proposed_did_not_happen(sentence):
    assert _found(sentence) == []


def test_what_did_happen_after_a_wish_is_still_reported():
    found = _found("Petr Halas, who had wanted to retire, was replaced by Marta Quental as "
                   "chief executive of Orvane Systems on Monday.")
    assert [(t["incoming"], t["outgoing"]) for t in found] == [("Marta Quental", "Petr Halas")]


def test_a_question_reports_nothing():
    assert _found("Will Marta Quental replace Petr Halas as coach of Tallin FC?") == []


@pytest.mark.parametrize("sentence", [
    "Marta Quental would succeed Petr Halas as chief executive of Orvane Systems if the "
    "board approves the deal.",
    "If Petr Halas resigns, Marta Quental will take over as chief executive of Orvane "
    "Systems.",
    "President Ilona Varga nominated Marta Quental as governor of the Bank of Estonia on "
    "Tuesday.",
])
def test_a_condition_or_a_nomination_is_below_the_feed_threshold(sentence):
    from bot.articles import AUTO_ACCEPT_CONFIDENCE
    found = _found(sentence)
    assert found and all(t["confidence"] < AUTO_ACCEPT_CONFIDENCE for t in found)


def test_a_nomination_that_is_approved_is_an_appointment():
    found = _found("The Senate confirmed Marta Quental, nominated by President Ilona Varga, "
                   "as governor of the Bank of Estonia on Tuesday.")
    from bot.articles import AUTO_ACCEPT_CONFIDENCE
    assert [t["incoming"] for t in found] == ["Marta Quental"]
    assert found[0]["confidence"] >= AUTO_ACCEPT_CONFIDENCE


@pytest.mark.parametrize("sentence", [
    "Marta Quental was to have succeeded Petr Halas as chairman of Orvane Systems.",
    "Marta Quental was due to take over as chief executive of Orvane Systems, but the deal "
    "collapsed.",
    "The court blocked the appointment of Marta Quental as chief executive of Orvane Systems.",
    "Marta Quental's election as mayor of Tartu was annulled by the court.",
])
def test_a_plan_that_did_not_come_true_or_was_blocked_is_no_transition(sentence):
    assert _found(sentence) == []


def test_a_past_plan_without_its_outcome_is_below_the_feed_threshold():
    from bot.articles import AUTO_ACCEPT_CONFIDENCE
    found = _found("Marta Quental had been expected to replace Petr Halas as coach of "
                   "Tallin FC.")
    assert all(t["confidence"] < AUTO_ACCEPT_CONFIDENCE for t in found)


@pytest.mark.parametrize(("sentence", "effective"), [
    ("Marta Quental was sworn in as president of Estonia on Friday (May 16).", "2025-05-16"),
    ("Marta Quental was sworn in as president of Estonia on Monday (12 May 2025).",
     "2025-05-12"),
    ("Marta Quental will take over as chief executive of Orvane Systems at the end of the "
     "month.", "2025-05"),
    ("Marta Quental will take over as chief executive of Orvane Systems at the end of next "
     "month.", "2025-06"),
    ("Marta Quental took over as chief executive of Orvane Systems two weeks ago.", "2025-05"),
    ("Marta Quental took over as chief executive of Orvane Systems three weeks ago.",
     "2025-05"),
    ("Marta Quental took over as chief executive of Orvane Systems six weeks ago.", "2025-04"),
    ("Marta Quental was sworn in as president of Estonia earlier this week.", "2025-05"),
])
def test_relative_dates_resolve_against_the_publication_date(sentence, effective):
    (found,) = _found(sentence)
    assert found["effective"] == effective


def test_joining_as_its_head_is_an_arrival_and_joining_as_one_of_many_is_not():
    (found,) = _found("Marta Quental has joined Orvane Systems as chief executive.")
    assert (found["incoming"], found["org"], found["role"], found["kind"]) == (
        "Marta Quental", "Orvane Systems", "Chief Executive", "took_office")
    assert _found("Marta Quental joined Orvane Systems as a non-executive director.") == []
    assert _found("Marta Quental joined Orvane Systems as an engineer in 1998.") == []


@pytest.mark.parametrize("sentence", [
    "Newly appointed Orvane Systems chief executive Marta Quental took office on Tuesday.",
    "Incoming Orvane Systems chief executive Marta Quental will start on Monday.",
])
def test_how_new_a_post_is_is_no_part_of_the_organization(sentence):
    (found,) = _found(sentence)
    assert (found["incoming"], found["org"]) == ("Marta Quental", "Orvane Systems")


def test_a_place_called_new_keeps_its_name():
    (found,) = _found("New Zealand Prime Minister Marta Quental was sworn in on Tuesday.")
    assert found["org"] == "New Zealand"


@pytest.mark.parametrize("sentence", [
    "Marta Quental is Orvane Systems' new chief executive.",
    "Marta Quental is the new chief executive of Orvane Systems.",
])
def test_the_new_holder_named_with_a_possessive_or_an_of_is_dated_to_the_news(sentence):
    (found,) = _found(sentence)
    assert (found["incoming"], found["org"], found["role"], found["effective"]) == (
        "Marta Quental", "Orvane Systems", "Chief Executive", "2025-05-23")


@pytest.mark.parametrize(("sentence", "org", "role"), [
    ("Orvane Systems promoted Marta Quental to chief executive.", "Orvane Systems",
     "Chief Executive"),
    ("Kelt Media promoted Marta Quental, general manager of the Tartu Herald, to the post of "
     "editor.", "Tartu Herald", "Editor"),
    ("Marta Quental was promoted to the position of chief executive of Orvane Systems.",
     "Orvane Systems", "Chief Executive"),
])
def test_a_promotion_is_an_appointment_within_the_body_the_person_works_for(
        sentence, org, role):
    (found,) = _found(sentence)
    assert (found["incoming"], found["org"], found["role"], found["kind"]) == (
        "Marta Quental", org, role, "appointed")


@pytest.mark.parametrize(("sentence", "role", "effective"), [
    ("Petr Halas was stripped of his chairman role at Orvane Systems in October.",
     "Chairman", "2024-10"),
    ("Petr Halas was removed as chief executive of Orvane Systems on Monday.",
     "Chief Executive", "2025-05-19"),
    ("Petr Halas was relieved of his duties as coach of Tallin FC.", "Coach", None),
    ("Petr Halas was forced out as chief executive of Orvane Systems.", "Chief Executive",
     None),
])
def test_a_removal_is_a_departure_dated_in_the_past(sentence, role, effective):
    (found,) = _found(sentence)
    assert (found["outgoing"], found["role"], found["kind"], found["effective"]) == (
        "Petr Halas", role, "stepped_down", effective)


def test_removed_from_a_list_is_no_departure():
    assert _found("Petr Halas was removed from the list of candidates.") == []


@pytest.mark.parametrize("sentence", [
    "Businesswoman Marta Quental has been appointed chief executive of Orvane Systems.",
    "Entrepreneur Marta Quental took over as chairman of Orvane Systems on Monday.",
    "Billionaire Marta Quental was named chairman of Tallin FC.",
    "Veteran diplomat Marta Quental was appointed ambassador to Estonia.",
])
def test_a_trade_said_before_the_name_is_no_part_of_it(sentence):
    (found,) = _found(sentence)
    assert found["incoming"] == "Marta Quental"


@pytest.mark.parametrize("sentence", [
    "Marta Quental said she would step down as chairman of Orvane Systems in June.",
    "Marta Quental said on Monday that she would step down as chairman of Orvane Systems.",
    "Marta Quental announced that she will retire as chairman of Orvane Systems.",
    "Marta Quental told reporters she had resigned as chairman of Orvane Systems.",
])
def test_the_pronoun_after_a_speaker_is_the_speaker(sentence):
    (found,) = _found(sentence)
    assert (found["outgoing"], found["org"], found["kind"]) == (
        "Marta Quental", "Orvane Systems", "stepped_down")


def test_a_speaker_named_before_someone_else_is_not_taken_for_the_pronoun():
    found = _found("Petr Halas is chairman of Orvane Systems. Marta Quental said she would "
                   "step down as chief executive of Orvane Systems in June.")
    assert [t["outgoing"] for t in found] == ["Marta Quental"]


@pytest.mark.parametrize("sentence", [
    "Marta Quental is in line to become chairman of Orvane Systems.",
    "Marta Quental is the favourite to replace Petr Halas as coach of Tallin FC.",
    "Marta Quental has been shortlisted to succeed Petr Halas as chief executive of Orvane "
    "Systems.",
    "Marta Quental, tipped to succeed Petr Halas as chairman of Orvane Systems, declined to "
    "comment.",
])
def test_a_candidate_is_no_transition(sentence):
    assert _found(sentence) == []


def test_a_candidate_who_was_then_appointed_is_reported():
    (found,) = _found("Marta Quental, the favourite to replace Petr Halas, was appointed "
                      "chairman of Orvane Systems on Monday.")
    assert (found["incoming"], found["kind"], found["effective"]) == (
        "Marta Quental", "appointed", "2025-05-19")


@pytest.mark.parametrize("sentence", [
    "Marta Quental will leave Kelt Media to become chief executive of Orvane Systems.",
    "Marta Quental quit as editor of the Tartu Herald to become chairman of Orvane Systems.",
    "Marta Quental, who joined Kelt Media to become its editor, was named chairman of "
    "Orvane Systems.",
])
def test_the_body_someone_leaves_or_joins_is_no_person(sentence):
    found = _found(sentence)
    assert found
    assert {t["incoming"] for t in found} <= {"Marta Quental", None}
    assert {t["outgoing"] for t in found} <= {"Marta Quental", None}


@pytest.mark.parametrize(("sentence", "effective"), [
    ("On Monday, Kelt Media announced that Marta Quental will take over as chairman of "
     "Orvane Systems.", None),
    ("On Monday, Kelt Media announced that Marta Quental will take over as chairman of "
     "Orvane Systems in July.", "2025-07"),
    ("On Monday, Marta Quental took over as chairman of Orvane Systems.", "2025-05-19"),
])
def test_a_date_opening_the_sentence_before_its_speaker_is_when_it_was_said(
        sentence, effective):
    (found,) = _found(sentence)
    assert found["effective"] == effective


@pytest.mark.parametrize("sentence", [
    "The son of Marta Quental, Petr Halas, became chairman of Orvane Systems on Monday.",
    "A close ally of Marta Quental, Petr Halas, became chairman of Orvane Systems on Monday.",
])
def test_the_person_a_newcomer_is_kin_or_ally_of_is_not_the_newcomer(sentence):
    (found,) = _found(sentence)
    assert (found["incoming"], found["effective"]) == ("Petr Halas", "2025-05-19")


def test_a_date_in_a_whom_clause_is_not_the_transitions():
    (found,) = _found("Marta Quental, whom Petr Halas appointed chief executive of Orvane "
                      "Systems in 2019, resigned on Monday.")
    assert (found["outgoing"], found["effective"]) == ("Marta Quental", "2025-05-19")


@pytest.mark.parametrize("sentence", [
    "Marta Quental was appointed chief executive of Orvane Systems' Estonian unit.",
    "Marta Quental was appointed chief executive of Orvane Systems' Baltic arm on Monday.",
])
def test_a_post_at_a_part_of_a_body_is_the_bodys_name_below_the_threshold(sentence):
    (found,) = _found(sentence)
    assert found["org"] == "Orvane Systems"
    assert found["confidence"] < AUTO_ACCEPT_CONFIDENCE


def test_a_country_that_owns_the_post_in_so_many_words_is_named_not_guessed():
    (found,) = _found("Estonia's new Finance Minister Marta Quental was sworn in on Monday.")
    assert (found["org"], found["role"]) == ("Estonia", "Finance Minister")
    assert found["confidence"] >= AUTO_ACCEPT_CONFIDENCE


@pytest.mark.parametrize("sentence", [
    "Estonia finance minister Marta Quental resigned on Monday.",
    "Estonian finance minister Marta Quental resigned on Monday.",
])
def test_a_lower_case_portfolio_before_the_name_is_the_whole_post(sentence):
    (found,) = _found(sentence)
    assert (found["outgoing"], found["org"], found["role"]) == (
        "Marta Quental", "Estonia", "Finance Minister")


@pytest.mark.parametrize("sentence", [
    "According to sources, Petr Halas will step down as chairman of Orvane Systems.",
    "Sources said Petr Halas will step down as chairman of Orvane Systems.",
    "Petr Halas will step down as chairman of Orvane Systems, insiders told the Tartu Herald.",
])
def test_what_unnamed_sources_say_is_below_the_threshold(sentence):
    assert all(t["confidence"] < AUTO_ACCEPT_CONFIDENCE for t in _found(sentence))


def test_in_the_running_is_a_candidate():
    assert _found("Petr Halas is in the running to become chairman of Orvane Systems.") == []

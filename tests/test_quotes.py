"""`/quotes` and `/profile`: what people said, with context and source."""

import pytest


def test_rutte_has_both_of_his_quotes_with_their_source(ask):
    answer = ask("/quotes rutte")
    assert "“We must achieve victory for Ukraine.” — Mark Rutte, 1 Oct 2024" in answer
    assert "‘decisive facilitator’" in answer
    assert "Mark Rutte Assumes Leadership of NATO" in answer


def test_stoltenberg_said_safe_hands(ask):
    answer = ask("/quotes stoltenberg")
    assert "‘safe hands’ — Jens Stoltenberg" in answer
    assert "victory" not in answer


def test_about_narrows_to_the_topic(ask):
    answer = ask("/quotes rutte about:china")
    assert "decisive facilitator" in answer
    assert "victory" not in answer


def test_about_a_word_not_an_entity_searches_text_and_context(ask):
    assert "decisive facilitator" in ask("/quotes rutte about:inaugural")


def test_free_text_search(ask):
    answer = ask('/quotes rutte search:"achieve victory"')
    assert "victory for Ukraine" in answer
    assert "decisive" not in answer


@pytest.mark.parametrize("query", ['NEAR("a" OR', "victory*) AND -", "'; DROP TABLE quotes;--",
                                   '"', "^^^"])
def test_search_operators_and_sql_are_inert(handover, query):
    result = handover("ask", f"/quotes rutte search:{query!r}")
    assert result.code in (0, 1)
    assert "Traceback" not in result.out + result.err
    assert "We must achieve victory" in handover("ask", "/quotes rutte").out


def test_no_match_is_said_plainly(handover):
    result = handover("ask", "/quotes rutte search:bananas")
    assert result.out.strip() == "No quotes by Mark Rutte matching 'bananas' are known."


def test_profile_lists_positions_priorities_accusation_and_quotes(ask):
    answer = ask("/profile rutte")
    assert "Position: Secretary General of NATO since 1 October 2024" in answer
    assert "Position: Prime Minister of the Netherlands from 14 October 2010 to 2 July 2024 " \
           "(14 years)" in answer
    assert "Priority: increasing defense spending" in answer
    assert "Accusation: accused China of being a 'decisive facilitator'" in answer
    assert "Quote: “We must achieve victory for Ukraine.”" in answer


def test_history_lists_every_secretary_general_in_order(ask):
    answer = ask("/history nato")
    expected = ["Lord Ismay", "Paul-Henri Spaak", "Dirk Stikker", "Manlio Brosio",
                "Joseph Luns", "Lord Carrington", "Manfred Wörner", "Willy Claes",
                "Javier Solana", "Lord Robertson", "Jaap de Hoop Scheffer",
                "Anders Fogh Rasmussen", "Jens Stoltenberg", "Mark Rutte"]
    positions = [answer.index("— Secretary General of NATO", answer.index(name))
                 for name in expected]
    assert positions == sorted(positions)
    assert "Sergio Balanzino — acting Secretary General" in answer


def test_recent_is_newest_first_and_can_be_limited_to_one_organization(ask):
    answer = ask("/recent")
    assert answer.index("John Ternus") < answer.index("Mark Rutte took over")
    nato = ask("/recent org:nato")
    assert "Mark Rutte took over from Jens Stoltenberg as Secretary General of NATO" in nato
    assert "Apple" not in nato.split("Sources:")[0]

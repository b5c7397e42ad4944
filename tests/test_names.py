"""Names as users type them: aliases, case, accents, punctuation, and suggestions."""


import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import names
from store.normalize import normalize
from tests import engines


@pytest.mark.parametrize("name", [
    "nato", "NATO", "N.A.T.O.", "north atlantic treaty organization", "OTAN",
    "the Alliance", "  North   Atlantic Treaty Organization ", "Organisation du Traité de "
    "l'Atlantique Nord",
])
def test_every_form_of_natos_name_resolves_to_nato(ask, name):
    assert "Who leads NATO" in ask(f'/who-leads "{name}"')


def test_accents_fold_both_ways(ask):
    assert "Manfred Wörner" in ask("/who-leads nato on:1990-01-01")
    assert "Secretary General of NATO" in ask("/profile manfred worner")


def test_an_unknown_name_gets_a_suggestion(handover):
    result = handover("ask", "/who-leads natoo")
    assert result.out.strip() == "I don't know 'natoo' — did you mean NATO?"
    assert result.code == 1


def test_a_name_with_nothing_close_says_so_plainly(ask):
    assert ask("/who-leads qwzxv").strip() == "I don't know 'qwzxv'."


def test_a_person_given_where_an_organization_is_wanted_is_pointed_to_profile(ask):
    assert ask("/who-leads rutte").strip() == "Mark Rutte is a person; try /profile rutte."


def test_surnames_find_people(ask):
    assert ask("/profile stoltenberg").startswith("Jens Stoltenberg")


async def test_completion_offers_nato_first_for_nat(store):
    names = [entity.name for entity in store.complete("nat", "organization")]
    assert names[0] == "NATO"


async def test_completion_is_capped(store):
    assert len(store.complete("a", limit=5)) == 5


@given(st.text(max_size=60))
def test_normalizing_is_idempotent_and_folds_case(text):
    once = normalize(text)
    assert normalize(once) == once
    assert normalize(text.upper()) == normalize(text.lower()) or not text.isascii()


@pytest.mark.parametrize(("raw", "norm"), [
    ("N.A.T.O.", "nato"), ("The Alliance", "alliance"), ("Wörner", "worner"),
    ("Ban Ki-moon", "ban ki moon"), ("U.N.", "un"), ("Apple Inc.", "apple inc"),
])
def test_normal_forms(raw, norm):
    assert normalize(raw) == norm


def crowd_with_names_like_nato(store_path, count: int) -> None:
    """Fill the store with organizations whose names share pieces with 'natoo'."""
    first = engines.query(store_path, "SELECT max(id) FROM entities")[0][0] + 1
    names = [(first + n, f"Natoli Atoll Authority {n}") for n in range(count)]
    engines.execute(store_path, "INSERT INTO entities (id, kind, name)"
                    " VALUES (?, 'organization', ?)", names)
    engines.execute(store_path, "INSERT INTO aliases (entity_id, alias, norm) VALUES (?, ?, ?)",
                    [(id_, name, normalize(name)) for id_, name in names])


def test_a_suggestion_that_misses_its_time_limit_is_left_out_not_waited_for(
        handover, store_path, monkeypatch):
    crowd_with_names_like_nato(store_path, 100_000)
    monkeypatch.setattr(names, "SUGGESTION_TIME_LIMIT_S", 0.0)
    result = handover("ask", "/who-leads natoo")
    assert result.out.strip() == "I don't know 'natoo'."
    assert result.code == 1
    monkeypatch.setattr(names, "SUGGESTION_TIME_LIMIT_S", 60.0)
    assert "did you mean" in handover("ask", "/who-leads natoo").out

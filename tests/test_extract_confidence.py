"""The confidence of a transition drops for what real news showed to go wrong among the
surest readings (texts written for these tests)."""

from __future__ import annotations

from extract import extract, read
from extract.confidence import described, generic, possessive_post
from extract.transitions import Transition
from store import PartialDate

PUBLISHED = PartialDate.parse("2024-03-06")  # a Wednesday


def _found(text: str) -> list[dict]:
    return [t.as_json() for t in extract(read(text, PUBLISHED), "a.txt").transitions]


def _confidence(text: str, incoming: str) -> float:
    return next(t["confidence"] for t in _found(text) if t["incoming"] == incoming)


def test_a_generic_organization_is_less_sure_than_a_named_one():
    assert generic("Police Department") and generic("Education") and generic("Commission")
    assert not generic("Harbour City Police Department") and not generic("Norges Bank")
    vague = _confidence("New commissioner\nMara Holt was sworn in on Monday as the 12th "
                        "commissioner of the Police Department.\n", "Mara Holt")
    named = _confidence("New commissioner\nMara Holt was sworn in on Monday as the 12th "
                        "commissioner of the Harbour City Police Department.\n", "Mara Holt")
    assert vague < 0.7 <= named


def test_a_description_is_not_a_name():
    assert described("Europe", "the new leader of Europe's biggest economy")
    assert not described("Army", "the Army's highest ranking officials attended")


def test_a_predecessor_in_the_possessive_is_not_a_post():
    misread = Transition("Mervyn", "King", "Mark Carney", None, None, "appointed",
                         "Mark Carney has been named as Mervyn King's successor at the Bank.")
    assert possessive_post(misread)
    read_well = Transition("Bank of Tarn", "Governor", "Mark Carney", None, None, "appointed",
                           "Mark Carney has been named Governor of the Bank of Tarn.")
    assert not possessive_post(read_well)


def test_a_body_inside_a_larger_organization_and_a_hedge_lower_the_confidence():
    sub_body = _confidence("Appointments\nThe board appointed Rhea Vos as Chair of the "
                           "Markets Committee on Monday, replacing Tom Lund.\n", "Rhea Vos")
    whole = _confidence("Appointments\nThe board of Tarn Holdings appointed Rhea Vos as Chair "
                        "of Tarn Holdings on Monday, replacing Tom Lund.\n", "Rhea Vos")
    assert sub_body < whole
    hedged = _confidence("Bank chief\nIvo Lind is set to take over as governor of Norges "
                         "Bank on Monday, replacing Per Dahl.\n", "Ivo Lind")
    plain = _confidence("Bank chief\nIvo Lind will take over as governor of Norges Bank "
                        "on Monday, replacing Per Dahl.\n", "Ivo Lind")
    assert hedged < plain


def test_a_country_guessed_while_the_sentence_names_another_is_less_sure():
    text = ("Zuma at the ceremony\nSouth African President Jacob Zuma attended.\n"
            "Dos Santos's reign over Angola ended on Tuesday when Joao Lourenco was sworn in "
            "as president.\n")
    found = [t for t in _found(text) if t["incoming"] == "Joao Lourenco"]
    assert all(t["confidence"] < 0.7 or t["org"] == "Angola" for t in found)

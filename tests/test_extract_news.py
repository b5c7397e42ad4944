"""The extractor on shapes real news uses (texts written for these tests): cabinets sworn
in as lists, appointment lists, titles before names, rumours, and the confidence."""

from __future__ import annotations

from extract import extract, read
from store import PartialDate

PUBLISHED = PartialDate.parse("2024-03-06")  # a Wednesday


def _transitions(text: str) -> list[dict]:
    return [t.as_json() for t in extract(read(text, PUBLISHED), "a.txt").transitions]


def test_a_cabinet_sworn_in_gives_one_transition_per_minister_of_the_country():
    found = _transitions(
        "Valdoria's new cabinet sworn in\n"
        "Ministers of the new Estonian cabinet took their oath of office on Wednesday.\n"
        "The cabinet includes Finance Minister Marta Kivi, Foreign Minister Jaak Tamm and "
        "Defence Minister Liis Org.\n")
    assert {(t["incoming"], t["org"], t["kind"]) for t in found} == {
        ("Marta Kivi", "Estonia", "sworn_in"), ("Jaak Tamm", "Estonia", "sworn_in"),
        ("Liis Org", "Estonia", "sworn_in")}
    assert {t["effective"] for t in found} == {"2024-03-06"}


def test_an_appointment_list_gives_each_person_their_post():
    found = _transitions(
        "Service chiefs replaced\n"
        "President Amadu Bello of Ghana on Monday appointed Kofi Mensah as Chief of Defence "
        "Staff, Yaw Boateng as Chief of Army Staff and Ama Owusu as Inspector-General of "
        "Police.\n")
    assert {(t["incoming"], t["role"]) for t in found} == {
        ("Kofi Mensah", "Chief of Defence Staff"), ("Yaw Boateng", "Chief of Army Staff"),
        ("Ama Owusu", "Inspector-General of Police")}
    assert {t["org"] for t in found} == {"Ghana"}


def test_a_title_before_the_name_is_not_part_of_it():
    (found,) = _transitions(
        "Comoros leader takes over AU chair\n"
        "Comorian President Azali Assoumani was elected chairman of the African Union on "
        "Sunday, succeeding Senegal's Macky Sall.\n")
    assert (found["incoming"], found["org"]) == ("Azali Assoumani", "African Union")


def test_rumours_and_reports_are_not_transitions():
    assert _transitions(
        "Carmaker to meet\n"
        "Lindqvist Motors said its board would meet on Friday after media reports that chief "
        "executive Hanna Berg will step down.\n"
        "Analysts said finance chief Ola Dahl could become chief executive.\n") == []


def test_every_transition_has_a_confidence_and_a_named_organization_scores_higher():
    named, = _transitions(
        "Bank names governor\n"
        "Elin Strand was appointed governor of Norges Bank on Monday, replacing Per Dahl.\n")
    assert 0.8 <= named["confidence"] <= 1

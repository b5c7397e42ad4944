"""Shapes of news phrasing found among the real-news development split's half A misses
(branch news-6), each written as a rule for the shape; the snippets are written for these
tests and the people and organizations in them are invented."""

from __future__ import annotations

from extract import extract, read
from extract.cast import Cast, Gazetteer, drop_titles
from extract.posts import same_post
from store import PartialDate

PUBLISHED = PartialDate.parse("2025-05-23")


def _transitions(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    facts = extract(read(text, PUBLISHED), "a.txt").as_json()["transitions"]
    return [(t["incoming"], t["outgoing"], t["org"], t["role"]) for t in facts]


def test_a_country_and_title_before_a_surname_leave_the_surname():
    assert drop_titles("Estonia PM Varga") == ("Varga", "Estonia PM")
    cast = Cast(Gazetteer.empty())
    assert cast.person("Estonia PM Varga") is None  # no fuller name yet
    assert cast.person("Prime Minister Ilona Varga") == "Ilona Varga"
    assert cast.person("Estonia PM Varga") == "Ilona Varga"


def test_a_descriptor_before_a_name_is_no_part_of_it():
    cast = Cast(Gazetteer.empty())
    assert cast.person("York-based Brightwave") is None
    assert cast.person("Lisbon-born Marta Quental") == "Marta Quental"


def test_a_headline_surname_is_the_sworn_in_leader_named_in_the_body():
    text = ("Estonia PM Varga sworn in after election win\n\n"
            "Estonia Prime Minister Ilona Varga was sworn in as prime minister on Friday.\n")
    assert [t[0] for t in _transitions(text)] == ["Ilona Varga"]


def test_one_post_is_one_post_in_its_short_and_long_names():
    assert same_post("CEO", "Chief Executive Officer")
    assert same_post("interim chair", "Chairman")
    assert same_post(None, "CFO")
    assert same_post("Head", "Director-General")
    assert not same_post("CFO", "Chief Accounting Officer")


def test_a_stand_in_for_another_post_is_no_successor_of_the_one_who_leaves():
    text = ("Orvane Systems finance chief to resign\n\n"
            "Jana Rusk, chief financial officer of Orvane Systems, will resign at the end of "
            "October, the company said.\n"
            "Until Orvane Systems finds a new CFO, Petr Halas, the company's controller, will "
            "step in as chief accounting officer.\n")
    found = _transitions(text)
    assert ("Petr Halas", None, "Orvane Systems", "Chief Accounting Officer") in found
    assert any(t[0] is None and t[1] == "Jana Rusk" for t in found)


def test_initials_before_an_organization_word_are_no_honorific():
    assert Cast(Gazetteer.empty()).organization("the MS Society") == "MS Society"


def test_leaving_one_post_to_take_the_reins_elsewhere_is_two_facts():
    text = ("Hospice charity names new chief\n\n"
            "Irene Doyle is to leave her post as chief executive of the Asthma Trust to take "
            "the reins at the Harbour Hospice Foundation.\n")
    found = _transitions(text)
    assert ("Irene Doyle", None, "Harbour Hospice Foundation", "Chief Executive") in found
    assert (None, "Irene Doyle", "Asthma Trust", "Chief Executive") in found


def test_a_description_before_the_opening_organization_leaves_it_the_articles():
    text = ("Finance chief quits\n\n"
            "Struggling logistics group Carrow Freight has lost its chief financial officer, "
            "Dan Ives, who is stepping down after six years.\n"
            "His deputy once worked at Belmont Logistics Group.\n")
    assert [(t[1], t[2]) for t in _transitions(text)] == [("Dan Ives", "Carrow Freight")]


def test_initials_spelled_out_in_brackets_after_them_name_the_organization():
    text = ("Economist takes office at the bank\n\n"
            "Economist Ana Lima took office on Tuesday as director of the BC (Central Bank).\n")
    assert [(t[0], t[2]) for t in _transitions(text)] == [("Ana Lima", "Central Bank")]


def test_a_plural_trade_before_names_is_no_part_of_the_first():
    assert drop_titles("Economists Ana Lima") == ("Ana Lima", "Economists")


def test_the_post_a_newcomer_holds_now_is_no_departure_unless_told_as_one():
    # our set's convention: "is currently Provost of Y" reports no transition
    text = ("Kelmscott names president\n\n"
            "Kelmscott University has appointed Dr. Rosa Vidal its next president.\n"
            "Vidal is currently President of Harrow State University.\n")
    assert [t[1] for t in _transitions(text)] == [None]


def test_joining_from_where_he_has_been_in_post_is_leaving_it():
    text = ("Dunmore names vice-chancellor\n\n"
            "Dunmore University has appointed Professor Tom Reyes as its next Vice-Chancellor.\n"
            "Reyes will join Dunmore from the University of Keswick where he has been "
            "Vice-Chancellor since 2015.\n")
    assert (None, "Tom Reyes", "University of Keswick", "Vice-Chancellor") in _transitions(text)


def test_joining_from_elsewhere_is_no_departure_of_someone_arriving_nowhere():
    text = ("Keswick news\n\n"
            "Tom Reyes joins the Dunmore Rowing Club from the University of Keswick where he "
            "has been chief executive.\n")
    assert _transitions(text) == []


def test_a_name_in_lower_case_with_its_initials_after_it_is_an_organization():
    text = ("Chairman sworn in\n\n"
            "President Ada Bello has sworn in Femi Okoro as the new chairman of the federal "
            "roads safety board (RSB) on Wednesday, March 29.\n")
    found = _transitions(text)
    assert [(t[0], t[2]) for t in found] == [("Femi Okoro", "Roads Safety Board")]


def test_where_an_organization_is_based_is_no_part_of_its_name():
    cast = Cast(Gazetteer.empty())
    assert cast.organization("New York-based Brightwave Inc") == "Brightwave Inc"


def test_an_appointment_the_article_calls_off_is_no_transition():
    text = ("Brightwave scraps finance chief plan\n\n"
            "Brightwave will not move forward with its plan to install former banker Nora Hale "
            "as its new finance chief, the company said Tuesday.\n"
            "Brightwave announced in May that it had appointed Hale as its new chief financial "
            "officer.\n")
    assert _transitions(text) == []


def test_a_stand_in_who_filled_in_or_filled_shoes_took_the_post():
    text = ("Dean named\n\n"
            "Professor Lea Brandt filled in as interim president of Dunmore University.\n"
            "Professor Omar Wade filled Brandt's shoes as interim dean of the Dunmore Law "
            "School.\n")
    found = _transitions(text)
    assert ("Lea Brandt", None, "Dunmore University", "President") in found
    assert ("Omar Wade", "Lea Brandt", "Dunmore Law School", "Dean") in found


def test_the_post_someone_held_then_taken_over_by_another_is_a_succession():
    text = ("Police chief sworn in\n\n"
            "Until his promotion, Ivo Marek was serving as the Commandant of the Lakeside Police "
            "Academy, the position that has now been taken over by former police spokesperson "
            "Dana Kovac.\n")
    assert ("Dana Kovac", "Ivo Marek", "Lakeside Police Academy", "Commandant") in \
        _transitions(text)


def test_reported_speech_that_someone_would_be_leaving_is_a_departure():
    text = ("Orvane Systems finance chief to go\n\n"
            "Orvane Systems said Mark Tull would be leaving the company after the move to the "
            "new CFO role.\n")
    assert any(t[1] == "Mark Tull" for t in _transitions(text))


def test_a_company_officers_short_title_before_a_name_is_a_title():
    assert drop_titles("Orvane Systems CFO Mark Tull") == ("Mark Tull", "Orvane Systems CFO")
    text = "Orvane Systems news\n\nOrvane Systems CFO Mark Tull will step down.\n"
    assert (None, "Mark Tull", "Orvane Systems", "CFO") in _transitions(text)

"""Who said a quotation, on shapes real news uses (texts written for these tests): the
subject of the clause that introduces it, not a name in a prepositional phrase, a
possessive or an agent; long titles and honorifics after the quote."""

from __future__ import annotations

from extract import extract, read
from store import PartialDate

PUBLISHED = PartialDate.parse("2024-03-06")


def _speakers(text: str) -> list[tuple[str | None, str]]:
    quotes = extract(read(text, PUBLISHED), "a.txt").as_json()["quotes"]
    return [(q["speaker"], q["text"][:16]) for q in quotes]


def test_a_participial_opening_names_someone_else_than_the_speaker():
    text = ("Nurses reject offer\n"
            "Writing to the Health Secretary Lena Marsh, the union's general secretary, Tom "
            "Reyes, said: “What has been offered is simply not enough.”\n")
    assert _speakers(text) == [("Tom Reyes", "What has been of")]


def test_the_subject_speaks_not_the_person_in_the_object():
    text = ("Tributes paid\n"
            "Former premier Ann Wells paid homage to her friend and deputy Tom Reyes, noting "
            "there was \"no one quite like him in politics\".\n"
            "Prime Minister Karl Osei also shared his thoughts on Reyes’s death noting, “We "
            "woke today to the sad news.”\n")
    assert _speakers(text) == [("Ann Wells", "no one quite lik"), ("Karl Osei", "We woke today to")]


def test_a_name_just_before_a_participle_is_its_subject():
    text = ("Bonus withheld\n"
            "Chief executive Tom Reyes had his bonus withheld, with the committee chair Ann "
            "Wells saying the group's performance \"remains below plan\".\n")
    assert _speakers(text) == [("Ann Wells", "remains below pl")]


def test_he_said_means_the_subject_not_the_agent_of_a_passive():
    text = ("A new mayor for Halden\n"
            "A new era began at City Hall as Tom Reyes was sworn into office on Monday by "
            "Senator Ann Wells.\n"
            "He spoke for twenty minutes.\n"
            "“Today begins a new era,” he said.\n")
    assert _speakers(text) == [("Tom Reyes", "Today begins a n")]


def test_a_long_title_after_the_quote_leads_to_the_name():
    text = ("Strike planned\n"
            "'We need to add to that offer', said union General Secretary and Chief "
            "Executive, Tom Reyes.\n")
    assert _speakers(text) == [("Tom Reyes", "We need to add t")]


def test_a_surname_after_an_honorific_speaks_when_no_fuller_name_is_given():
    text = ("Too close to call\n"
            "Shortly after voting, President Hale told reporters he hoped for a quick result.\n"
            "\"My hope is that this election ends tonight,\" said Mr. Hale.\n")
    assert _speakers(text) == [("Hale", "My hope is that ")]


def test_a_titled_subject_is_the_antecedent_of_she_not_a_known_name_in_the_object():
    text = ("Ley elected\n"
            "Tom Reyes lost the ballot.\n"
            "Senator Ann Wells did not contest the deputy post after it was clear Mr Reyes had "
            "not won.\n"
            "The move was seen by some as a power grab to boost Mr Reyes’s chances.\n"
            "“While the outcome is not the one I wanted, I remain committed,” she said.\n")
    assert _speakers(text) == [("Ann Wells", "While the outcom")]


def test_a_quote_that_goes_on_after_an_organizations_quote_is_the_organizations_too():
    text = ("Board to meet\n"
            "“Reports about our chief executive are not something we announced,” Kestrel said "
            "in a statement. “The company will announce any decision that requires "
            "disclosure.”\n"
            "“Are we to nullify an election on a boardroom rupture?” Chief Justice Ann Wells "
            "queried.\n")
    assert _speakers(text) == [(None, "Reports about ou"), (None, "The company will"),
                               ("Ann Wells", "Are we to nullif")]


def test_a_description_that_ends_in_a_name_or_an_organization_before_the_verb():
    text = ("Interim governor named\n"
            "“His appointment reflects our confidence in him,” the central bank’s board chair "
            "Ann Wells said.\n"
            "“The baseline scenario projects a moderate recovery,” the BOJ said in the "
            "statement. “Thereafter, growth is likely to rise.”\n")
    assert _speakers(text) == [("Ann Wells", "His appointment "), (None, "The baseline sce"),
                               (None, "Thereafter, grow")]


def test_a_paragraph_that_ends_with_said_colon_introduces_the_next_ones_quotation():
    text = ("Warwick names vice-chancellor\n"
            "Halden University has appointed Professor Tom Reyes as its next Vice-Chancellor.\n"
            "Chair of council Ann Wells praised the choice.\n"
            "Prof Reyes said:\n"
            "\"I am very excited about being named the Vice-Chancellor of Halden.\"\n")
    assert _speakers(text) == [("Tom Reyes", "I am very excite")]


def test_a_name_after_a_lower_case_trade_is_a_person_and_the_subject():
    text = ("Retailer names successor\n"
            "Tom Reyes will succeed Karl Osei as chief executive of Brightmart.\n"
            "Halden Securities analyst Ann Wells said the timing was a surprise but that Mr "
            "Reyes was a good choice.\n"
            "\"Tom is Brightmart through and through,\" she said.\n")
    assert _speakers(text) == [("Ann Wells", "Tom is Brightmar")]

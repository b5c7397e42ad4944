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


def test_a_description_after_the_quote_names_the_person_it_described_before():
    text = ("Agency names new head\n"
            "The agency named Ann Wells as its head, its chief spokesman, Tom Reyes, said.\n"
            "Minister Karl Osei welcomed the choice.\n"
            "\"She brings decades of experience to the role,\" the spokesman said.\n")
    assert _speakers(text)[-1] == ("Tom Reyes", "She brings decad")


def test_a_titled_one_word_name_is_who_a_description_means():
    text = ("Pope names archbishop\n"
            "Pope Francis has appointed Archbishop Laurent Vial to lead the diocese.\n"
            "\"A man whose reputation has been destroyed cannot govern,\" the pope said.\n")
    assert _speakers(text) == [("Francis", "A man whose repu")]


def test_a_sentence_whose_subject_is_a_description_gives_its_quote_to_that_person():
    text = ("Central bank holds rate\n"
            "Governor Ernest Mensah announced the decision on Monday.\n"
            "The Governor emphasized the need for vigilance, stating, \"Risks to inflation "
            "are slightly on the upside.\"\n")
    assert _speakers(text) == [("Ernest Mensah", "Risks to inflati")]


def test_more_verbs_report_speech():
    text = ("Milei sworn in\n"
            "President Javier Milei took office on Sunday.\n"
            "Mr Milei pointed out that \"this will be the final tough period\".\n")
    assert _speakers(text) == [("Javier Milei", "this will be the")]


def test_the_name_just_before_the_verb_is_its_subject_not_the_company_before_it():
    text = ("Grocer's chief on stakeholders\n"
            "Green Basket Foods (GBF) CEO Dara Quill says the best result is a "
            "\"win-win\" for everyone.\n")
    assert _speakers(text) == [("Dara Quill", "win-win")]


def test_a_first_name_after_a_tie_of_kinship_names_the_speaker():
    text = ("Former leader dies\n"
            "Former first minister Ian Morrow has died aged 88.\n"
            "\"My beloved husband entered his eternal rest this morning,\" his wife Eileen "
            "said in a statement.\n"
            "\"Naturally as a family we are heartbroken.\"\n")
    assert _speakers(text) == [("Eileen", "My beloved husba"), ("Eileen", "Naturally as a f")]


def test_a_family_that_speaks_is_no_person_and_they_go_on_speaking():
    text = ("Former deputy dies\n"
            "Former deputy prime minister John Harlow has died, aged 86.\n"
            "Harlow's family also reflected on his achievements in a statement noting, "
            "\"John spent his life trying to improve the lives of others.\"\n"
            "\"John loved his home town,\" they added.\n")
    assert _speakers(text) == [(None, "John spent his l"), (None, "John loved his h")]


def test_a_quotation_the_text_stops_inside_is_kept_when_introduced_whole():
    text = ("Bank names deputy\n"
            "Chancellor Ann Wells named the bank's new deputy governor on Monday.\n"
            "Wells said: \"Tom Reyes is a world class economist and a powerful vo")
    assert _speakers(text) == [("Ann Wells", "Tom Reyes is a w")]


def test_a_quotation_the_text_stops_inside_after_a_comma_is_not_kept():
    text = ("Tributes paid\n"
            "Prime Minister Ann Wells praised Reyes, adding, \"He truly was a one of")
    assert _speakers(text) == []


def test_a_quotation_alone_belongs_to_the_subject_of_the_sentence_before():
    text = ("Mayor sworn in\n"
            "Dara Quill was sworn in as mayor on Thursday.\n"
            "At 34 years old, Quill is the youngest mayor in a century.\n"
            "\"I stand before you humbled by the faith you have placed in me.\"\n")
    assert _speakers(text) == [("Dara Quill", "I stand before y")]


def test_a_nickname_quoted_inside_a_name_is_no_quotation_and_the_name_is_known():
    text = ("Senate leadership\n"
            "Sen. Jose “Pepito” Ramirez said talks of a coup are meant to sow “intrigue”.\n"
            "“There is no truth to that,” Ramirez told reporters.\n")
    assert _speakers(text) == [("Jose Ramirez", "intrigue"), ("Jose Ramirez", "There is no trut")]


def test_an_organization_that_says_what_a_person_will_do_is_not_that_person():
    text = ("Charity names chief\n"
            "The Reading Union (RDU) named Charles Byrne as chief executive.\n"
            "The RDU said he would \"develop a five-year strategy for the charity\".\n")
    assert _speakers(text) == []


def test_attribution_by_a_possessive_description_and_by_the_paper_that_quoted():
    text = ("Company names chief\n"
            "Chief Executive Tom Reyes will leave in June.\n"
            "“There will be an announcement soon,” Denel's spokesperon Vuyelwa Qinga says.\n"
            "“He represents Nigeria today,” Osinbajo’s media assistant, Laolu Akande, tweeted.\n"
            "“We don’t know where it will move,” the Times quoted Reyes as saying.\n")
    assert _speakers(text) == [("Vuyelwa Qinga", "There will be an"),
                               ("Laolu Akande", "He represents Ni"),
                               ("Tom Reyes", "We don’t know wh")]


def test_a_tribute_and_a_colon_introduce_the_subjects_words():
    text = ("Tributes\n"
            "Party leader William Hague paid tribute to Mackay's \"enormous contribution\".\n"
            "Prime Minister Donald Tusk spoke on Saturday.\n"
            "He took to X hours later, in a post reading: \"The game has entered the decisive "
            "phase.\"\n")
    assert _speakers(text) == [("William Hague", "enormous contrib"),
                               ("Donald Tusk", "The game has ent")]


def test_a_one_word_name_after_a_title_before_the_verb_is_the_speaker():
    text = ("Board adds employee directors\n"
            "The board welcomed two employee directors on Monday.\n"
            "Sir Ian continues: \"We are determined that the employee's perspective is "
            "represented.\"\n")
    assert _speakers(text) == [("Ian", "We are determine")]


def test_a_guessed_speaker_the_quotation_names_by_surname_leaves_it_to_no_one():
    text = ("CFO quits\n"
            "Finance chief Carlos Ferreira has resigned.\n"
            "Liesl Tweedie, formerly deputy finance chief at ABB, will begin work on Thursday.\n"
            "“The board has full trust and confidence in Tweedie’s ability.”\n")
    assert _speakers(text) == [(None, "The board has fu")]


def test_it_added_goes_on_with_the_statement_not_a_person():
    text = ("Former deputy dies\n"
            "Former deputy prime minister John Harlow has died, aged 86.\n"
            "“We are deeply saddened,” the family statement said.\n"
            "“He died surrounded by family” it added.\n")
    assert _speakers(text) == [(None, "We are deeply sa"), (None, "He died surround")]


def test_a_hashtag_in_quotation_marks_is_no_quotation():
    text = ("Senate talks\n"
            "Senator Kiko Reyes posted a photo of the majority with the tagline: "
            "“#PowerSharing.”\n")
    assert _speakers(text) == []

"""The extractor on shapes real news uses (texts written for these tests): cabinets sworn
in as lists, appointment lists, titles before names, rumours, and the confidence."""

from __future__ import annotations

from extract import extract, read
from extract.dates import find_dates
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


def test_a_dismissal_and_the_caretaker_put_in_charge_are_one_succession():
    (found,) = _transitions(
        "Rovers sack Ellery\n"
        "Brackley Rovers sacked manager Tom Ellery on Sunday after a fifth straight defeat and "
        "placed his assistant, Ruth Kane, in interim charge of the first team.\n")
    assert (found["incoming"], found["outgoing"], found["org"], found["role"]) == (
        "Ruth Kane", "Tom Ellery", "Brackley Rovers", "Manager")
    assert found["effective"] == "2024-03-03"  # the Sunday before publication


def test_a_firm_that_fires_its_officer_and_a_newcomer_titled_by_his_old_post():
    (found,) = _transitions(
        "Denby fires finance chief\n"
        "The arms maker fired its CFO Paul Amos yesterday. Former Steelco CEO Dirk Venter has "
        "taken over the reins at Denby Systems until a permanent replacement is found.\n")
    assert (found["incoming"], found["outgoing"], found["org"], found["role"]) == (
        "Dirk Venter", "Paul Amos", "Denby Systems", "CFO")


def test_the_newcomers_own_affiliation_is_not_the_post_he_takes():
    (found,) = _transitions(
        "Dunmore names v-c\n"
        "Alan Pryce, deputy vice-chancellor at Keswick, will replace Jo Marr when she leaves "
        "Dunmore University in December to move to Australia.\n")
    assert (found["incoming"], found["outgoing"], found["org"], found["role"]) == (
        "Alan Pryce", "Jo Marr", "Dunmore University", "Vice-chancellor")
    assert (found["effective"], found["kind"]) == ("2024-12", "announced")


def test_a_swearing_in_without_a_post_dates_the_election_told_before():
    (found,) = _transitions(
        "Lind elected\n"
        "Mara Lind was elected prime minister of Valdoria by parliament on Tuesday. She will "
        "formally take office when she is sworn in at the palace on Friday.\n")
    assert (found["incoming"], found["org"], found["kind"]) == ("Mara Lind", "Valdoria",
                                                                 "elected")
    assert found["effective"] == "2024-03-08"


def test_a_rank_is_part_of_the_post_and_a_description_after_the_report_is_no_rumour():
    (wells,) = _transitions(
        "New VCs\n"
        "Prof Ann Wells has been appointed the new Vice Chancellor of Kilmore University.\n")
    assert (wells["org"], wells["role"]) == ("Kilmore University", "Vice Chancellor")
    (park,) = _transitions(
        "Reid to retire\n"
        "Dr Sam Reid is to retire as chief executive of Hollins Foods next April. He will be "
        "succeeded as chief executive by Mr Lee Park (48), widely seen as front-runner for the "
        "post following his appointment as president in June 2020.\n")
    assert (park["incoming"], park["outgoing"], park["org"]) == ("Lee Park", "Sam Reid",
                                                                 "Hollins Foods")
    assert park["effective"] is None  # June 2020 dates his earlier step


def test_earlier_posts_told_by_where_previously_and_formerly():
    text = ("Trust names chair\n"
            "The Halden Trust has appointed Tom Reyes as its chair. He has held senior roles at "
            "the Department of Health, where he was Director of Service Delivery from 2003 to "
            "2006.\n"
            "Previously dean of the School of Law at Keswick University, Professor Ann Wells has "
            "joined the board.\n"
            "Ms Ruth Obi, an economist born in Lagos, was formerly International Executive "
            "Director of Greenpeace.\n")
    found = extract(read(text, PUBLISHED), "a.txt").prior_roles
    assert [(p["person"], p["role"], p["org"], p["start"], p["end"]) for p in found] == [
        ("Tom Reyes", "Director", "Department of Health", "2003", "2006"),
        ("Ann Wells", "Dean of the School of Law", "Keswick University", None, None),
        ("Ruth Obi", "International Executive Director", "Greenpeace", None, None)]


def test_each_clause_keeps_its_own_date_and_an_election_just_won_is_the_days_news():
    found = {t["incoming"]: t for t in _transitions(
        "Two universities name leaders\n"
        "Alan Pryce will succeed Jo Marr at Dunmore University in April, and Ann Wells, "
        "warden of Kilmore College, is to lead Keswick University from September.\n"
        "Ann Wells has been appointed to take over from Sam Reid as vice-chancellor of "
        "Keswick University.\n"
        "Mara Lind has been elected chair of the Valdorian Football Federation.\n")}
    assert (found["Alan Pryce"]["org"], found["Alan Pryce"]["effective"]) == (
        "Dunmore University", "2024-04")
    assert (found["Ann Wells"]["org"], found["Ann Wells"]["effective"]) == (
        "Keswick University", "2024-09")
    assert found["Mara Lind"]["effective"] == "2024-03-06"  # the day of publication


def test_stepping_down_to_replace_someone_is_an_arrival_there():
    (found,) = _transitions(
        "Bank chief moves\n"
        "Former Keswick Fund head Ann Wells has stepped down to replace Tom Reyes as president "
        "of the Valdorian Central Bank.\n")
    assert (found["incoming"], found["outgoing"], found["org"], found["role"]) == (
        "Ann Wells", "Tom Reyes", "Valdorian Central Bank", "President")


def test_a_date_in_a_clause_about_the_person_is_not_the_transitions():
    found = {t["incoming"]: t for t in _transitions(
        "Maker's chief resigns\n"
        "Meanwhile, Tom Reyes, who was stripped of his chairman role in November, has resigned "
        "as chief executive of Halden Motors effective immediately. Finance chief Ann Wells "
        "will serve as interim chief executive for the next few weeks.\n")}
    assert (found["Ann Wells"]["outgoing"], found["Ann Wells"]["org"]) == ("Tom Reyes",
                                                                           "Halden Motors")
    assert found["Ann Wells"]["effective"] == "2024-03-06"  # immediately, not November


def test_the_verb_that_names_the_act_gives_the_kind():
    (bach,) = _transitions(
        "Federation elects president\n"
        "Tom Reyes was elected over five other candidates to become the ninth president of "
        "the Valdorian Football Federation.\n")
    assert bach["kind"] == "elected"
    (shea,) = _transitions(
        "City has a new police commissioner\n"
        "Ann Wells took office as police commissioner of Halden on Monday. Wells was sworn in "
        "by Mayor Tom Reyes during a ceremony this morning.\n")
    assert (shea["incoming"], shea["kind"]) == ("Ann Wells", "sworn_in")


def test_a_surname_alone_is_the_namesake_the_article_named_first():
    text = ("Reyes sworn in as police chief\n"
            "Tom Reyes has been sworn in as the new police chief of Halden. He was sworn in by "
            "Chief Justice Ann Reyes at State House.\n"
            "“I promise I will do my best,” Reyes said.\n"
            "Until his appointment, Reyes was serving as the Commandant of the Halden Police "
            "College.\n")
    found = extract(read(text, PUBLISHED), "a.txt")
    assert [q["speaker"] for q in found.as_json()["quotes"]] == ["Tom Reyes"]
    assert [(t.incoming, t.org) for t in found.transitions] == [("Tom Reyes", "Halden")]


def test_a_quote_introduced_by_a_description_or_a_short_title_has_its_speaker():
    text = ("Captain looks ahead\n"
            "Gov. Ann Wells spoke first. \"Hold onto why you wanted this job in the first "
            "place,\" said Gov. Wells.\n"
            "Tom Reyes led the side to a draw. The Valdorian skipper elaborated: “We do have a "
            "lot of cricket away from home this season.”\n")
    quotes = extract(read(text, PUBLISHED), "a.txt").as_json()["quotes"]
    assert [(q["speaker"], q["text"][:20]) for q in quotes] == [
        ("Ann Wells", "Hold onto why you wa"), ("Tom Reyes", "We do have a lot of ")]


def test_a_post_whose_sentence_names_no_organization_is_the_one_that_opens_the_article():
    found = _transitions(
        "Veteran to lead animal charity\n"
        "Paws Rescue has drafted in interim management veteran Tom Reyes to lead the animal "
        "welfare charity for the next 12 months.\n"
        "His earlier roles included interim stints as CEO at the Diocese of Halden.\n"
        "Reyes replaces Ann Wells, who stepped down as CEO at the charity in September.\n")
    assert {(t["incoming"], t["outgoing"], t["org"]) for t in found} == {
        ("Tom Reyes", "Ann Wells", "Paws Rescue")}


def test_the_headline_names_the_organization_before_a_post_the_body_names_alone():
    found = _transitions(
        "Brightmart CEO to step down\n"
        "Tom Reyes, the longstanding boss of the retailer, will retire in March and will be "
        "succeeded as chief executive by Ann Wells, head of international business.\n"
        "Brightmart shares fell 2 per cent.\n")
    assert {(t["incoming"], t["org"]) for t in found} == {("Ann Wells", "Brightmart")}


def test_a_career_step_years_before_the_article_is_background_not_news():
    found = _transitions(
        "Halden University appoints new vice-chancellor\n"
        "Halden University has appointed Professor Tom Reyes as its next Vice-Chancellor to "
        "replace Sir Karl Osei, who steps down in April.\n"
        "In 1998 he became the founding Dean of the Marlow School of Engineering.\n"
        "He was then executive editor of the Marlow Review from 2001 to 2005.\n")
    assert {(t["incoming"], t["outgoing"], t["org"]) for t in found} == {
        ("Tom Reyes", "Karl Osei", "Halden University")}


def test_a_dated_approval_and_a_naming_past_a_descriptor_and_a_joint_post():
    found = _transitions(
        "Medical school and airline appointments\n"
        "Tom Reyes, former senior associate dean, was approved on Feb. 8 as the new Dean of "
        "the Halden School of Medicine.\n"
        "Skyward Air's Board of Directors has named current chairman, Ann Wells, CEO and "
        "President, effective April 1.\n")
    assert {(t["incoming"], t["org"], t["role"], t["effective"]) for t in found} == {
        ("Tom Reyes", "Halden School of Medicine", "Dean", "2024-02-08"),
        ("Ann Wells", "Skyward Air", "CEO", "2024-04-01")}


def test_the_opening_persons_apposition_and_a_post_followed_by_a_name_give_the_organization():
    found = _transitions(
        "\n"
        "Tom Reyes, the longstanding boss of Brightmart, has announced his retirement and "
        "will be succeeded by head of international business Ann Wells.\n"
        "Prof Karl Osei has been appointed the new Vice Chancellor Marlow University.\n")
    assert {(t["incoming"], t["org"]) for t in found} == {
        ("Ann Wells", "Brightmart"), ("Karl Osei", "Marlow University")}


def test_a_swearing_in_with_no_post_takes_the_headlines_and_the_headlines_organization():
    found = _transitions(
        "A new era: Halden swears in first new mayor in two decades\n"
        "Former State Rep. Tom Reyes was sworn in at Conte Forum on the campus of his alma "
        "mater.\n")
    assert [(t["incoming"], t["org"], t["role"], t["kind"]) for t in found] == [
        ("Tom Reyes", "Halden", "Mayor", "sworn_in")]


def test_an_appointment_announced_without_a_post_by_an_organization_with_a_relative_clause():
    found = _transitions(
        "Troubled trust announces new chairman\n"
        "This morning, Marlow Health Trust, which runs Hillside Hospital in Leytonstone "
        "announced the appointment of Tom Reyes CB.\n")
    assert [(t["incoming"], t["org"]) for t in found] == [("Tom Reyes", "Marlow Health Trust")]


def test_a_departure_told_apart_is_the_predecessor_of_the_arrival_at_the_same_initials():
    found = _transitions(
        "Fencer elected\n"
        "A former champion has been elected president of the International Fencing Union to "
        "replace Belgian Karl Osei, who stepped down after 12 years.\n"
        "German Tom Reyes was elected over five other candidates to become the ninth "
        "president of the IFU.\n")
    assert [(t["incoming"], t["outgoing"]) for t in found] == [("Tom Reyes", "Karl Osei")]


def test_a_start_told_by_season_or_the_new_year_dates_the_appointment_at_its_precision():
    found = _transitions(
        "Halden names president\n"
        "The Halden University Board of Trustees on Monday appointed Dr. Ann Wells the next "
        "president of the college.\n"
        "Wells will begin her job at Halden this summer.\n")
    assert [(t["incoming"], t["effective"]) for t in found] == [("Ann Wells", "2024")]
    assert [d.date.iso() for d in find_dates(
        "She will assume her new functions early in the new year.", PUBLISHED.first)] == [
        "2025"]


def test_every_minister_of_a_list_in_an_article_about_an_oath_is_sworn_in():
    found = _transitions(
        "New cabinet\n"
        "The ministers of the new Estonian cabinet took their oath of office on Wednesday.\n"
        "The coalition was agreed last week after long talks.\n"
        "Its members met the president before the ceremony.\n"
        "They then went to parliament.\n"
        "The Greens are represented by Finance Minister Marta Kivi and Foreign Minister Jaak "
        "Tamm.\n")
    assert {(t["incoming"], t["kind"]) for t in found} == {
        ("Marta Kivi", "sworn_in"), ("Jaak Tamm", "sworn_in")}


def test_a_handover_that_took_place_is_the_successors_taking_office():
    found = _transitions(
        "New president for the commission\n"
        "President Karl Osei officially handed over his stewardship of the Halden Commission "
        "to Dr Tom Reyes at its headquarters.\n")
    assert [(t["incoming"], t["outgoing"], t["kind"]) for t in found] == [
        ("Tom Reyes", "Karl Osei", "took_office")]


def test_a_reshuffle_gives_each_minister_a_portfolio_of_the_country_its_dateline_names():
    found = _transitions(
        "Cabinet gets new faces\n"
        "NEW DELHI: Fifteen ministers were sworn in on Wednesday.\n"
        "Asha Rao was made the new Health Minister.\n"
        "Vikram Sethi will now be the Minister of Textiles.\n")
    assert {(t["incoming"], t["role"], t["org"]) for t in found} == {
        ("Asha Rao", "Health Minister", "India"),
        ("Vikram Sethi", "Minister of Textiles", "India")}


def test_who_swears_someone_in_is_not_the_one_sworn_in():
    found = _transitions(
        "Commission chairman sworn in\n"
        "President Ade Bello has sworn in Musa Danjuma as the new chairman of the Police "
        "Service Commission.\n")
    assert [(t["incoming"], t["org"]) for t in found] == [
        ("Musa Danjuma", "Police Service Commission")]


def test_a_post_named_before_the_person_it_goes_to():
    (found,) = _transitions(
        "Party picks leader\n"
        "The next Green Party leader has been confirmed as Ruth Adler.\n")
    assert (found["incoming"], found["org"]) == ("Ruth Adler", "Green Party")


def test_a_state_post_is_the_country_its_own_sentence_names():
    found = _transitions(
        "Leaders at the ceremony\n"
        "Ugandan President Yoweri Museveni attended the ceremony with other leaders.\n"
        "Ana Dias's long reign over Angola ended on Tuesday when her successor Joao Pinto "
        "was inaugurated as president.\n")
    assert [(t["incoming"], t["org"]) for t in found] == [("Joao Pinto", "Angola")]


def test_new_heads_listed_with_their_organizations_in_brackets():
    found = _transitions(
        "Four colleges get new Principals\n"
        "The minister on Monday named the heads of four public colleges.\n"
        "Prof Ann Were will now head Tarn College, Dr Otto Kibe (Lindale College), Prof Ruth "
        "Oduya (Ember College) and Dr Sam Ngeno (Coast College) respectively.\n")
    assert {(t["incoming"], t["org"], t["role"]) for t in found} == {
        ("Ann Were", "Tarn College", "Principal"), ("Otto Kibe", "Lindale College", "Principal"),
        ("Ruth Oduya", "Ember College", "Principal"), ("Sam Ngeno", "Coast College", "Principal")}


def test_a_newcomer_who_joins_in_someone_s_place():
    (found,) = _transitions(
        "Hospital trust names chief\n"
        "Mara Lowe will join Ashby General Hospitals NHS Trust in July replacing Tom Hale, who "
        "is retiring.\n")
    assert (found["incoming"], found["outgoing"], found["org"]) == (
        "Mara Lowe", "Tom Hale", "Ashby General Hospitals NHS Trust")


def test_has_been_appointed_and_is_the_new_date_the_news_to_its_day():
    (appointed,) = _transitions("Acting head\nProf Lia Kamau has been appointed the acting "
                                "Vice Chancellor of the University of Tarn.\n")
    assert appointed["effective"] == "2024-03-06"
    (new,) = _transitions("Party leader\nRon Hale is the new leader of the Green Party.\n")
    assert new["effective"] == "2024-03-06"


def test_one_person_s_later_start_is_not_the_whole_cabinet_s():
    found = _transitions(
        "Cabinet sworn in\n"
        "Ministers of the new Estonian cabinet took their oath of office on Tuesday.\n"
        "The cabinet includes Finance Minister Marta Kivi, Foreign Minister Jaak Tamm and "
        "Defence Minister Liis Org.\n"
        "One more minister, Peeter Saar, will be sworn in later, as his appointment takes "
        "effect from June 1.\n")
    assert {t["effective"] for t in found if t["incoming"] in (
        "Marta Kivi", "Jaak Tamm", "Liis Org")} == {"2024-03-05"}


def test_the_election_of_someone_as_a_post_and_a_successor_who_is_family():
    (elected,) = _transitions("Chamber standoff ends\nLawmakers were ratifying the election "
                              "of his rival Rep. Ana Cruz as speaker of the Tarn Assembly.\n")
    assert (elected["incoming"], elected["kind"]) == ("Ana Cruz", "elected")
    found = _transitions("Press group changes\nAfter 30 years as chairman of Moran Press Inc., "
                         "Ida Moran announced her retirement. Succeeding her as chairman is her "
                         "son, Paul Moran.\n")
    assert "Paul Moran" in {t["incoming"] for t in found}


def test_given_charge_of_a_portfolio_and_a_lone_minister_also_sworn_in():
    found = _transitions(
        "Reshuffle\nNEW DELHI: Asha Rao has been given charge of Information and "
        "Broadcasting.\n")
    assert [(t["incoming"], t["role"], t["org"]) for t in found] == [
        ("Asha Rao", "Minister of Information and Broadcasting", "India")]
    found = _transitions(
        "Estonian cabinet sworn in\nPrime Minister Kaja Tamm was sworn in on Wednesday. "
        "Also sworn in was the new cabinet, which includes Estonia's first Sami minister, "
        "Culture Minister Liis Org.\n")
    assert ("Liis Org", "Culture Minister", "Estonia") in {
        (t["incoming"], t["role"], t["org"]) for t in found}


def test_joining_as_its_new_post_and_a_name_followed_by_a_bracket():
    (joins,) = _transitions("Trust names chief\nMara Lowe is to join Ashby General Hospitals "
                            "NHS Trust as its new chief executive.\n")
    assert (joins["incoming"], joins["org"]) == ("Mara Lowe", "Ashby General Hospitals NHS Trust")
    (pictured,) = _transitions("Charity chief\nTom Reed (pictured) will succeed Ann Hale as "
                               "chief executive of Cats Care.\n")
    assert (pictured["incoming"], pictured["outgoing"]) == ("Tom Reed", "Ann Hale")


def test_a_past_post_in_apposition_is_not_the_one_filled():
    found = _transitions(
        "Heart charity names new chief\n"
        "Tom Ashby, a former Navy commander, will succeed Peter Hollins who is retiring "
        "after a decade at the Heart Foundation.")
    assert not any(t["role"] and "ommander" in t["role"] for t in found)


def test_a_dateline_capital_does_not_outrank_the_organization_the_article_is_about():
    found = _transitions(
        "Lund named UN envoy for the Horn of Africa\n"
        "NAIROBI, Feb 10 (Reuters) - Karen Lund was named on Monday as the United Nations "
        "special envoy for the Horn of Africa, replacing Abel Diaz, who is retiring.\n"
        "The UN did not say when she would start.")
    assert [t["org"] for t in found if t["incoming"] == "Karen Lund"] == ["UN"]

"""Names of people (`extract/cast.py`) in shapes real news uses; the snippets are written
for these tests and the people in them are invented."""

from __future__ import annotations

from extract import extract, read
from store import PartialDate

PUBLISHED = PartialDate.parse("2024-03-06")


def test_a_departure_at_a_named_body_is_the_arrival_placed_only_in_a_country():
    text = ("Union picks leader\n"
            "LONDON, March 6, 2024 - Left-winger Tom Pryce has been chosen to become the new "
            "leader of one of Britain's oldest trade unions.\n"
            "FWU general secretary Ray Dunmore is retiring from his post after ten years.\n")
    found = extract(read(text, PUBLISHED), "a.txt").as_json()["transitions"]
    assert [(t["incoming"], t["outgoing"], t["org"]) for t in found] == [
        ("Tom Pryce", "Ray Dunmore", "FWU")]

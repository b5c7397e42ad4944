"""Timeline pictures: `/history` and `/profile` draw one bar per tenure, as a PNG the
console writes with `--image` and Discord receives inside the answer's embed."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import warnings

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from bot import answers, commands, pictures
from bot.timeline import MAX_BARS, for_history, for_profile
from store.dates import PartialDate
from store.models import Entity, Office, Tenure
from tests.conftest import PROJECT, TODAY
from tests.running_bot import running_bot

DAY = dt.date.fromisoformat(TODAY)
SLOW_S = 30.0  # the first picture imports matplotlib, on a machine shared with other tests


def _ask(store, line: str):
    return commands.ask(store, line, DAY)


def _office(role: str = "Chair", org: str = "Council") -> Office:
    return Office(1, Entity(1, "organization", org), role, True, None)


def _tenure(number: int, name: str, start: str | None, end: str | None, *,
            acting: bool = False, office: Office | None = None) -> Tenure:
    return Tenure(number, office or _office(), Entity(100 + number, "person", name),
                  PartialDate.parse(start) if start else None,
                  PartialDate.parse(end) if end else None, acting=acting)


def _missing_glyphs(timeline) -> list[str]:
    """matplotlib's own warnings about characters no font in the fallback list has."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pictures.draw(timeline)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


async def test_the_nato_history_draws_one_bar_per_secretary_general(store):
    reply = _ask(store, "/history nato")
    ((_, tenures),) = store.history(store.resolve("nato", "organization").entity)
    picture = pictures.draw(reply.timeline)

    assert len(picture.bars) == len(tenures) == 18
    for bar, tenure in zip(picture.bars, tenures, strict=True):
        name = bar.label.removesuffix(" (acting)")
        assert (name != bar.label) == tenure.acting  # the note is never cut off
        assert name == tenure.person.name or (
            name.endswith("…") and tenure.person.name.startswith(name[:-1]))
        assert bar.start == tenure.start.first
        assert bar.end == (tenure.end.last if tenure.end else DAY)
        assert bar.acting == tenure.acting
        assert not bar.faded_start and not bar.faded_end  # every date is known to the day
    assert picture.bars[-1].label == "Mark Rutte"


async def test_the_png_decodes_at_the_size_the_layout_gives(store):
    timeline = _ask(store, "/history nato").timeline
    picture = pictures.draw(timeline)
    image = Image.open(io.BytesIO(picture.png))
    image.verify()
    assert image.format == "PNG"
    assert image.size == (picture.width, picture.height) == pictures.size(timeline.rows)
    assert picture.width == 1100  # Discord shows 550 px: twice that stays sharp on phones
    assert picture.height == 120 + 80 + 44 * 18


async def test_the_same_answer_draws_the_same_bytes_with_no_timestamp(store):
    first = pictures.draw(_ask(store, "/history nato").timeline).png
    again = pictures.draw(_ask(store, "/history nato").timeline).png
    assert first == again
    assert b"tIME" not in first and b"Software" not in first and b"Date" not in first


async def test_a_profile_labels_its_bars_with_the_offices(store):
    reply = _ask(store, "/profile rutte")
    picture = pictures.draw(reply.timeline)
    assert [bar.label for bar in picture.bars][-1] == "Secretary General of NATO"
    assert picture.bars[-1].start == dt.date(2024, 10, 1) and picture.bars[-1].end == DAY
    assert any(bar.label.startswith("Prime Minister of the Netherla") for bar in picture.bars)


def test_imprecise_dates_fade_acting_holders_are_hatched_and_gaps_are_shaded():
    tenures = [_tenure(1, "Anna Alt", "1990", "1994-06"),
               _tenure(2, "Bruno Brun", "1995-03-02", "2001-05-01"),
               _tenure(3, "Cora Caretaker", "2001-05-02", "2001-09-30", acting=True),
               _tenure(4, "Dag Dauer", "2001-10-01", None)]
    timeline = for_history("Council", [(_office(), tenures)], DAY)
    picture = pictures.draw(timeline)

    anna, bruno, cora, dag = picture.bars
    assert (anna.start, anna.end) == (dt.date(1990, 1, 1), dt.date(1994, 6, 30))
    assert anna.faded_start and anna.faded_end
    assert not bruno.faded_start and not bruno.faded_end
    assert cora.acting and cora.label == "Cora Caretaker (acting)" and not bruno.acting
    assert dag.end == DAY
    (axes,) = picture.figure.axes
    (vacancy,) = [p for p in axes.patches if p.get_gid() == "vacancy"]
    assert timeline.groups[0].vacancies == ((dt.date(1994, 7, 1), dt.date(1995, 3, 2)),)
    assert vacancy.get_width() == pytest.approx(243, abs=1)  # 1 July 1994 to 2 March 1995
    assert [line.get_gid() for line in axes.lines if line.get_gid() == "today"] == ["today"]


def test_more_than_forty_tenures_keep_the_newest_and_say_how_many_went_before():
    tenures = [_tenure(n, f"Holder {n}", f"{1900 + 2 * n}-01-01", f"{1901 + 2 * n}-12-31")
               for n in range(45)]
    tenures[1:1] = [_tenure(99, "Same Day", "1902-01-01", "1902-02-01")]  # equal starts
    timeline = for_history("Council", [(_office(), tenures)], DAY)
    picture = pictures.draw(timeline)
    assert len(picture.bars) == MAX_BARS and timeline.folded == 6
    assert picture.bars[0].label == "Holder 5" and picture.bars[-1].label == "Holder 44"
    texts = [text.get_text() for text in picture.figure.texts]
    assert "… and 6 before" in texts
    assert picture.height == pictures.size(MAX_BARS + 1)[1]


def test_names_never_overlap_and_long_ones_are_shortened_to_their_column():
    tenures = [_tenure(n, name, f"{2000 + n}-01-01", f"{2000 + n}-12-31") for n, name in
               enumerate(["Maximilian Alexander von und zu Hohenberg-Wittelsbach-Sachsen",
                          "Li", "Jean-Baptiste Éloi Dupont de Nemours-Saint-Exupéry"])]
    picture = pictures.draw(for_history("Council", [(_office(), tenures)], DAY))
    renderer = FigureCanvasAgg(picture.figure).get_renderer()
    boxes = [label.get_window_extent(renderer) for label in picture.labels]
    column = pictures.LABEL_COLUMN * picture.figure.bbox.width
    assert all(box.x1 < column for box in boxes)
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert picture.bars[0].label.endswith("…") and picture.bars[1].label == "Li"


def test_names_with_accents_and_in_cyrillic_render_without_missing_glyphs():
    names = ["José Manuel Barroso", "Jean-Claude Juncker", "Ursula von der Leyen",
             "Dag Hammarskjöld", "Javier Pérez de Cuéllar", "Ægir Þórðarson Łukasz Øby",
             "Владимир Владимирович Путин", "Дмитрий Медведев", "Ngô Bảo Châu"]
    tenures = [_tenure(n, name, f"{1990 + n}", f"{1991 + n}") for n, name in enumerate(names)]
    timeline = for_history("Совет Европы", [(_office(org="Совет"), tenures)], DAY)
    assert _missing_glyphs(timeline) == []


def test_a_character_no_font_has_is_reported_by_the_font_fallback_warning():
    # The check above would be worthless if the warnings never came: here one must.
    timeline = for_profile("\U00013000 Ankh", [_tenure(1, "x", "2001", "2002")], DAY)
    assert _missing_glyphs(timeline)


def test_chinese_japanese_and_korean_names_render_with_the_shipped_font():
    names = ["习近平", "岸田文雄", "윤석열", "いしば しげる", "蔡英文"]
    tenures = [_tenure(n, name, f"{2000 + n}", f"{2001 + n}") for n, name in enumerate(names)]
    timeline = for_history("国際連合", [(_office(org="国連"), tenures)], DAY)
    assert _missing_glyphs(timeline) == []
    assert "WenQuanYi Micro Hei" in pictures.fonts()


def test_start_up_does_not_import_matplotlib():
    code = ("import sys, bot.cli, bot.client, bot.pictures; "
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=PROJECT).returncode == 0


def test_ask_with_image_writes_the_picture_and_prints_the_same_text(handover, tmp_path):
    path = tmp_path / "nato.png"
    plain = handover("ask", "/history nato")
    drawn = handover("ask", "/history nato", "--image", str(path))
    assert drawn.code == plain.code == 0
    assert drawn.out == plain.out and "1. Lord Ismay" in drawn.out
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1100, 120 + 80 + 44 * 18)


def test_who_leads_on_a_day_draws_the_succession_with_that_day_marked(handover, tmp_path,
                                                                      store):
    reply = answers.who_leads(store, "nato", "2015-06-01", today=DAY)
    assert reply.timeline is None  # the answer itself never waits for a picture
    timeline = answers.marked_history(store, *reply.marked, DAY)
    assert timeline.marked == dt.date(2015, 6, 1)
    assert "Jens Stoltenberg" in [bar.label for bar in timeline.bars]
    assert pictures.read_marked(pictures.draw(timeline).figure) == dt.date(2015, 6, 1)
    path = tmp_path / "on.png"
    result = handover("ask", "/who-leads nato on:2015-06-01", "--image", str(path))
    assert result.code == 0 and "Jens Stoltenberg" in result.out
    assert Image.open(path).size[0] == 1100


async def test_a_dated_who_leads_answer_offers_its_timeline_on_a_button(store_path):
    async with running_bot(store_path) as running:
        double = running.double
        _, message = await running.ask("who-leads", {"org": "nato", "on": "2015-06-01"})
        assert not message["attachments"]  # the answer went out without drawing anything
        button = next(c for row in message["components"] for c in row["components"]
                      if c.get("label") == "Timeline")
        click = await double.click(message, button["custom_id"], user="member")
        shown = await click.final_message(SLOW_S)
        assert click.ephemeral
        (attachment,) = shown["attachments"]
        assert attachment["filename"] == "timeline.png"
        assert shown["embeds"][0]["image"]["url"] == attachment["url"]
        assert shown["embeds"][0]["title"] == "Secretary General of NATO: 1 June 2015"
        assert all(not r.problems for r in double.requests)
        _, undated = await running.ask("who-leads", {"org": "nato"})
        assert not any(c.get("label") == "Timeline" for row in undated.get("components", [])
                       for c in row["components"])


def test_ask_with_image_says_so_when_an_answer_has_no_picture(handover, tmp_path):
    path = tmp_path / "none.png"
    result = handover("ask", "/who-leads nato", "--image", str(path))
    assert result.code == 2 and "Mark Rutte" in result.out
    assert "no picture" in result.err and not path.exists()
    missing = handover("ask", "/history natoo", "--image", str(path))
    assert missing.code == 1 and not path.exists()


async def test_discord_gets_the_history_picture_inside_its_embed(store_path):
    async with running_bot(store_path) as running:
        double = running.double
        interaction = await double.slash("history", {"org": "nato"})
        message = await interaction.final_message(SLOW_S)
        (attachment,) = message["attachments"]
        assert attachment["filename"] == "timeline.png"
        assert attachment["description"].startswith("Timeline: History of NATO, 18 tenures")
        (embed,) = message["embeds"]
        assert embed["image"]["url"] == attachment["url"]  # from attachment://timeline.png
        sent = [r for r in double.requests if r.files]
        assert sent[0].files[0][1] == "timeline.png"
        body_embeds = (sent[0].json.get("data") or sent[0].json)["embeds"]
        assert body_embeds[0]["image"]["url"] == "attachment://timeline.png"
        assert all(not r.problems for r in double.requests)
        png = double.files[attachment["url"].split(str(double.port), 1)[1]]
        assert Image.open(io.BytesIO(png)).size == (1100, 120 + 80 + 44 * 18)

        buttons = {c["label"]: c for row in message["components"] for c in row["components"]
                   if c.get("custom_id")}
        turned = await double.click(message, buttons["Next"]["custom_id"], user="member")
        page_two = (await turned.response())["data"]
        assert page_two["embeds"][0]["image"]["url"] == "attachment://timeline.png"
        assert double.messages[message["id"]]["embeds"][0]["image"]["url"].startswith("http")


async def test_discord_gets_the_profile_picture_and_errors_get_none(store_path):
    async with running_bot(store_path) as running:
        interaction = await running.double.slash("profile", {"person": "rutte"})
        message = await interaction.final_message(SLOW_S)
        assert [a["filename"] for a in message["attachments"]] == ["timeline.png"]
        assert message["embeds"][0]["image"]["url"] == message["attachments"][0]["url"]
        _, unknown = await running.ask("history", {"org": "natoo"})
        assert unknown["attachments"] == [] and "did you mean NATO" in unknown["content"]


async def test_an_answer_whose_picture_fails_still_goes_out_without_it(store_path,
                                                                        monkeypatch):
    def broken(timeline):
        raise RuntimeError("no drawing today")

    monkeypatch.setattr(pictures, "draw", broken)
    async with running_bot(store_path) as running:
        _, message = await running.ask("profile", {"person": "rutte"})
        assert message["attachments"] == [] and "image" not in message["embeds"][0]
        assert "Secretary General of NATO" in message["embeds"][0]["description"]

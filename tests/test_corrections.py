"""Corrections: `/fact` and `handover fact` — show, correct, retract, publish, alias and
undo — answered at once everywhere they apply, undone exactly, and kept in each fact's
history."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot import articles
from store import Actor, Store
from tests.conftest import PROJECT, today
from tests.discord_double import DiscordDouble, default_guild
from tests.discord_double.payloads import ADMIN_PERMISSIONS, Member
from tests.running_bot import embed_text, running_bot
from tests.test_announcements import TIDAL

WTO = (PROJECT / "tests" / "articles" / "wto-handover.txt").read_text()
A_ID, B_ID = 1_200_000_000_000_000_010, 1_300_000_000_000_000_010


@pytest.fixture
async def two_servers(store_path):
    """Servers A and B, each with an admin (a moderator) and B's with an editor too."""
    double = DiscordDouble(guilds=[default_guild(A_ID), default_guild(B_ID)])
    editor = B_ID + 500
    for guild in (A_ID, B_ID):
        double.guild(guild).members.append(Member("editor", editor, "erin", ADMIN_PERMISSIONS))
    async with running_bot(store_path, double, editors=frozenset({editor})) as running:
        yield running


async def say(running, guild: int, command: str, user: str = "admin", **options) -> str:
    interaction = await running.double.slash(command, options, user=user, guild=guild)
    return embed_text(await interaction.final_message())


async def ingest_and_accept(running, text: str, guild: int) -> None:
    interaction = await running.double.slash("ingest", {"text": text}, user="admin",
                                             guild=guild)
    preview = await interaction.final_message()
    accept = next(c for row in preview["components"] for c in row["components"]
                  if c["label"] == "Accept")
    await (await running.double.click(preview, accept["custom_id"], user="admin")).response()


def fact_named(listing: str, kind: str, words: str) -> str:
    """The fact name (`transition:12`) on the line of a `/fact show NAME` listing."""
    for line in listing.splitlines():
        if words in line and (found := re.search(rf"`({kind}:\d+)`", line)):
            return found[1]
    raise AssertionError(f"no {kind} with {words!r} in:\n{listing}")


async def test_an_editor_publishes_a_servers_fact_and_can_undo_it(two_servers):
    running = two_servers
    await ingest_and_accept(running, WTO, B_ID)
    listing = await say(running, B_ID, "fact show", fact="amina wanjiru")
    transition = fact_named(listing, "transition", "Amina Wanjiru took over")
    assert "I don't know 'wto'" in await say(running, A_ID, "who-leads", org="wto")

    refused = await say(running, B_ID, "fact publish", fact=transition)
    assert refused == "Only an editor of this bot can do that."
    assert await say(running, B_ID, "fact publish", user="editor", fact=transition) == \
        f"Published {transition}: every server sees it now."
    assert "Amina Wanjiru — Director-General of the World Trade Organization" in await say(
        running, A_ID, "who-leads", org="wto")

    history = await say(running, B_ID, "fact history", user="editor", fact=transition)
    change = int(re.search(r"#(\d+) .* publish", history)[1])
    assert await say(running, B_ID, "fact undo", user="editor", change=change) == \
        f"Undid change #{change} (publish of {transition})."
    assert "I don't know 'wto'" in await say(running, A_ID, "who-leads", org="wto")
    assert "Amina Wanjiru" in await say(running, B_ID, "who-leads", org="wto")


async def test_a_correction_is_answered_everywhere_at_once_and_undo_restores_it(two_servers):
    running = two_servers
    before = {guild: await say(running, guild, "who-leads", org="nato") for guild in
              (A_ID, B_ID)}
    tenure = fact_named(await say(running, A_ID, "fact show", user="editor", fact="rutte"),
                        "tenure", "Secretary General of NATO")
    reply = await say(running, A_ID, "fact correct", user="editor", fact=tenure,
                      start="2024-10-02", reason="sworn in the next day")
    assert reply == f"Corrected {tenure}: start to 2024-10-02. /fact undo puts it back."
    for guild in (A_ID, B_ID):
        answer = await say(running, guild, "who-leads", org="nato")
        assert "Mark Rutte — Secretary General of NATO since 2 October 2024" in answer
        assert "Corrected by an editor" in answer
    history = await say(running, A_ID, "fact history", user="editor", fact=tenure)
    assert "editor <@" in history and "correct — sworn in the next day" in history
    change = int(re.search(r"#(\d+) ", history)[1])
    await say(running, A_ID, "fact undo", user="editor", change=change)
    for guild in (A_ID, B_ID):
        assert await say(running, guild, "who-leads", org="nato") == before[guild]
    assert "undo" in await say(running, A_ID, "fact history", user="editor", fact=tenure)
    again = await say(running, A_ID, "fact undo", user="editor", change=change)
    assert again == f"Change #{change} was already undone."


async def test_a_moderator_corrects_their_servers_facts_only(two_servers):
    running = two_servers
    await ingest_and_accept(running, WTO, B_ID)
    listing = await say(running, B_ID, "fact show", fact="amina wanjiru")
    tenure = fact_named(listing, "tenure", "Director-General")
    assert await say(running, A_ID, "fact show", fact=tenure) == f"There is no {tenure}."
    assert await say(running, A_ID, "fact correct", fact=tenure, start="2026-03-03") == \
        f"There is no {tenure}."
    assert (await say(running, B_ID, "fact correct", fact=tenure, start="2026-03-03")
            ).startswith(f"Corrected {tenure}")
    answer = await say(running, B_ID, "who-leads", org="wto")
    assert "since 3 March 2026" in answer
    assert "Corrected by a moderator of this server" in answer
    nato = fact_named(await say(running, B_ID, "fact show", fact="nato"), "tenure", "Rutte")
    assert await say(running, B_ID, "fact retract", fact=nato, reason="no") == \
        f"{nato} is seen by every server: only an editor can change it."


async def test_a_name_added_by_a_moderator_finds_the_entity_in_that_server_only(two_servers):
    running = two_servers
    entity = fact_named(await say(running, B_ID, "fact show", fact="nato"), "entity", "NATO")
    assert await say(running, B_ID, "fact alias", action="add", entity=entity,
                     name="Atlantic Club") == f"{entity} is now found as 'Atlantic Club'."
    assert "Mark Rutte" in await say(running, B_ID, "who-leads", org="atlantic club")
    assert "I don't know 'atlantic club'" in await say(running, A_ID, "who-leads",
                                                       org="atlantic club")


async def test_a_retracted_transition_is_never_announced_even_when_queued(store_path):
    async with await Store.open(store_path, clock=today) as store:
        double = DiscordDouble()
        announcements = double.guild().channel("announcements")
        await store.subscribe(double.guild().id, announcements.id, None)
        _, report = await articles.ingest(store, articles.Article("tidal.txt", TIDAL), None)
        assert await store.plan_deliveries() == 1
        (transition,) = report.transitions
        await store.retract(f"transition:{transition}", "wrong airline", Actor("editor", 7))
        assert store.recent() and all(t.id != transition for t in store.recent())
    async with running_bot(store_path, double) as running:
        await running.bot.announcer.run_once()
        await asyncio.sleep(0.5)
        assert double.channel_messages.get(announcements.id, []) == []


def test_the_operator_corrects_from_the_command_line(handover):
    listing = handover("fact", "show", "rutte").out
    tenure = fact_named(listing, "tenure", "Secretary General of NATO")
    result = handover("fact", "correct", tenure, "start=2024-10-02", "--reason", "typo")
    assert result.code == 0, result.out + result.err
    assert "since 2 October 2024" in handover("ask", "/who-leads nato").out
    shown = handover("fact", "show", tenure, "--json").out
    assert '"start": "2024-10-02"' in shown and "Corrected by an editor" in shown
    assert '"action": "correct"' in shown and '"reason": "typo"' in shown
    assert f"Corrected by an editor, {today().day} {today():%b %Y}" in handover(
        "ask", "/who-leads nato").out
    assert handover("fact", "correct", tenure, "colour=red").out.strip() == \
        "A tenure has these fields to correct: start, end, holder, role, acting."
    bad = handover("fact", "correct", tenure, "start=yesterday")
    assert bad.code == 2 and "not a date" in bad.out
    assert handover("fact", "show", "tenure:999999").out.strip() == "There is no tenure:999999."
    assert handover("fact", "correct", tenure, "start").code == 2


def test_a_tenures_role_and_holder_are_corrected_and_undone(handover):
    tenure = fact_named(handover("fact", "show", "stoltenberg").out, "tenure",
                        "Secretary General of NATO")
    before = handover("ask", "/who-leads nato on:2015-06-01").out
    assert handover("fact", "correct", tenure, "role=Chair of the North Atlantic Council",
                    "holder=Jens Stoltenberg").code == 0
    answer = handover("ask", "/who-leads nato on:2015-06-01").out
    assert "Jens Stoltenberg — Chair of the North Atlantic Council of NATO" in answer
    change = int(re.search(r"#(\d+) .* correct", handover("fact", "history", tenure).out)[1])
    assert handover("fact", "undo", str(change)).code == 0
    assert handover("ask", "/who-leads nato on:2015-06-01").out == before


INTERPOL = ("Interpol names Lena Brandt secretary general\n"
            "LYON, Nov. 24, 2026 — Interpol named Lena Brandt secretary general on Monday, "
            "succeeding Tomas Varga, who retired after ten years.\n")
ICPO = "International Criminal Police Organization"


def test_two_names_of_one_organization_are_merged_and_undo_parts_them(handover, tmp_path):
    article = tmp_path / "interpol.txt"
    article.write_text(INTERPOL)
    assert handover("ingest", str(article)).code == 0
    other = tmp_path / "icpo.txt"
    other.write_text(INTERPOL.replace("Interpol", ICPO).replace("LYON", "Lyon"))
    assert handover("ingest", str(other)).code == 0
    short, long = (handover("ask", f'/who-leads "{name}"').out for name in ("interpol", ICPO))
    assert "Lena Brandt" in short and "Lena Brandt" in long and short != long
    keep = fact_named(handover("fact", "show", "interpol").out, "entity", "Interpol")
    gone = fact_named(handover("fact", "show", ICPO).out, "entity", ICPO)

    merged = handover("fact", "merge", keep, gone, "--reason", "one organization")
    assert merged.out.strip().startswith(f"Merged {gone} into {keep}"), merged.out + merged.err
    both = [handover("ask", f'/who-leads "{name}"').out for name in ("interpol", ICPO)]
    assert both[0] == both[1]
    assert "Lena Brandt — Secretary General of Interpol" in both[0]
    assert ICPO in both[0]  # the merged article is cited too
    history = handover("fact", "history", keep).out
    change = int(re.search(r"#(\d+) .* merge — one organization", history)[1])

    assert handover("fact", "undo", str(change)).code == 0
    assert [handover("ask", f'/who-leads "{name}"').out for name in ("interpol", ICPO)] == \
        [short, long]


def test_a_person_and_an_organization_are_never_merged(handover):
    person = fact_named(handover("fact", "show", "rutte").out, "entity", "Mark Rutte")
    org = fact_named(handover("fact", "show", "nato").out, "entity", "NATO")
    result = handover("fact", "merge", org, person)
    assert result.code == 2
    assert "only two people or two organizations can be one" in result.out


EARLY = ("Rutte takes over NATO early\n"
         "BRUSSELS, Sept. 15, 2024 — Mark Rutte took over as secretary general of NATO on "
         "Sunday, succeeding Jens Stoltenberg.\n")


def test_sources_that_disagree_are_both_shown_listed_and_settled(handover, tmp_path):
    article = tmp_path / "early.txt"
    article.write_text(EARLY)
    assert handover("ingest", str(article)).code == 0
    answer = handover("ask", "/who-leads nato on:2024-09-20").out
    assert "Sources disagree on who was Secretary General of NATO on 20 September 2024: " \
           "Jens Stoltenberg, from 1 October 2014 to 1 October 2024" in answer
    assert "or Mark Rutte, since 15 September 2024 (Rutte takes over NATO early" in answer
    today = handover("ask", "/who-leads nato").out
    assert "Sources disagree on when Mark Rutte took over: on 1 October 2024" in today
    assert "or on 15 September 2024 (Rutte takes over NATO early" in today

    listed = handover("fact", "show", "rutte").out
    early = fact_named(listed, "tenure", "(2024-09-15")
    move = fact_named(listed, "transition", "(2024-09-15)")
    assert handover("fact", "retract", early, "--reason", "he took over on 1 October").code == 0
    assert handover("fact", "retract", move, "--reason", "he took over on 1 October").code == 0
    assert "Sources disagree" not in handover("ask", "/who-leads nato on:2024-09-20").out
    assert "Sources disagree" not in handover("ask", "/who-leads nato").out


async def test_review_conflicts_lists_them_for_editors(two_servers):
    running = two_servers
    assert await say(running, A_ID, "review", user="editor", queue="conflicts") == \
        "No sources disagree."
    await ingest_and_accept(running, EARLY, B_ID)
    assert await say(running, A_ID, "review", user="editor", queue="conflicts") == \
        "No sources disagree."  # server B's account is B's alone
    listing = await say(running, B_ID, "review", queue="conflicts")
    assert "Sources disagree" in listing and "Settle each with /fact correct" in listing
    assert re.search(r"Secretary General of NATO: `tenure:\d+` Jens Stoltenberg "
                     r"\(2014-10-01–2024-10-01\) or `tenure:\d+` Mark Rutte \(2024-09-15–\?\)",
                     listing)
    assert re.search(r"Mark Rutte took over as Secretary General of NATO: `transition:\d+` "
                     r"2024-10-01 or `transition:\d+` 2024-09-15", listing)

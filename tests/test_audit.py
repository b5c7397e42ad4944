"""The audit log: every change is one row — who, where, what, before and after — and no
row can be changed or removed. Editors are told apart from moderators."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests import engines
from tests.conftest import PROJECT
from tests.discord_double import DiscordDouble
from tests.discord_double.payloads import ADMIN_PERMISSIONS, Member
from tests.running_bot import running_bot

WTO = (PROJECT / "tests" / "articles" / "wto-handover.txt").read_text()


def buttons(message: dict) -> dict[str, dict]:
    return {c["label"]: c for row in message.get("components", []) for c in row["components"]}


async def ingest_and_decide(running, label: str = "Accept", user: str = "admin") -> None:
    interaction = await running.double.slash("ingest", {"text": WTO}, user=user)
    preview = await interaction.final_message()
    click = await running.double.click(preview, buttons(preview)[label]["custom_id"], user=user)
    await click.response()


async def in_thread(handover, *args: str) -> list[dict]:
    """`handover audit` runs its own event loop: run it beside this test's."""
    return await asyncio.to_thread(logged, handover, *args)


def logged(handover, *args: str) -> list[dict]:
    result = handover("audit", "--json", *args)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


async def test_a_moderators_changes_are_logged_with_who_and_where(store_path, handover):
    async with running_bot(store_path) as running:
        double = running.double
        admin = double.guild().member("admin")
        await ingest_and_decide(running)
        subscribed = await double.slash("announce subscribe", {"channel": "general"},
                                        user="admin")
        await subscribed.final_message()
        added = await double.slash("feeds add", {"url": "https://example.org/feed.xml",
                                                 "channel": "announcements"}, user="admin")
        await added.final_message()
        removed = await double.slash("feeds remove", {"url": "https://example.org/feed.xml"},
                                     user="admin")
        await removed.final_message()
    entries = [e for e in (await in_thread(handover)) if e["actor"] == admin.user_id]
    assert [e["action"] for e in entries] == [
        "ingest", "accept", "subscribe", "feed-add", "subscribe", "feed-remove"]
    assert {e["role"] for e in entries} == {"moderator"}
    assert {e["guild"] for e in entries} == {double.guild().id}
    ingest, accept = entries[:2]
    assert ingest["target"] == accept["target"] == "review:1"
    assert accept["before"] == {"status": "pending"}
    assert accept["after"]["status"] == "accepted"
    assert accept["after"]["new_transitions"]
    assert entries[-1]["before"]["url"] == "https://example.org/feed.xml"
    assert await in_thread(handover, "--guild", str(double.guild().id)) == entries


async def test_a_rejection_is_logged(store_path, handover):
    async with running_bot(store_path) as running:
        await ingest_and_decide(running, "Reject")
    assert [(e["action"], e["after"]) for e in (await in_thread(handover))[-2:]] == [
        ("ingest", {"origin": "ingest", "status": "pending",
                    "source": "Okonjo-Iweala hands over WTO to Kenyan trade veteran"}),
        ("reject", {"status": "rejected"})]


def test_the_operators_command_line_is_logged(handover, tmp_path):
    article = tmp_path / "wto.txt"
    article.write_text(WTO)
    assert handover("ingest", str(article)).code == 0
    (entry,) = [e for e in logged(handover) if e["action"] == "ingest"]
    assert entry["role"] == "operator"
    assert entry["actor"] is None and entry["guild"] is None
    assert entry["target"].startswith("source:")
    assert entry["after"]["source"] == "Okonjo-Iweala hands over WTO to Kenyan trade veteran"
    assert logged(handover, "--since", "2999-01-01") == []
    text = handover("audit").out
    assert "operator: ingest source:" in text


def test_nothing_in_the_log_can_be_changed_or_deleted(handover, store_path):
    assert logged(handover)  # the bundled packs' imports, at least
    for attempt in ("DELETE FROM audit", "UPDATE audit SET reason = 'oops'",
                    "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)"):
        with pytest.raises(Exception, match="append-only"):
            engines.execute(store_path, attempt)
    assert logged(handover)


def test_a_bad_day_for_since_is_a_usage_error(handover):
    result = handover("audit", "--since", "last week")
    assert result.code == 2
    assert "'last week' is not a day; use YYYY-MM-DD" in result.err


@pytest.mark.parametrize("who", ["listed", "owner", "home"])
async def test_editors_are_listed_users_the_application_owner_and_home_moderators(
        store_path, handover, who):
    double = DiscordDouble()
    guild = double.guild()
    double.guilds[0].members.append(Member("owner", double.owner_id, "olga", ADMIN_PERMISSIONS))
    settings = {"listed": {"editors": frozenset({guild.member("admin").user_id})},
                "owner": {}, "home": {"home_guild": guild.id}}[who]
    user = "owner" if who == "owner" else "admin"
    async with running_bot(store_path, double, **settings) as running:
        await ingest_and_decide(running, user=user)
    assert (await in_thread(handover))[-1]["role"] == "editor"


async def test_a_moderator_elsewhere_is_no_editor(store_path, handover):
    double = DiscordDouble()
    async with running_bot(store_path, double, home_guild=double.guild().id + 1,
                           editors=frozenset({1})) as running:
        await ingest_and_decide(running)
    assert (await in_thread(handover))[-1]["role"] == "moderator"

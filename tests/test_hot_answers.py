"""Answers to repeated questions come from memory until the store changes — whoever
changes it: the same bot, or another process writing to the same file."""

from __future__ import annotations

from store import Store
from tests.running_bot import embed_text, running_bot


async def test_a_repeated_question_is_answered_from_memory(store_path):
    async with running_bot(store_path) as running:
        _, first = await running.ask("who-leads", {"org": "nato"})
        _, again = await running.ask("who-leads", {"org": "nato"})
        _, dated = await running.ask("who-leads", {"org": "nato", "on": "2015-06-01"})
        hot = running.bot.hot
    assert "Mark Rutte" in embed_text(first)
    assert embed_text(again) == embed_text(first)
    assert "Jens Stoltenberg" in embed_text(dated)
    assert (hot.hits, hot.misses) == (1, 2)


async def test_a_commit_by_another_process_is_seen_at_the_next_question(store_path):
    async with running_bot(store_path) as running:
        _, before = await running.ask("who-leads", {"org": "nato"})
        async with await Store.open(store_path) as other:  # as `handover` would, apart
            rutte = other.resolve("Mark Rutte", "person").entity
            tenure = next(f"tenure:{held.id}" for held in other.facts_about(rutte).tenures
                          if "NATO" in held.office.title)
            await other.correct(tenure, {"start": "2024-10-02"}, reason="a test")
        _, after = await running.ask("who-leads", {"org": "nato"})
        _, again = await running.ask("who-leads", {"org": "nato"})
        hot = running.bot.hot
    assert "1 October 2024" in embed_text(before) and "2 October 2024" not in embed_text(before)
    assert "2 October 2024" in embed_text(after)
    assert embed_text(again) == embed_text(after)
    assert (hot.hits, hot.misses) == (1, 2)


async def test_an_answer_seen_from_one_server_is_not_given_to_another(store_path):
    async with running_bot(store_path) as running:
        await running.ask("who-leads", {"org": "nato"})
        await running.ask("who-leads", {"org": "nato"}, dm=True)
        hot = running.bot.hot
    assert (hot.hits, hot.misses) == (0, 2)


async def test_renewing_the_leader_lease_keeps_the_answers_and_a_fact_write_does_not(
        store_path):
    async with running_bot(store_path) as running:
        bot = running.bot
        _, first = await running.ask("who-leads", {"org": "nato"})
        assert bot.leadership.leading
        renewed_before = bot.leadership.good_until
        await bot.leadership.try_once()  # what the bot does every quarter of the lease
        assert bot.leadership.good_until > renewed_before
        _, again = await running.ask("who-leads", {"org": "nato"})
        async with await Store.open(store_path) as other:
            rutte = other.resolve("Mark Rutte", "person").entity
            tenure = next(f"tenure:{held.id}" for held in other.facts_about(rutte).tenures
                          if "NATO" in held.office.title)
            await other.correct(tenure, {"start": "2024-10-02"}, reason="a test")
        _, after = await running.ask("who-leads", {"org": "nato"})
        hot = bot.hot
    assert embed_text(again) == embed_text(first)
    assert "2 October 2024" in embed_text(after)
    assert (hot.hits, hot.misses) == (1, 2)

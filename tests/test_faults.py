"""Faults through the Discord double: the bot keeps answering, nothing lost, nothing doubled.

The gateway dropped (1006), op 7 reconnect, op 9 invalid session (resumable and not), REST
429s per route and global on the interaction callback, the followup webhook and a channel
post, 500 and 503 answers, and a store slower than Discord's 3-second window: after each,
every interaction is answered exactly once (one callback, or one defer and one followup),
in time, and an announcement is posted exactly once.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tests.background_bot import CALLBACK, CRASH_REPLY, once_problems
from tests.running_bot import embed_text, running_bot
from tests.test_announcements import TIDAL, ingest_and_accept, posts, subscribe, until

DEADLINE_S = 3.0
SLOW_STORE_S = 3.5


@pytest.fixture
async def discord_bot(store_path):
    async with running_bot(store_path) as running:
        yield running


async def ask_checked(running, name: str = "who-leads", options: dict | None = None,
                      expected: str = "Mark Rutte", **how) -> tuple:
    """Ask, and check: one answer, first response inside the window, the expected text."""
    double = running.double
    interaction = await double.slash(name, options or {"org": "nato"}, **how)
    await interaction.response(DEADLINE_S + 2)
    first_after = time.monotonic() - interaction.created
    message = await interaction.final_message(10)
    await asyncio.sleep(0.2)  # time for a second, wrong answer to show up
    assert once_problems(double, interaction) == []
    assert first_after < DEADLINE_S, f"first response after {first_after:.2f}s"
    text = embed_text(message)
    assert CRASH_REPLY not in text
    assert expected in text
    return interaction, message


def callbacks_sent(double, interaction) -> list:
    return [r for r in double.requests
            if r.template == CALLBACK and interaction.token in r.path]


async def test_after_the_websocket_drops_with_1006_the_bot_resumes_and_answers(discord_bot):
    """A TCP-level drop: the bot RESUMEs, and a command sent right after the drop (replayed
    on resume) and one sent later are each answered once."""
    double = discord_bot.double
    await double.drop_websocket(1006)
    during = await double.slash("who-leads", {"org": "otan"})
    await double.wait_resumed()
    assert "Mark Rutte" in embed_text(await during.final_message(10))
    assert once_problems(double, during) == []
    await ask_checked(discord_bot)
    assert len(double.identifies) == 1 and len(double.resumes) == 1


async def test_after_op_7_reconnect_the_bot_resumes_and_answers(discord_bot):
    """Discord asks for a reconnect: the bot RESUMEs the same session and answers."""
    double = discord_bot.double
    await double.send_op7_reconnect()
    await double.wait_resumed()
    await ask_checked(discord_bot)
    assert len(double.identifies) == 1 and len(double.resumes) == 1


async def test_after_a_resumable_invalid_session_the_bot_resumes_and_answers(discord_bot):
    """op 9 with d=true: the bot RESUMEs and answers."""
    double = discord_bot.double
    await double.send_invalid_session(True)
    await double.wait_resumed()
    await ask_checked(discord_bot)
    assert len(double.identifies) == 1


async def test_after_a_non_resumable_invalid_session_the_bot_identifies_again(discord_bot):
    """op 9 with d=false: discord.py waits about 5 s, IDENTIFYs afresh (at DEFAULT_GATEWAY,
    which `running_bot` points at the double) and answers again."""
    double = discord_bot.double
    with double.default_gateway():
        await double.send_invalid_session(False)
        await double.wait_ready(timeout=20)
    assert len(double.identifies) == 2
    await ask_checked(discord_bot)
    await ask_checked(discord_bot, "quotes", {"person": "rutte", "search": "victory"},
                      "We must achieve victory")


@pytest.mark.parametrize("is_global", [False, True], ids=["per-route", "global"])
async def test_a_429_on_the_interaction_callback_is_retried_in_time(discord_bot, is_global):
    """The first callback is rate limited (0.3 s): discord.py waits and sends it again,
    inside the window; the user sees one answer."""
    double = discord_bot.double
    fault = double.fail_next("POST /interactions/*/*/callback", 429, retry_after=0.3,
                             is_global=is_global)
    interaction, _ = await ask_checked(discord_bot)
    assert fault.times == 0
    assert [r.status for r in callbacks_sent(double, interaction)] == [429, 200]
    await ask_checked(discord_bot, "history", {"org": "nato"}, "Lord Ismay")


@pytest.mark.parametrize("is_global", [False, True], ids=["per-route", "global"])
async def test_a_429_on_the_followup_of_a_deferred_answer_is_retried(discord_bot, is_global):
    """A deferred answer (/quotes with search) whose followup is rate limited arrives once."""
    double = discord_bot.double
    fault = double.fail_next("POST /webhooks/*", 429, retry_after=0.3, is_global=is_global)
    interaction, _ = await ask_checked(discord_bot, "quotes",
                                       {"person": "rutte", "search": "victory"},
                                       "We must achieve victory")
    assert interaction.callbacks[0]["type"] == 5
    assert fault.times == 0


async def test_a_500_on_the_interaction_callback_is_retried_in_time(discord_bot):
    """discord.py retries a 500 after one second: still inside the window, answered once."""
    double = discord_bot.double
    fault = double.fail_next("POST /interactions/*/*/callback", 500)
    interaction, _ = await ask_checked(discord_bot)
    assert fault.times == 0
    assert [r.status for r in callbacks_sent(double, interaction)] == [500, 200]


async def test_a_503_on_the_interaction_callback_still_gets_the_answer_through(discord_bot):
    """A 503 on the callback (discord.py's webhook adapter retries any 5xx after a second):
    the user still gets the answer, not the 'something went wrong' sentence, once; and the
    next command works."""
    double = discord_bot.double
    double.fail_next("POST /interactions/*/*/callback", 503)
    await ask_checked(discord_bot)
    await ask_checked(discord_bot, "profile", {"person": "rutte"})


@pytest.mark.parametrize(("status", "is_global"), [(429, False), (429, True), (500, False),
                                                   (503, False)],
                         ids=["429-per-route", "429-global", "500", "503"])
async def test_a_failing_channel_post_is_retried_and_the_announcement_posted_once(
        discord_bot, status, is_global):
    """The announcement's channel post fails once: it is posted exactly once, and commands
    keep being answered meanwhile."""
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    where = double.guild().channel("announcements").id
    fault = double.fail_next(f"POST /channels/{where}/messages", status, retry_after=0.3,
                             is_global=is_global)
    await ingest_and_accept(discord_bot, TIDAL)
    await until(lambda: posts(double, "announcements"), timeout=15)
    await ask_checked(discord_bot)
    await asyncio.sleep(0.5)
    (post,) = posts(double, "announcements")
    assert "Ana Costa" in embed_text(post)
    assert fault.times == 0
    assert double.pings == []


@pytest.mark.monotonic_clock
async def test_a_store_slower_than_the_window_gets_a_defer_in_time(discord_bot):
    """A store call that takes 3.5 s: the bot defers (type 5) inside the 3-second window,
    then sends the answer once."""
    double = discord_bot.double
    store = discord_bot.bot.store
    fast = store.who_leads

    def slow(*args, **kwargs):
        time.sleep(SLOW_STORE_S)  # the answer is computed in a worker thread
        return fast(*args, **kwargs)

    store.who_leads = slow
    try:
        interaction = await double.slash("who-leads", {"org": "nato"})
        try:
            first = await interaction.response(SLOW_STORE_S + 2)
        except TimeoutError:
            first = None
        first_after = time.monotonic() - interaction.created
        assert interaction.rejected == [], "the first response came too late (10062)"
        assert first is not None, "no initial response at all"
        message = await interaction.final_message(SLOW_STORE_S + 5)
    finally:
        store.who_leads = fast
    await asyncio.sleep(0.2)
    assert first["type"] == 5
    assert first_after < DEADLINE_S, f"deferred after {first_after:.2f}s"
    assert "Mark Rutte" in embed_text(message)
    assert once_problems(double, interaction) == []
    await ask_checked(discord_bot, "history", {"org": "nato"}, "Lord Ismay")


@pytest.mark.monotonic_clock
async def test_reads_queued_behind_a_stuck_read_do_not_block_the_bot(discord_bot):
    """The store hangs on one question: that interaction and the ones asked after it (whose
    reads wait behind it in the reads thread, the event loop not waiting for them) are all
    deferred in time, and all answered once the store is back."""
    double = discord_bot.double
    store = discord_bot.bot.store
    fast, stuck = store.who_leads, threading.Event()

    def hanging(*args, **kwargs):
        stuck.wait(30)  # the answer is computed in the reads thread
        return fast(*args, **kwargs)

    store.who_leads = hanging
    try:
        first = await double.slash("who-leads", {"org": "nato"})
        second = await double.slash("who-leads", {"org": "nato", "on": "2015-06-01"})
        helped = await double.slash("help")
        deferred = [await first.response(DEADLINE_S), await second.response(DEADLINE_S),
                    await helped.response(DEADLINE_S)]
    finally:
        stuck.set()
        store.who_leads = fast
    assert [body["type"] for body in deferred] == [5, 5, 5]
    answers = [await first.final_message(10), await second.final_message(10),
               await helped.final_message(10)]
    assert "Mark Rutte" in embed_text(answers[0]) and "Jens Stoltenberg" in embed_text(answers[1])
    assert "/who-leads" in embed_text(answers[2])
    await asyncio.sleep(0.2)
    for interaction in (first, second, helped):
        assert interaction.rejected == [] and once_problems(double, interaction) == []

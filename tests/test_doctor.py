"""`handover doctor` through the Discord double: who the bot is, the invite URL, the store's
integrity, schema and backlog, one line per problem with what to do, the token hidden."""

from __future__ import annotations

import asyncio
import datetime as dt
import os

from store import migrations
from tests import engines
from tests.conftest import TODAY, closed_port
from tests.discord_double import DiscordDouble
from tests.test_discord_process import HANDOVER

TOKEN = "doctor." + "t" * 60  # shaped like a bot token: long, no spaces
# Send Messages 2048 + Embed Links 16384 + Attach Files 32768 + Use Application Commands 2^31
PERMISSIONS = 2048 + 16384 + 32768 + 2**31 + 2**35


async def doctor(store_path, tmp_path, api_base: str, token: str | None = TOKEN
                 ) -> tuple[int, str, str]:
    env = {**os.environ, "DISCORD_API_BASE": api_base, "HANDOVER_DB": str(store_path),
           "HANDOVER_TODAY": TODAY}
    env.pop("DISCORD_TOKEN", None)
    if token:
        env["DISCORD_TOKEN"] = token
    process = await asyncio.create_subprocess_exec(
        HANDOVER, "doctor", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode, out.decode(), err.decode()


async def test_doctor_says_who_the_bot_is_and_how_to_invite_it(engine, store_path, tmp_path):
    async with DiscordDouble(expected_token=TOKEN, bot_name="handover-test") as double:
        code, out, err = await doctor(store_path, tmp_path, double.api_base)
        asked = {(r.method, r.template) for r in double.requests}
    assert code == 0, out + err
    assert {("GET", "/users/@me"), ("GET", "/applications/@me")} <= asked
    assert f"the token belongs to handover-test (user {double.bot_id})" in out
    assert "Message Content intent: not needed" in out
    assert (f"invite: https://discord.com/oauth2/authorize?client_id={double.app_id}"
            f"&scope=bot+applications.commands&permissions={PERMISSIONS}") in out
    assert ("integrity: ok (PRAGMA quick_check)" if engine == "sqlite"
            else "reachable: PostgreSQL ") in out
    assert f"schema: version {migrations.LATEST} (current)" in out
    assert "announcements: none waiting" in out
    assert out.strip().endswith("ok")
    assert "problem" not in out
    assert TOKEN not in out + err
    assert f"DISCORD_TOKEN: set ({len(TOKEN)} characters, hidden)" in out


async def test_doctor_names_a_refused_token_and_exits_1(store_path, tmp_path):
    async with DiscordDouble(expected_token="another" + TOKEN) as double:
        code, out, err = await doctor(store_path, tmp_path, double.api_base)
    assert code == 1
    assert ("problem: Discord refused the token: reset it in the Developer Portal and set "
            "DISCORD_TOKEN") in out
    assert out.strip().endswith("1 problem(s)")
    assert TOKEN not in out + err


async def test_doctor_names_an_unreachable_discord(store_path, tmp_path):
    api_base = f"http://127.0.0.1:{closed_port()}/api/v10"
    code, out, _ = await doctor(store_path, tmp_path, api_base)
    assert code == 1
    problems = [line for line in out.splitlines() if line.startswith("problem: ")]
    assert problems == [f"problem: cannot reach Discord at {api_base}: connection refused by "
                        f"{api_base.split('/')[2]}; check the network, a proxy, or "
                        "DISCORD_API_BASE"]


def _stale_delivery(store_path, days: int) -> None:
    """A delivery still pending `days` after it was due (the bot never posted it)."""
    due = (dt.date.fromisoformat(TODAY) - dt.timedelta(days=days)).isoformat()
    ((transition,),) = engines.query(store_path, "SELECT min(id) FROM transitions")
    engines.execute(store_path, "INSERT INTO subscriptions (id, guild_id, channel_id,"
                    " created_on) VALUES (900, 1, 2, ?)", [(due,)])
    engines.execute(store_path, "INSERT INTO announcements (id, transition_id, occasion, due_on,"
                    " reported_on) VALUES (900, ?, 'reported', ?, ?)", [(transition, due, due)])
    engines.execute(store_path, "INSERT INTO deliveries (announcement_id, channel_id,"
                    " subscription_id) VALUES (900, 2, 900)")


async def test_doctor_reports_a_backlog_that_is_not_moving(store_path, tmp_path):
    _stale_delivery(store_path, days=10)
    async with DiscordDouble(expected_token=TOKEN) as double:
        code, out, _ = await doctor(store_path, tmp_path, double.api_base)
    assert code == 1
    due = dt.date.fromisoformat(TODAY) - dt.timedelta(days=10)
    assert f"announcements: 1 waiting, the oldest due {due} (10 day(s) ago)" in out
    assert "problem: 1 announcement(s) have waited up to 10 days: is the bot running" in out


async def test_doctor_reports_a_damaged_store(sqlite_store_path, tmp_path):
    store_path = sqlite_store_path
    data = bytearray(store_path.read_bytes())
    page = 4096
    data[page * 3:page * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    store_path.write_bytes(bytes(data))
    code, out, _ = await doctor(store_path, tmp_path, "http://127.0.0.1:1", token=None)
    assert code == 1
    problems = [line for line in out.splitlines() if line.startswith("problem: ")]
    assert len(problems) == 1
    assert ("damaged" in problems[0] or "cannot be read" in problems[0]) and \
        "backup" in problems[0]

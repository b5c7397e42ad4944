"""`handover run` as an operator starts it: a process that answers, and closes on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import TODAY
from tests.discord_double import DiscordDouble
from tests.running_bot import TOKEN, embed_text

HANDOVER = str(Path(sys.executable).parent / "handover")


async def test_handover_run_answers_and_sigterm_closes_it_cleanly(store_path, tmp_path):
    log = tmp_path / "handover.log"
    async with DiscordDouble() as double:
        env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
               "HANDOVER_DB": str(store_path), "HANDOVER_LOG": str(log),
               "HANDOVER_TODAY": TODAY}
        process = await asyncio.create_subprocess_exec(
            HANDOVER, "run", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:
            await double.wait_ready(timeout=30)
            interaction = await double.slash("who-leads", {"org": "nato"})
            assert "Mark Rutte" in embed_text(await interaction.final_message(timeout=10))
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        out, err = await process.communicate()
    logged = log.read_text()
    assert code == 0, err.decode()
    assert "signal received; closing" in logged
    assert "Traceback" not in logged + err.decode()
    assert TOKEN not in logged + out.decode() + err.decode()


async def test_handover_run_without_a_token_says_how_to_fix_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        HANDOVER, "--db", str(tmp_path / "s.db"), "run", env=env, cwd=tmp_path,
        stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    assert process.returncode == 2
    assert err.decode().startswith("handover: DISCORD_TOKEN is not set")


async def test_handover_sync_registers_the_commands_in_one_server(store_path, tmp_path):
    async with DiscordDouble() as double:
        guild = double.guild()
        env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
               "HANDOVER_DB": str(store_path)}
        process = await asyncio.create_subprocess_exec(
            HANDOVER, "sync", "--guild", str(guild.id), env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, err.decode()
        assert out.decode().strip() == "Registered 11 commands."
        names = {command["name"] for command in double.commands[guild.id]}
        assert {"who-leads", "quotes", "history", "profile", "recent", "help", "ingest",
                "review", "announce", "feeds", "fact"} == names
        assert None not in double.commands

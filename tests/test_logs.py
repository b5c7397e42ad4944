"""Logs for log shippers: with HANDOVER_LOG_FORMAT=json every line is one JSON object,
a failed command's record carries its shard, guild, command and reference, and the token
never appears."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal

from tests.conftest import TODAY
from tests.discord_double import DiscordDouble
from tests.test_discord_process import HANDOVER

TOKEN = "json-logs-token-" + "s" * 40
CALLBACK = "POST /interactions/*/*/callback"


async def test_json_logs_one_object_per_line_with_the_commands_context(store_path, tmp_path):
    log = tmp_path / "handover.jsonl"
    async with DiscordDouble() as double:
        env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
               "HANDOVER_DB": str(store_path), "HANDOVER_LOG": str(log),
               "HANDOVER_LOG_FORMAT": "json", "HANDOVER_LOG_LEVEL": "DEBUG",
               "HANDOVER_TODAY": TODAY}
        process = await asyncio.create_subprocess_exec(
            HANDOVER, "run", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:
            await double.wait_ready(timeout=30)
            double.fail_next(CALLBACK, status=400)  # the answer is refused once: logged
            interaction = await double.slash("who-leads", {"org": "nato"})
            apology = await interaction.final_message(timeout=10)
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        out, err = await process.communicate()
    assert code == 0, err.decode()
    text = log.read_text()
    records = [json.loads(line) for line in text.splitlines()]  # every line is JSON
    assert records
    for record in records:
        assert {"time", "level", "logger", "message"} <= record.keys()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["time"])
    failed = [r for r in records if r["message"].startswith("command who-leads failed")]
    assert len(failed) == 1, text
    guild = double.guild()
    assert failed[0]["level"] == "ERROR"
    assert failed[0]["command"] == "who-leads"
    assert failed[0]["guild"] == guild.id
    assert failed[0]["shard"] == 0
    assert failed[0]["reference"] in apology["content"]
    assert "400 Bad Request" in failed[0]["exception"]
    assert TOKEN not in text + out.decode() + err.decode()
    assert not any("voice will NOT be supported" in r["message"] for r in records)

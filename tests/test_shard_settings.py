"""Which shards a process runs: `--shards`/`--shard-count` and their environment
variables, and one clear line for a value that cannot be used."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.client import Handover
from bot.config import Settings, SettingsError, shard_plan


def test_ranges_and_lists_of_shards():
    assert shard_plan("0-3", "16") == ((0, 1, 2, 3), 16)
    assert shard_plan("0,2, 5-7", "8") == ((0, 2, 5, 6, 7), 8)
    assert shard_plan(None, "4") == ((0, 1, 2, 3), 4), "a count alone: every shard of it"
    assert shard_plan(None, None) == (None, None), "neither: what Discord recommends"


@pytest.mark.parametrize(("shards", "count", "said"), [
    ("0-3", None, "HANDOVER_SHARDS needs HANDOVER_SHARD_COUNT"),
    ("3-1", "4", "HANDOVER_SHARDS must be shard numbers or ranges"),
    ("a", "4", "HANDOVER_SHARDS must be shard numbers or ranges"),
    ("0,,1", "4", "HANDOVER_SHARDS must be shard numbers or ranges"),
    ("4", "4", "names shard 4, but shards are numbered 0 to 3"),
    ("0", "0", "HANDOVER_SHARD_COUNT must be a whole number of shards, 1 or more"),
    ("0", "two", "HANDOVER_SHARD_COUNT must be a whole number"),
])
def test_a_shard_setting_that_cannot_be_used_says_why(shards, count, said):
    with pytest.raises(SettingsError, match=said):
        shard_plan(shards, count)


def test_the_environment_and_the_flags(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDOVER_SHARDS", "1")
    monkeypatch.setenv("HANDOVER_SHARD_COUNT", "2")
    monkeypatch.setenv("HANDOVER_LEASE_S", "7.5")
    settings = Settings.load()
    assert (settings.shards, settings.shard_count, settings.lease_s) == ((1,), 2, 7.5)
    bot = Handover(settings)
    assert (bot.shard_ids, bot.shard_count) == ([1], 2)


@pytest.mark.parametrize(("arguments", "said"), [
    (["--shards", "0-3"], "handover: --shards needs --shard-count"),
    (["--shards", "2", "--shard-count", "2"], "handover: --shards names shard 2"),
    (["--shards", "x", "--shard-count", "2"], "handover: --shards must be shard numbers"),
])
def test_bad_run_flags_are_one_line_and_exit_2(arguments, said, capsys, monkeypatch,
                                                tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOVER_SHARDS", raising=False)
    monkeypatch.delenv("HANDOVER_SHARD_COUNT", raising=False)
    assert main(["--db", str(tmp_path / "s.db"), "run", *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1, err


def test_a_bad_lease_length_is_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDOVER_LEASE_S", "0.1")
    assert main(["--db", str(tmp_path / "s.db"), "run"]) == 2
    assert capsys.readouterr().err.startswith("handover: HANDOVER_LEASE_S must be seconds")

"""The console and the command line: typed slash commands, piped input, clear errors."""

import os
import subprocess

import pytest

from tests.conftest import PROJECT, TODAY, closed_port


def test_piped_lines_are_answered_in_order_and_the_console_exits(handover):
    result = handover("console", stdin="/who-leads nato\n\n/quotes stoltenberg\n")
    assert result.code == 0
    assert result.out.index("Mark Rutte — Secretary General") < result.out.index("safe hands")


def test_quoted_values_named_and_bare_options(handover):
    lines = ('/who-leads "north atlantic treaty organization" on:2015-06-01\n'
             "/who-leads org:nato on:2015-06-01\n"
             "/who-leads north atlantic treaty organization on:2015-06-01\n")
    out = handover("console", stdin=lines).out
    assert out.count("On 1 June 2015: Jens Stoltenberg") == 3


@pytest.mark.parametrize(("line", "message"), [
    ("/frobnicate nato", "Unknown command '/frobnicate'. Try /help."),
    ("who-leads nato", "Unknown command 'who-leads'. Try /help."),
    ("/who-leads", "/who-leads needs org. Usage: /who-leads org [on:…]"),
    ("/who-leads nato on:yesterday", "'yesterday' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY."),
    ("/who-leads nato on:2024-02-30", "'2024-02-30' is not a day of the calendar."),
    ("/who-leads nato when:2015", "/who-leads has no option 'when'; it takes org, on."),
    ("/who-leads nato org:un", "Option 'org' is given twice."),
    ("/who-leads " + "x" * 5000, "That is too long for an organization, e.g. /who-leads nato: "
                                 "5000 characters, at most 200."),
])
def test_bad_input_gets_one_clear_line_and_exit_2(handover, line, message):
    result = handover("ask", line)
    assert result.out.strip() == message
    assert result.code == 2


def test_odd_characters_never_raise(handover):
    for line in ["/who-leads \x00\x1b[31mnato", "/quotes \"", "/profile ' OR 1=1 --",
                 "/who-leads 🏳️‍🌈", "/recent org:", "/history \u202e"]:
        result = handover("ask", line)
        assert result.code in (0, 1, 2)
        assert "Traceback" not in result.out + result.err
        assert result.out.strip()


def test_control_characters_are_dropped_from_names(ask):
    assert "Mark Rutte" in ask("/who-leads na\x00to\x07")


def test_usage_errors_of_the_command_line_exit_2(handover):
    assert handover("no-such-subcommand").code == 2


def test_help_lists_every_command(ask):
    answer = ask("/help")
    for name in ("who-leads", "quotes", "history", "profile", "recent", "help"):
        assert f"/{name}" in answer


def test_a_missing_store_is_created_with_the_bundled_packs(handover, tmp_path):
    fresh = tmp_path / "sub" / "new.db"
    result = handover("ask", "/who-leads nato", db=fresh)
    assert "Mark Rutte" in result.out
    assert fresh.exists()


def test_an_unreadable_store_is_a_clear_error(handover, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    result = handover("ask", "/who-leads nato", db=broken)
    assert result.code == 1
    assert result.err.startswith("handover: cannot prepare the store at")
    assert "Traceback" not in result.err


def test_backup_copies_the_store(handover_on, sqlite_store_path, tmp_path):
    target = tmp_path / "copy.db"
    assert handover_on("backup", str(target), db=sqlite_store_path).code == 0
    assert "Mark Rutte" in handover_on("ask", "/who-leads nato", db=target).out


def test_backup_of_a_postgresql_store_says_what_to_use_instead(handover_on, empty_postgresql,
                                                              tmp_path):
    result = handover_on("backup", str(tmp_path / "copy.db"), db=empty_postgresql)
    assert result.code == 2
    assert "pg_dump" in result.err and "copy-store" in result.err


def test_doctor_masks_the_token(handover, monkeypatch):
    secret = "MTIz" + "x" * 60
    monkeypatch.setenv("DISCORD_TOKEN", secret)
    monkeypatch.setenv("DISCORD_API_BASE", f"http://127.0.0.1:{closed_port()}/api/v10")
    result = handover("doctor")
    assert secret not in result.out + result.err
    assert "DISCORD_TOKEN: set (64 characters, hidden)" in result.out


def test_echo_who_leads_piped_into_make_run_answers_from_a_new_store(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(HANDOVER_DB=str(tmp_path / "fresh.db"), HANDOVER_TODAY=TODAY)
    result = subprocess.run(["make", "-s", "run"], input="/who-leads nato\n", cwd=PROJECT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Mark Rutte — Secretary General of NATO since 1 October 2024" in result.stdout
    assert "took over from Jens Stoltenberg" in result.stdout
    assert "seed/rutte-nato-2024.txt" in result.stdout

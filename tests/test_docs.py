"""The docs stay true: every command and setting is documented."""

import re

from bot.cli import build_parser
from bot.commands import COMMANDS
from bot.config import SETTINGS
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text()
ENV_EXAMPLE = (PROJECT / ".env.example").read_text()


def test_every_slash_command_is_in_the_readme():
    for name in COMMANDS:
        assert f"`/{name}`" in README


def test_every_command_line_subcommand_is_in_the_readme():
    subcommands = build_parser()._subparsers._group_actions[0].choices
    for name in subcommands:
        assert f"`handover {name}" in README, name


def test_every_setting_is_in_the_readme_and_env_example():
    for name in SETTINGS:
        assert f"`{name}`" in README
        assert re.search(rf"^{name}=", ENV_EXAMPLE, re.MULTILINE), name


def test_the_quick_start_is_two_commands():
    quick_start = README.split("## Quick start")[1].split("```")[1]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines() if line.strip()]
    assert commands[1:] == ["make run", "make test"]

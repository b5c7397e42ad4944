"""Who may do what, as a matrix of commands × roles × places, through the Discord double.

Every moderator command (/ingest, /review, /announce subscribe|list|unsubscribe,
/feeds add|list|remove, and the Accept / Reject review buttons) refuses a member without
Manage Server with one private sentence — even when the server has overridden the command's
default permissions (`force=True` makes the double send what Discord would hide) — and
changes nothing; the admin is allowed. In a DM every server-only command says so. Read
commands answer everyone, in DMs too. The registered commands carry Manage Server as their
default permission and exclude DMs.
"""

from __future__ import annotations

import pytest
import pytest_asyncio

from bot.checks import NOT_A_MODERATOR, NOT_AN_EDITOR, NOT_IN_SERVER
from tests.background_bot import (
    CRASH_REPLY,
    once_problems,
    settled_digest_async,
    store_digest,
)
from tests.conftest import copy_of_bundled
from tests.running_bot import embed_text, running_bot
from tests.test_announcements import TIDAL

pytestmark = pytest.mark.asyncio(loop_scope="module")

MANAGE_GUILD = str(1 << 5)
FEED = "http://127.0.0.1:9/feed.xml"
MODERATOR_COMMANDS = [
    ("ingest", {"text": TIDAL}),
    ("review", {}),
    ("announce subscribe", {"channel": "general"}),
    ("announce list", {}),
    ("announce unsubscribe", {"channel": "general"}),
    ("feeds add", {"url": FEED, "channel": "general"}),
    ("feeds list", {}),
    ("feeds remove", {"url": FEED}),
    ("fact show", {"fact": "nato"}),
    ("fact history", {"fact": "tenure:1"}),
    ("fact correct", {"fact": "tenure:1", "start": "1952"}),
    ("fact retract", {"fact": "tenure:1", "reason": "test"}),
    ("fact publish", {"fact": "tenure:1"}),
    ("fact alias", {"action": "add", "entity": "entity:1", "name": "Atlantic Club"}),
    ("fact undo", {"change": 1}),
]
EDITOR_COMMANDS = [
    ("fact publish", {"fact": "tenure:1"}, NOT_AN_EDITOR),
    ("fact correct", {"fact": "tenure:1", "start": "1952"},
     "tenure:1 is seen by every server: only an editor can change it."),
    ("fact retract", {"fact": "tenure:1", "reason": "test"},
     "tenure:1 is seen by every server: only an editor can change it."),
    ("fact alias", {"action": "remove", "entity": "entity:1", "name": "OTAN"},
     "Only an editor can remove a name every server uses."),
    ("fact undo", {"change": 1}, "Change #1 is not one that can be undone"),
]
MODERATOR_NAMES = {"ingest", "review", "announce", "feeds", "fact"}
READ_COMMANDS = [
    ("who-leads", {"org": "nato"}, "Mark Rutte"),
    ("who-leads", {"org": "nato", "on": "2015-06-01"}, "Jens Stoltenberg"),
    ("quotes", {"person": "rutte"}, "We must achieve victory for Ukraine."),
    ("quotes", {"person": "rutte", "search": "victory"}, "We must achieve victory"),
    ("history", {"org": "nato"}, "Lord Ismay"),
    ("profile", {"person": "rutte"}, "Mark Rutte"),
    ("recent", {}, "Recent transitions"),
    ("recent", {"org": "nato"}, "Recent transitions at NATO"),
    ("help", {}, "/who-leads"),
]
READ_NAMES = {"who-leads", "quotes", "history", "profile", "recent", "help"}
PLACES = [pytest.param({"user": "member"}, id="member"),
          pytest.param({"user": "admin"}, id="admin"),
          pytest.param({"user": "member", "dm": True}, id="member-dm"),
          pytest.param({"user": "admin", "dm": True}, id="admin-dm")]


def _id(value) -> str:
    return value if isinstance(value, str) else "-".join(f"{k}={v}" for k, v in value.items())


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running(engine, bundled_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("permissions")
    with copy_of_bundled(engine, bundled_store, folder) as path:
        async with running_bot(path) as bot:
            await bot.bot.feeds.stop()  # feeds added here are never fetched
            yield bot


async def ask(running, name: str, options: dict, **how):
    interaction = await running.double.slash(name, options, **how)
    message = await interaction.final_message()
    assert once_problems(running.double, interaction) == []
    assert CRASH_REPLY not in (message["content"] or "")
    return interaction, message


def buttons(message: dict) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in message.get("components", [])
            for c in row["components"] if c.get("custom_id")}


@pytest.mark.parametrize(("name", "options"), MODERATOR_COMMANDS, ids=_id)
async def test_a_member_is_refused_every_moderator_command_even_if_the_server_allows_it(
        running, name, options):
    """Without Manage Server: Discord would hide the command; if a server override shows it
    anyway, the bot refuses in one private sentence and the store is unchanged."""
    with pytest.raises(PermissionError):
        await running.double.slash(name, options, user="member")
    before = await settled_digest_async(running.bot.store.location)
    interaction, message = await ask(running, name, options, user="member", force=True)
    assert message["content"] == NOT_A_MODERATOR
    assert interaction.ephemeral
    assert store_digest(running.bot.store.location) == before


@pytest.mark.parametrize(("name", "options"), MODERATOR_COMMANDS, ids=_id)
async def test_the_admin_may_run_every_moderator_command(running, name, options):
    """With Manage Server the command runs (whatever it answers, it is not a refusal)."""
    _, message = await ask(running, name, options, user="admin")
    text = embed_text(message)
    assert text.strip()
    assert NOT_A_MODERATOR not in text and NOT_IN_SERVER not in text


@pytest.mark.parametrize(("name", "options", "refusal"), EDITOR_COMMANDS, ids=_id)
async def test_a_moderator_who_is_no_editor_cannot_change_what_every_server_sees(
        running, name, options, refusal):
    """Manage Server is not enough for what every server sees, even where the server lets
    the command through: one private sentence, and the store is unchanged."""
    before = await settled_digest_async(running.bot.store.location)
    interaction, message = await ask(running, name, options, user="admin", force=True)
    assert message["content"].startswith(refusal)
    assert interaction.ephemeral
    assert store_digest(running.bot.store.location) == before


@pytest.mark.parametrize("user", ["member", "admin"])
@pytest.mark.parametrize(("name", "options"), MODERATOR_COMMANDS, ids=_id)
async def test_every_server_only_command_says_so_in_a_dm(running, name, options, user):
    """In a DM (which Discord would not offer; forced here) the answer is one private
    sentence saying the command works only in a server, for members and admins alike."""
    with pytest.raises(PermissionError):
        await running.double.slash(name, options, user=user, dm=True)
    before = await settled_digest_async(running.bot.store.location)
    interaction, message = await ask(running, name, options, user=user, dm=True, force=True)
    assert message["content"] == NOT_IN_SERVER
    assert interaction.ephemeral
    assert store_digest(running.bot.store.location) == before


@pytest.mark.parametrize("how", PLACES)
@pytest.mark.parametrize(("name", "options", "expected"), READ_COMMANDS, ids=_id)
async def test_read_commands_answer_everyone_in_servers_and_dms(running, name, options,
                                                               expected, how):
    """Members and admins, in the server and in DMs, get the same public answer."""
    before = await settled_digest_async(running.bot.store.location)
    interaction, message = await ask(running, name, options, **how)
    assert expected in embed_text(message)
    assert not interaction.ephemeral
    assert store_digest(running.bot.store.location) == before


async def test_review_buttons_refuse_a_member_and_obey_the_admin(running):
    """Accept and Reject, on the /ingest preview and on the /review listing, refuse a
    member (nothing is decided) and work for the admin."""
    double = running.double
    _, preview = await ask(running, "ingest", {"text": TIDAL}, user="admin")
    _, listing = await ask(running, "review", {}, user="admin")
    for message in (preview, listing):
        assert set(buttons(message)) == {"Accept", "Reject"}
        for label, custom_id in buttons(message).items():
            before = await settled_digest_async(running.bot.store.location)
            click = await double.click(message, custom_id, user="member")
            refusal = await click.final_message()
            assert refusal["content"] == NOT_A_MODERATOR, label
            assert click.ephemeral
            assert once_problems(double, click) == []
            assert store_digest(running.bot.store.location) == before
    decided = await double.click(preview, buttons(preview)["Reject"], user="admin")
    update = await decided.response()
    assert update["type"] == 7
    assert "Rejected by alice" in embed_text(update["data"])


async def test_registered_commands_need_manage_server_and_a_server(running):
    """The bulk registration gives each moderator command default_member_permissions =
    Manage Server ("32") and contexts without DMs (dm_permission false); read commands have
    no default permission and are allowed in DMs."""
    double = running.double
    await double.find_command("who-leads", double.guild())
    (put,) = double.find_requests("PUT /applications/{application_id}/commands")
    sent = {command["name"]: command for command in put.json}
    stored = {command["name"]: command for command in double.commands[None]}
    assert set(sent) == MODERATOR_NAMES | READ_NAMES
    for name in MODERATOR_NAMES:
        for command in (sent[name], stored[name]):
            assert str(command["default_member_permissions"]) == MANAGE_GUILD, name
            contexts = command.get("contexts")
            if contexts:
                assert not {1, 2} & set(contexts), name
            else:
                assert command.get("dm_permission") is False, name
    for name in READ_NAMES:
        for command in (sent[name], stored[name]):
            assert command.get("default_member_permissions") is None, name
            assert command.get("dm_permission", True) is not False, name
            contexts = command.get("contexts")
            assert contexts is None or 1 in contexts, name

"""Bot-authenticated REST routes: login, gateway, application commands and channels."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from . import payloads
from .messages import EPHEMERAL, build_message, edit_message
from .payloads import SEND_MESSAGES, VIEW_CHANNEL, snowflake
from .routing import ROUTER, Call, Reply, error, no_content, ok

if TYPE_CHECKING:
    from .server import DiscordDouble


@ROUTER.route("GET", "/gateway", bot_auth=False)
async def get_gateway(dd: DiscordDouble, call: Call) -> Reply:
    """``GET /gateway``."""
    return ok({"url": dd.gateway_url})


@ROUTER.route("GET", "/gateway/bot")
async def get_gateway_bot(dd: DiscordDouble, call: Call) -> Reply:
    """``GET /gateway/bot`` (AutoShardedClient, trap 15)."""
    limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
    return ok({"url": dd.gateway_url, "shards": dd.shard_count, "session_start_limit": limit})


@ROUTER.route("GET", "/users/@me")
async def get_me(dd: DiscordDouble, call: Call) -> Reply:
    """``GET /users/@me``."""
    return ok(payloads.me(dd.bot_user_member))


@ROUTER.route("GET", "/oauth2/applications/@me")
@ROUTER.route("GET", "/applications/@me")
async def get_application(dd: DiscordDouble, call: Call) -> Reply:
    """``GET /oauth2/applications/@me`` and ``GET /applications/@me``."""
    owner = payloads.user(dd.owner_id, "owner")
    return ok(payloads.application(dd.app_id, dd.bot_user_member, owner))


def _scope(dd: DiscordDouble, call: Call) -> tuple[int | None, Reply | None]:
    if call.params["application_id"] != str(dd.app_id):
        return None, error(404, 10002, "Unknown Application")
    if "guild_id" not in call.params:
        return None, None
    guild_id = int(call.params["guild_id"])
    if all(g.id != guild_id for g in dd.guilds):
        return None, error(404, 10004, "Unknown Guild")
    return guild_id, None


@ROUTER.route("GET", "/applications/{application_id}/commands")
@ROUTER.route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
async def list_commands(dd: DiscordDouble, call: Call) -> Reply:
    """List registered global or guild commands."""
    scope, failure = _scope(dd, call)
    return failure or ok(dd.commands.get(scope, []))


@ROUTER.route("PUT", "/applications/{application_id}/commands")
@ROUTER.route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def put_commands(dd: DiscordDouble, call: Call) -> Reply:
    """Bulk-overwrite commands; ids stay stable per (scope, name, type) like Discord's."""
    scope, failure = _scope(dd, call)
    if failure:
        return failure
    if not isinstance(call.body, list):
        return error(400, 50035, "Invalid Form Body")
    out = []
    for cmd in call.body:
        key = (scope, cmd.get("name"), cmd.get("type") or 1)
        cmd_id = dd.command_ids.setdefault(key, snowflake())
        out.append(payloads.command_response(cmd, cmd_id, dd.app_id, scope))
    dd.commands[scope] = out
    dd.gateway._pulse()
    return ok(out)


@ROUTER.route("GET", "/channels/{channel_id}")
async def get_channel(dd: DiscordDouble, call: Call) -> Reply:
    """``GET /channels/{id}`` for configured guild channels."""
    found = dd.find_channel(call.params["channel_id"])
    if found is None:
        return error(404, 10003, "Unknown Channel")
    guild, channel = found
    return ok(payloads.channel(channel, guild.id))


def _is_empty(body: dict[str, Any], call: Call) -> bool:
    keys = ("content", "embeds", "components", "sticker_ids", "poll", "attachments")
    return not call.uploads and not any(body.get(k) for k in keys)


@ROUTER.route("POST", "/channels/{channel_id}/messages")
async def create_message(dd: DiscordDouble, call: Call) -> Reply:
    """Post a message; ``nonce`` + ``enforce_nonce`` deduplicates within the nonce window."""
    found = dd.find_channel(call.params["channel_id"])
    if found is None:
        return error(404, 10003, "Unknown Channel")
    guild, channel = found
    body = call.body if isinstance(call.body, dict) else {}
    perms = dd.bot_member(guild).effective_permissions
    if perms & (VIEW_CHANNEL | SEND_MESSAGES) != VIEW_CHANNEL | SEND_MESSAGES:
        return error(403, 50013, "Missing Permissions")
    nonce_key = (str(channel.id), str(body.get("nonce")))
    if body.get("nonce") is not None and body.get("enforce_nonce"):
        seen = dd.nonces.get(nonce_key)
        if seen and time.monotonic() - seen[1] < dd.nonce_window and seen[0] in dd.messages:
            return ok(dd.messages[seen[0]])
    if _is_empty(body, call):
        return error(400, 50006, "Cannot send an empty message")
    msg = build_message(body, channel_id=str(channel.id), author=dd.bot_author,
                        uploads=call.uploads, base_url=dd.http_base, guild_id=str(guild.id))
    dd.store_message(msg, body, channel_post=True)
    dd.note_pings(f"POST {call.path}", body, msg)
    if body.get("nonce") is not None:
        dd.nonces[nonce_key] = (msg["id"], time.monotonic())
    return ok(msg)


def _channel_message(dd: DiscordDouble, call: Call) -> dict[str, Any] | Reply:
    msg = dd.messages.get(call.params["message_id"])
    if dd.find_channel(call.params["channel_id"]) is None:
        return error(404, 10003, "Unknown Channel")
    if msg is None or msg["channel_id"] != call.params["channel_id"] or msg["flags"] & EPHEMERAL:
        return error(404, 10008, "Unknown Message")
    return msg


@ROUTER.route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(dd: DiscordDouble, call: Call) -> Reply:
    """Fetch one stored message."""
    msg = _channel_message(dd, call)
    return msg if isinstance(msg, Reply) else ok(msg)


@ROUTER.route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def patch_message(dd: DiscordDouble, call: Call) -> Reply:
    """Edit one of the bot's messages."""
    old = _channel_message(dd, call)
    if isinstance(old, Reply):
        return old
    if old["author"]["id"] != dd.bot_author["id"]:
        return error(403, 50005, "Cannot edit a message authored by another user")
    body = call.body if isinstance(call.body, dict) else {}
    msg = edit_message(old, body, call.uploads, dd.http_base)
    dd.store_message(msg, body)
    dd.note_pings(f"PATCH {call.path}", body, msg)
    return ok(msg)


@ROUTER.route("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete_message(dd: DiscordDouble, call: Call) -> Reply:
    """Delete a stored message."""
    msg = _channel_message(dd, call)
    if isinstance(msg, Reply):
        return msg
    dd.delete_message(msg["id"])
    return no_content()


@ROUTER.route("POST", "/channels/{channel_id}/typing")
async def typing(dd: DiscordDouble, call: Call) -> Reply:
    """Typing indicator (no effect)."""
    found = dd.find_channel(call.params["channel_id"])
    return no_content() if found else error(404, 10003, "Unknown Channel")

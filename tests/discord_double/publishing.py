"""Announcement-channel routes: publishing a message to followers (crosspost) within
Discord's limit of 10 per channel per hour, and threads started from a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import payloads
from .faults import Fault
from .routing import ROUTER, Call, Reply, error, ok

if TYPE_CHECKING:
    from .server import DiscordDouble

ANNOUNCEMENT_CHANNEL = 5
CROSSPOSTED = 1 << 0
HAS_THREAD = 1 << 5
PUBLISH_LIMIT = 10
PUBLISH_WINDOW_S = 3600.0


def _message(dd: DiscordDouble, call: Call) -> tuple[object, dict] | Reply:
    found = dd.find_channel(call.params["channel_id"])
    if found is None:
        return error(404, 10003, "Unknown Channel")
    msg = dd.messages.get(call.params["message_id"])
    if msg is None or msg["channel_id"] != call.params["channel_id"]:
        return error(404, 10008, "Unknown Message")
    return found, msg


@ROUTER.route("POST", "/channels/{channel_id}/messages/{message_id}/crosspost")
async def crosspost(dd: DiscordDouble, call: Call) -> Reply:
    """Publish a message of an announcement channel. A second publication of one message
    is refused (40033), as is an eleventh in an hour of the double's `clock` (a 429, and a
    violation: the bot should have kept count)."""
    found = _message(dd, call)
    if isinstance(found, Reply):
        return found
    (_, channel), msg = found
    if channel.type != ANNOUNCEMENT_CHANNEL:
        return error(400, 50024, "Cannot execute action on this channel type")
    if msg["flags"] & CROSSPOSTED:
        return error(400, 40033, "This message has already been crossposted.")
    now = dd.clock()
    recent = [t for t in dd.publications.get(channel.id, []) if now - t < PUBLISH_WINDOW_S]
    if len(recent) >= PUBLISH_LIMIT:
        dd.violation(f"POST {call.template}", f"an eleventh publication within the hour in "
                                              f"channel {channel.id}")
        return Reply(*Fault(call.template, 429, retry_after=1.0).reply(call.template))
    dd.publications[channel.id] = [*recent, now]
    msg = {**msg, "flags": msg["flags"] | CROSSPOSTED}
    dd.messages[msg["id"]] = msg
    dd.crossposts[msg["id"]] = dd.crossposts.get(msg["id"], 0) + 1
    return ok(msg)


@ROUTER.route("POST", "/channels/{channel_id}/messages/{message_id}/threads")
async def thread_from_message(dd: DiscordDouble, call: Call) -> Reply:
    """Start a thread on a message (its id becomes the thread's); one per message."""
    found = _message(dd, call)
    if isinstance(found, Reply):
        return found
    (guild, channel), msg = found
    if msg["id"] in dd.threads:
        return error(400, 160004, "A thread has already been created for this message")
    body = call.body if isinstance(call.body, dict) else {}
    thread = payloads.thread(int(msg["id"]), channel, guild.id, dd.bot_id, body["name"],
                             body.get("auto_archive_duration") or 4320)
    dd.threads[msg["id"]] = thread
    dd.messages[msg["id"]] = {**msg, "flags": msg["flags"] | HAS_THREAD}
    return Reply(201, thread)

"""Configuration objects and the JSON payloads the double sends (users, guilds, READY…).

Everything here returns spec-shaped dicts with snowflakes as strings.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count()

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | EMBED_LINKS | ATTACH_FILES
    | ADD_REACTIONS | USE_EXTERNAL_EMOJIS | USE_APPLICATION_COMMANDS | SEND_MESSAGES_IN_THREADS
)
ADMIN_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_GUILD | MANAGE_MESSAGES | MANAGE_CHANNELS
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_MESSAGES
JOINED_AT = "2024-01-01T00:00:00+00:00"


def snowflake() -> int:
    """A fresh, time-based, process-unique snowflake."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def now_iso() -> str:
    """The current time as an ISO-8601 string with offset, as Discord sends it."""
    return datetime.now(UTC).isoformat()


@dataclass
class Member:
    """A guild member the tests can act as (``user="admin"`` picks it by ``key``)."""

    key: str
    user_id: int
    name: str
    permissions: int = EVERYONE_PERMISSIONS
    bot: bool = False
    role_ids: list[int] = field(default_factory=list)

    @property
    def effective_permissions(self) -> int:
        """Guild-level permissions as Discord computes them for interactions."""
        return ALL_PERMISSIONS if self.permissions & ADMINISTRATOR else self.permissions


@dataclass
class Channel:
    """A guild text channel (type 0), an announcement channel (type 5) or another guild
    channel type."""

    id: int
    name: str
    type: int = 0
    position: int = 0
    topic: str | None = None


@dataclass
class Role:
    """A role of a guild beyond those made from member permissions (e.g. one to ping)."""

    id: int
    name: str
    mentionable: bool = False


@dataclass
class Guild:
    """A guild with channels, members and extra `roles`; members' roles are derived from
    their permissions."""

    id: int
    name: str = "Test Guild"
    channels: list[Channel] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    owner_id: int = 0
    everyone_permissions: int = EVERYONE_PERMISSIONS
    roles: list[Role] = field(default_factory=list)

    def role(self, ref: int | str) -> Role:
        """Find an extra role by id or name."""
        for r in self.roles:
            if ref in (r.id, str(r.id), r.name):
                return r
        raise LookupError(f"guild {self.id} has no role {ref!r}")

    def channel(self, ref: int | str | None) -> Channel:
        """Find a channel by id or name (``None`` → the first one)."""
        for ch in self.channels:
            if ref is None or ref in (ch.id, str(ch.id), ch.name):
                return ch
        raise LookupError(f"guild {self.id} has no channel {ref!r}")

    def member(self, ref: int | str) -> Member:
        """Find a member by key, name or user id."""
        for m in self.members:
            if ref in (m.key, m.name, m.user_id, str(m.user_id)):
                return m
        raise LookupError(f"guild {self.id} has no member {ref!r}")


def default_guild(guild_id: int = 1_200_000_000_000_000_010) -> Guild:
    """One guild with #general and #announcements, an ``admin`` and a plain ``member``."""
    return Guild(
        id=guild_id,
        channels=[
            Channel(guild_id + 1, "general", position=0),
            Channel(guild_id + 2, "announcements", position=1),
        ],
        members=[
            Member("admin", guild_id + 11, "alice", ADMIN_PERMISSIONS),
            Member("member", guild_id + 12, "bob", EVERYONE_PERMISSIONS),
        ],
        owner_id=guild_id + 10,
    )


def user(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    """A spec-complete ``UserResponse``."""
    data: dict[str, Any] = {
        "id": str(user_id), "username": name, "discriminator": "0", "avatar": None,
        "global_name": None, "public_flags": 0, "flags": 0, "primary_guild": None,
    }
    if bot:
        data["bot"] = True
    return data


def assign_roles(guild: Guild, bot_member: Member) -> None:
    """Give every member whose permissions exceed @everyone's its own role."""
    for pos, m in enumerate([*guild.members, bot_member], start=1):
        if m.permissions != guild.everyone_permissions:
            m.role_ids = [guild.id + 100 + pos]


def roles(guild: Guild, bot_member: Member) -> list[dict[str, Any]]:
    """@everyone plus the roles made by :func:`assign_roles`."""
    out = [_role(guild.id, "@everyone", guild.everyone_permissions, 0)]
    for pos, m in enumerate([*guild.members, bot_member], start=1):
        out += [_role(r, f"{m.key}-role", m.permissions, pos, m.bot) for r in m.role_ids]
    start = len(out)
    out += [role(r, start + n) for n, r in enumerate(guild.roles)]
    return out


def role(r: Role, position: int = 1) -> dict[str, Any]:
    """An extra role as a ``GuildRoleResponse`` (no permissions of its own)."""
    return {**_role(r.id, r.name, 0, position), "mentionable": r.mentionable}


def _role(role_id: int, name: str, perms: int, pos: int, managed: bool = False) -> dict:
    return {
        "id": str(role_id), "name": name, "permissions": str(perms), "position": pos,
        "color": 0, "hoist": False, "managed": managed, "mentionable": False, "flags": 0,
    }


def member(m: Member, with_permissions: bool = False) -> dict[str, Any]:
    """A guild member object; interactions also carry the ``permissions`` string."""
    data: dict[str, Any] = {
        "user": user(m.user_id, m.name, m.bot), "roles": [str(r) for r in m.role_ids],
        "flags": 0, "joined_at": JOINED_AT, "deaf": False, "mute": False, "nick": None,
        "avatar": None, "pending": False, "premium_since": None,
    }
    if with_permissions:
        data["permissions"] = str(m.effective_permissions)
    return data


def thread(thread_id: int, parent: Channel, guild_id: int, owner_id: int, name: str,
           auto_archive: int) -> dict[str, Any]:
    """A thread started from a message (``ThreadResponse``): a news thread (10) in an
    announcement channel, else a public thread (11)."""
    return {
        "id": str(thread_id), "type": 10 if parent.type == 5 else 11, "flags": 0,
        "guild_id": str(guild_id), "parent_id": str(parent.id), "name": name,
        "owner_id": str(owner_id), "last_message_id": None, "rate_limit_per_user": 0,
        "message_count": 0, "member_count": 1, "total_message_sent": 0,
        "thread_metadata": {"archived": False, "archive_timestamp": now_iso(),
                            "auto_archive_duration": auto_archive, "locked": False,
                            "create_timestamp": now_iso()},
    }


def channel(ch: Channel, guild_id: int) -> dict[str, Any]:
    """A full guild channel object (also a spec-valid ``GuildChannelResponse``)."""
    return {
        "id": str(ch.id), "type": ch.type, "name": ch.name, "position": ch.position,
        "guild_id": str(guild_id), "permission_overwrites": [], "nsfw": False,
        "parent_id": None, "topic": ch.topic, "flags": 0, "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def guild_create(guild: Guild, bot_member: Member) -> dict[str, Any]:
    """GUILD_CREATE data. Only the bot is listed as a member, so the members intent
    makes discord.py request the rest with op 8 (answered by the gateway)."""
    role_list = roles(guild, bot_member)
    return {
        "id": str(guild.id), "name": guild.name, "owner_id": str(guild.owner_id),
        "unavailable": False, "member_count": len(guild.members) + 1, "large": False,
        "features": [], "emojis": [], "stickers": [], "threads": [], "voice_states": [],
        "presences": [], "stage_instances": [], "guild_scheduled_events": [],
        "soundboard_sounds": [], "joined_at": JOINED_AT, "roles": role_list,
        "preferred_locale": "en-US", "icon": None, "afk_timeout": 300, "mfa_level": 0,
        "verification_level": 0, "explicit_content_filter": 0, "premium_tier": 0,
        "default_message_notifications": 1, "system_channel_flags": 0,
        "channels": [channel(ch, guild.id) for ch in guild.channels],
        "members": [member(bot_member)],
    }


def ready(bot_member: Member, app_id: int, guilds: list[Guild], session_id: str,
          resume_url: str, shard: list[int]) -> dict[str, Any]:
    """READY data with everything discord.py (and AutoShardedClient) reads."""
    return {
        "v": 10, "user": user(bot_member.user_id, bot_member.name, bot=True),
        "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
        "session_id": session_id, "session_type": "normal",
        "resume_gateway_url": resume_url, "application": {"id": str(app_id), "flags": 0},
        "shard": shard, "private_channels": [], "relationships": [], "presences": [],
        "guild_join_requests": [], "geo_ordered_rtc_regions": ["rotterdam"],
        "user_settings": {}, "auth": {},
    }


def me(bot_member: Member) -> dict[str, Any]:
    """``GET /users/@me`` (``UserPIIResponse``)."""
    data = user(bot_member.user_id, bot_member.name, bot=True)
    return {**data, "mfa_enabled": False, "locale": "en-US", "verified": True, "email": None}


def application(app_id: int, bot_member: Member, owner: dict[str, Any]) -> dict[str, Any]:
    """``GET /oauth2/applications/@me`` (``PrivateApplicationResponse``)."""
    return {
        "id": str(app_id), "name": bot_member.name, "icon": None, "description": "",
        "type": None, "bot": user(bot_member.user_id, bot_member.name, bot=True),
        "bot_public": False, "bot_require_code_grant": False,
        "verify_key": "0" * 64, "flags": 0, "flags_new": "0", "redirect_uris": [],
        "interactions_endpoint_url": None, "role_connections_verification_url": None,
        "owner": owner, "approximate_guild_count": 1, "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0, "explicit_content_filter": 0,
        "team": None, "eligible_oauth2_scopes": ["bot", "applications.commands"],
        "rpc_origins": [], "tags": [],
    }


def command_response(cmd: dict[str, Any], cmd_id: int, app_id: int,
                     guild_id: int | None) -> dict[str, Any]:
    """Turn one registered command (request shape) into an ``ApplicationCommandResponse``."""
    perms = cmd.get("default_member_permissions")
    out: dict[str, Any] = {
        "id": str(cmd_id), "application_id": str(app_id), "version": str(snowflake()),
        "type": cmd.get("type") or 1, "name": cmd["name"],
        "description": cmd.get("description") or "",
        "default_member_permissions": None if perms is None else str(perms),
        "dm_permission": cmd.get("dm_permission", True) is not False,
        "contexts": cmd.get("contexts"),
        "integration_types": cmd.get("integration_types") or [0],
        "nsfw": bool(cmd.get("nsfw")),
        "name_localizations": cmd.get("name_localizations"),
        "description_localizations": cmd.get("description_localizations"),
    }
    if guild_id is not None:
        out["guild_id"] = str(guild_id)
    if cmd.get("options"):
        out["options"] = [_clean(o) for o in cmd["options"]]
    return out


def _clean(option: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in option.items() if v is not None}
    if "options" in out:
        out["options"] = [_clean(o) for o in out["options"]]
    return out

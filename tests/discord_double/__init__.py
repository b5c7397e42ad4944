"""A Discord double: a local aiohttp Discord (REST + gateway) for end-to-end bot tests.

Start it with ``async with DiscordDouble() as dd:``, point discord.py at it with
``discord.http.Route.BASE = dd.api_base`` and run an ``AutoShardedBot``; the gateway URL
comes from ``GET /gateway/bot``. See ``server.DiscordDouble`` for the API.
"""

from .faults import Delay, Fault
from .interactions import Interaction
from .payloads import (
    ADMIN_PERMISSIONS,
    BOT_PERMISSIONS,
    EVERYONE_PERMISSIONS,
    Channel,
    Guild,
    Member,
    Role,
    default_guild,
)
from .server import DiscordDouble, RecordedRequest, SpecViolation

__all__ = [
    "ADMIN_PERMISSIONS",
    "BOT_PERMISSIONS",
    "EVERYONE_PERMISSIONS",
    "Channel",
    "Delay",
    "DiscordDouble",
    "Fault",
    "Guild",
    "Interaction",
    "Member",
    "RecordedRequest",
    "Role",
    "SpecViolation",
    "default_guild",
]

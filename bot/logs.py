"""The log: plain text or one JSON object per line, the token masked in both, and the
context of the interaction being answered (shard, guild, command) on every record."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys

from bot.config import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONTEXT_FIELDS = ("shard", "guild", "command", "reference")
MASK = "[token hidden]"

# What is being answered, set by the command tree in the task that answers it.
context: contextvars.ContextVar[dict[str, object] | None] = contextvars.ContextVar(
    "handover_log_context", default=None)

# discord.py warns at every start that voice cannot work; Handover has no voice.
VOICE_WARNINGS = ("PyNaCl is not installed", "davey is not installed")
VOICE_LOGGERS = ("discord.client", "discord.voice_state", "discord.voice_client")


def set_context(**fields: object) -> None:
    """Tag the records logged from now on in this task (and tasks it starts)."""
    context.set({key: value for key, value in fields.items() if value is not None})


class ContextFilter(logging.Filter):
    """Copies the current interaction's context onto each record that lacks it."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in (context.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class NoVoiceWarnings(logging.Filter):
    """Drops discord.py's "voice will NOT be supported" warnings, and nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING
                    and record.getMessage().startswith(VOICE_WARNINGS))


_NO_VOICE = NoVoiceWarnings()


def quiet_voice_warnings() -> None:
    """Install the voice-warning filter on the loggers that emit them (idempotent)."""
    for name in VOICE_LOGGERS:
        logger = logging.getLogger(name)
        if _NO_VOICE not in logger.filters:
            logger.addFilter(_NO_VOICE)


class Masking(logging.Formatter):
    """Formats with `inner`, then hides every occurrence of the secrets."""

    def __init__(self, inner: logging.Formatter, secrets: tuple[str, ...]):
        super().__init__()
        self.inner = inner
        self.secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the interaction's
    context where known, and the traceback (`exception`) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in CONTEXT_FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def formatter(settings: Settings) -> logging.Formatter:
    """The formatter `settings` ask for, with the token masked."""
    inner = JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT)
    return Masking(inner, (settings.token or "",))


def configure_logging(settings: Settings) -> None:
    """Log to `HANDOVER_LOG` or standard error at `HANDOVER_LOG_LEVEL`, as text or JSON."""
    handler = (logging.FileHandler(settings.log_file) if settings.log_file
               else logging.StreamHandler(sys.stderr))
    handler.setFormatter(formatter(settings))
    handler.addFilter(ContextFilter())
    level = settings.log_level if settings.log_level in (
        "DEBUG", "INFO", "WARNING", "ERROR") else "INFO"
    logging.basicConfig(level=level, handlers=[handler])
    quiet_voice_warnings()

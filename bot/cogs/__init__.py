"""One cog per feature area; each translates Discord into calls on `bot.answers`."""

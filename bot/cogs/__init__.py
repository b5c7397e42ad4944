"""One cog per feature area; each translates Discord into calls on the answers and the
store, and back into replies."""

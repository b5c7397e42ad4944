"""The longest names and quotes the store can hold stay within every Discord limit."""

from __future__ import annotations

import json

from store import Store
from tests.running_bot import embed_text, running_bot

LONG_ORG = "Organization " + "Very Long Name " * 12 + "Of Everything"  # 200 characters
LONG_PERSON = "Person " + "Extraordinarily Long-Named " * 7 + "Smith"


def long_pack() -> dict:
    quote = "We will " + "keep talking about the longest possible things " * 60
    return {
        "format": "handover-facts/1",
        "source": {"kind": "manual", "title": "T" * 300, "publisher": "P" * 300,
                   "url": "https://example.org/" + "a" * 600, "published": "2025-01-01"},
        "organizations": [{"name": LONG_ORG[:200], "aliases": ["longorg"]}],
        "people": [{"name": LONG_PERSON[:200], "aliases": ["longperson"]}],
        "tenures": [{"person": LONG_PERSON[:200], "org": LONG_ORG[:200],
                     "role": "Chair " * 30, "start": "2025-01-01"}],
        "quotes": [{"speaker": LONG_PERSON[:200], "text": f"{quote} number {n}.",
                    "kind": "direct", "said_on": "2025-01-01",
                    "context": "Context " * 200} for n in range(30)],
        "statements": [{"person": LONG_PERSON[:200], "kind": "priority",
                        "text": "priority " * 150 + str(n)} for n in range(20)],
    }


async def test_the_longest_names_and_quotes_stay_within_discord_limits(store_path, tmp_path):
    pack = tmp_path / "long.json"
    pack.write_text(json.dumps(long_pack()))
    async with await Store.open(store_path) as store:
        await store.import_pack(pack)
    assert len(LONG_ORG[:200]) == 200

    async with running_bot(store_path) as running:
        double = running.double
        choices = await double.autocomplete("who-leads", {"org": "organization very"}, "org")
        assert choices and all(len(c["name"]) <= 100 for c in choices)
        truncated = choices[0]["value"]
        for name, options in [
            ("who-leads", {"org": truncated}), ("history", {"org": "longorg"}),
            ("quotes", {"person": "longperson"}), ("profile", {"person": "longperson"}),
            ("recent", {}), ("quotes", {"person": "longperson", "search": "x" * 500}),
        ]:
            _, message = await running.ask(name, options)
            assert message["embeds"] or message["content"], name
        _, message = await running.ask("who-leads", {"org": truncated})
        assert "Chair" in embed_text(message)
        assert double.violations == []

"""The store's one writer: concurrent callers take turns, each batch all or nothing."""

import asyncio

from store import SourceInfo


async def test_concurrent_writes_take_turns(store):
    ids = await asyncio.gather(*(
        store.queue_review("ingest", {"transitions": []},
                           SourceInfo(kind="article", text=f"article {n}"), guild_id=7)
        for n in range(20)))
    assert sorted(ids) == list(range(1, 21))
    await asyncio.gather(*(store.set_review_message(i, 1000 + i) for i in ids),
                         *(store.decide_review(i, i % 2 == 0) for i in ids))
    assert store.pending_reviews(7) == []
    assert {store.review(i).status for i in ids} == {"accepted", "rejected"}

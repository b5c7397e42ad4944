"""Leases and delivery claims in the store, on both engines: one holder at a time, taken
over once expired; a delivery claimed by one process is not given to another until its
claim expires or it is recorded."""

from __future__ import annotations

import asyncio
import contextlib

from bot import articles
from store import leases
from tests.test_announcements import TIDAL

GUILD = 1_300_000_000_000_000_000


async def test_one_holder_at_a_time_until_its_lease_expires(store):
    database = store.database
    assert await leases.take(database, leases.LEADER, "a", 60)
    assert not await leases.take(database, leases.LEADER, "b", 60)
    assert await leases.take(database, leases.LEADER, "a", 60), "a renews its own"
    held = leases.current(database, leases.LEADER)
    assert held is not None and held.holder == "a" and 0 < held.left_s <= 60
    assert not await leases.release(database, leases.LEADER, "b"), "b cannot give a's back"
    assert await leases.release(database, leases.LEADER, "a")
    assert leases.current(database, leases.LEADER) is None
    assert await leases.take(database, leases.LEADER, "b", 60)


async def test_an_expired_lease_goes_to_the_next_taker(store):
    database = store.database
    assert await leases.take(database, leases.LEADER, "a", 0.2)
    assert not await leases.take(database, leases.LEADER, "b", 60)
    await asyncio.sleep(0.3)  # the lease's length is what is tested: it must run out
    assert leases.current(database, leases.LEADER) is None
    assert await leases.take(database, leases.LEADER, "b", 60)
    assert not await leases.take(database, leases.LEADER, "a", 60), "a lost it"
    assert leases.current(database, leases.LEADER).holder == "b"


async def test_takers_racing_for_a_free_lease_get_it_once(store):
    database = store.database
    won = await asyncio.gather(*(leases.take(database, leases.LEADER, f"p{n}", 60)
                                 for n in range(8)))
    assert sum(won) == 1


async def pending_deliveries(store, channels: int) -> None:
    for n in range(channels):
        await store.subscribe(GUILD, GUILD + 1000 + n, None)
    await articles.ingest(store, articles.Article("tidal.txt", TIDAL), None)
    assert await store.plan_deliveries() == channels


async def test_a_claimed_delivery_is_nobody_elses_until_posted_or_expired(store):
    await pending_deliveries(store, 5)
    first = await store.claim_deliveries("a", 60, limit=3)
    assert len(first) == 3
    second = await store.claim_deliveries("b", 60)
    assert len(second) == 2
    assert not {(d.announcement_id, d.channel_id) for d in first} & {
        (d.announcement_id, d.channel_id) for d in second}
    assert await store.claim_deliveries("c", 60) == []
    await store.delivered(first[0], 111)
    await store.delivery_failed(first[1], "502", permanent=False, retry_in=0)
    again = await store.claim_deliveries("c", 60)
    assert [(d.channel_id, d.attempts) for d in again] == [(first[1].channel_id, 1)]


async def test_claims_of_a_process_that_died_expire(store):
    await pending_deliveries(store, 4)
    assert len(await store.claim_deliveries("dead", 0.2)) == 4
    assert await store.claim_deliveries("alive", 60) == []
    await asyncio.sleep(0.3)  # the claim's length is what is tested
    taken_over = await store.claim_deliveries("alive", 60)
    assert len(taken_over) == 4
    assert {d.nonce for d in taken_over} == {
        f"ho{d.announcement_id}c{d.channel_id}"[:25] for d in taken_over}


async def test_racing_claimers_never_share_a_delivery(store):
    await pending_deliveries(store, 30)
    claims = await asyncio.gather(*(store.claim_deliveries(f"p{n}", 60, limit=4)
                                    for n in range(6)))
    keys = [(d.announcement_id, d.channel_id) for claim in claims for d in claim]
    assert len(keys) == len(set(keys)) == 24


async def test_writes_cancelled_at_any_point_leave_the_store_writable(store):
    """A closing bot cancels its rounds wherever they are, then gives its lease back."""
    database = store.database

    async def write() -> None:
        async with database.transaction() as db:
            await db.execute("INSERT INTO meta (key, value) VALUES ('cancelled', 'x')")
            await db.execute("DELETE FROM meta WHERE key = 'cancelled'")

    for steps in range(40):  # cancel after 0, 1, 2 … turns of the event loop
        task = asyncio.create_task(write())
        for _ in range(steps):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert await leases.take(database, leases.LEADER, f"after-{steps}", 60)
        assert await leases.release(database, leases.LEADER, f"after-{steps}")
    assert store.get_meta("cancelled") is None

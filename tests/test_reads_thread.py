"""The reads thread (bot/reader.py): reads run beside the event loop, which waits for each
up to a limit and then takes it as a future; nothing is lost or answered twice."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.reader import ReadsThread


@pytest.fixture
def reads():
    thread = ReadsThread()
    yield thread
    thread.shutdown()


def test_a_read_runs_in_the_thread_and_its_value_comes_back(reads):
    read = reads.submit(lambda a, b: (a + b, threading.current_thread().name), 2, 3)
    assert reads.wait(read, 5)
    assert read.result() == (5, "store-reads")


def test_an_error_comes_back_as_the_read_raised_it(reads):
    read = reads.submit(int, "not a number")
    assert reads.wait(read, 5)
    with pytest.raises(ValueError, match="not a number"):
        read.result()


async def test_past_the_wait_the_read_is_awaited_and_others_queue_behind_it(reads):
    stuck, ran = threading.Event(), []
    slow = reads.submit(lambda: stuck.wait(30) and "slow")
    assert not reads.wait(slow, 0.01)
    queued = [reads.submit(ran.append, number) for number in range(3)]
    failing = reads.submit(int, "x")
    assert ran == []
    stuck.set()
    assert await reads.outcome(slow) == "slow"
    assert [await reads.outcome(read) for read in queued] == [None, None, None]
    assert ran == [0, 1, 2]
    with pytest.raises(ValueError):
        await reads.outcome(failing)


def test_a_read_ending_as_the_wait_runs_out_leaves_nothing_behind(reads):
    """Thousands of reads waited for a time about as long as they take: each wait that
    says done is for a read that is done, and a later read is never answered early."""
    answered = 0
    for number in range(3000):
        read = reads.submit(sum, range(number % 50 * 20))
        if reads.wait(read, 0.00001 * (number % 7)):
            assert read.done and read.result() == sum(range(number % 50 * 20))
            answered += 1
    stuck = threading.Event()
    late = reads.submit(stuck.wait, 30)
    assert not reads.wait(late, 0.05)  # no signal left over from the reads above
    stuck.set()
    assert answered > 0


async def test_shutting_down_cancels_what_is_still_queued():
    reads = ReadsThread()
    started, stuck, ran = threading.Event(), threading.Event(), []

    def stuck_read():
        started.set()
        return stuck.wait(30)

    running = reads.submit(stuck_read)
    queued = reads.submit(ran.append, "queued")
    waiting = [reads.outcome(running), reads.outcome(queued)]
    assert await asyncio.to_thread(started.wait, 10)  # the first read is under way
    closing = asyncio.get_running_loop().run_in_executor(None, reads.shutdown)
    while not refuses_reads(reads):  # shutting down has begun
        await asyncio.sleep(0.01)
    stuck.set()
    await closing
    assert await waiting[0] is True
    with pytest.raises(asyncio.CancelledError):
        await waiting[1]
    assert ran == []
    with pytest.raises(RuntimeError, match="shut down"):
        reads.submit(print)
    reads.shutdown()  # again, as a bot closed twice does


def refuses_reads(reads: ReadsThread) -> bool:
    try:
        reads.submit(int)  # if taken, it queues behind the stuck read, to be cancelled
    except RuntimeError:
        return True
    return False

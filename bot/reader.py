"""The reads thread: the store's reads, one at a time, beside the event loop.

The event loop hands each read over and, for most of them, waits for it (`wait`): a read
takes a fraction of a millisecond, less than the loop would spend taking the answer back
as an event. It never waits past its limit: a read still running then is awaited like any
future (`outcome`), so a store that hangs holds the loop for that limit once.

Both ways the hand-off is a byte written to a pipe, not a lock released. A thread woken
through a pipe by a thread about to wait is woken on the waker's processor (Linux's
"synchronous" wake-up), so the read runs where the loop sits waiting for it, on the caches
it has just filled, and the loop goes on where the read ended. Woken through a lock, the
reads thread was often started on the other processor, behind another process, while the
loop waited: interleaved in one bot at 16 interactions in flight, 730 interactions a
second with a lock against 800 with pipes (docs/benchmarks.md, sixth pass).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import threading
from collections.abc import Callable
from queue import SimpleQueue
from typing import Any


class Read:
    """A read handed to the thread, and its outcome once `done`."""

    __slots__ = ("args", "done", "error", "function", "then", "value", "waited")

    def __init__(self, function: Callable[..., Any], args: tuple) -> None:
        self.function, self.args = function, args
        self.value: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.waited = False  # the loop is blocked in `wait` for it: signal the pipe
        self.then: Callable[[], None] | None = None  # the loop awaits it: call this

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class ReadsThread:
    """One thread running reads in the order given."""

    def __init__(self, name: str = "store-reads") -> None:
        self._reads: SimpleQueue[Read | None] = SimpleQueue()
        self._to_reader, self._handed = os.pipe()
        self._to_loop, self._answered = os.pipe()
        self._answers = select.poll()
        self._answers.register(self._to_loop, select.POLLIN)
        self._guard = threading.Lock()  # orders `done` against `waited` and `then`
        self._closing = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def submit(self, function: Callable[..., Any], *args: Any) -> Read:
        if self._closing:
            raise RuntimeError("the reads thread is shut down")
        read = Read(function, args)
        self._reads.put(read)
        os.write(self._handed, b"\0")
        return read

    def wait(self, read: Read, timeout_s: float) -> bool:
        """Block the calling thread until `read` is done, for at most `timeout_s`; whether
        it is done. A read not done is no longer waited for: take it with `outcome`."""
        with self._guard:
            if read.done:
                return True
            read.waited = True
        if self._answers.poll(timeout_s * 1000):
            os.read(self._to_loop, 1)
            return True
        with self._guard:
            if not read.done:
                read.waited = False
                return False
        os.read(self._to_loop, 1)  # done as time ran out: its signal is on its way
        return True

    def outcome(self, read: Read) -> asyncio.Future:
        """A future of the event loop's that `read`'s outcome settles."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def settle() -> None:
            if future.cancelled():
                return
            if isinstance(read.error, asyncio.CancelledError):
                future.cancel()
            elif read.error is not None:
                future.set_exception(read.error)
            else:
                future.set_result(read.value)

        with self._guard:
            if not read.done:
                read.then = lambda: loop.call_soon_threadsafe(settle)
                return future
        settle()
        return future

    def shutdown(self) -> None:
        """Stop after the read running now; reads still queued end cancelled. Once."""
        if self._closing:
            return
        self._closing = True
        self._reads.put(None)
        os.write(self._handed, b"\0")
        self._thread.join()
        while not self._reads.empty():
            if (read := self._reads.get()) is not None:
                self._finish(read, error=asyncio.CancelledError())
        for descriptor in (self._to_reader, self._handed, self._to_loop, self._answered):
            os.close(descriptor)

    def _serve(self) -> None:
        while True:
            for _ in os.read(self._to_reader, 256):  # one byte per read handed over
                read = self._reads.get()
                if read is None:
                    return
                if self._closing:
                    self._finish(read, error=asyncio.CancelledError())
                    continue
                try:
                    value = read.function(*read.args)
                except BaseException as error:  # the caller's to see, as from any future
                    self._finish(read, error=error)
                else:
                    self._finish(read, value=value)

    def _finish(self, read: Read, value: Any = None, error: BaseException | None = None
                ) -> None:
        read.value, read.error = value, error
        with self._guard:
            read.done = True
            waited, then = read.waited, read.then
        if waited:
            os.write(self._answered, b"\0")
        if then is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody awaits it
                then()

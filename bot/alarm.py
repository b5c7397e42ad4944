"""An alarm that stops a read made on the event loop once it runs past its time.

SQLite's progress handler stops a statement that runs too long (`Database.within`), but not
the Python around it, nor a wait outside SQLite: a store whose code sleeps or waits on a lock
would hold the event loop, and with it every answer, past Discord's 3 seconds. An interval
timer stops those too. `setitimer` sends SIGALRM to the process when the time is up; Linux
gives a process's signal to its main thread first, which is where the event loop runs, and
the handler raises `OverBudget` into whatever the read is doing — Python code, a sleep, a
wait on a lock. The bot then asks the read again in the reads thread (`Handover.read`).

An exception must not land where it would leave a lock held or a statement half-read: while
the read is inside `Database.read` (SQLite's own budget stops it there) or inside `logging`,
the alarm rings again a millisecond later instead. What no signal can stop is a process
stuck in the kernel on a disk that stopped answering; stores on such disks are read in the
thread (`HANDOVER_READS=thread`).

Only the main thread receives the handler's exception, so `available()` is false anywhere
else (a bot run on another thread's loop reads in the thread), and on systems without
`setitimer`.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from store import OverBudget
from store.db import Database

AGAIN_AFTER_S = 0.001  # when the alarm rang at a moment it must not interrupt
_NOT_HERE = {Database.read.__code__}
_NOT_IN_MODULES = {logging.__name__}

_ringing_for_read = False


def available() -> bool:
    """Whether reads made on this thread can be stopped by the alarm (installing it)."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) is not _ring:
        signal.signal(signal.SIGALRM, _ring)
    return True


@contextlib.contextmanager
def stop_after(seconds: float) -> Iterator[None]:
    """Code in the block raises `OverBudget` once `seconds` have passed (main thread only;
    see `available`)."""
    global _ringing_for_read
    _ringing_for_read = True
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-6))
    try:
        yield
    finally:
        _ringing_for_read = False  # first: a signal from here on changes nothing
        signal.setitimer(signal.ITIMER_REAL, 0)


def _ring(signum: int, frame: FrameType | None) -> None:
    global _ringing_for_read
    if not _ringing_for_read:
        return
    if _inside_what_must_finish(frame):
        signal.setitimer(signal.ITIMER_REAL, AGAIN_AFTER_S)
        return
    _ringing_for_read = False
    raise OverBudget


def _inside_what_must_finish(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code in _NOT_HERE or frame.f_globals.get("__name__") in _NOT_IN_MODULES:
            return True
        frame = frame.f_back
    return False

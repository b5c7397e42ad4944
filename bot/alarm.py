"""An alarm that stops a read made on the event loop once it runs past its time.

SQLite's progress handler stops a statement that runs too long (`Database.within`), but not
the Python around it, nor a wait outside SQLite: a store whose code sleeps or waits on a lock
would hold the event loop, and with it every answer, past Discord's 3 seconds. An interval
timer stops those too. `setitimer` sends SIGALRM to the process when the time is up; Linux
gives a process's signal to its main thread first, which is where the event loop runs, and
the handler raises `OverBudget` into whatever the read is doing — Python code, a sleep, a
wait on a lock. The bot then asks the read again in the reads thread (`Handover.read`).

An exception must not land where it would leave a lock held or a statement half-read, nor
where Python would drop it: while the read is inside `Database.read` (SQLite's own budget,
and its wait for the reader's lock, stop it there) or inside `logging`, or while the garbage
collector runs finalizers (whose exceptions are ignored), the alarm rings again a
millisecond later instead.

What the alarm cannot stop sooner: C code that does not look for signals runs until it
returns, and if the kernel hands the signal to another thread (it does when the main thread
already has one pending), a system call the main thread is waiting in is not cut short.
Nothing stops a process stuck in the kernel on a disk that stopped answering; stores on such
disks are read in the thread (`HANDOVER_READS=thread`).

Only the main thread receives the handler's exception, so `available()` is false anywhere
else (a bot run on another thread's loop reads in the thread), and on systems without
`setitimer`.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from store import OverBudget
from store.db import Database

AGAIN_AFTER_S = 0.001  # when the alarm rang at a moment it must not interrupt
_NOT_HERE = {Database.read.__code__}
_NOT_IN_MODULES = {logging.__name__, __name__}  # and the alarm's own code

_ringing_for_read = False
_collecting = False


def _note_collection(phase: str, info: dict) -> None:
    global _collecting
    _collecting = phase == "start"


gc.callbacks.append(_note_collection)


def installed() -> bool:
    """Whether the alarm still answers SIGALRM (nothing has replaced its handler since)."""
    return signal.getsignal(signal.SIGALRM) is _ring


def available() -> bool:
    """Whether reads made on this thread can be stopped by the alarm (installing it)."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if not installed():
        signal.signal(signal.SIGALRM, _ring)
    return True


@contextlib.contextmanager
def stop_after(seconds: float) -> Iterator[None]:
    """Code in the block raises `OverBudget` once `seconds` have passed (main thread only;
    see `available`)."""
    global _ringing_for_read
    if _ringing_for_read:
        raise RuntimeError("stop_after blocks do not nest")
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
    if _collecting or _inside_what_must_finish(frame):
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

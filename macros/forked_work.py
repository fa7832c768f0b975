"""A piece of a build's work done in a forked copy of the process while the build goes on with the rest.

Page generation is pure Python and runs on one core; on a machine with two or more, a build can hand one large,
independent part of it (the account briefings) to a child made with ``fork``: the child shares the loaded data
without copying it, does the work, and sends the result back through a pipe as a pickle, while the parent
generates the other pages. :func:`start` returns a :class:`Pending`; its :meth:`~Pending.result` is the work's
value either way.

It forks only where that is safe and pays: ``os.fork`` exists, the process runs no other thread (a thread's locks
would be copied held), at least two cores are available, and ``ESCALATION_FORK`` is not ``off``. Otherwise, and
whenever the child fails (its exit status or an empty answer), :meth:`~Pending.result` does the work in this
process, so that an error is raised and reported as any other. The child leaves with ``os._exit``: nothing of the
parent's clean-up (open files, atexit handlers, MkDocs' own) runs twice.

Free of MkDocs; ``macros/mkdocs_hooks.py`` decides what to hand over.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from .switches import switched_off

SWITCH = "ESCALATION_FORK"
T = TypeVar("T")


def can_fork() -> bool:
    """Whether :func:`start` would fork here and now."""
    if switched_off(SWITCH):
        return False
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2


def start(work: Callable[[], T]) -> Pending[T]:
    """Begin ``work`` in a forked child when :func:`can_fork`; else it runs when its result is asked for."""
    if not can_fork():
        return Pending(work)
    reader, writer = os.pipe()
    pid = os.fork()
    # The child: work, answer, leave. (coverage.py measures the work, a frame of its own, but not these lines:
    # its fork patch starts measuring in the child after this frame began.)
    if pid == 0:  # pragma: no cover
        os.close(reader)
        code = 1
        try:
            answer = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:  # the parent does the work again and reports the error
            answer = b""
        try:
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(answer)
        finally:
            _save_measurement()
            os._exit(code)
    os.close(writer)
    return Pending(work, pid, reader)


def _save_measurement() -> None:
    """Save coverage.py's data of the child, which ``os._exit`` would lose (its ``fork`` patch starts a fresh
    measurement in each child; the tests' coverage counts the briefings a build makes here). Nothing without it."""
    coverage = sys.modules.get("coverage")
    current = getattr(getattr(coverage, "Coverage", None), "current", lambda: None)()
    if current is not None:
        with contextlib.suppress(Exception):
            current.stop()
            current.save()  # pragma: no cover - measured no more once stopped


class Pending(Generic[T]):
    """Work begun by :func:`start`."""

    def __init__(self, work: Callable[[], T], pid: int | None = None, reader: int | None = None) -> None:
        self._work = work
        self._pid = pid
        self._reader = reader
        self.forked = pid is not None
        """Whether a child does the work (else :meth:`result` does it)."""
        self.fell_back = False
        """Whether the child failed and :meth:`result` did the work itself."""

    def cancel(self) -> None:
        """Stop the child, if any, without its answer (the build failed meanwhile)."""
        if self._pid is not None and self._reader is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._reader)
        self._pid = self._reader = None

    def result(self) -> T:
        if self._pid is None or self._reader is None:
            return self._work()
        with os.fdopen(self._reader, "rb") as pipe:
            answer = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = self._reader = None
        if os.waitstatus_to_exitcode(status) != 0 or not answer:
            self.fell_back = True
            return self._work()
        return pickle.loads(answer)  # noqa: S301 - our own child's answer, through a pipe only it holds

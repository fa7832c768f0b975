"""Work handed to a forked child (macros/forked_work.py): the same result as done in the process, the work done
again here when the child fails, no fork where it is unsafe; and a build that hands the briefings over writes the
same site, listing pages of their long tables included."""

from __future__ import annotations

import os
import threading
from types import SimpleNamespace

import pytest

from macros import forked_work
from macros.render import table_listings


@pytest.fixture
def forkable(monkeypatch):
    """A process where :func:`forked_work.can_fork` holds. Earlier tests of a worker may leave a thread running
    (a test server's, say), which alone would stop the fork; the children here take no lock such a thread holds."""
    monkeypatch.delenv(forked_work.SWITCH, raising=False)
    monkeypatch.setattr(forked_work.threading, "active_count", lambda: 1)
    if not forked_work.can_fork():
        pytest.skip("needs os.fork and two cores")


needs_fork = pytest.mark.usefixtures("forkable")


@needs_fork
def test_the_childs_result_is_the_works_value_and_was_made_elsewhere():
    parent = os.getpid()
    pending = forked_work.start(lambda: {"pid": os.getpid(), "pages": [f"accounts/ACC-{n:04d}.md" for n in range(3)]})
    assert pending.forked
    answer = pending.result()
    assert answer["pages"] == ["accounts/ACC-0000.md", "accounts/ACC-0001.md", "accounts/ACC-0002.md"]
    assert answer["pid"] != parent
    assert not pending.fell_back


@needs_fork
def test_a_child_that_fails_leaves_the_work_to_this_process():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "made here"

    pending = forked_work.start(work)
    assert pending.forked
    assert pending.result() == "made here"
    assert pending.fell_back


@needs_fork
def test_an_answer_that_cannot_be_pickled_is_made_here():
    parent = os.getpid()
    pending = forked_work.start(lambda: (lambda: "made here") if os.getpid() != parent else "made here")
    assert pending.result() == "made here"
    assert pending.fell_back


@needs_fork
def test_an_error_of_the_work_itself_is_raised_here():
    pending = forked_work.start(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pending.result()


def test_no_fork_with_the_switch_off_or_another_thread_running(monkeypatch):
    monkeypatch.setenv(forked_work.SWITCH, "off")
    assert not forked_work.can_fork()
    pending = forked_work.start(lambda: os.getpid())
    assert not pending.forked
    assert pending.result() == os.getpid()
    monkeypatch.delenv(forked_work.SWITCH)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked_work.can_fork()
    finally:
        stop.set()
        thread.join()


def test_one_core_does_not_fork(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not forked_work.can_fork()


@needs_fork
def test_long_tables_the_child_remembers_reach_the_parent(monkeypatch):
    """A briefing's long table is remembered while it renders, for its listing pages written after the build; made
    in a child, it must be handed back with the pages."""
    from macros import mkdocs_hooks

    def account_pages(context, cache=None):
        table_listings.remember(SimpleNamespace(page_url="accounts/ACC-0042/", id="escalations"))
        return ["ACC-0042 briefing"]

    monkeypatch.setattr(mkdocs_hooks, "account_pages", account_pages)
    table_listings.reset()
    table_listings.remember(SimpleNamespace(page_url="accounts/", id="account-index"))  # before: not handed back
    pending = forked_work.start(lambda: mkdocs_hooks._briefings_and_their_tables(None))
    briefings, tables = pending.result()
    assert pending.forked and not pending.fell_back
    assert briefings == ["ACC-0042 briefing"]
    assert [(t.page_url, t.id) for t in tables] == [("accounts/ACC-0042/", "escalations")]
    assert [(t.page_url, t.id) for t in table_listings.remembered()] == [("accounts/", "account-index")]
    table_listings.reset()


def test_saving_the_childs_measurement_needs_no_coverage(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "coverage", None)
    assert forked_work._save_measurement() is None


@needs_fork
def test_a_cancelled_child_is_stopped_and_reaped():
    import time

    pending = forked_work.start(lambda: time.sleep(60))
    child = pending._pid
    started = time.monotonic()
    pending.cancel()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):  # reaped: no such child any more
        os.waitpid(child, os.WNOHANG)
    pending.cancel()  # twice is harmless

"""Pytest plugin used only under mutation testing (registered by ``tests/conftest.py`` when mutmut runs).

- Deselects the tests listed in ``tests/mutation/left_out.txt``: each costs seconds per mutant (real builds, child
  processes, long property runs) and the code they reach is tested in-process too. The score is then a lower bound:
  a left-out test could only kill more mutants.
- Runs the chosen tests fastest first, by the durations mutmut measured, so that a killed mutant stops (``-x``) at
  its first failing test instead of after the slow ones.
- While mutmut records which tests reach which function (its "stats" run), credits the functions a fixture calls
  to every test using that fixture. mutmut credits a call to the test running at that moment only, so a module or
  session fixture (a workbook loaded once, reviews computed once) would count for the first of its tests alone and
  a mutant there would run that one test: the others could never kill it.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

LEFT_OUT_FILE = Path(__file__).with_name("left_out.txt")
STATS_FILE = "mutmut-stats.json"  # mutmut runs the tests from inside its mutants/ folder


def read_left_out(path: Path = LEFT_OUT_FILE) -> tuple[str, ...]:
    """Node ids or test module paths, one a line; ``#`` starts a comment."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return tuple(entries)


def is_left_out(nodeid: str, entries: tuple[str, ...]) -> bool:
    """A node id is left out when an entry names it, its module, or a parametrised family (``test_x`` for
    ``test_x[a]``)."""
    for entry in entries:
        if nodeid == entry or nodeid.startswith(entry + "::") or nodeid.startswith(entry + "["):
            return True
    return False


_FIXTURE_HITS: dict[object, set[str]] = {}
"""Fixture definition → the mutated functions its setup called, during mutmut's stats run."""


def _recording_stats() -> bool:
    return os.environ.get("MUTANT_UNDER_TEST") == "stats"


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if not _recording_stats():
        return (yield)
    from mutmut.state import state

    before = state()._stats
    state()._stats = set()
    try:
        return (yield)
    finally:
        hits = state()._stats
        _FIXTURE_HITS.setdefault(fixturedef, set()).update(hits)
        state()._stats = before | hits


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    result = yield
    if _recording_stats():
        from mutmut.state import state

        for name in item.fixturenames:
            for fixturedef in item._fixtureinfo.name2fixturedefs.get(name, ()):
                state()._stats |= _FIXTURE_HITS.get(fixturedef, set())
    return result


@cache
def _durations() -> dict[str, float]:
    try:
        data = json.loads(Path(STATS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.get("duration_by_test", {}).items()}


def pytest_collection_modifyitems(config, items):
    entries = read_left_out()
    kept, dropped = [], []
    for item in items:
        (dropped if is_left_out(item.nodeid, entries) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    # Mutmut's stats run ("stats") measures the durations; the runs of single mutants use them.
    if os.environ.get("MUTANT_UNDER_TEST") not in ("stats", "list_all_tests", "mutant_generation"):
        durations = _durations()
        if durations:
            kept.sort(key=lambda item: durations.get(item.nodeid, 0.0))
    items[:] = kept

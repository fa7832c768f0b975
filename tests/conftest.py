"""Shared fixtures: the sample data, a second policy of another shape, and helpers to copy and patch them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
FIVE_LEVEL = FIXTURES / "five_level"
SAMPLE_AS_OF = "2026-11-30"

# No time limit per example: a busy machine makes slow examples, and speed is measured by the benchmarks instead.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


def pytest_configure(config):
    """Under mutation testing (mutmut sets MUTANT_UNDER_TEST) the slow tests listed in
    ``tests/mutation/left_out.txt`` are deselected and the rest run fastest first."""
    if "MUTANT_UNDER_TEST" in os.environ:
        from .mutation import pytest_plugin

        config.pluginmanager.register(pytest_plugin, "mutation-selection")


@pytest.fixture(autouse=True)
def _no_child_python_under_mutation(monkeypatch):
    """Under mutation testing (mutmut sets MUTANT_UNDER_TEST), a test that starts Python in a child process skips
    there: each such test costs seconds per mutant, and the same code is tested in-process. Elsewhere it runs."""
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    real_popen = subprocess.Popen

    def popen(args, *rest, **kw):
        if isinstance(args, list | tuple) and args and str(args[0]) == sys.executable:
            pytest.skip("starts Python in a child process; left out of mutation runs")
        return real_popen(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", popen)


@pytest.fixture(scope="session")
def sample_policy():
    from macros.policy.loader import load_policy

    return load_policy(SAMPLE_DATA, root=ROOT)


@pytest.fixture(scope="session")
def five_level_policy():
    from macros.policy.loader import load_policy

    return load_policy(FIVE_LEVEL, root=FIVE_LEVEL)


def copy_data(source: Path, target: Path) -> Path:
    """Copy a data folder (policy/ and, if present, escalations.xlsx) to ``target`` and return it."""
    shutil.copytree(source / "policy", target / "policy")
    workbook = source / "escalations.xlsx"
    if workbook.exists():
        shutil.copy(workbook, target / "escalations.xlsx")
    return target


@pytest.fixture
def sample_copy(tmp_path):
    return copy_data(SAMPLE_DATA, tmp_path / "data")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser test (skips with the reason when there is none)."""
    from .browser import browser

    with browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def served_sample(tmp_path_factory):
    """The sample built once at ``SAMPLE_AS_OF`` and served on 127.0.0.1, for the browser tests: (url, site)."""
    from .browser import serve
    from .site_builder import build_site

    result = build_site(tmp_path_factory.mktemp("served-sample"), SAMPLE_DATA, as_of=SAMPLE_AS_OF)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url, result.site

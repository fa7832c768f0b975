"""`policy_history` on a real repository: commits newest first with their files relative to the folder, a merge
left out, the commits of a month oldest first, a folder whose name ends in 'X' or a space, and a shallow clone told apart."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from macros.analysis.policy_history import policy_history
from macros.analysis.policy_timeline import policy_timeline
from macros.policy.loader import load_policy

from .conftest import SAMPLE_DATA
from .git_repo import git

UTC = dt.UTC


def _write(repo, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Commits (committer dates): Jan 31 23:59:59 and Feb 1 00:00:00 (a month apart by one second), three
    in March, one of them made on a branch and merged, and one in April in another folder."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _write(repo, "data/policy/tiers.yaml", "a: 1\nb: 1\n")
    _write(repo, "data/policy/authority.yaml", "x: 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Tiers and authority", when="2026-01-31T23:59:59+00:00")
    _write(repo, "data/policy/tiers.yaml", "a: 2\nb: 1\n")
    git(repo, "commit", "-q", "-am", "Raise a", when="2026-02-01T00:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "side")
    _write(repo, "data/policy/tiers.yaml", "a: 2\nb: 2\n")
    git(repo, "commit", "-q", "-am", "Raise b", when="2026-03-10T09:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    _write(repo, "data/policy/authority.yaml", "x: 2\n")
    git(repo, "commit", "-q", "-am", "Raise x", when="2026-03-05T09:00:00+00:00")
    _write(repo, "data/policy/tiers.yaml", "a: 3\nb: 1\n")
    git(repo, "commit", "-q", "-am", "Raise a again", when="2026-03-20T09:00:00+00:00")
    git(repo, "merge", "-q", "--no-ff", "-X", "theirs", "-m", "Merge side", "side", when="2026-03-21T09:00:00+00:00")
    _write(repo, "data/policyX/rates.yaml", "r: 1\n")
    _write(repo, "data/notes /n.yaml", "n: 1\n")
    _write(repo, "README.md", "readme\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Rates and readme", when="2026-04-01T09:00:00+00:00")
    return repo


def test_commits_newest_first_without_the_merge(repo):
    history = policy_history(repo, repo / "data" / "policy")
    assert history.folder == "data/policy"
    assert history.shallow is False
    subjects = [c.subject for c in history.commits]
    assert "Merge side" not in subjects
    assert [c.when for c in history.commits] == sorted((c.when for c in history.commits), reverse=True)
    assert [(c.when, c.files) for c in history.commits] == [
        (dt.datetime(2026, 3, 20, 9, tzinfo=UTC), ("tiers.yaml",)),
        (dt.datetime(2026, 3, 10, 9, tzinfo=UTC), ("tiers.yaml",)),
        (dt.datetime(2026, 3, 5, 9, tzinfo=UTC), ("authority.yaml",)),
        (dt.datetime(2026, 2, 1, tzinfo=UTC), ("tiers.yaml",)),
        (dt.datetime(2026, 1, 31, 23, 59, 59, tzinfo=UTC), ("authority.yaml", "tiers.yaml")),
    ]
    first = history.commits[-1]
    assert first.subject == "Tiers and authority"
    assert first.sha == git(repo, "rev-list", "--max-parents=0", "HEAD")


def test_the_commits_of_a_month_oldest_first_and_a_second_decides_the_month(repo):
    history = policy_history(repo, repo / "data" / "policy")
    assert [c.subject for c in history.in_month("2026-01")] == ["Tiers and authority"]
    assert [c.subject for c in history.in_month("2026-02")] == ["Raise a"]
    march = history.in_month("2026-03")
    assert [c.when.day for c in march] == [5, 10, 20]
    assert [c.subject for c in march] == ["Raise x", "Raise b", "Raise a again"]
    assert history.in_month("2026-04") == []


def test_a_folder_whose_name_ends_in_x(repo):
    history = policy_history(repo, repo / "data" / "policyX")
    assert history.folder == "data/policyX"
    assert [(c.subject, c.files) for c in history.commits] == [("Rates and readme", ("rates.yaml",))]


def test_a_folder_whose_name_ends_in_a_space(repo):
    history = policy_history(repo, repo / "data" / "notes ")
    assert history.folder == "data/notes "
    assert [(c.subject, c.files) for c in history.commits] == [("Rates and readme", ("n.yaml",))]


def test_a_shallow_clone_says_so(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True, capture_output=True)
    history = policy_history(clone, clone / "data" / "policy")
    assert history.shallow is True
    # The one commit of the clone has no parent, so every file of the folder is new in it.
    assert [(c.subject, c.files) for c in history.commits] == [("Rates and readme", ("authority.yaml", "tiers.yaml"))]


def test_a_subject_holding_the_separators_is_read_whole_with_its_files(tmp_path):
    """Subjects are commit text like any other: the record and field separators git's output is split on may be
    in them."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _write(repo, "data/policy/tiers.yaml", "a: 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "First", when="2026-01-05T09:00:00+00:00")
    _write(repo, "data/policy/authority.yaml", "x: 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Record\x1eseparator", when="2026-01-06T09:00:00+00:00")
    _write(repo, "data/policy/tiers.yaml", "a: 2\n")
    git(repo, "commit", "-q", "-am", "Field\x1fseparator", when="2026-01-07T09:00:00+00:00")
    history = policy_history(repo, repo / "data" / "policy")
    assert [(c.subject, c.files) for c in history.commits] == [
        ("Field\x1fseparator", ("tiers.yaml",)),
        ("Record\x1eseparator", ("authority.yaml",)),
        ("First", ("tiers.yaml",)),
    ]
    timeline = policy_timeline(load_policy(SAMPLE_DATA), repo / "data" / "policy", repo)
    assert [v.subject for v in timeline.versions] == ["Field\x1fseparator"]
    assert len(timeline.failed) == 2

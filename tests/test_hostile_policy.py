"""Hostile policy folders: stack-deep nesting, links out of the repository, huge values in messages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from macros.policy.loader import load_policy
from macros.problems import DataError, ProblemLog
from macros.workbook.loader import load_log

from .conftest import FIVE_LEVEL, SAMPLE_DATA, copy_data


def _validate(data, *extra):
    return subprocess.run(
        [sys.executable, "-m", "macros.cli", "validate", "--data", str(data), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_nesting_deep_enough_to_overflow_the_c_loader_is_a_located_error(tmp_path):
    data = copy_data(FIVE_LEVEL, tmp_path / "data")
    tiers = data / "policy" / "tiers.yaml"
    tiers.write_text("owners: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    completed = _validate(data, "--scope", "policy-only")
    assert completed.returncode == 1, completed.stderr[-500:]
    assert "tiers.yaml:1:72: error: the document is nested more than 64 levels deep" in completed.stderr


def test_a_policy_file_linking_outside_the_repository_is_refused(tmp_path):
    repo = tmp_path / "repo"
    data = copy_data(FIVE_LEVEL, repo / "data")
    secret = tmp_path / "elsewhere" / "tiers.yaml"
    secret.parent.mkdir()
    (data / "policy" / "tiers.yaml").rename(secret)
    (data / "policy" / "tiers.yaml").symlink_to(secret)
    with pytest.raises(DataError) as caught:
        load_policy(data, root=repo)
    messages = [p.format() for p in caught.value.errors]
    assert messages == [
        "data/policy/tiers.yaml:1:1: error: the file is a symbolic link to a place outside the repository; it is "
        "not read (copy the file into the data folder instead of linking to it)"
    ]


def test_a_link_that_stays_inside_the_repository_is_followed(tmp_path):
    repo = tmp_path / "repo"
    data = copy_data(FIVE_LEVEL, repo / "data")
    shared = repo / "shared" / "tiers.yaml"
    shared.parent.mkdir()
    (data / "policy" / "tiers.yaml").rename(shared)
    (data / "policy" / "tiers.yaml").symlink_to(shared)
    assert load_policy(data, root=repo).tiers[0].id == "watch"


def test_a_workbook_linking_outside_the_repository_is_refused(tmp_path, monkeypatch, sample_policy):
    repo = tmp_path / "repo"
    data = copy_data(SAMPLE_DATA, repo / "data")
    outside = tmp_path / "downloads" / "escalations.xlsx"
    outside.parent.mkdir()
    (data / "escalations.xlsx").rename(outside)
    (data / "escalations.xlsx").symlink_to(outside)
    monkeypatch.chdir(repo)
    log = ProblemLog()
    with pytest.raises(DataError):
        load_log(data, sample_policy, log)
    assert [p.location for p in log.errors] == ["escalations.xlsx"]
    assert "symbolic link to a place outside the repository" in log.errors[0].message


def test_messages_quote_only_a_short_excerpt_of_a_long_value(tmp_path):
    data = copy_data(FIVE_LEVEL, tmp_path / "data")
    tiers = data / "policy" / "tiers.yaml"
    text = tiers.read_text(encoding="utf-8")
    tiers.write_text(text.replace('color: "#546e7a"', 'color: "' + "#" * 100_000 + '\x07"'), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    (problem,) = caught.value.errors
    assert problem.location == "policy/tiers.yaml:5:100013"
    assert "the control character U+0007" in problem.message
    assert len(problem.format()) < 300

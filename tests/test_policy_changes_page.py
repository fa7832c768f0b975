"""The `/policy/changes/` page: each policy commit with what it changed, from git history; none without it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros.analysis import policy_changes as changes_module
from macros.analysis.git_snapshot import GitError
from macros.analysis.policy_changes import policy_change_log
from macros.render.monthly_sections import every_change_href, policy_changes
from macros.render.policy_changes_page import changes_body
from macros.render.templating import render

from .conftest import SAMPLE_DATA
from .site_builder import build_site

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root: Path, *args: str, author: str = "Tester") -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@example.com", "-c", f"user.name={author}", *args],
        capture_output=True,
        check=True,
    )


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("history")
    _git(root, "init", "-q")
    shutil.copytree(SAMPLE_DATA / "policy", root / "data" / "policy")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "First policy", author="Ada Admin")
    authority = root / "data" / "policy" / "authority.yaml"
    text = authority.read_text(encoding="utf-8")
    authority.write_text(
        text.replace("when: {value: {above: 45, at_most: 60}}", "when: {value: {above: 45, at_most: 50}}").replace(
            "when: {value: {above: 60, at_most: 90}}", "when: {value: {above: 50, at_most: 90}}"
        ),
        encoding="utf-8",
    )
    _git(root, "commit", "-qam", "Net 51-60 needs the CFO <b>now</b>", author="Fin Lead")
    (root / "notes.txt").write_text("not policy", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Unrelated", author="Someone")
    tiers = root / "data" / "policy" / "tiers.yaml"
    tiers.write_text(tiers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(root, "commit", "-qam", "Whitespace only", author="Zoë Tidy")
    # git log writes Latin-1 here, as a user's git configuration may ask: one byte for the "ë", not UTF-8.
    _git(root, "config", "i18n.logOutputEncoding", "ISO-8859-1")
    # A branch named like the policy folder: git must be told that the folder is a path, not a revision.
    _git(root, "branch", "data/policy")
    return root


def test_each_policy_commit_newest_first_with_its_impact(history_repo):
    changes = policy_change_log(history_repo, history_repo / "data" / "policy")
    assert changes is not None and changes.folder == "data/policy"
    assert [(e.commit.subject, e.author) for e in changes.entries] == [
        ("Whitespace only", "Zo\ufffd Tidy"),
        ("Net 51-60 needs the CFO <b>now</b>", "Fin Lead"),
        ("First policy", "Ada Admin"),
    ]
    whitespace, threshold, first = changes.entries
    assert first.report is None and first.problem == ""
    assert whitespace.report is not None and not whitespace.report.has_effect
    assert [d.case for d in threshold.report.decisions] == [f"Extended payment terms, {d} days" for d in (51, 59, 60)]
    assert [c.where for c in threshold.report.policy] == [
        "concession type Extended payment terms (payment_terms) › rule terms-net-60 › when › value",
        "concession type Extended payment terms (payment_terms) › rule terms-net-90 › when › value",
    ]


def test_each_report_compares_the_parent_with_the_commit_by_short_sha_and_nothing_is_cut(history_repo):
    changes = policy_change_log(history_repo, history_repo / "data" / "policy")
    assert changes.shallow is False
    assert changes.older == 0
    _, threshold, first = changes.entries
    assert (threshold.report.base, threshold.report.head) == (first.commit.sha[:7], threshold.commit.sha[:7])
    assert len(threshold.report.base) == 7
    assert threshold.report.as_of == threshold.commit.when.date()


def test_only_the_newest_commits_are_compared_and_the_older_ones_counted(history_repo, monkeypatch):
    monkeypatch.setattr(changes_module, "MAX_COMMITS", 2)
    changes = policy_change_log(history_repo, history_repo / "data" / "policy")
    assert [e.commit.subject for e in changes.entries] == ["Whitespace only", "Net 51-60 needs the CFO <b>now</b>"]
    assert changes.older == 1


def test_without_the_authors_from_git_log_each_commit_is_listed_uncompared(history_repo, monkeypatch):
    real_git = changes_module.git

    def git(root, *args, **kw):
        if args[0] == "log":
            raise GitError("git log failed")
        return real_git(root, *args, **kw)

    monkeypatch.setattr(changes_module, "git", git)
    changes = policy_change_log(history_repo, history_repo / "data" / "policy")
    assert [(e.commit.subject, e.author, e.report, e.problem) for e in changes.entries] == [
        ("Whitespace only", "", None, ""),
        ("Net 51-60 needs the CFO <b>now</b>", "", None, ""),
        ("First policy", "", None, ""),
    ]


def test_the_page_lists_commits_escaped_with_their_effect(history_repo):
    html = str(changes_body(policy_change_log(history_repo, history_repo / "data" / "policy")))
    assert "Net 51-60 needs the CFO &lt;b&gt;now&lt;/b&gt;" in html and "<b>now" not in html
    assert "2 policy changes; 3 approval answers change" in html
    assert "no effect" in html and "first version" in html
    assert "Fin Lead" in html
    assert "\n\n" not in html  # one raw HTML block for Markdown


def test_without_git_history_the_page_says_so(tmp_path):
    shutil.copytree(SAMPLE_DATA / "policy", tmp_path / "data" / "policy")
    assert policy_change_log(tmp_path, tmp_path / "data" / "policy") is None
    assert "No git history is available" in str(changes_body(None))


def test_monthly_reviews_link_to_the_page():
    month = SimpleNamespace(
        policy_changes=policy_changes(None, None), every_change_href=every_change_href("reviews/2026-11/")
    )
    html = str(render("monthly/policy_changes.html", month=month))
    assert 'href="../../policy/changes/"' in html


@pytest.mark.build
def test_a_build_outside_git_publishes_the_page_saying_there_is_no_history(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", data / "escalations.xlsx")
    result = build_site(tmp_path, data, scope="policy-only")
    assert result.returncode == 0, result.output
    page = result.page("policy/changes")
    assert "<h1" in page and "Policy changes" in page
    assert "No git history is available in this build" in page


@pytest.fixture(scope="module")
def broken_repo(tmp_path_factory) -> Path:
    """A policy, a commit that breaks a file, the fix, and a commit that removes the policy folder."""
    root = tmp_path_factory.mktemp("broken-history")
    _git(root, "init", "-q")
    shutil.copytree(SAMPLE_DATA / "policy", root / "data" / "policy")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "First policy", author="Ada Admin")
    tiers = root / "data" / "policy" / "tiers.yaml"
    good = tiers.read_text(encoding="utf-8")
    tiers.write_text("tiers: [\n", encoding="utf-8")
    _git(root, "commit", "-qam", "A typo", author="Typo Person")
    tiers.write_text(good, encoding="utf-8")
    _git(root, "commit", "-qam", "Typo fixed", author="Fixer")
    return root


def test_a_version_that_does_not_load_and_the_one_after_it_say_so(broken_repo):
    changes = policy_change_log(broken_repo, broken_repo / "data" / "policy")
    assert changes is not None
    fixed, typo, first = changes.entries
    assert (fixed.commit.subject, fixed.author, fixed.report) == ("Typo fixed", "Fixer", None)
    # The first error, located in the repository's own terms (not the temporary folder the version is read into).
    assert fixed.problem.startswith("the version before does not load: data/policy/tiers.yaml:2:1: error: YAML syntax")
    assert (typo.commit.subject, typo.author, typo.report) == ("A typo", "Typo Person", None)
    assert typo.problem.startswith("this version does not load: data/policy/tiers.yaml:2:1: error: YAML syntax")
    assert (first.commit.subject, first.author, first.report, first.problem) == ("First policy", "Ada Admin", None, "")


def test_a_commit_that_removes_the_policy_folder_says_so_and_the_one_restoring_it_is_a_first_version(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    _git(root, "init", "-q")
    shutil.copytree(SAMPLE_DATA / "policy", root / "data" / "policy")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "First policy")
    _git(root, "rm", "-rq", "data/policy")
    _git(root, "commit", "-qm", "Policy removed")
    shutil.copytree(SAMPLE_DATA / "policy", root / "data" / "policy")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Policy restored")
    changes = policy_change_log(root, root / "data" / "policy")
    restored, removed, first = changes.entries
    assert (removed.commit.subject, removed.report) == ("Policy removed", None)
    assert removed.problem == "this version does not load: no policy folder"
    assert (restored.commit.subject, restored.report, restored.problem) == ("Policy restored", None, "")
    assert (first.report, first.problem) == (None, "")

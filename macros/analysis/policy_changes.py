"""Each commit that changed the policy, with what it changed: the history behind the `/policy/changes/` page.

The commits come from :func:`~.policy_history.policy_history`; each is compared with its first parent using the
same comparison as `escalation impact`, on the policy alone (the decisions, authority and policy wording that
changed; the workbook is not part of a policy change). Policies are read from git objects and loaded once per
distinct tree of the policy folder. Without git history the page says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..policy.model import Policy
from ..problems import DataError
from .git_snapshot import GitError, files_at, git
from .impact import ImpactReport, Side, compare
from .policy_history import PolicyCommit, policy_history

log = logging.getLogger("mkdocs.plugins.escalation")

MAX_COMMITS = 100
"""Commits shown, newest first; older ones are counted."""


@dataclass(frozen=True)
class PolicyChangeEntry:
    commit: PolicyCommit
    author: str
    report: ImpactReport | None
    """``None`` for the first version of the policy (nothing to compare with)."""
    problem: str = ""
    """Why the commit could not be compared, when it could not."""


@dataclass(frozen=True)
class PolicyChangeLog:
    folder: str
    entries: tuple[PolicyChangeEntry, ...]
    shallow: bool
    older: int = 0
    """Commits left out beyond :data:`MAX_COMMITS`."""


class _Loader:
    """Policies at commits, loaded once per tree of the policy folder."""

    def __init__(self, root: Path, folder: str, temp: Path) -> None:
        self.root, self.folder, self.temp = root, folder, temp
        self.by_tree: dict[str, Policy | str | None] = {}

    def policy(self, commit: str) -> Policy | str | None:
        """The policy at ``commit``; an error text when it does not load; ``None`` when the folder is absent."""
        try:
            tree = git(self.root, "rev-parse", f"{commit}:{self.folder}").decode("ascii").strip()
        except GitError:
            return None
        if tree not in self.by_tree:
            self.by_tree[tree] = self._load(commit, tree)
        return self.by_tree[tree]

    def _load(self, commit: str, tree: str) -> Policy | str:
        from ..policy.loader import load_policy

        target = self.temp / tree / "data"
        for path, content in files_at(self.root, commit, self.folder).items():
            destination = target / "policy" / path[len(self.folder) + 1 :]
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
        try:
            return load_policy(target, root=self.temp / tree)
        except DataError as exc:
            return exc.errors[0].format() if exc.errors else "the policy does not load"


def _authors(root: Path, folder: str) -> dict[str, tuple[str, str]]:
    """Commit → (author name, first parent) for the commits touching ``folder``."""
    try:
        output = git(root, "log", "--no-merges", "--format=%H%x1f%an%x1f%P", "--", folder).decode("utf-8", "replace")
    except GitError:
        return {}
    result = {}
    for line in output.splitlines():
        sha, author, parents = [*line.split("\x1f"), "", ""][:3]
        result[sha] = (author, parents.split()[0] if parents.split() else "")
    return result


def policy_change_log(root: Path, policy_dir: Path) -> PolicyChangeLog | None:
    """Every commit changing the policy folder, newest first, with its impact; ``None`` without git history."""
    history = policy_history(root, policy_dir)
    if history is None:
        return None
    authors = _authors(root, history.folder)
    entries = []
    with tempfile.TemporaryDirectory(prefix="escalation-policy-history-") as temp:
        loader = _Loader(root, history.folder, Path(temp))
        for commit in history.commits[:MAX_COMMITS]:
            author, parent = authors.get(commit.sha, ("", ""))
            entries.append(_entry(loader, commit, author, parent))
    older = max(0, len(history.commits) - MAX_COMMITS)
    return PolicyChangeLog(history.folder, tuple(entries), history.shallow, older)


def _entry(loader: _Loader, commit: PolicyCommit, author: str, parent: str) -> PolicyChangeEntry:
    after = loader.policy(commit.sha)
    before = loader.policy(parent) if parent else None
    if before is None:
        return PolicyChangeEntry(commit, author, None)
    if isinstance(after, str) or after is None:
        return PolicyChangeEntry(commit, author, None, f"this version does not load: {after or 'no policy folder'}")
    if isinstance(before, str):
        return PolicyChangeEntry(commit, author, None, f"the version before does not load: {before}")
    on = commit.when.date() if isinstance(commit.when, dt.datetime) else commit.when
    report = compare(Side(parent[:7], before), Side(commit.sha[:7], after), on)
    return PolicyChangeEntry(commit, author, report)

"""Which policy was in force on a given day, from the git history of the policy folder.

Each commit of the first-parent history of the checked-out branch that changed the policy folder starts a
version, in force from its commit date (the committer's calendar day) until the next one. Files are read with git
plumbing (``ls-tree``, ``cat-file --batch``), never by checking anything out, and each distinct folder tree is
loaded once (cached by tree hash, also across rebuilds of ``mkdocs serve``).

* A version that does not load is reported with its commit; the last version that loaded stays in force through
  its period.
* The policy in the working tree is today's policy. When it differs from the last commit (uncommitted changes),
  it is in force from today; otherwise the last commit's version *is* the working-tree policy.
* Without history (no git, not a checkout, a shallow clone, nothing committed) every day uses today's policy, and
  :attr:`PolicyTimeline.note` says why.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..policy.loader import load_policy
from ..policy.model import Policy
from ..problems import DataError, ProblemLog
from .git_snapshot import GitError, git
from .policy_history import _git

log = logging.getLogger("mkdocs.plugins.escalation")

_FIELD = "\x1f"


@dataclass(frozen=True)
class PolicyVersion:
    policy: Policy
    commit: str | None = None
    """Full commit hash; ``None`` for the working tree (uncommitted, or no history)."""
    date: dt.date | None = None
    """In force from this day (the commit date); ``None`` when there is no history."""
    subject: str = ""
    tree: str | None = None

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None

    def label(self) -> str:
        """'policy 1a2b3c4 of 2026-03-02', or 'the current policy' for the working tree."""
        if self.commit and self.date:
            return f"policy {self.short} of {self.date.isoformat()}"
        return "the current policy"


@dataclass(frozen=True)
class FailedVersion:
    commit: str
    date: dt.date
    message: str


@dataclass
class PolicyTimeline:
    current: PolicyVersion
    """Today's policy: the working tree's."""
    versions: list[PolicyVersion] = field(default_factory=list)
    """Versions that loaded, oldest first; the newest is ``current`` when the working tree is clean."""
    failed: list[FailedVersion] = field(default_factory=list)
    note: str = ""
    """Why there is no history (empty when there is)."""

    @classmethod
    def single(cls, policy: Policy, note: str = "") -> PolicyTimeline:
        version = PolicyVersion(policy)
        return cls(version, [version], note=note)

    @property
    def has_history(self) -> bool:
        return not self.note

    def in_force(self, day: dt.date | dt.datetime | None) -> PolicyVersion:
        """The version in force on ``day``: the newest version dated on or before it (the oldest for earlier days,
        today's policy when ``day`` is unknown)."""
        if day is None or not self.versions:
            return self.current
        if isinstance(day, dt.datetime):
            day = day.date()
        chosen = self.versions[0]
        for version in self.versions:
            if version.date is None or version.date <= day:
                chosen = version
            else:
                break
        return chosen


_CACHE: dict[str, Policy | str] = {}
"""Tree hash → loaded policy, or the first error when it does not load."""


def _tree_files(root: Path, tree: str) -> dict[str, bytes] | None:
    listing = _git(root, "ls-tree", "--full-tree", "-r", "-z", tree)
    if listing is None:
        return None
    blobs: list[tuple[str, str]] = []
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            blobs.append((parts[2], path))
    if not blobs:
        return {}
    try:
        output = git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _ in blobs).encode())
    except GitError:
        return None
    files: dict[str, bytes] = {}
    position = 0
    for _, path in blobs:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        start = header_end + 1
        files[path] = output[start : start + size]
        position = start + size + 1
    return files


def _load_tree(root: Path, tree: str) -> Policy | str:
    """The policy stored in ``tree`` (the policy folder's tree), or the first error in it."""
    if tree in _CACHE:
        return _CACHE[tree]
    files = _tree_files(root, tree)
    if files is None:
        result: Policy | str = "git could not read the policy files of this version"
    else:
        with tempfile.TemporaryDirectory(prefix="policy-version-") as tmp:
            folder = Path(tmp) / "policy"
            for name, content in files.items():
                target = folder / PurePosixPath(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            try:
                result = load_policy(Path(tmp), ProblemLog(), root=Path(tmp))
            except DataError as exc:
                first = exc.errors[0].format() if exc.errors else "it does not load"
                more = len(exc.errors) - 1
                result = first + (f" (and {more} more error{'s' if more != 1 else ''})" if more > 0 else "")
    _CACHE[tree] = result
    return result


def policy_timeline(current: Policy, policy_dir: Path, root: Path | None = None) -> PolicyTimeline:
    """The versions of the policy in ``policy_dir`` from git; ``current`` is the working-tree policy."""
    root = root or policy_dir.parent
    try:
        folder = policy_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return PolicyTimeline.single(current, "the policy folder is outside the project, so it has no git history")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != "true":
        return PolicyTimeline.single(current, "the project is not a git checkout, so there is no policy history")
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return PolicyTimeline.single(
            current, "the checkout is shallow (check out with fetch-depth: 0 for the full policy history)"
        )
    output = _git(root, "log", "--first-parent", f"--format=%H{_FIELD}%cI{_FIELD}%s", "--", folder)
    commits = []
    for line in (output or "").splitlines():
        sha, when, subject = [*line.split(_FIELD, 2), "", "", ""][:3]
        try:
            commits.append((sha, dt.datetime.fromisoformat(when).date(), subject))
        except ValueError:
            continue
    if not commits:
        return PolicyTimeline.single(current, "the policy folder has no committed history")
    commits.reverse()  # oldest first
    trees = _git(root, "rev-parse", *(f"{sha}:./{folder}" for sha, _, _ in commits))
    tree_ids = (trees or "").split()
    if len(tree_ids) != len(commits):  # a commit removed the folder: ask one by one
        tree_ids = [(_git(root, "rev-parse", f"{sha}:./{folder}") or "").strip() for sha, _, _ in commits]
    dirty = bool((_git(root, "status", "--porcelain", "--", folder) or "").strip())
    timeline = PolicyTimeline(PolicyVersion(current))
    for index, ((sha, day, subject), tree) in enumerate(zip(commits, tree_ids, strict=True)):
        newest = index == len(commits) - 1
        if newest and not dirty:
            version = PolicyVersion(current, sha, day, subject, tree)
            timeline.versions.append(version)
            timeline.current = version
            continue
        loaded = _load_tree(root, tree) if tree else "the policy folder does not exist in this commit"
        if isinstance(loaded, Policy):
            timeline.versions.append(PolicyVersion(loaded, sha, day, subject, tree))
        else:
            # Not a warning: a strict build would fail forever on a typo long fixed. The commitments page and
            # `escalation audit` report it.
            log.info("escalation: policy version %s of %s does not load: %s", sha[:7], day.isoformat(), loaded)
            timeline.failed.append(FailedVersion(sha, day, loaded))
    if dirty:
        timeline.current = PolicyVersion(current, None, dt.date.today(), "uncommitted changes")
        timeline.versions.append(timeline.current)
    return timeline


def timeline_for(dataset) -> PolicyTimeline:
    """The timeline of a loaded dataset's policy folder (a :class:`~macros.dataset.Dataset`)."""
    return policy_timeline(dataset.policy, dataset.data_dir / "policy", dataset.root)

"""Changes to the policy files, from git: which commits touched the policy folder, when, and what they said.

The monthly review lists the commits of its month. Builds outside a git checkout (an unpacked archive, a data
folder outside the repository, no git installed) have no history: :func:`policy_history` returns ``None`` and the
page says so quietly. Commit text is data like any other: it is escaped where it is shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.escalation")

GIT_TIMEOUT_SECONDS = 30
_RECORD, _FIELD = "\x1e", "\x1f"
_RECORD_START = re.compile(f"{_RECORD}(?=[0-9a-f]{{40}}(?:[0-9a-f]{{24}})?{_FIELD})")
"""Where a record of the log begins: a separator followed by a commit hash (SHA-1 or SHA-256) and a field
separator. A subject may hold the separators too, so they alone do not split the output."""


@dataclass(frozen=True)
class PolicyCommit:
    sha: str
    when: dt.datetime
    """Commit date (when the change landed), in the committer's time zone."""
    subject: str
    files: tuple[str, ...]
    """Files changed, relative to the policy folder."""

    @property
    def month(self) -> str:
        return f"{self.when.year:04d}-{self.when.month:02d}"


@dataclass(frozen=True)
class PolicyHistory:
    folder: str
    """The policy folder, relative to the repository root (``data/policy``)."""
    commits: tuple[PolicyCommit, ...]
    """Newest first."""
    shallow: bool
    """The checkout is shallow (common in CI): older changes may be missing."""

    def in_month(self, key: str) -> list[PolicyCommit]:
        """Commits of the month ``YYYY-MM``, oldest first."""
        return sorted((c for c in self.commits if c.month == key), key=lambda c: c.when)


def _git(root: Path, *args: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("escalation: git is not available (%s)", exc)
        return None
    if completed.returncode != 0:
        log.debug("escalation: git %s failed: %s", args[0], completed.stderr.decode("utf-8", "replace").strip())
        return None
    return completed.stdout.decode("utf-8", "replace")


def policy_history(root: Path, policy_dir: Path) -> PolicyHistory | None:
    """Commits touching ``policy_dir`` in the git checkout at ``root`` (the folder holding mkdocs.yml).

    ``None`` when there is no usable history: git missing, ``root`` not in a checkout, or the policy folder
    outside ``root``.
    """
    try:
        folder = policy_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    output = _git(root, "log", "--no-merges", f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%s", "--name-only", "--", folder)
    if output is None:
        return None
    commits = []
    prefix = folder.rstrip("/") + "/"
    for record in _RECORD_START.split(output)[1:]:
        header, _, names = record.partition("\n")
        sha, when, subject = [*header.split(_FIELD, 2), "", "", ""][:3]
        try:
            moment = dt.datetime.fromisoformat(when)
        except ValueError:
            continue
        files = tuple(n.removeprefix(prefix) for n in names.splitlines() if n.strip())
        commits.append(PolicyCommit(sha, moment, subject, files))
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    return PolicyHistory(folder, tuple(commits), shallow)

"""The data folder as it stands at a git revision, read from git objects without a checkout.

`escalation impact` compares the policy and the workbook at two revisions. The files of the data folder at a
revision are listed with ``git ls-tree`` and read in one ``git cat-file --batch`` call, then written into a
temporary folder that mirrors the repository's layout (so messages still name ``data/policy/tiers.yaml``),
because the loaders read files. The working tree is never touched.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

GIT_TIMEOUT_SECONDS = 120


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in ``root``; :class:`GitError` with git's own message when it fails."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git could not be run ({exc})", hint="install git, or run from a git checkout") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(
            f"git {args[0]} failed in {root.as_posix()}: {detail[-1] if detail else 'no message'}",
            hint="check the revision named and that the data folder is tracked by git",
        )
    return completed.stdout


def repository_root(folder: Path) -> Path:
    """The top of the git checkout holding ``folder``."""
    try:
        top = git(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip()
    except GitError as exc:
        raise GitError(
            f"{folder.as_posix()} is not inside a git repository ({exc.message})",
            hint="run the command from a git checkout of the repository",
        ) from None
    return Path(top)


def resolve_commit(root: Path, ref: str) -> str:
    """The commit id a revision names; :class:`GitError` with a hint when it names none."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode("utf-8").strip()
    except GitError:
        raise GitError(
            f"'{ref}' is not a commit of this repository",
            hint="fetch it first (git fetch origin main), or in CI check out with fetch-depth: 0",
        ) from None


@dataclass(frozen=True)
class Snapshot:
    """The data folder at one end of a comparison."""

    label: str
    """The revision as given, or ``working tree``."""
    data_dir: Path
    """A folder holding ``policy/`` and the workbook (a temporary copy for a revision)."""
    root: Path
    """The folder file names in messages are relative to."""
    commit: str | None = None
    """The commit id (``None`` for the working tree)."""


def files_at(root: Path, commit: str, folder: str) -> dict[str, bytes]:
    """Every file under ``folder`` (relative to the repository root) at ``commit``: path → content."""
    listing = git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    entries: list[tuple[str, str]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        if kind == "blob" and mode != "120000":
            entries.append((blob, path.decode("utf-8", "replace")))
    if not entries:
        return {}
    output = git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob, _ in entries).encode("ascii"))
    files: dict[str, bytes] = {}
    position = 0
    for _, path in entries:
        newline = output.index(b"\n", position)
        header = output[position:newline].decode("ascii").split()
        size = int(header[2])
        start = newline + 1
        files[path] = output[start : start + size]
        position = start + size + 1
    return files


def snapshot_at(root: Path, data_dir: Path, ref: str, into: Path) -> Snapshot:
    """Write the data folder (``data_dir``, inside the checkout at ``root``) as it was at ``ref`` under
    ``into``, at the same relative path."""
    commit = resolve_commit(root, ref)
    folder = PurePosixPath(data_dir.resolve().relative_to(root.resolve()).as_posix())
    prefix = "" if str(folder) == "." else str(folder)
    files = files_at(root, commit, prefix or ".")
    target = into / prefix if prefix else into
    target.mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        relative = path[len(prefix) + 1 :] if prefix else path
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
    return Snapshot(ref, target, into, commit)

"""Git in a test repository: a fixed identity, none of the caller's ``GIT_*`` settings, an optional commit date."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(repo: Path, *args: str, when: str | None = None, author: str = "Policy Owner") -> str:
    """Run ``git -C repo args``; ``when`` (ISO 8601) is both the author and the committer date. Returns the output
    without its surrounding whitespace; a failing command raises."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    completed = subprocess.run(
        ["git", "-C", str(repo), "-c", f"user.name={author}", "-c", "user.email=owner@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return completed.stdout.strip()

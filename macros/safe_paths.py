"""Refuse data files that are symbolic links to somewhere outside the repository.

A link under the data folder could make the build read (and publish) any file the builder can read, such as a
key in the home folder. A link is followed only when it ends inside the repository or the data folder itself.
"""

from __future__ import annotations

from pathlib import Path

LINK_HINT = "copy the file into the data folder instead of linking to it"


def link_outside(path: Path, data_dir: Path, root: Path) -> str:
    """Why ``path`` may not be read (it, or a folder between it and ``data_dir``, links outside ``root`` and
    ``data_dir``), or an empty string when it may."""
    try:
        relative = path.absolute().relative_to(data_dir.absolute())
    except ValueError:
        relative = None
    steps = (
        [data_dir.absolute().joinpath(*relative.parts[: i + 1]) for i in range(len(relative.parts))]
        if relative
        else [path]
    )
    if not any(step.is_symlink() for step in steps):
        return ""
    target = path.resolve()
    for allowed in (root.resolve(), data_dir.resolve()):
        if target == allowed or allowed in target.parents:
            return ""
    return "the file is a symbolic link to a place outside the repository; it is not read"

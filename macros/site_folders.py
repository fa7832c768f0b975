"""The site folder's disk work done beside the build: the old site removed, and the pages' folders made, in threads.

A clean build of a large log removes thousands of files from the last build and makes a folder for each of
thousands of pages. Done in line, as MkDocs does, that is a tenth of the build spent waiting on the disk. The calls
release Python's lock while the kernel works, so a thread does them while the build renders pages:

* :func:`clear_in_background` moves the last build's output into one hidden folder inside the site folder (a
  rename each: the same file system), which MkDocs' own cleaning then passes over (it keeps hidden entries, as this
  does), and deletes that folder in a thread. Hidden entries of the site folder (a ``.git``, say) stay where they
  are. A hidden folder left by a build that was killed before its thread finished is deleted with it.
* :func:`prepare_files_in_background` makes the folder and an empty file for each page about to be written, in
  the order they will be written: writing into a file that exists takes half the time of creating it. Writing a
  page still makes its folder and file when the thread has not got there, and the thread never empties a file
  (it creates one only where there is none), so the two never clash.

:meth:`Background.wait` waits for both and raises what went wrong in a thread; the hooks call it when the build
ends. Free of MkDocs: the hooks pass paths.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

TRASH_PREFIX = ".escalation-clearing-"
"""The hidden folder the last build's output is moved into while a thread deletes it."""


class Background:
    """The threads of one build, and the first error each met."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._errors: list[BaseException] = []

    def start(self, name: str, work) -> None:
        def run() -> None:
            try:
                work()
            except BaseException as exc:  # handed to wait(), which raises it in the build
                self._errors.append(exc)

        # Not a daemon: should the build stop before wait(), the interpreter still lets the thread finish.
        thread = threading.Thread(target=run, name=f"escalation-{name}")
        thread.start()
        self._threads.append(thread)

    def wait(self) -> None:
        """Wait for every thread started so far; raise the first error one met."""
        threads, self._threads = self._threads, []
        for thread in threads:
            thread.join()
        errors, self._errors = self._errors, []
        if errors:
            raise errors[0]


def clear_in_background(site_dir: str | Path, background: Background) -> int:
    """Empty ``site_dir`` but for its hidden entries, deleting in a thread of ``background``. Returns how many
    entries were moved aside; entries that could not be moved (a mount point, say) are left for MkDocs to remove."""
    site = Path(site_dir)
    try:
        names = sorted(entry.name for entry in site.iterdir())
    except FileNotFoundError:
        return 0
    leftovers = [site / n for n in names if n.startswith(TRASH_PREFIX)]
    visible = [n for n in names if not n.startswith(".")]
    moved = 0
    trash = None
    if visible:
        trash = Path(tempfile.mkdtemp(prefix=TRASH_PREFIX, dir=site))
        for name in visible:
            try:
                (site / name).rename(trash / name)
            except OSError:
                continue
            moved += 1
    doomed = [*leftovers, *([trash] if trash is not None else [])]
    if doomed:
        background.start("clear-site", lambda: _remove_all(doomed))
    return moved


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def prepare_files_in_background(paths: Iterable[str | Path], background: Background) -> int:
    """Make each of ``paths`` an existing file (empty if new; one that exists is left as it is), its folders
    included, in a thread of ``background``, in their order. Returns how many distinct paths it will prepare."""
    distinct = list(dict.fromkeys(Path(p) for p in paths))
    if distinct:
        background.start("prepare-files", lambda: _prepare_all(distinct))
    return len(distinct)


def _prepare_all(paths: list[Path]) -> None:
    made: set[Path] = set()
    for path in paths:
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        # Created without O_TRUNC (nor touch()'s time stamp): a page written meanwhile keeps its text.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o666))

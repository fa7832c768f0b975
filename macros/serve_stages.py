"""``mkdocs serve --dirty`` on a large log: the pages of the edited rows first, the rest of the site right after.

After a data edit, every page that lists accounts or escalations (the indexes, trackers, people's pages, monthly
reviews, calendar feeds) must be rendered again, which takes as long as a full build. The briefings of the edited
rows take a fraction of that. So a rebuild after a data edit runs in two stages:

1. **Edited rows.** The data is reloaded, the briefings whose data changed are rendered again and written; every
   other page keeps the HTML of the previous build (its search entries too). Browsers reload with the change.
2. **The rest.** :data:`CATCH_UP_DELAY` seconds later (time for the browsers to reload the changed page), the
   hooks touch a file in a folder ``mkdocs serve`` watches, and the rebuild that follows renders everything as
   a full ``--dirty`` build does.

An edit saved during stage 2 starts stage 1 again when stage 2 ends. ``mkdocs build``, ``mkdocs serve`` without
``--dirty`` and a rebuild after an edit to anything but the data (a page, the configuration, the policy, the
templates) render everything at once, as before. ``ESCALATION_SERVE_STAGES=off`` turns the stages off.

Free of MkDocs imports; ``macros/mkdocs_hooks.py`` holds the one :data:`STAGES` of the process (the hooks module
itself is loaded again for every build, this one is not).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .switches import switched_off

SWITCH = "ESCALATION_SERVE_STAGES"
CATCH_UP_DELAY = 1.0
"""Seconds between the end of stage 1 and the start of stage 2. MkDocs holds every request while it builds:
browsers that reload on stage 1 fetch the changed page before stage 2 begins."""

QUICK = "edited rows"
FULL = "full"


class ServeStages:
    """What the builds of one ``mkdocs serve --dirty`` process know about each other."""

    def __init__(self) -> None:
        self.serving = False
        """``mkdocs serve --dirty`` with a folder watched for the stage-2 signal."""
        self.signal_dir: Path | None = None
        self._built_log: object = None
        """The fingerprint of the log of the previous build (see :meth:`begin`)."""
        self._built_rest: object = None
        """The fingerprint of everything else the previous build read."""
        self.catch_up_pending = False
        self.stage = FULL
        self.kept_pages: list = []
        """The previous full stage's generated pages other than briefings, and its downloads (stage 1 reuses them)."""
        self.kept_files: list = []
        self._timer: threading.Timer | None = None

    def start_serving(self, dirty: bool) -> Path | None:
        """Called once by ``on_startup``/``on_serve``: the folder to watch, or ``None`` when there are no stages."""
        if not dirty or switched_off(SWITCH):
            return None
        if self.signal_dir is None:
            self.signal_dir = Path(tempfile.mkdtemp(prefix="escalation-serve-"))
            atexit.register(shutil.rmtree, self.signal_dir, True)
        self.serving = True
        return self.signal_dir

    def begin(self, log_fingerprint: object, rest_fingerprint: object) -> str:
        """Decide the stage of the build that starts: :data:`QUICK` when only the log changed since the previous
        build of a served site (and its full stage has kept pages to reuse), else :data:`FULL`."""
        only_log = (
            self.serving
            and self._built_log is not None
            and log_fingerprint != self._built_log
            and rest_fingerprint == self._built_rest
            and bool(self.kept_pages or self.kept_files)
        )
        self._built_log, self._built_rest = log_fingerprint, rest_fingerprint
        self.stage = QUICK if only_log else FULL
        if self.stage == QUICK:
            self.catch_up_pending = True
        elif self.stage == FULL:
            self.catch_up_pending = False
        return self.stage

    def keep(self, pages: list, files: list) -> None:
        """After a full stage: the pages and downloads stage 1 reuses."""
        self.kept_pages, self.kept_files = list(pages), list(files)

    def end(self) -> None:
        """After a build: start the timer of stage 2 when stage 1 left pages behind."""
        if not (self.serving and self.catch_up_pending and self.signal_dir is not None):
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(CATCH_UP_DELAY, self._signal)
        self._timer.daemon = True
        self._timer.start()

    def _signal(self) -> None:
        if self.signal_dir is not None and self.signal_dir.is_dir():
            (self.signal_dir / "catch-up").write_text(str(os.getpid()), encoding="utf-8")

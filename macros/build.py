"""Shared build state for the MkDocs glue: settings from mkdocs.yml and the environment, and a cached context.

Kept free of MkDocs imports so it can be tested directly; `mkdocs_hooks.py` and `__init__.py` are the thin glue.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .dataset import AS_OF_VARIABLE, SCOPE_VARIABLE
from .page_cache import PageCache
from .serve_stages import ServeStages
from .site_context import SiteContext, build_context


@dataclass(frozen=True)
class BuildSettings:
    data_dir: Path
    root: Path
    as_of: str | None
    scope: str | None

    @classmethod
    def from_config(cls, config_file: str | Path, extra: dict | None) -> BuildSettings:
        root = Path(config_file).resolve().parent
        options = (extra or {}).get("escalation", {}) or {}
        data_dir = root / str(options.get("data_dir", "data"))
        as_of = os.environ.get(AS_OF_VARIABLE) or _text(options.get("as_of"))
        scope = os.environ.get(SCOPE_VARIABLE) or _text(options.get("scope"))
        return cls(data_dir, root, as_of, scope)

    def fingerprint(self) -> tuple:
        """Changes whenever a data file changes, so `mkdocs serve` reloads edited data."""
        stamps = []
        if self.data_dir.is_dir():
            for path in sorted(self.data_dir.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    stamps.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
        return (self.data_dir.as_posix(), self.as_of, self.scope, tuple(stamps))

    def policy_fingerprint(self) -> tuple:
        """:meth:`fingerprint` without the escalation log: what every generated page depends on."""
        from .workbook.loader import WORKBOOK_NAME

        data, as_of, scope, stamps = self.fingerprint()
        return (data, as_of, scope, tuple(s for s in stamps if not s[0].endswith("/" + WORKBOOK_NAME)))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


_cache: dict[str, object] = {}


def get_context(settings: BuildSettings) -> SiteContext:
    """The context for these settings, rebuilt only when settings or data files change."""
    key = settings.fingerprint()
    if _cache.get("key") != key:
        _cache.clear()
        context = build_context(settings.data_dir, as_of=settings.as_of, scope=settings.scope, root=settings.root)
        _cache["key"] = key
        _cache["context"] = context
    return _cache["context"]  # type: ignore[return-value]


PAGE_CACHE = PageCache()
"""Briefings kept between the builds of this process (``mkdocs serve`` reloads the hooks module on every
build, but not this one)."""

STAGES = ServeStages()
"""How the builds of ``mkdocs serve --dirty`` follow a data edit (see macros/serve_stages.py)."""

MACRO_TIME = {"seconds": 0.0, "calls": 0}
"""Time spent in this package's macros during the current build (reset by the on_config hook, logged at the end)."""


def timed_macros(macros: dict) -> None:
    """Wrap every registered macro so the time it takes counts towards :data:`MACRO_TIME`, and its HTML skips
    Python-Markdown (see :mod:`macros.macro_blocks`)."""
    import functools
    import time

    from .macro_blocks import hold

    def timed(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return hold(func(*args, **kwargs))
            finally:
                MACRO_TIME["seconds"] += time.perf_counter() - started
                MACRO_TIME["calls"] += 1

        return wrapper

    for name, func in list(macros.items()):
        if callable(func) and getattr(func, "__module__", "").startswith("macros"):  # ours, not mkdocs-macros'
            macros[name] = timed(func)


def current_context() -> SiteContext:
    """The context of the build in progress (set by the on_config hook)."""
    context = _cache.get("context")
    if context is None:
        raise RuntimeError("the escalation data has not been loaded; is macros/mkdocs_hooks.py listed under hooks?")
    return context  # type: ignore[return-value]

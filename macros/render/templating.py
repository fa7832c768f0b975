"""The Jinja2 environment every generated page and fragment renders from.

Templates live in ``macros/templates/``. A company overrides any of them by putting a file of the same name in its
own folder, named by ``extra.escalation.templates_dir`` in mkdocs.yml (default ``overrides/escalation/``, relative
to mkdocs.yml); that folder is searched first, the package's templates second, the way Material's ``custom_dir``
works.

Safety, whatever a template (ours or an override) does:

* autoescape is on, and every ``{{ … }}`` output goes through :func:`.html.esc` (the ``finalize`` hook): text from
  data is HTML-escaped and its braces become ``&#123;``/``&#125;``, so a cell holding ``{{ 7*7 }}`` reaches the
  reader literally even where a later stage reads the page as Markdown or Jinja. Only ``Markup`` built by the
  renderers (fragments rendered from other templates, or literal markup) passes through unchanged. The ``e`` and
  ``escape`` filters are the same escaping, so ``|e`` in a template changes nothing.
* templates are only ever loaded from files; text from data is passed in as values, never compiled
  (there is no ``from_string`` anywhere in the package).

HTML templates (``*.html``) are written on several lines for reading, but the pages are compact: a line break and
the indentation after it are dropped when the template is loaded (see :class:`CompactHtml`). Write a space
explicitly where the output needs one at a line end, e.g. ``{{ " " }}``. Markdown templates (``*.md``) keep their
line breaks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
)
from jinja2.ext import Extension
from markupsafe import Markup

from . import formats
from .html import SPECIAL, esc, md_inline, text_block

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DEFAULT_OVERRIDES = "overrides/escalation"
_LINE_BREAK = re.compile(r"\n[ \t]*")


class CompactHtml(Extension):
    """Drops each line break and the indentation after it from ``*.html`` templates as they are loaded."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name and name.endswith(".html"):
            return _LINE_BREAK.sub("", source.rstrip("\n"))
        return source


def _finalize(value: object) -> object:
    """Every printed value is escaped here (``Markup`` passes through), before autoescape sees it. Text with no
    character to escape is handed on as it is: autoescape then has nothing to do either."""
    if type(value) is str and SPECIAL.search(value) is None:
        return value
    return esc(value)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every build
        return None


def make_environment(override_dir: Path | None = None) -> Environment:
    """An environment searching ``override_dir`` (when it exists) before the package templates."""
    loaders = []
    if override_dir is not None and override_dir.is_dir():
        loaders.append(FileSystemLoader(str(override_dir)))
    loaders.append(FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        extensions=[CompactHtml],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        # Compiled templates are kept in Jinja's per-user cache folder (in the system's temporary folder, private
        # to the user) and reused while the template's source is unchanged: compiling every template costs a
        # build about a quarter of a second.
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        e=esc,
        escape=esc,
        text_block=text_block,
        money=formats.money,
        short_money=formats.short_money,
        day=formats.day,
        moment=formats.moment,
        relative_days=formats.relative_days,
        number=formats.number,
        bound_value=formats.bound_value,
        plural=formats.plural,
        md_inline=_safe_text(md_inline),
        yaml_string=_safe_text(yaml_string),
        html_block=html_block,
        join=join_escaped,
    )
    env.tests["short_value"] = is_short_value
    return env


def _safe_text(function):
    """A filter whose result is already escaped for where it goes (Markdown, YAML): printed as it is."""

    def safe(value: object) -> Markup:
        return Markup(function(value))  # noqa: S704 (the function escapes for its context)

    return safe


def yaml_string(text: object) -> str:
    """A page title for YAML front matter: a JSON string (valid YAML), without angle brackets or line breaks."""
    cleaned = " ".join(str(text).replace("<", "").replace(">", "").split())
    return json.dumps(cleaned, ensure_ascii=False)


def join_escaped(items: object, separator: str = "") -> Markup:
    """Jinja's ``join``, escaping each item (and the separator) the way every printed value is escaped."""
    return Markup(esc(separator).join(esc(item) for item in items))  # type: ignore[attr-defined]  # noqa: S704


def html_block(fragment: object) -> Markup:
    """An HTML fragment as one Markdown HTML block: no blank line inside (a blank line would end the block)."""
    return Markup(esc(fragment).replace("\n\n", "\n"))  # noqa: S704 (escaped by esc)


_SHORT_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|[$€£]?[\d,.]+%?|[A-Z]+-[\w-]{1,20})$")
_TAGS = re.compile(r"<[^>]+>")


def is_short_value(value: object) -> bool:
    """A date, an amount or an id (the text of a fragment, without its tags): kept on one line in a table."""
    if hasattr(value, "__html__"):
        return bool(_SHORT_VALUE.match(_TAGS.sub("", str(value))))
    return isinstance(value, str) and bool(_SHORT_VALUE.match(value))


_state: dict[str, object] = {"override_dir": None}


def set_override_dir(path: Path | None) -> None:
    """Use the templates in ``path`` before the package's. The MkDocs glue calls it at the start of every build,
    so an edited override is picked up by ``mkdocs serve`` (within a build, templates are compiled once)."""
    resolved = path.resolve() if path is not None else None
    _state.update(override_dir=resolved, env=make_environment(resolved), templates={}, memos={})


def template_memo(name: str) -> dict:
    """A cache named ``name`` for what is worked out from the templates (a macro's output for given values),
    emptied whenever the templates are loaded again, so that an edited override is never served stale."""
    memos = _state.setdefault("memos", {})
    return memos.setdefault(name, {})  # type: ignore[union-attr]


def override_dir_from_config(root: Path, extra: dict | None) -> Path:
    """The override folder named in mkdocs.yml (``extra.escalation.templates_dir``), relative to mkdocs.yml."""
    options = (extra or {}).get("escalation", {}) or {}
    return root / str(options.get("templates_dir") or DEFAULT_OVERRIDES)


def environment() -> Environment:
    if "env" not in _state:
        set_override_dir(_state.get("override_dir"))  # type: ignore[arg-type]
    return _state["env"]  # type: ignore[return-value]


def template(name: str) -> Template:
    cache = _state.setdefault("templates", {})
    found = cache.get(name)  # type: ignore[union-attr]
    if found is None:
        found = cache[name] = environment().get_template(name)  # type: ignore[index]
    return found


def render(name: str, **values: object) -> Markup:
    """A template rendered with these values, as safe HTML to place in a page or in another template."""
    return Markup(template(name).render(**values))  # noqa: S704 (an autoescaping template's output)

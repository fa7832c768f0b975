"""Load the policy files, validate them against the typed models, and report every problem with its place."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import DataError, ProblemLog, did_you_mean
from ..safe_paths import LINK_HINT, link_outside
from ..yaml_source import KeyPath, YamlDocument, YamlLoadError, format_path, load_yaml
from .model import POLICY_FILES, Policy
from .references import check_references

_SECTION_FOR_FILE = {
    "organisation.yaml": "organisation",
    "tiers.yaml": "tiers_file",
    "stakeholders.yaml": "stakeholders",
    "communication.yaml": "communication",
    "authority.yaml": "authority",
    "escalation-log.yaml": "log_values",
}


def policy_dir(data_dir: Path) -> Path:
    return data_dir / "policy"


def load_policy(data_dir: Path, log: ProblemLog | None = None, *, root: Path | None = None) -> Policy:
    """Load and validate every policy file under ``data_dir/policy``.

    Problems go into ``log``; if any is an error, :class:`DataError` is raised after all files are checked.
    ``root`` is the folder file names in messages are relative to (the repository, by default the current one).
    """
    own_log = log if log is not None else ProblemLog()
    folder = policy_dir(data_dir)
    sections: dict[str, Any] = {}
    documents: dict[str, YamlDocument] = {}
    for file_name, model in POLICY_FILES.items():
        path = folder / file_name
        display = _display(path, root)
        if not path.is_file():
            own_log.error(
                f"{display}:1:1",
                "the policy file is missing",
                hint=f"every policy needs {', '.join(POLICY_FILES)} under {_display(folder, root)}/",
            )
            continue
        outside = link_outside(path, data_dir, root or Path.cwd())
        if outside:
            own_log.error(f"{display}:1:1", outside, hint=LINK_HINT)
            continue
        try:
            document = load_yaml(path, display)
        except YamlLoadError as exc:
            for problem in exc.all():
                own_log.error(f"{display}:{problem.line}:{problem.column}", problem.message, hint=problem.hint)
            continue
        documents[file_name] = document
        if not isinstance(document.data, dict):
            own_log.error(
                document.location(()),
                f"expected a mapping of keys at the top of the file, found {_kind(document.data)}",
            )
            continue
        try:
            sections[_SECTION_FOR_FILE[file_name]] = model.model_validate(document.data)
        except ValidationError as exc:
            report_validation_error(exc, model, document, own_log)
    if own_log.errors:
        raise DataError(own_log.errors, own_log.warnings)
    policy = Policy(
        **sections,
        file_names={_SECTION_FOR_FILE[f]: d.display_name for f, d in documents.items()},
        documents=documents,
    )
    check_references(policy, documents, own_log)
    if own_log.errors:
        raise DataError(own_log.errors, own_log.warnings)
    return policy


def _display(path: Path, root: Path | None) -> str:
    base = root or Path.cwd()
    for candidate, folder in ((path.absolute(), base.absolute()), (path.resolve(), base.resolve())):
        # the link itself first: a link's target is never shown
        try:
            return candidate.relative_to(folder).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {value!r}"


def report_validation_error(
    exc: ValidationError, model: type[BaseModel], document: YamlDocument, log: ProblemLog
) -> None:
    """Turn pydantic's errors into located problems: one per error, in file order."""
    entries = []
    for error in exc.errors(include_url=False):
        loc = _clean_loc(error["loc"])
        kind = error["type"]
        if kind == "missing":
            parent, key = loc[:-1], loc[-1]
            location = document.location(parent, at_key=True)
            message = f"missing required key '{key}'"
            hint = f"add '{key}:' under {format_path(parent) or 'the top of the file'}"
            path = format_path(loc)
        elif kind == "extra_forbidden":
            key = loc[-1]
            location = document.location(loc, at_key=True)
            allowed = _fields_at(model, loc[:-1])
            message = f"unknown key '{key}'"
            hint = did_you_mean(key, allowed) if allowed else ""
            path = format_path(loc)
        else:
            location = document.location(loc)
            message = _friendly(error)
            hint = ""
            if kind in ("literal_error", "enum"):
                expected = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
                hint = did_you_mean(error.get("input"), expected) if expected else ""
            path = format_path(loc)
        entries.append((_sort_key(location), location, message, path, hint))
    for _, location, message, path, hint in sorted(entries, key=lambda e: e[0]):
        log.error(location, message, path=path, hint=hint)


def _sort_key(location: str) -> tuple[int, int]:
    parts = location.rsplit(":", 2)
    try:
        return int(parts[-2]), int(parts[-1])
    except (ValueError, IndexError):
        return 0, 0


def _clean_loc(loc: tuple) -> KeyPath:
    """Drop pydantic's internal markers such as ``[key]`` or ``function-after[...]`` from a location."""
    cleaned: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (part == "[key]" or ("[" in part and part.endswith("]"))):
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _friendly(error: dict) -> str:
    message = str(error.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if message.startswith("Input should be "):
        message = "expected " + message[len("Input should be ") :]
    elif message.startswith("String should match pattern"):
        message = "expected " + _pattern_words(error)
    elif message.startswith("String should have at least") or message.startswith("List should have at least"):
        message = "expected " + message.split("should have ", 1)[1]
    message = message[0].lower() + message[1:] if message else message
    value = error.get("input")
    if isinstance(value, str | int | float | bool) or value is None:
        shown = repr(value) if not isinstance(value, str) or len(value) < 80 else repr(value[:77] + "...")
        if error["type"] not in ("missing",) and "got" not in message:
            message += f", got {shown}"
    elif isinstance(value, dict | list) and error["type"] not in ("value_error",):
        message += f", got {_kind(value)}"
    return message


def _pattern_words(error: dict) -> str:
    pattern = (error.get("ctx") or {}).get("pattern", "")
    if pattern.startswith("^[a-z0-9][a-z0-9_-]"):
        return "an id of lower-case letters, digits, '-' and '_'"
    if "@" in pattern:
        return "an email address"
    if pattern == "^[A-Z]{3}$":
        return "a three-letter currency code such as USD"
    if pattern == "^[A-Z]{2}$":
        return "a two-letter country code such as US"
    if pattern.startswith("^#"):
        return "a colour such as #c62828"
    return f"text matching {pattern}"


def _fields_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The keys the model accepts at ``loc``, for "did you mean" hints on unknown keys."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                field = next((f for f in current.model_fields.values() if f.alias == part), None)
            if field is None:
                return []
            current = field.annotation
        else:
            origin = typing.get_origin(current)
            args = typing.get_args(current)
            if origin in (list, tuple) and args:
                current = args[0]
            elif origin is dict and len(args) == 2:
                current = args[1]
            else:
                return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    origin = typing.get_origin(current)
    if origin is dict:
        key_type = typing.get_args(current)[0]
        if typing.get_origin(key_type) is typing.Literal:
            return [str(a) for a in typing.get_args(key_type)]
    return []


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``; ``Annotated[X, ...]`` → ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation

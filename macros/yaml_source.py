"""Safe YAML loading that remembers where every key and value came from.

PyYAML's composer gives nodes with line and column marks; we build plain Python objects from those nodes
ourselves and keep a map from key path (a tuple of keys and list indexes) to ``(line, column)``, 1-based,
so a validation error on ``tiers[1].response`` can be reported at ``tiers.yaml:14:5``.

Inputs are bounded: a file larger than :data:`MAX_BYTES` is refused, a document nested deeper than
:data:`MAX_DEPTH` is refused from its token stream before the (recursive, C) composer can overflow the stack,
and a document whose aliases expand to more than :data:`MAX_NODES` nodes (a "billion laughs" alias bomb) stops
with an error instead of hanging. Every scalar is checked where it is converted: impossible dates
(``2026-02-30``), integers of thousands of digits, numbers beyond :data:`MAX_NUMBER`, ``.inf``/``.nan``, and text
holding control characters or bidirectional overrides are located errors, all reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .text_checks import describe, forbidden_character

try:  # the C loader is about four times faster and gives identical results
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists; the policy files need fewer than ten levels."""
MAX_NUMBER = 10**15
"""Largest magnitude of a number in a policy file: far above any amount, far below float trouble."""
_MAX_DIGITS = 40

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """``("tiers", 1, "response")`` → ``tiers[1].response``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class YamlLoadError(Exception):
    """The file could not be read as YAML; ``line``/``column`` are 1-based where known."""

    def __init__(self, message: str, line: int = 1, column: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.more: list[YamlLoadError] = []
        """Further problems found in the same file (every bad scalar is reported, not only the first)."""

    @classmethod
    def at(cls, node: yaml.Node, message: str, hint: str = "") -> YamlLoadError:
        return cls(message, node.start_mark.line + 1, node.start_mark.column + 1, hint=hint)

    def all(self) -> list[YamlLoadError]:
        return [self, *self.more]


@dataclass
class YamlDocument:
    """A loaded YAML document and the source position of every key and value in it."""

    path: Path
    display_name: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: KeyPath, *, at_key: bool = False) -> str:
        """``file:line:column`` of the nearest node on ``path`` that has a recorded position."""
        probe = tuple(path)
        table = self.key_positions if at_key else self.positions
        while probe:
            if probe in table:
                line, column = table[probe]
                return f"{self.display_name}:{line}:{column}"
            if probe in self.positions:
                line, column = self.positions[probe]
                return f"{self.display_name}:{line}:{column}"
            probe = probe[:-1]
        line, column = self.positions.get((), (1, 1))
        return f"{self.display_name}:{line}:{column}"


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.visited = 0
        self.problems: list[YamlLoadError] = []

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise YamlLoadError(
                f"the document expands to more than {MAX_NODES:,} values",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                hint="anchors and aliases (&name / *name) that refer to each other multiply in size; "
                "write the values out instead",
            )
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlLoadError(
                        "merge keys (<<) are not supported",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        hint="write the keys out in full",
                    )
                key = self._scalar(key_node)
                if not isinstance(key, str | int | float | bool) or key is None:
                    raise YamlLoadError(
                        "a key must be plain text", key_node.start_mark.line + 1, key_node.start_mark.column + 1
                    )
                key = str(key) if not isinstance(key, str) else key
                if key in result:
                    raise YamlLoadError(
                        f"duplicate key '{key}'",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        hint="each key may appear once in a mapping; remove or merge the repeated one",
                    )
                child = (*path, key)
                self.doc.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlLoadError.at(node, "a key must be plain text, not a list or mapping")
        try:
            return convert_scalar(node)
        except YamlLoadError as exc:
            self.problems.append(exc)
            return None


def convert_scalar(node: yaml.ScalarNode) -> Any:
    """The node's value, or :class:`YamlLoadError` at the node when it cannot be a real value."""
    tag = node.tag
    if tag == "tag:yaml.org,2002:int" and len(node.value) > _MAX_DIGITS:
        raise YamlLoadError.at(
            node, f"a number of {len(node.value):,} characters is not a plausible value", hint="check for extra digits"
        )
    try:
        value = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:  # 2026-02-30 and the like: the pattern matched, the calendar did not
        what = "date" if tag == "tag:yaml.org,2002:timestamp" else "value"
        raise YamlLoadError.at(
            node, f"not a real {what}: {_excerpt(node.value)} ({exc})", hint="check the day, month and year"
        ) from None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise YamlLoadError.at(node, f"expected a finite number, got {_excerpt(node.value)}")
        if abs(value) > MAX_NUMBER:
            raise YamlLoadError.at(
                node,
                f"the number {_excerpt(node.value)} is beyond any plausible value (at most {MAX_NUMBER:.0e})",
                hint="check for extra digits",
            )
    elif isinstance(value, str):
        bad = forbidden_character(value, multiline=True)
        if bad is not None:
            offset, name = bad
            raise YamlLoadError.at(
                node,
                f"the text holds {name} at character {offset + 1}: {_excerpt(value)}",
                hint="delete the invisible character (retype the text if unsure)",
            )
    return value


def _excerpt(text: str, limit: int = 40) -> str:
    """A short, printable quote of a value: messages never repeat a whole value or file."""
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(shown)


def load_yaml(path: Path, display_name: str | None = None) -> YamlDocument:
    """Load one YAML file safely, with positions. Raises :class:`YamlLoadError` on any problem."""
    name = display_name or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlLoadError(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:
        raise YamlLoadError(
            f"the file is {len(raw):,} bytes; policy files are limited to {MAX_BYTES:,} bytes",
            hint="split it, or check that a generated file was not committed here by mistake",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlLoadError(f"the file is not UTF-8 text (byte {exc.start})", hint="save it as UTF-8") from exc
    return parse_yaml(text, name, path)


def check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, counted over the token stream (the scanner is iterative)."""
    depth = 0
    opening = (
        yaml.BlockMappingStartToken,
        yaml.BlockSequenceStartToken,
        yaml.FlowMappingStartToken,
        yaml.FlowSequenceStartToken,
    )
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    tokens = yaml.scan(text, Loader=_Loader)
    while True:
        try:
            token = next(tokens)
        except (StopIteration, yaml.YAMLError):  # a syntax error is reported by the composer, with its context
            return
        if isinstance(token, opening):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlLoadError(
                    f"the document is nested more than {MAX_DEPTH} levels deep",
                    token.start_mark.line + 1,
                    token.start_mark.column + 1,
                    hint="policy files need only a few levels; check for unclosed brackets",
                )
        elif isinstance(token, closing):
            depth -= 1


def parse_yaml(text: str, display_name: str, path: Path | None = None) -> YamlDocument:
    doc = YamlDocument(path=path or Path(display_name), display_name=display_name, data=None)
    try:
        check_depth(text)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere, e.g. a raw control character
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise YamlLoadError(
            f"the file holds {describe(character)}, which YAML does not allow",
            line,
            column,
            hint="delete the invisible character (retype the text if unsure)",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlLoadError(
            f"YAML syntax error: {problem}", line, column, hint="check indentation, colons and quotes near here"
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlLoadError(f"YAML syntax error: {exc}") from exc
    except RecursionError as exc:
        raise YamlLoadError("the document is nested too deeply") from exc
    if len(nodes) > 1:
        second = nodes[1]
        raise YamlLoadError(
            "the file holds more than one YAML document",
            second.start_mark.line + 1,
            second.start_mark.column + 1,
            hint="remove the '---' separator; each policy file is one document",
        )
    if not nodes or nodes[0] is None:
        doc.data = {}
        return doc
    builder = _Builder(doc)
    try:
        doc.data = builder.build(nodes[0], ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlLoadError(
            f"unsupported value: {exc.problem}",
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            hint="policy files hold plain text, numbers, dates, lists and mappings only",
        ) from exc
    except RecursionError as exc:
        raise YamlLoadError("the document is nested too deeply") from exc
    if builder.problems:
        first, *rest = builder.problems
        first.more = rest
        raise first
    return doc

"""Problems found in the data: located, explained, and collected rather than raised one at a time.

Every loader and checker appends :class:`Problem` objects to a :class:`ProblemLog`. Only at the edges
(the command line, the MkDocs build) are they turned into messages and exit codes; domain code raises
:class:`DataError`, which carries every problem found so far, never only the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One located finding.

    ``location`` is ``file:line:column`` for YAML or ``Sheet!Cell`` for the workbook; ``path`` is the key path
    inside a YAML document (``tiers[2].response.acknowledge``) or the column name for a workbook cell.
    """

    severity: Severity
    location: str
    message: str
    path: str = ""
    hint: str = ""
    code: str = ""

    def format(self) -> str:
        where = self.location + (f" [{self.path}]" if self.path else "")
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass
class ProblemLog:
    """An ordered collection of problems; order is the order of discovery, which follows the files."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, location: str, message: str, *, path: str = "", hint: str = "", code: str = "") -> None:
        self.problems.append(Problem(Severity.ERROR, location, message, path, hint, code))

    def warning(self, location: str, message: str, *, path: str = "", hint: str = "", code: str = "") -> None:
        self.problems.append(Problem(Severity.WARNING, location, message, path, hint, code))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(self.errors, self.warnings)


class DataError(Exception):
    """The data cannot be used. Carries every error found (and the warnings found alongside)."""

    def __init__(self, errors: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.errors = list(errors)
        self.warnings = list(warnings or [])
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format() for p in self.errors]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} found in the escalation data.")
        return "\n".join(lines)


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt name, or an empty string when nothing is close."""
    text = str(value)
    options = sorted({str(c) for c in choices})
    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(text.lower(), list(lowered), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{lowered[c]}'" for c in close) + "?"
    if options and len(options) <= 12:
        return "expected one of " + ", ".join(f"'{o}'" for o in options)
    return ""

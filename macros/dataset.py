"""Load everything a build or a command needs: the policy, the escalation log, the as-of date and the scope."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from .log_as_of import LaterRows, later_rows_warnings, log_as_of
from .policy.loader import load_policy
from .policy.model import Policy
from .problems import DataError, ProblemLog
from .workbook.loader import load_log
from .workbook.records import EscalationLog

Scope = Literal["full", "policy-only"]
SCOPES: tuple[str, ...] = ("full", "policy-only")
AS_OF_VARIABLE = "ESCALATION_AS_OF"
SCOPE_VARIABLE = "ESCALATION_SCOPE"


@dataclass
class Dataset:
    policy: Policy
    log: EscalationLog
    """The log as known at the end of the as-of date (see :mod:`macros.log_as_of`); empty in the policy-only scope."""
    as_of: dt.date
    scope: Scope
    data_dir: Path
    problems: ProblemLog = field(default_factory=ProblemLog)
    """Warnings found while loading (errors stop the load)."""
    recorded_log: EscalationLog | None = None
    """The log as recorded, later rows included (``None`` when it is the same as ``log``)."""
    root: Path | None = None
    """The project folder (holding mkdocs.yml), where the policy's git history is read; ``None`` for commands."""
    later: LaterRows | None = None
    """Rows dated after the as-of date: left out of ``log``, or kept with the later event taken back."""

    @property
    def includes_accounts(self) -> bool:
        return self.scope == "full"


def parse_as_of(text: str, source: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DataError(
            [_config_problem(source, f"the as-of date must be an ISO date such as 2026-06-30, got {text!r}")]
        ) from None


def parse_scope(text: str, source: str) -> Scope:
    value = text.strip().lower()
    if value not in SCOPES:
        raise DataError([_config_problem(source, f"the scope must be 'full' or 'policy-only', got {text!r}")])
    return value  # type: ignore[return-value]


def _config_problem(source: str, message: str):
    from .problems import Problem, Severity

    return Problem(Severity.ERROR, source, message)


def resolve_as_of(explicit: str | None, policy: Policy) -> dt.date:
    """The as-of date: the explicit value, else ESCALATION_AS_OF, else today in the company's time zone."""
    if explicit:
        return parse_as_of(explicit, "--as-of")
    env = os.environ.get(AS_OF_VARIABLE)
    if env:
        return parse_as_of(env, AS_OF_VARIABLE)
    return dt.datetime.now(ZoneInfo(policy.organisation.calendar.timezone)).date()


def resolve_scope(explicit: str | None) -> Scope:
    if explicit:
        return parse_scope(explicit, "--scope")
    env = os.environ.get(SCOPE_VARIABLE)
    return parse_scope(env, SCOPE_VARIABLE) if env else "full"


def load_dataset(
    data_dir: Path, *, as_of: str | None = None, scope: str | None = None, root: Path | None = None
) -> Dataset:
    """Load and validate policy and log. Raises :class:`DataError` listing every error in both."""
    problems = ProblemLog()
    chosen_scope = resolve_scope(scope)
    try:
        policy = load_policy(data_dir, problems, root=root)
    except DataError:
        if chosen_scope == "full":
            _also_check_workbook_file(data_dir, problems)
        raise DataError(problems.errors, problems.warnings) from None
    day = resolve_as_of(as_of, policy)
    log = recorded = EscalationLog()
    later = LaterRows(day)
    if chosen_scope == "full":
        recorded = load_log(data_dir, policy, problems)
        log, later = log_as_of(recorded, policy, day)
        problems.extend(later_rows_warnings(later))
    return Dataset(
        policy=policy,
        log=log,
        as_of=day,
        scope=chosen_scope,
        data_dir=data_dir,
        problems=problems,
        recorded_log=recorded,
        root=root,
        later=later,
    )


def _also_check_workbook_file(data_dir: Path, problems: ProblemLog) -> None:
    """When the policy is broken the workbook cannot be checked against it, but a missing file is still worth saying."""
    from .workbook.loader import WORKBOOK_NAME

    if not (data_dir / WORKBOOK_NAME).is_file():
        problems.error(
            WORKBOOK_NAME, "the workbook does not exist", hint=f"the escalation log lives at {WORKBOOK_NAME}"
        )

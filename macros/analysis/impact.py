"""What a change does, in business terms: the policy and the workbook at two revisions, compared.

:func:`compare_revisions` reads both ends (a revision from git objects, or the working tree), loads each policy
and each workbook, and assembles an :class:`ImpactReport`: the policy changes in words, approval-matrix answers
that change, open escalations and open commitments whose obligations change, people whose authority changes,
CODEOWNERS lines that change, and the workbook rows that change. When the workbook is byte-identical at both
ends it is read once and parsed against each policy.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..policy.model import Policy
from ..problems import DataError, ProblemLog
from ..workbook.records import EscalationLog
from ..workbook.text_rows import TextSheet
from .git_snapshot import Snapshot, repository_root, snapshot_at
from .impact_effects import (
    DecisionChange,
    RowEffect,
    authority_changes,
    commitment_changes,
    decision_changes,
    escalation_changes,
)
from .policy_diff import PolicyChange, policy_changes
from .workbook_diff import SheetDiff, diff_workbooks

NO_EFFECT = "No effect on escalations or decisions"
WORKBOOK_NAME = "escalations.xlsx"


@dataclass
class Side:
    """One end of the comparison, loaded."""

    label: str
    policy: Policy | None = None
    log: EscalationLog = field(default_factory=EscalationLog)
    sheets: list[TextSheet] | None = None
    """The workbook as text; ``None`` when there is no workbook."""
    codeowners: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ImpactReport:
    base: str
    head: str
    as_of: dt.date
    notes: list[str] = field(default_factory=list)
    """What could not be compared, and why."""
    policy: list[PolicyChange] = field(default_factory=list)
    decisions: list[DecisionChange] = field(default_factory=list)
    escalations: list[RowEffect] = field(default_factory=list)
    commitments: list[RowEffect] = field(default_factory=list)
    people: list[RowEffect] = field(default_factory=list)
    codeowners: list[str] = field(default_factory=list)
    """Lines removed (``-``) and added (``+``)."""
    workbook: list[SheetDiff] = field(default_factory=list)

    @property
    def has_effect(self) -> bool:
        return any(
            (self.policy, self.decisions, self.escalations, self.commitments, self.people, self.codeowners)
        ) or any(s.rows or s.note for s in self.workbook)

    def to_json(self) -> dict:
        return {
            "base": self.base,
            "head": self.head,
            "as_of": self.as_of.isoformat(),
            "effect": self.has_effect,
            "notes": list(self.notes),
            "policy": [c.to_json() for c in self.policy],
            "decisions": [c.to_json() for c in self.decisions],
            "escalations": [c.to_json() for c in self.escalations],
            "commitments": [c.to_json() for c in self.commitments],
            "people": [c.to_json() for c in self.people],
            "codeowners": list(self.codeowners),
            "workbook": [s.to_json() for s in self.workbook],
        }


def _problem_note(label: str, what: str, error: DataError) -> str:
    first = error.errors[0].format() if error.errors else ""
    more = f" (and {len(error.errors) - 1} more)" if len(error.errors) > 1 else ""
    return f"The {what} at {label} has errors, so it is left out of the comparison: {first}{more}"


def load_side(snapshot: Snapshot, *, raw_cache: dict | None = None) -> Side:
    """Load the policy, the workbook (against that policy) and the CODEOWNERS text of one end.

    A policy with errors leaves ``policy`` empty; workbook rows with errors are left out (the note says how many).
    ``raw_cache`` maps workbook bytes to the raw rows already read, so an unchanged workbook is read once.
    """
    from ..policy.codeowners import build_codeowners
    from ..policy.loader import load_policy
    from ..workbook.loader import build_log
    from ..workbook.reader import WorkbookFileError, read_workbook
    from ..workbook.text_rows import read_text_sheets

    side = Side(snapshot.label)
    problems = ProblemLog()
    workbook = snapshot.data_dir / WORKBOOK_NAME
    content = workbook.read_bytes() if workbook.is_file() else None
    if content is not None:
        try:
            if raw_cache is not None and content in raw_cache:
                side.sheets, raw = raw_cache[content]
            else:
                side.sheets, raw = read_text_sheets(workbook), read_workbook(workbook, ProblemLog())
                if raw_cache is not None:
                    raw_cache[content] = (side.sheets, raw)
        except WorkbookFileError as exc:
            side.notes.append(f"The workbook at {snapshot.label} cannot be read: {exc.message}")
            raw = None
    else:
        raw = None
    try:
        side.policy = load_policy(snapshot.data_dir, problems, root=snapshot.root)
    except DataError as exc:
        side.notes.append(_problem_note(snapshot.label, "policy", exc))
        return side
    if raw is not None:
        rows = ProblemLog()
        side.log = build_log(raw, side.policy, rows)
        if rows.errors:
            side.notes.append(
                f"The workbook at {snapshot.label} has {len(rows.errors)} errors; rows with errors are left out "
                "(escalation validate lists them)"
            )
    try:
        side.codeowners = build_codeowners(side.policy, snapshot.data_dir, snapshot.root, root=snapshot.root).text
    except (DataError, ValueError):
        side.codeowners = None
    return side


def _codeowners_diff(before: str | None, after: str | None) -> list[str]:
    if before is None or after is None:
        return []
    old = [line for line in before.splitlines() if line.strip() and not line.startswith("#")]
    new = [line for line in after.splitlines() if line.strip() and not line.startswith("#")]
    return [
        " ".join(line.split())
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def compare(before: Side, after: Side, as_of: dt.date) -> ImpactReport:
    report = ImpactReport(before.label, after.label, as_of, notes=[*before.notes, *after.notes])
    if before.policy is not None and after.policy is not None:
        report.policy = policy_changes(before.policy, after.policy)
        report.decisions = decision_changes(before.policy, after.policy)
        report.escalations = escalation_changes(before.policy, before.log, after.policy, after.log, as_of)
        report.commitments = commitment_changes(before.policy, before.log, after.policy, after.log, as_of)
        report.people = authority_changes(before.policy, after.policy, as_of)
        report.codeowners = _codeowners_diff(before.codeowners, after.codeowners)
    if before.sheets is not None or after.sheets is not None:
        report.workbook = diff_workbooks(before.sheets or [], after.sheets or [])
    return report


def compare_revisions(data_dir: Path, base: str, head: str | None, as_of: dt.date) -> ImpactReport:
    """The impact of going from ``base`` to ``head`` (``None``: the working tree) for the data folder
    ``data_dir``. Raises :class:`~.git_snapshot.GitError` when git cannot give a revision."""
    root = repository_root(data_dir)
    cache: dict = {}
    with tempfile.TemporaryDirectory(prefix="escalation-impact-") as temp:
        base_snapshot = snapshot_at(root, data_dir, base, Path(temp) / "base")
        if head is None:
            head_snapshot = Snapshot("working tree", data_dir, root)
        else:
            head_snapshot = snapshot_at(root, data_dir, head, Path(temp) / "head")
        before = load_side(base_snapshot, raw_cache=cache)
        after = load_side(head_snapshot, raw_cache=cache)
    return compare(before, after, as_of)

"""The escalation log as it was known at the as-of instant (the end of the as-of date).

An event dated after that instant has not happened yet for the build:

* escalations opened later are left out, with their actions, commitments, updates and reviews;
* updates and reviews dated later are left out;
* an escalation resolved later is still open (the policy's first open status, no outcome); acknowledgement and
  executive engagement dated later have not happened;
* an action completed later is still open (first not-done status); a commitment fulfilled later is still open
  (first status whose state is ``open``); a commitment approved later is not approved yet. A status that already
  says open is kept.

Due dates (deadlines, check-ins, renewals) are plans, not events: they are kept whatever their date. Nothing is
lost silently: :class:`LaterRows` lists every row left out or taken back, by sheet and cell, and
:func:`later_rows_warnings` turns that into warnings for `escalation validate` and the data-quality page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from .policy.model import Policy
from .problems import Problem, ProblemLog
from .workbook.records import Action, Commitment, Escalation, EscalationLog, Record

SHOWN_CELLS = 5
"""Cells quoted in the single summary warning."""


@dataclass(frozen=True)
class LaterRow:
    sheet: str
    cell: str
    """The cell holding the later date (``Updates!B12``)."""
    field: str
    day: dt.date
    """The later date (for a row of an escalation opened later: the day it opened)."""
    row: int
    hidden: bool
    """Left out of the build (``True``) or kept with the later event taken back (``False``)."""


@dataclass
class LaterRows:
    """Rows dated after the as-of date, in workbook order."""

    as_of: dt.date
    rows: list[LaterRow] = field(default_factory=list)
    _taken_back: tuple[int, set[tuple[str, int]]] | None = field(default=None, repr=False, compare=False)

    def hidden_count(self, sheet: str) -> int:
        return sum(1 for r in self.rows if r.sheet == sheet and r.hidden)

    def taken_back(self, sheet: str, row: int) -> bool:
        """The row is kept with a later event taken back (a completion, approval or resolution after as-of)."""
        if self._taken_back is None or self._taken_back[0] != len(self.rows):
            self._taken_back = (len(self.rows), {(r.sheet, r.row) for r in self.rows if not r.hidden})
        return (sheet, row) in self._taken_back[1]

    def by_sheet(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.sheet] = counts.get(row.sheet, 0) + 1
        return counts

    def __len__(self) -> int:
        return len(self.rows)


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _after(value: dt.date | dt.datetime | None, as_of: dt.date) -> bool:
    found = _day(value)
    return found is not None and found > as_of


class _Rewind:
    """Builds the view; remembers each later row once (the first later cell of the row, in column order)."""

    def __init__(self, policy: Policy, as_of: dt.date) -> None:
        self.as_of = as_of
        self.later = LaterRows(as_of)
        values = policy.log_values
        self.open_status = next((s.id for s in values.escalation_statuses if s.open), None)
        self.open_action = next((s.id for s in values.action_statuses if not s.done), None)
        self.open_commitment = next((s.id for s in values.commitment_statuses if s.state == "open"), None)
        self.still_open = {s.id for s in values.escalation_statuses if s.open}
        self.not_done = {s.id for s in values.action_statuses if not s.done}
        self.unfulfilled = {s.id for s in values.commitment_statuses if s.state == "open"}
        self.opened_later: dict[str, dt.date] = {}
        """Escalation id → day opened, for escalations opened after the as-of date."""

    def note(self, sheet: str, record: Record, name: str, *, hidden: bool, day: dt.date | None = None) -> None:
        value = day or _day(getattr(record, name))
        assert value is not None
        cell = record.ref(name) or f"{sheet} row {record.row}"
        self.later.rows.append(LaterRow(sheet, cell, name, value, record.row, hidden))

    def escalation(self, e: Escalation) -> Escalation | None:
        if _after(e.opened_on, self.as_of):
            self.note("Escalations", e, "opened_on", hidden=True)
            self.opened_later[e.escalation_id] = _day(e.opened_on)
            return None
        changes: dict[str, object] = {}
        first: str | None = None
        for name in ("acknowledged_at", "exec_engaged_at", "resolved_on"):
            if _after(getattr(e, name), self.as_of):
                changes[name] = None
                first = first or name
        if "resolved_on" in changes and e.status not in self.still_open and self.open_status is not None:
            changes.update(status=self.open_status, outcome=None)
        if first is None:
            return e
        self.note("Escalations", e, first, hidden=False)
        return dataclasses.replace(e, **changes)

    def action(self, a: Action) -> Action:
        if not _after(a.completed_on, self.as_of):
            return a
        self.note("Actions", a, "completed_on", hidden=False)
        status = self.open_action if self.open_action is not None and a.status not in self.not_done else a.status
        return dataclasses.replace(a, completed_on=None, status=status)

    def commitment(self, c: Commitment) -> Commitment:
        changes: dict[str, object] = {}
        first: str | None = None
        if _after(c.approved_on, self.as_of):
            changes.update(approved_on=None, approved_by=None)
            first = "approved_on"
        if _after(c.fulfilled_on, self.as_of):
            changes["fulfilled_on"] = None
            if self.open_commitment is not None and c.status not in self.unfulfilled:
                changes["status"] = self.open_commitment
            first = first or "fulfilled_on"
        if first is None:
            return c
        self.note("Commitments", c, first, hidden=False)
        return dataclasses.replace(c, **changes)


def log_as_of(log: EscalationLog, policy: Policy, as_of: dt.date) -> tuple[EscalationLog, LaterRows]:
    """The log as known at the end of ``as_of``, and the rows dated after it. ``log`` is left unchanged."""
    rewind = _Rewind(policy, as_of)
    escalations = []
    for escalation in log.escalations:
        kept = rewind.escalation(escalation)
        if kept is not None:
            escalations.append(kept)

    def children(sheet: str, records: list, name: str | None) -> list:
        result = []
        for record in records:
            opened = rewind.opened_later.get(record.escalation_id)
            if opened is not None:
                rewind.note(sheet, record, "escalation_id", hidden=True, day=opened)
            elif name is not None and _after(getattr(record, name), as_of):
                rewind.note(sheet, record, name, hidden=True)
            else:
                result.append(record)
        return result

    actions = [rewind.action(a) for a in children("Actions", log.actions, None)]
    commitments = [rewind.commitment(c) for c in children("Commitments", log.commitments, None)]
    view = EscalationLog(
        accounts=log.accounts,
        escalations=escalations,
        actions=actions,
        commitments=commitments,
        updates=children("Updates", log.updates, "date"),
        reviews=children("Reviews", log.reviews, "review_date"),
        counts=log.counts,
        extra_headers=log.extra_headers,
    )
    order = {sheet: i for i, sheet in enumerate(log.counts)}
    rewind.later.rows.sort(key=lambda r: (order.get(r.sheet, len(order)), r.row))
    return view, rewind.later


def later_rows_warnings(later: LaterRows, *, verbose: bool = False) -> list[Problem]:
    """One warning for all rows dated after the as-of date (the first few cells quoted), or one per row."""
    log = ProblemLog()
    if not later.rows:
        return []
    as_of = later.as_of.isoformat()
    hint = "in a build as of today such a date is a typo; otherwise build as of a later date to include it"
    if verbose:
        for row in later.rows:
            what = "left out" if row.hidden else "kept, with this event not yet happened"
            log.warning(
                row.cell,
                f"dated {row.day.isoformat()}, after the as-of date {as_of}: {what}",
                hint=hint,
                code="after-as-of",
            )
        return log.warnings
    sheets = ", ".join(f"{sheet} {n:,}" for sheet, n in later.by_sheet().items())
    hidden = sum(1 for r in later.rows if r.hidden)
    cells = ", ".join(r.cell for r in later.rows[:SHOWN_CELLS])
    more = f" and {len(later.rows) - SHOWN_CELLS:,} more" if len(later.rows) > SHOWN_CELLS else ""
    count = len(later.rows)
    log.warning(
        later.rows[0].cell,
        f"{count:,} row{'s are' if count != 1 else ' is'} dated after the as-of date {as_of} ({sheets}): "
        f"{cells}{more}. {hidden:,} left out of this build; the others are shown as they stood on {as_of}",
        hint=hint + "; `escalation validate --verbose` lists every row",
        code="after-as-of",
    )
    return log.warnings

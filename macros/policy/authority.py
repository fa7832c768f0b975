"""`authority.yaml`: who may approve each kind of concession, roadmap commitment or contract change."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Bounds, Id, OwnedFile, PolicyModel

RequestFact = Literal["value", "money", "arr", "segment", "term_months"]
"""Facts of a concession request that rules can test: `value` in the type's own unit, `money` its value in
currency (see `money_value`), the account's `arr` and `segment`, and the contract `term_months`."""

NUMERIC_REQUEST_FACTS = frozenset({"value", "money", "arr", "term_months"})

ValueUnit = Literal["percent", "money", "months", "days", "count", "none"]


class AnyOf(PolicyModel):
    """One level of a chain that any one of several roles may sign, e.g. `{any_of: [president, cfo]}`."""

    any_of: list[Id] = Field(min_length=2)
    """The roles, any one of which approves this level."""


Approver = Id | AnyOf
"""A level of an approval chain or ladder: one role, or any one of several."""


def approver_roles(approver: Approver) -> tuple[str, ...]:
    """The roles that can sign a level: the role itself, or each of an `any_of`."""
    return (approver,) if isinstance(approver, str) else tuple(approver.any_of)


class Rule(PolicyModel):
    """One row of the approval matrix. Rules are tried in order; the first whose tests all pass applies."""

    id: Id
    description: str = ""
    """What this is, in a sentence."""
    when: dict[RequestFact, Bounds] = Field(default_factory=dict)
    """Fact → test; every test must pass. An empty `when` matches every request (a catch-all)."""
    approvers: list[Approver] = Field(default_factory=list)
    """Roles that must approve, in order; a level may be `{any_of: [...]}`. Empty means the requester's own
    authority suffices."""
    approve_up_to: Id | None = None
    """Shorthand for a cumulative chain: every role of the type's `ladder` up to and including this one."""
    allowed: bool = True
    """`false` marks requests the policy does not permit at all (the lookup says so)."""
    in_order: bool = False
    """`true` when the levels must sign in the chain's order, lowest first (checked against the Approvals sheet)."""

    @model_validator(mode="after")
    def _one_way(self) -> Rule:
        if self.approvers and self.approve_up_to:
            raise ValueError("give either 'approvers' or 'approve_up_to', not both")
        return self


class StackedReview(PolicyModel):
    """A review added on top of the approval chain when its tests pass (e.g. legal review above a value)."""

    id: Id
    description: str = ""
    """What this is, in a sentence."""
    when: dict[RequestFact, Bounds] = Field(min_length=1)
    """Fact → test; the review applies when every test passes."""
    reviewer: Id
    """Role that reviews."""


NOT_ALLOWED = "not allowed"
NO_APPROVAL = "no approval"

GridCell = Approver | list[Approver] | Literal["not allowed", "no approval"]
"""A grid cell: a role, `{any_of: [...]}`, a list of levels (a chain), `not allowed`, or `no approval`."""


class GridAxis(PolicyModel):
    """The rows or the columns of a grid: bands of one fact."""

    fact: RequestFact
    """The fact the bands test."""
    bands: list[Bounds] = Field(min_length=1)
    """Tests on the fact, one per row (or column), in order; e.g. `{at_most: 10}`, `{in: [enterprise]}`."""


class Grid(PolicyModel):
    """A two-dimensional approval table: rows are bands of one fact, columns bands of another, each cell who
    approves. It expands into ordered rules (row by row, left to right) placed before the type's `rules`."""

    id: Id
    """Prefix of the rules it expands into: `<id>-<row>-<column>`, counted from 1."""
    description: str = ""
    """What this is, in a sentence."""
    rows: GridAxis
    """The fact and bands of the rows."""
    columns: GridAxis
    """The fact and bands of the columns."""
    cells: list[list[GridCell]] = Field(min_length=1)
    """One list per row band, one cell per column band."""
    cumulative: bool = False
    """`true`: a cell naming one role means every ladder level up to it (as `approve_up_to` does)."""

    @model_validator(mode="after")
    def _shape(self) -> Grid:
        if self.rows.fact == self.columns.fact:
            raise ValueError("rows and columns must test different facts")
        if len(self.cells) != len(self.rows.bands):
            raise ValueError(f"{len(self.rows.bands)} row bands but {len(self.cells)} rows of cells")
        for number, row in enumerate(self.cells, start=1):
            if len(row) != len(self.columns.bands):
                raise ValueError(f"row {number} has {len(row)} cells; there are {len(self.columns.bands)} column bands")
        return self

    def rule_id(self, row: int, column: int) -> str:
        return f"{self.id}-{row + 1}-{column + 1}"

    def expand(self) -> list[Rule]:
        """The rules the grid stands for, row by row, left to right."""
        rules = []
        for r, row_band in enumerate(self.rows.bands):
            for c, column_band in enumerate(self.columns.bands):
                cell = self.cells[r][c]
                fields: dict = {}
                if cell == NOT_ALLOWED:
                    fields["allowed"] = False
                elif cell == NO_APPROVAL:
                    pass
                elif isinstance(cell, list):
                    fields["approvers"] = cell
                elif self.cumulative and isinstance(cell, str):
                    fields["approve_up_to"] = cell
                else:
                    fields["approvers"] = [cell]
                rules.append(
                    Rule(
                        id=self.rule_id(r, c),
                        description=self.description,
                        when={self.rows.fact: row_band, self.columns.fact: column_band},
                        **fields,
                    )
                )
        return rules

    def cell_at(self, facts: dict) -> tuple[int, int] | None:
        """Row and column of the cell a request lands in, read straight off the table (first band of each
        that passes); ``None`` outside the table."""
        row = next((i for i, b in enumerate(self.rows.bands) if b.matches(facts.get(self.rows.fact))), None)
        column = next((i for i, b in enumerate(self.columns.bands) if b.matches(facts.get(self.columns.fact))), None)
        return None if row is None or column is None else (row, column)


class ConcessionType(PolicyModel):
    id: Id
    name: str
    description: str = ""
    """What this is, in a sentence."""
    unit: ValueUnit = "none"
    """Unit of the request's `value`."""
    money_value: Literal["value", "percent_of_arr", "none"] = "none"
    """How a request's value turns into money: the value itself, the percentage applied to ARR, or not at all."""
    ladder: list[Approver] = Field(default_factory=list)
    """Approval levels from lowest to highest, for rules that use `approve_up_to`; a level may be
    `{any_of: [...]}`."""
    grid: Grid | None = None
    """A two-dimensional table of approvers; its cells become the first rules."""
    rules: list[Rule] = Field(default_factory=list)
    """The approval matrix rows, tried in order (after the grid's, when there is a grid)."""
    reviews: list[StackedReview] = Field(default_factory=list)
    """Reviews added on top of the approval chain."""

    @model_validator(mode="after")
    def _expand_grid(self) -> ConcessionType:
        if self.grid is None:
            if not self.rules:
                raise ValueError("give 'rules', a 'grid', or both")
            return self
        # The grid's rules come first; `rules` then holds every rule in the order they are tried.
        object.__setattr__(self, "rules", [*self.grid.expand(), *self.rules])
        return self

    @property
    def grid_size(self) -> int:
        """How many of ``rules`` come from the grid (they come first)."""
        return len(self.grid.rows.bands) * len(self.grid.columns.bands) if self.grid else 0

    def rule_path(self, index: int) -> tuple[str | int, ...]:
        """Key path, inside this concession type, of where ``rules[index]`` is written (for located messages):
        a grid cell for the grid's rules."""
        if index < self.grid_size:
            assert self.grid is not None
            row, column = divmod(index, len(self.grid.columns.bands))
            return ("grid", "cells", row, column)
        return ("rules", index - self.grid_size)


class SegregationOfDuties(PolicyModel):
    forbid_self_approval: bool = True
    """A commitment's owner may not approve it."""
    forbid_account_team: list[Literal["csm", "ae", "exec_sponsor"]] = Field(default_factory=list)
    """Account-team members (by Accounts column) who may not approve their own account's concessions."""


class AuthorityFile(OwnedFile):
    segregation_of_duties: SegregationOfDuties = Field(default_factory=SegregationOfDuties)
    """Who may never approve, whatever their role."""
    concession_types: list[ConcessionType] = Field(min_length=1)
    """Every kind of concession, commitment or contract change that needs a decision."""


def chain_levels(concession: ConcessionType, rule: Rule) -> list[Approver]:
    """The levels of a rule's chain in order: its `approvers`, or every ladder level up to the one holding
    `approve_up_to` (the reference checks report an `approve_up_to` outside the ladder; it stays usable meanwhile)."""
    if rule.approve_up_to is not None:
        for index, level in enumerate(concession.ladder):
            if rule.approve_up_to in approver_roles(level):
                return list(concession.ladder[: index + 1])
        return [rule.approve_up_to]
    return list(rule.approvers)


def all_roles(approvers: list[Approver]) -> list[str]:
    """Every role named by a list of levels, in order, without repeats."""
    return list(dict.fromkeys(role for level in approvers for role in approver_roles(level)))

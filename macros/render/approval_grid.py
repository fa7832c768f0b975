"""A concession type's grid shown as the grid it is written as: row bands down, column bands across, each cell
the chain its rule requires (the page lists the remaining rules below it).

The view model here; the layout is the ``grid`` macro of ``policy/approval_grid.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policy.authority import ConcessionType, chain_levels
from ..policy.model import Policy
from .policy_text import describe_request_test


@dataclass(frozen=True, slots=True)
class GridCell:
    rule_id: str
    allowed: bool
    chain: list[str]
    """Approver names, lowest level first; empty when no approval is needed."""


@dataclass(frozen=True, slots=True)
class GridRow:
    label: str
    cells: list[GridCell]


@dataclass(frozen=True, slots=True)
class GridView:
    id: str
    description: str
    columns: list[str]
    """The column bands in words (the first, empty header over the row labels is the template's)."""
    rows: list[GridRow]


def _cell(policy: Policy, ctype: ConcessionType, index: int) -> GridCell:
    rule = ctype.rules[index]
    levels = chain_levels(ctype, rule) if rule.allowed else []
    return GridCell(rule.id, rule.allowed, [policy.approver_name(level) for level in levels])


def grid_model(policy: Policy, ctype: ConcessionType) -> GridView | None:
    """The grid of ``ctype``, or None when the type has none."""
    grid = ctype.grid
    if grid is None:
        return None
    columns = len(grid.columns.bands)
    rows = [
        GridRow(
            describe_request_test(policy, ctype.unit, grid.rows.fact, band),
            [_cell(policy, ctype, r * columns + c) for c in range(columns)],
        )
        for r, band in enumerate(grid.rows.bands)
    ]
    headers = [describe_request_test(policy, ctype.unit, grid.columns.fact, b) for b in grid.columns.bands]
    return GridView(grid.id, grid.description or "", headers, rows)

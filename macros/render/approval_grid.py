"""A concession type's grid shown as the grid it is written as: row bands down, column bands across, each cell
the chain its rule requires (the page lists the remaining rules below it)."""

from __future__ import annotations

from ..policy.authority import ConcessionType, chain_levels
from ..policy.model import Policy
from .html import Markup, esc, join, table
from .policy_text import describe_request_test


def _chain(policy: Policy, ctype: ConcessionType, index: int) -> Markup:
    rule = ctype.rules[index]
    if not rule.allowed:
        return Markup('<span class="ref-bad">Not permitted</span>')
    levels = chain_levels(ctype, rule)
    if not levels:
        return Markup('<span class="ref-muted">No approval needed</span>')
    return Markup(
        f'<span title="rule {esc(rule.id)}">{join((policy.approver_name(level) for level in levels), " → ")}</span>'
    )


def grid_table(policy: Policy, ctype: ConcessionType) -> Markup:
    """The grid of ``ctype`` as a table; empty markup when the type has none."""
    grid = ctype.grid
    if grid is None:
        return Markup("")
    columns = len(grid.columns.bands)
    headers = [""] + [describe_request_test(policy, ctype.unit, grid.columns.fact, b) for b in grid.columns.bands]
    rows = []
    for r, band in enumerate(grid.rows.bands):
        label = describe_request_test(policy, ctype.unit, grid.rows.fact, band)
        rows.append(
            [Markup(f"<strong>{esc(label)}</strong>")]
            + [_chain(policy, ctype, r * columns + c) for c in range(columns)]
        )
    caption = f"<p>{esc(grid.description)}</p>" if grid.description else ""
    return Markup(
        f'<div class="ref-grid" id="grid-{esc(grid.id)}">{caption}'
        + table(headers, rows, class_="ref-approval-grid")
        + "</div>"
    )

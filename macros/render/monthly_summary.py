"""The three summary lines at the top of a monthly review, and its splits by segment and region, worded from
:mod:`macros.analysis.monthly_summary` and :mod:`macros.analysis.monthly_splits` with the policy's names."""

from __future__ import annotations

from ..analysis.monthly import HEADLINE_BY_KEY, MonthReview
from ..analysis.monthly_splits import SplitLine, month_splits
from ..analysis.monthly_summary import BiggestRisk, CommitmentsAtRisk, MonthSummary, month_summary
from ..site_context import SiteContext
from .escalation_tables import term_name
from .formats import money, plural
from .monthly_models import Link, SplitTables, SummaryLine
from .monthly_sections import COMMITMENTS_URL, delta_cell, figure_text
from .tables import Table, table_model
from .urls import anchor, relative

SEGMENT_TABLE, REGION_TABLE = "month-by-segment", "month-by-region"


def _figure(context: SiteContext, key: str, value: float) -> str:
    return figure_text(context, HEADLINE_BY_KEY[key], value)


def _change(context: SiteContext, key: str, delta: float | None) -> str:
    cell = delta_cell(context, HEADLINE_BY_KEY[key], delta)
    return cell.text if cell and cell.text else "no change"


def changed_line(context: SiteContext, summary: MonthSummary, previous_title: str | None) -> SummaryLine:
    figures = {c.key: c for c in summary.changes}
    parts = {key: _figure(context, key, change.value) for key, change in figures.items()}
    if previous_title is None:
        text = (
            f"the log's first month, with {parts['opened_count']} opened and {parts['resolved_count']} resolved; "
            f"{parts['open_at_end']} open at month end with {parts['arr_at_risk']} of ARR at risk."
        )
        return SummaryLine("What changed", text, [], "")
    deltas = {key: _change(context, key, change.delta) for key, change in figures.items()}
    text = (
        f"since {previous_title}, {parts['opened_count']} opened ({deltas['opened_count']}) and "
        f"{parts['resolved_count']} resolved ({deltas['resolved_count']}); {parts['open_at_end']} open at month end "
        f"({deltas['open_at_end']}) with {parts['arr_at_risk']} of ARR at risk ({deltas['arr_at_risk']})."
    )
    return SummaryLine("What changed", text, [], "")


def _renewal(risk: BiggestRisk) -> str:
    days = risk.days_to_renewal
    if days is None:
        return "no renewal date recorded"
    if days < 0:
        return f"renewal date {risk.account.renewal_date.isoformat()} already passed"  # type: ignore[union-attr]
    if days == 0:
        return "renewing on the month's last day counted"
    return f"renewing {plural(days, 'day')} after month end"


def risk_line(context: SiteContext, risk: BiggestRisk | None, page_url: str) -> SummaryLine:
    if risk is None:
        return SummaryLine("Biggest risk", "none: no escalation was open at month end.", [], "")
    escalation = risk.escalation
    tier = context.policy.tier_by_id.get(escalation.tier)
    href = relative(page_url, context.account_url(escalation.account_id))
    after = (
        f" at {risk.account.name}: {tier.name if tier else escalation.tier}, "
        f"{money(risk.arr_at_risk, context.currency)} of ARR at risk, {_renewal(risk)}."
    )
    return SummaryLine(
        "Biggest risk", "", [Link(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id)], after
    )


def commitments_line(at_risk: CommitmentsAtRisk, page_url: str) -> SummaryLine:
    window = plural(at_risk.window_days, "day")
    if not at_risk.count:
        return SummaryLine("Commitments at risk", f"none overdue or due within {window} of month end.", [], "")
    href = relative(page_url, COMMITMENTS_URL)
    items = at_risk.overdue + at_risk.due_soon
    before = (
        f"{len(at_risk.overdue)} open past the due date (in any month) and "
        f"{len(at_risk.due_soon)} due within {window} of month end: "
    )
    links = [Link(f"{href}#{anchor(c.commitment_id)}", c.commitment_id) for c in items]
    return SummaryLine("Commitments at risk", before, links, ".")


def summary_lines(
    context: SiteContext, review: MonthReview, previous_title: str | None, page_url: str
) -> list[SummaryLine]:
    summary = month_summary(context.portfolio, review)
    return [
        changed_line(context, summary, previous_title),
        risk_line(context, summary.biggest_risk, page_url),
        commitments_line(summary.commitments, page_url),
    ]


def _split_table(
    context: SiteContext, lines: list[SplitLine], heading: str, name_of, table_id: str, attribute: str
) -> Table:
    currency = context.currency
    rows, attrs = [], []
    for line in lines:
        name = name_of(line.key) if line.key is not None else "Not recorded"
        rows.append(
            (
                name,
                line.opened,
                line.resolved,
                line.open_at_end,
                money(line.arr_at_risk, currency),
                money(line.arr_saved, currency),
                money(line.arr_lost, currency),
            )
        )
        attrs.append({attribute: name})
    return table_model(
        (heading, "Opened", "Resolved", "Open at month end", "ARR at risk at month end", "ARR saved", "ARR lost"),
        rows,
        class_="ref-month-split",
        empty="No escalation was opened, resolved or open in the month.",
        row_attrs=attrs,
        id_=table_id,
    )


def split_tables(context: SiteContext, review: MonthReview) -> SplitTables:
    splits = month_splits(context.portfolio, review)
    by_segment = _split_table(
        context,
        splits.by_segment,
        "Segment",
        lambda key: term_name(context, "segments", key),
        SEGMENT_TABLE,
        "data_segment",
    )
    by_region = (
        _split_table(context, splits.by_region, "Region", str, REGION_TABLE, "data_region")
        if splits.by_region is not None
        else None
    )
    return SplitTables(by_segment, by_region)

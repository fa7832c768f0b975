"""The monthly review: one generated page per month (``reviews/<YYYY-MM>/``) with its charts, and the index of months.

Charts are separate SVG files next to their page, shown with ``<img>``: an image prints, needs no JavaScript, runs
nothing even if an SVG were ever to hold a script, and keeps chart text out of the page's search index. Each chart
has alt text, and the figures behind it are in a table on the page. The sections of a month's page are in
:mod:`.monthly_sections`.
"""

from __future__ import annotations

from pathlib import Path

from ..analysis.monthly import HEADLINE_BY_KEY, MonthReview, monthly_reviews
from ..analysis.policy_history import PolicyHistory, policy_history
from ..site_context import SiteContext
from . import charts
from .formats import plural
from .fragments import link
from .generated import GeneratedFile, GeneratedPage, _html, _page
from .html import Markup, block, esc
from .monthly_sections import (
    CHARTS,
    REVIEWS_URL,
    arr_section,
    charts_figures,
    commitments_section,
    commitments_table,
    delta_cell,
    figure_text,
    headline_table,
    join_html,
    lead,
    month_nav,
    month_url,
    nowrap,
    opened_table,
    outcome_line,
    policy_changes,
    renewals_section,
    resolved_table,
    review_anchor,
    reviews_section,
    targets_table,
    tier_summary,
    trend_table,
)
from .tables import table
from .urls import relative

__all__ = ["month_url", "monthly_files", "nowrap", "review_anchor", "review_months", "reviews_index"]

_cache: dict[str, object] = {}


def review_months(context: SiteContext) -> list[MonthReview]:
    """The monthly reviews of this build, computed once and shared by the pages and the index."""
    if _cache.get("context") is not context:
        months = monthly_reviews(context.portfolio, context.governance) if context.full else []
        _cache.update(context=context, months=months)
    return _cache["months"]  # type: ignore[return-value]


# --- pages -----------------------------------------------------------------------------------------------------
def month_page(
    context: SiteContext, months: list[MonthReview], review: MonthReview, history: PolicyHistory | None
) -> list[GeneratedPage | GeneratedFile]:
    """The page of one month and its three charts."""
    by_key = {m.key: m for m in months}
    page_url = month_url(review.key)
    previous = by_key.get(review.previous) if review.previous else None
    window = charts.trailing(months, review.key)
    sections = [
        f"# Monthly review: {review.title}",
        _html(block(join_html(month_nav(by_key, review, page_url), lead(context, review)), "ref-month-head")),
        "## Headline figures",
        _html(block(headline_table(context, review, previous))),
        "## Trends",
        _html(block(join_html(charts_figures(review, window, page_url), trend_table(context, window)))),
        f"## Escalations opened ({review.opened_count})",
        _html(block(join_html(tier_summary(context, review, page_url), opened_table(context, review, page_url)))),
        f"## Escalations resolved ({review.resolved_count})",
        _html(block(join_html(outcome_line(context, review), resolved_table(context, review, page_url)))),
        "## ARR at risk, saved and lost",
        _html(block(arr_section(context, review))),
        "## Response-time compliance",
        _html(
            block(
                join_html(
                    '<p class="ref-muted">Response targets whose deadline fell in the month and that were met or '
                    "breached (targets still pending are not counted).</p>",
                    targets_table(review),
                )
            )
        ),
        f"## Commitments due ({review.commitments_due_count})",
        _html(block(commitments_section(context, review, page_url))),
        f"## Approvals without authority ({review.unauthorised_count})",
        _html(
            block(
                join_html(
                    '<p class="ref-muted">Commitments approved in the month by someone the approval matrix did not '
                    "allow to approve them.</p>",
                    commitments_table(context, page_url, review.unauthorised, state_at_end=None),
                )
            )
        ),
        "## Post-escalation reviews",
        _html(block(reviews_section(context, review, page_url))),
        f"## Renewals at risk ({review.renewals_at_risk_count})",
        _html(block(renewals_section(context, review, page_url))),
        "## Policy changes in the month",
        _html(block(policy_changes(history, review))),
        _html(block(month_nav(by_key, review, page_url), "ref-month-foot")),
    ]
    page = _page(f"{REVIEWS_URL}{review.key}.md", f"Monthly review: {review.title}", sections)
    svgs = (
        charts.opened_by_tier_chart(context.policy, window),
        charts.arr_at_risk_chart(window, context.currency),
        charts.compliance_chart(window),
    )
    files = [
        GeneratedFile(f"{REVIEWS_URL}{review.key}/{name}", svg) for (name, _), svg in zip(CHARTS, svgs, strict=True)
    ]
    return [page, *files]


def monthly_files(context: SiteContext, root: Path) -> list[GeneratedPage | GeneratedFile]:
    """Every month's page and charts (none in the policy-only scope)."""
    months = review_months(context)
    if not months:
        return []
    history = policy_history(root, context.dataset.data_dir / "policy")
    result: list[GeneratedPage | GeneratedFile] = []
    for review in months:
        result += month_page(context, months, review, history)
    return result


def reviews_index(context: SiteContext, page_url: str) -> Markup:
    """The months, newest first, with their headline figures."""
    if not context.full:
        return block(Markup('<p class="ref-muted">This edition publishes the policy only.</p>'))
    months = review_months(context)
    if not months:
        return block(Markup('<p class="ref-empty">No escalations recorded yet, so there is no month to review.</p>'))
    keys = (
        "opened_count",
        "resolved_count",
        "arr_at_risk",
        "arr_saved",
        "arr_lost",
        "compliance",
        "commitments_overdue_count",
        "unauthorised_count",
        "reviews_owed_count",
        "renewals_at_risk_count",
    )
    headlines = [HEADLINE_BY_KEY[k] for k in keys]
    rows = []
    for review in reversed(months):
        title = review.title + (" (to date)" if review.partial else "")
        row: list[object] = [link(relative(page_url, month_url(review.key)), title)]
        for headline in headlines:
            figure = esc(figure_text(context, headline, review.figure(headline.key)))
            delta = review.deltas.get(headline.key)
            change = delta_cell(context, headline, delta) if delta else Markup("")  # no line for no change
            row.append(Markup(f"{figure}<br><small>{change}</small>"))
        rows.append(row)
    lead = (
        f'<p class="ref-lead">{esc(plural(len(months), "month"))} from {esc(months[0].title)} to '
        f"{esc(months[-1].title)}, as of {esc(context.dataset.as_of.isoformat())}. Under each figure, the change "
        "since the month before.</p>"
    )
    return block(
        Markup(lead + table(["Month", *[h.label for h in headlines]], rows, class_="ref-month-index")), "ref-reviews"
    )

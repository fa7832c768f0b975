"""The monthly review: one generated page per month (``reviews/<YYYY-MM>/``) with its charts, and the index of months.

Charts are separate SVG files next to their page, shown with ``<img>``: an image prints, needs no JavaScript, runs
nothing even if an SVG were ever to hold a script, and keeps chart text out of the page's search index. Each chart
has alt text, and the figures behind it are in a table on the page. The sections of a month's page are in
:mod:`.monthly_sections`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..analysis.monthly import HEADLINE_BY_KEY, MonthReview, monthly_reviews
from ..analysis.policy_history import PolicyHistory, policy_history
from ..site_context import SiteContext
from . import charts
from .formats import plural
from .generated import GeneratedFile, GeneratedPage
from .monthly_sections import (
    CHARTS,
    REVIEWS_URL,
    Delta,
    delta_cell,
    figure_text,
    month_page_model,
    month_url,
)
from .monthly_summary import split_tables, summary_lines
from .monthly_totals import totals_table
from .tables import Table
from .templating import render
from .urls import relative

__all__ = ["month_url", "monthly_files", "review_months", "reviews_index"]


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
    page_url = month_url(review.key)
    previous = next((m.title for m in months if m.key == review.previous), None)
    model = month_page_model(
        context,
        months,
        review,
        history,
        summary=summary_lines(context, review, previous, page_url),
        splits=split_tables(context, review),
    )
    title = f"Monthly review: {review.title}"
    src_uri = f"{REVIEWS_URL}{review.key}.md"
    page = GeneratedPage(src_uri, month_url(review.key), title, str(render("pages/month.md", month=model)))
    window = charts.trailing(months, review.key)
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


@dataclass(frozen=True, slots=True)
class IndexFigure:
    text: str
    delta: Delta | None
    """None when the figure did not change (no line is shown)."""


@dataclass(frozen=True, slots=True)
class IndexRow:
    title: str
    href: str
    figures: list[IndexFigure]


@dataclass(frozen=True, slots=True)
class ReviewsIndex:
    full: bool
    rows: list[IndexRow] = field(default_factory=list)
    """Newest first."""
    labels: list[str] = field(default_factory=list)
    count: str = ""
    first: str = ""
    last: str = ""
    as_of: str = ""
    totals: Table | None = None
    """Each year (to date) and its quarters, newest first."""


INDEX_FIGURES = (
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


def reviews_index(context: SiteContext, page_url: str) -> Markup:
    """The months, newest first, with their headline figures."""
    if not context.full:
        return render("monthly/index.html", index=ReviewsIndex(full=False))
    months = review_months(context)
    if not months:
        return render("monthly/index.html", index=ReviewsIndex(full=True))
    headlines = [HEADLINE_BY_KEY[k] for k in INDEX_FIGURES]
    rows = []
    for review in reversed(months):
        figures = []
        for headline in headlines:
            delta = review.deltas.get(headline.key)
            change = delta_cell(context, headline, delta) if delta else None  # no line for no change
            figures.append(IndexFigure(figure_text(context, headline, review.figure(headline.key)), change))
        title = review.title + (" (to date)" if review.partial else "")
        rows.append(IndexRow(title, relative(page_url, month_url(review.key)), figures))
    index = ReviewsIndex(
        full=True,
        rows=rows,
        labels=[h.label for h in headlines],
        count=plural(len(months), "month"),
        first=months[0].title,
        last=months[-1].title,
        as_of=context.dataset.as_of.isoformat(),
        totals=totals_table(context, months, page_url),
    )
    return render("monthly/index.html", index=index)

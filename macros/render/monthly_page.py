"""The monthly review: one generated page per month (``reviews/<YYYY-MM>/``) with its charts, and the index of months.

Charts are separate SVG files next to their page, shown with ``<img>``: an image prints, needs no JavaScript, runs
nothing even if an SVG were ever to hold a script, and keeps chart text out of the page's search index. Each chart
has alt text, and the figures behind it are in a table on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..analysis.monthly import HEADLINE_BY_KEY, HEADLINES, Headline, MonthReview, monthly_reviews
from ..analysis.policy_history import PolicyHistory, policy_history
from ..analysis.response_targets import TARGET_LABELS
from ..site_context import SiteContext
from ..workbook.records import Commitment, Escalation
from . import charts
from .commitment_cells import VERDICT_WORDS, verdict_cell
from .escalation_tables import concession_name, person_name, term_name
from .formats import day, money, plural
from .generated import GeneratedPage, _html, _page
from .html import Markup, block, esc, link, table, text_block
from .policy_pages import tier_badge
from .urls import anchor, relative

REVIEWS_URL = "reviews/"
LEARNINGS_URL = "learnings/"
COMMITMENTS_URL = "commitments/"
CHARTS = (
    ("opened-by-tier.svg", "Escalations opened each month, stacked by tier"),
    ("arr-at-risk.svg", "ARR at risk on open escalations at each month end"),
    ("compliance.svg", "Percentage of response targets met, of those that fell due each month"),
)
STATE_WORDS = {
    "overdue": "Overdue",
    "open": "Open",
    "fulfilled": "Fulfilled",
    "missed": "Missed",
    "cancelled": "Cancelled",
}
RESULT_WORDS = {"saved": "Saved", "lost": "Lost", "partial": "Partial"}


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page file generated at build time (a chart), written under the site like a file in docs/."""

    src_uri: str
    content: str


_cache: dict[str, object] = {}


def review_months(context: SiteContext) -> list[MonthReview]:
    """The monthly reviews of this build, computed once and shared by the pages and the index."""
    if _cache.get("context") is not context:
        months = monthly_reviews(context.portfolio, context.governance) if context.full else []
        _cache.update(context=context, months=months)
    return _cache["months"]  # type: ignore[return-value]


def month_url(key: str) -> str:
    return f"{REVIEWS_URL}{key}/"


# --- figures ----------------------------------------------------------------------------------------------------
def figure_text(context: SiteContext, headline: Headline, value: float | None) -> str:
    if value is None:
        return "—"
    if headline.kind == "money":
        return money(value, context.currency)
    if headline.kind == "percent":
        return f"{value:.0f}%"
    return f"{value:,.0f}"


def delta_cell(context: SiteContext, headline: Headline, delta: float | None) -> Markup:
    """``+3``, ``−$20,000``, ``+5 pts``, coloured by whether the change is good news."""
    if delta is None:
        return Markup('<span class="ref-muted">—</span>')
    if round(delta, 6) == 0:
        return Markup('<span class="ref-muted">no change</span>')
    sign = "+" if delta > 0 else "−"
    size = abs(delta)
    if headline.kind == "money":
        text = sign + money(size, context.currency)
    elif headline.kind == "percent":
        text = f"{sign}{size:.0f} pts"
    else:
        text = f"{sign}{size:,.0f}"
    css = {1: "ref-good", -1: "ref-bad"}.get(headline.better * (1 if delta > 0 else -1), "")
    return Markup(f'<span class="ref-delta {css}">{esc(text)}</span>')


def _headline_table(context: SiteContext, review: MonthReview, previous: MonthReview | None) -> Markup:
    rows = []
    for headline in HEADLINES:
        rows.append(
            [
                headline.label,
                Markup(f"<strong>{esc(figure_text(context, headline, review.figure(headline.key)))}</strong>"),
                figure_text(context, headline, previous.figure(headline.key)) if previous else "—",
                delta_cell(context, headline, review.deltas.get(headline.key)),
            ]
        )
    before = previous.title if previous else "Previous month"
    return table(("Figure", review.title, before, "Change"), rows, class_="ref-headlines")


def _join(*parts: object) -> Markup:
    """Fragments that are already safe HTML (literal markup written here, or :class:`Markup`), as one."""
    return Markup("".join(str(p) for p in parts))


# --- links -----------------------------------------------------------------------------------------------------
def _escalation_link(context: SiteContext, escalation: Escalation, page_url: str) -> Markup:
    href = relative(page_url, context.account_url(escalation.account_id))
    return link(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id)


def _account_link(context: SiteContext, account_id: str, page_url: str) -> Markup:
    account = context.portfolio.account_by_id[account_id]
    return link(relative(page_url, context.account_url(account_id)), account.name)


def _tier(context: SiteContext, tier_id: str, page_url: str) -> Markup:
    return tier_badge(context.policy, tier_id, relative(page_url, context.tier_url(tier_id)))


# --- sections --------------------------------------------------------------------------------------------------
def _month_nav(months: dict[str, MonthReview], review: MonthReview, page_url: str, label: str) -> Markup:
    parts = []
    if review.previous:
        parts.append(link(relative(page_url, month_url(review.previous)), f"← {months[review.previous].title}"))
    parts.append(link(relative(page_url, REVIEWS_URL), "All months"))
    if review.next:
        parts.append(link(relative(page_url, month_url(review.next)), f"{months[review.next].title} →"))
    return Markup(f'<nav class="ref-month-nav" aria-label="{esc(label)}">{" · ".join(parts)}</nav>')


def _lead(context: SiteContext, review: MonthReview) -> Markup:
    if review.partial:
        period = (
            f"From {day(review.start)} to the as-of date, {day(review.end)}: the month is not over, "
            "so its figures are to date."
        )
    else:
        period = f"{day(review.start)} to {day(review.end)}."
    return Markup(
        f'<p class="ref-lead">{esc(period)}</p>'
        f'<p class="ref-muted ref-print-note" data-as-of="{esc(context.dataset.as_of.isoformat())}">'
        f"Built as of {esc(context.dataset.as_of.isoformat())}. "
        "Internal: do not forward.</p>"
    )


def _charts(review: MonthReview, window: list[MonthReview], page_url: str) -> Markup:
    first, last = window[0].title, window[-1].title
    span = f"{first} to {last}" if len(window) > 1 else first
    figures = []
    for name, what in CHARTS:
        src = relative(page_url, f"{month_url(review.key)}{name}")
        figures.append(
            f'<figure class="ref-chart"><img src="{esc(src)}" alt="{esc(f"{what}, {span}.")}" '
            f'width="{charts.WIDTH}" height="{charts.HEIGHT}" loading="eager">'
            f"<figcaption>{esc(what)}, {esc(span)}.</figcaption></figure>"
        )
    return Markup(f'<div class="ref-charts">{"".join(figures)}</div>')


def _trend_table(context: SiteContext, window: list[MonthReview]) -> Markup:
    tiers = list(reversed(context.policy.tiers))
    headers = ["Month", *[f"Opened: {t.name}" for t in tiers], "ARR at risk at month end", "Targets met"]
    rows = []
    for m in reversed(window):
        rows.append(
            [
                m.key,
                *[str(m.opened_by_tier.get(t.id, 0)) for t in tiers],
                money(m.arr_at_risk, context.currency),
                figure_text(context, HEADLINE_BY_KEY["compliance"], m.compliance),
            ]
        )
    return Markup(
        '<details class="ref-chart-data"><summary>The figures behind the charts</summary>'
        f"{table(headers, rows, class_='ref-trend')}</details>"
    )


def _tier_summary(context: SiteContext, review: MonthReview, page_url: str) -> Markup:
    rows = []
    for tier in reversed(context.policy.tiers):
        rows.append(
            [
                _tier(context, tier.id, page_url),
                str(review.opened_by_tier.get(tier.id, 0)),
                str(review.open_by_tier.get(tier.id, 0)),
                money(review.arr_by_tier.get(tier.id, 0.0), context.currency),
            ]
        )
    rows.append(
        [
            Markup("<strong>All tiers</strong>"),
            str(review.opened_count),
            str(review.open_at_end),
            money(review.arr_at_risk, context.currency),
        ]
    )
    return table(
        ("Tier", "Opened in the month", "Open at month end", "ARR at risk at month end"),
        rows,
        class_="ref-month-tiers",
    )


def _opened_table(context: SiteContext, review: MonthReview, page_url: str) -> Markup:
    portfolio = context.portfolio
    rows = []
    for e in review.opened:
        rows.append(
            [
                nowrap(_escalation_link(context, e, page_url)),
                _account_link(context, e.account_id, page_url),
                _tier(context, e.tier, page_url),
                nowrap(day(e.opened_on)),
                term_name(context, "blocker_types", e.blocker_type),
                money(portfolio.arr_at_risk(e), context.currency),
                term_name(context, "escalation_statuses", e.status),
            ]
        )
    return table(
        ("Escalation", "Account", "Tier", "Opened", "Blocker", "ARR at risk", "Status now"),
        rows,
        class_="ref-month-opened",
        empty="No escalations were opened in the month.",
    )


def _resolved_table(context: SiteContext, review: MonthReview, page_url: str) -> Markup:
    portfolio = context.portfolio
    results = {o.id: o.arr_result for o in context.policy.log_values.outcomes}
    rows = []
    for e in review.resolved:
        days_open = (e.resolved_on - e.opened_on).days if e.resolved_on and e.opened_on else None
        rows.append(
            [
                nowrap(_escalation_link(context, e, page_url)),
                _account_link(context, e.account_id, page_url),
                _tier(context, e.tier, page_url),
                nowrap(day(e.resolved_on)),
                "—" if days_open is None else str(days_open),
                term_name(context, "outcomes", e.outcome),
                RESULT_WORDS.get(results.get(e.outcome or "", ""), "—"),
                money(portfolio.arr_at_risk(e), context.currency),
            ]
        )
    return table(
        ("Escalation", "Account", "Tier", "Resolved", "Days open", "Outcome", "ARR result", "ARR at risk"),
        rows,
        class_="ref-month-resolved",
        empty="No escalations were resolved in the month.",
    )


def _outcome_line(context: SiteContext, review: MonthReview) -> Markup:
    if not review.resolved:
        return Markup("")
    parts = [
        f"{count} {term_name(context, 'outcomes', outcome) if outcome else 'without an outcome'}"
        for outcome, count in review.resolved_by_outcome.items()
    ]
    return Markup(f"<p>{esc(plural(review.resolved_count, 'escalation'))} resolved: {esc(', '.join(parts))}.</p>")


def _arr_section(context: SiteContext, review: MonthReview) -> Markup:
    currency = context.currency
    cards = [
        ("ARR saved", review.arr_saved, "ref-card-saved"),
        ("ARR lost", review.arr_lost, "ref-card-lost"),
        ("ARR at risk on downsells", review.arr_downsell, "ref-card-partial"),
    ]
    html = "".join(
        f'<div class="ref-card {css}"><span class="ref-card-title">{esc(title)}</span>'
        f'<span class="ref-card-figure">{esc(money(value, currency))}</span></div>'
        for title, value, css in cards
    )
    partial = [o.name for o in context.policy.log_values.outcomes if o.arr_result == "partial"]
    note = (
        "Saved and lost count the whole ARR at risk of each escalation resolved in the month, by what its outcome "
        "means for ARR in the policy."
    )
    if partial:
        note += (
            f" An escalation resolved as {' or '.join(partial)} kept part of its ARR, but the log does not record how "
            "much: its ARR at risk is shown on its own, as neither saved nor lost."
        )
    return Markup(f'<div class="ref-cards ref-month-arr">{html}</div><p class="ref-muted">{esc(note)}</p>')


def _targets_table(review: MonthReview) -> Markup:
    rows = []
    for name, tally in review.targets.items():
        if not tally.counted:
            continue
        percent = tally.percent_met
        rows.append([TARGET_LABELS.get(name, name), str(tally.met), str(tally.breached), f"{percent or 0:.0f}%"])
    if rows:
        met, counted = review.targets_met, review.targets_counted
        rows.append(
            [
                Markup("<strong>All targets</strong>"),
                str(met),
                str(counted - met),
                f"{review.compliance:.0f}%" if review.compliance is not None else "—",
            ]
        )
    return table(
        ("Target", "Met", "Breached", "Met %"),
        rows,
        class_="ref-month-targets",
        empty="No response target fell due in the month.",
    )


def nowrap(content: object) -> Markup:
    return Markup(f'<span class="ref-nowrap">{esc(content)}</span>')


def _commitments_table(
    context: SiteContext, page_url: str, items: list[Commitment], *, state_at_end: dict[str, str] | None
) -> Markup:
    """Commitments, compact. With ``state_at_end`` a column gives each one's state at month end; without it, the
    status as recorded, and the authority column gives the reasons (for the findings table)."""
    portfolio = context.portfolio
    rows, attrs = [], []
    commitments_href = relative(page_url, COMMITMENTS_URL)
    for c in items:
        escalation = portfolio.escalation_by_id[c.escalation_id]
        approved = person_name(context, c.approved_by) if c.approved_by else "no approver recorded"
        if c.approved_on:
            approved += f", {day(c.approved_on)}"
        if state_at_end is not None:
            state = state_at_end.get(c.commitment_id, "")
            status = STATE_WORDS.get(state, "—")
            words, css = VERDICT_WORDS.get(context.governance.verdict(c).status, ("", ""))
            authority = Markup(
                f'<span class="{css}">{esc(words)}</span><br><small class="ref-muted">{esc(approved)}</small>'
            )
        else:
            state = ""
            status = term_name(context, "commitment_statuses", c.status)
            authority = Markup(f'<small class="ref-muted">{esc(approved)}</small><br>{verdict_cell(context, c)}')
        rows.append(
            [
                nowrap(link(f"{commitments_href}#{anchor(c.commitment_id)}", c.commitment_id)),
                Markup(
                    f"{_account_link(context, escalation.account_id, page_url)}<br>"
                    f"<small>{nowrap(_escalation_link(context, escalation, page_url))}</small>"
                ),
                Markup(f"<strong>{esc(concession_name(context, c.type))}</strong><br>{text_block(c.description)}"),
                person_name(context, c.owner),
                nowrap(day(c.due)),
                status,
                authority,
            ]
        )
        attrs.append({"class_": "ref-overdue" if state == "overdue" else None})
    return table(
        (
            "ID",
            "Account",
            "Commitment",
            "Owner",
            "Due",
            "At month end" if state_at_end is not None else "Status",
            "Authority",
        ),
        rows,
        row_attrs=attrs,
        class_="ref-month-commitments",
        empty="None.",
    )


def _commitments_section(context: SiteContext, review: MonthReview, page_url: str) -> Markup:
    if not review.commitments_due:
        return Markup('<p class="ref-empty">No commitments fell due in the month.</p>')
    counts = ", ".join(
        f"{len(review.commitments_in(state))} {STATE_WORDS[state].lower()}"
        for state in STATE_WORDS
        if review.commitments_in(state)
    )
    lead = (
        f"<p>{esc(plural(review.commitments_due_count, 'commitment'))} fell due in the month; at month end "
        f"{esc(counts)}. A commitment fulfilled after month end counts as open then.</p>"
    )
    return Markup(
        lead + _commitments_table(context, page_url, review.commitments_due, state_at_end=review.commitment_state)
    )


def _reviews_section(context: SiteContext, review: MonthReview, page_url: str) -> Markup:
    portfolio = context.portfolio
    learnings = relative(page_url, LEARNINGS_URL)
    done_rows = []
    for record in review.reviews_completed:
        escalation = portfolio.escalation_by_id[record.escalation_id]
        done_rows.append(
            [
                nowrap(day(record.review_date)),
                nowrap(_escalation_link(context, escalation, page_url)),
                _account_link(context, escalation.account_id, page_url),
                person_name(context, record.facilitator),
                text_block(record.what_to_change) if record.what_to_change else "—",
                nowrap(link(f"{learnings}#{review_anchor(record.escalation_id, record.row)}", "Full review")),
            ]
        )
    owed_rows = []
    for escalation in review.reviews_owed:
        due = next(
            (
                t.deadline
                for t in context.governance.targets.get(escalation.escalation_id, [])
                if t.target == "review_within"
            ),
            None,
        )
        owed_rows.append(
            [
                nowrap(_escalation_link(context, escalation, page_url)),
                _account_link(context, escalation.account_id, page_url),
                _tier(context, escalation.tier, page_url),
                nowrap(day(escalation.resolved_on)),
                nowrap(day(due)),
                person_name(context, escalation.owner),
            ]
        )
    return Markup(
        "<h3>Completed in the month</h3>"
        + table(
            ("Review date", "Escalation", "Account", "Facilitator", "What to change", ""),
            done_rows,
            class_="ref-month-reviews",
            empty="No reviews were held in the month.",
        )
        + "<h3>Owed at month end</h3>"
        + '<p class="ref-muted">Resolved escalations whose review deadline had passed by month end with no review.</p>'
        + table(
            ("Escalation", "Account", "Tier", "Resolved", "Review was due", "Owner"),
            owed_rows,
            class_="ref-month-owed",
            empty="No reviews were owed at month end.",
        )
    )


def _renewals_section(context: SiteContext, review: MonthReview, page_url: str) -> Markup:
    upper = [t.name for t in context.policy.tiers[1:]]
    rows = []
    for item in review.renewals_at_risk:
        rows.append(
            [
                _account_link(context, item.account.account_id, page_url),
                _tier(context, item.tier, page_url),
                Markup(", ".join(_escalation_link(context, e, page_url) for e in item.escalations)),
                day(item.account.renewal_date),
                f"{item.days_to_renewal} days",
                money(item.account.arr, item.account.currency or context.currency),
                money(item.arr_at_risk, context.currency),
            ]
        )
    scope = " or ".join(upper) if upper else "a tier above the lowest"
    return Markup(
        f'<p class="ref-muted">Accounts with an escalation open at month end in {esc(scope)}, renewing within '
        f"90 days of {esc(day(review.end))}.</p>"
        + table(
            ("Account", "Highest tier", "Open escalations", "Renewal", "After month end", "ARR", "ARR at risk"),
            rows,
            class_="ref-month-renewals",
            empty="No account in those tiers renews within 90 days.",
        )
    )


def _policy_changes(history: PolicyHistory | None, review: MonthReview, page_url: str) -> Markup:
    every = f"<p>{link(relative(page_url, 'policy/changes/'), 'Every policy change and what it did')}.</p>"
    if history is None:
        return Markup(f'<p class="ref-muted">Policy history is not available in this build.</p>{every}')
    commits = history.in_month(review.key)
    note = (
        '<p class="ref-muted">This build was made from a shallow checkout: older changes may be missing.</p>'
        if history.shallow
        else ""
    )
    if not commits:
        return Markup(f'<p class="ref-empty">No changes to {esc(history.folder)}/ in the month.</p>{note}{every}')
    items = "".join(
        f'<li><span class="ref-when">{esc(c.when.date().isoformat())}</span> '
        f"<code>{esc(', '.join(c.files) or '—')}</code>: {esc(c.subject)} "
        f'<span class="ref-muted">({esc(c.sha[:7])})</span></li>'
        for c in commits
    )
    return Markup(
        f'<p>Commits changing {esc(history.folder)}/:</p><ul class="ref-policy-changes">{items}</ul>{note}{every}'
    )


def review_anchor(escalation_id: str, row: int) -> str:
    """The fragment of one review on the learnings page."""
    return f"review-{anchor(escalation_id)}-{row}"


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
        _html(block(_join(_month_nav(by_key, review, page_url, "Months"), _lead(context, review)), "ref-month-head")),
        "## Headline figures",
        _html(block(_headline_table(context, review, previous))),
        "## Trends",
        _html(block(_join(_charts(review, window, page_url), _trend_table(context, window)))),
        f"## Escalations opened ({review.opened_count})",
        _html(block(_join(_tier_summary(context, review, page_url), _opened_table(context, review, page_url)))),
        f"## Escalations resolved ({review.resolved_count})",
        _html(block(_join(_outcome_line(context, review), _resolved_table(context, review, page_url)))),
        "## ARR at risk, saved and lost",
        _html(block(_arr_section(context, review))),
        "## Response-time compliance",
        _html(
            block(
                _join(
                    '<p class="ref-muted">Response targets whose deadline fell in the month and that were met or '
                    "breached (targets still pending are not counted).</p>",
                    _targets_table(review),
                )
            )
        ),
        f"## Commitments due ({review.commitments_due_count})",
        _html(block(_commitments_section(context, review, page_url))),
        f"## Approvals without authority ({review.unauthorised_count})",
        _html(
            block(
                _join(
                    '<p class="ref-muted">Commitments approved in the month by someone the approval matrix did not '
                    "allow to approve them.</p>",
                    _commitments_table(context, page_url, review.unauthorised, state_at_end=None),
                )
            )
        ),
        "## Post-escalation reviews",
        _html(block(_reviews_section(context, review, page_url))),
        f"## Renewals at risk ({review.renewals_at_risk_count})",
        _html(block(_renewals_section(context, review, page_url))),
        "## Policy changes in the month",
        _html(block(_policy_changes(history, review, page_url))),
        _html(block(_month_nav(by_key, review, page_url, "Months, end of page"), "ref-month-foot")),
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

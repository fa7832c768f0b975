"""The view model of a monthly review page (see :mod:`.monthly_page`): headline figures, trends, the escalations
opened and resolved, ARR, response targets, commitments, post-escalation reviews, renewals and policy changes.
Each section is laid out by its template in ``templates/monthly/``; the page by ``pages/month.md``."""

from __future__ import annotations

from markupsafe import Markup

from ..analysis.monthly import HEADLINE_BY_KEY, HEADLINES, Headline, MonthReview
from ..analysis.policy_history import PolicyHistory
from ..analysis.response_targets import TARGET_LABELS
from ..site_context import SiteContext
from ..workbook.records import Commitment, Escalation
from . import charts
from .commitment_cells import VERDICT_WORDS, Verdict, verdict_model
from .escalation_tables import concession_name, term_name
from .formats import day, money, plural
from .fragments import TierBadge, tier_badge_model
from .learnings_reviews import review_url
from .monthly_models import (
    Card,
    Chart,
    CommitmentLine,
    CommitView,
    Delta,
    EscalationLine,
    HeadlineRow,
    Link,
    MonthPage,
    OpenedRow,
    OwedLine,
    PolicyChanges,
    RenewalLine,
    ResolvedRow,
    ReviewLine,
    SplitTables,
    SummaryLine,
    TargetLine,
    TierLine,
    TrendRow,
    Trends,
)
from .person_links import person_link
from .policy_changes_page import CHANGES_URL
from .urls import anchor, relative

REVIEWS_URL = "reviews/"
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


def delta_cell(context: SiteContext, headline: Headline, delta: float | None) -> Delta | None:
    """The change since the month before, or None when there is no month before (shown as a dash)."""
    if delta is None:
        return None
    if round(delta, 6) == 0:
        return Delta("", "")
    sign = "+" if delta > 0 else "−"
    size = abs(delta)
    if headline.kind == "money":
        text = sign + money(size, context.currency)
    elif headline.kind == "percent":
        text = f"{sign}{size:.0f} pts"
    else:
        text = f"{sign}{size:,.0f}"
    css = {1: "ref-good", -1: "ref-bad"}.get(headline.better * (1 if delta > 0 else -1), "")
    return Delta(text, css)


# --- sections --------------------------------------------------------------------------------------------------
def _line(context: SiteContext, escalation: Escalation, page_url: str, date: str) -> dict:
    href = relative(page_url, context.account_url(escalation.account_id))
    return {
        "escalation_id": escalation.escalation_id,
        "href": f"{href}#{anchor(escalation.escalation_id)}",
        "account_name": context.portfolio.account_by_id[escalation.account_id].name,
        "account_href": href,
        "tier": tier_link(context, escalation.tier, page_url),
        "date": date,
    }


def tier_link(context: SiteContext, tier_id: str, page_url: str) -> TierBadge:
    return tier_badge_model(context.policy, tier_id, relative(page_url, context.tier_url(tier_id)))


def month_nav(months: dict[str, MonthReview], review: MonthReview, page_url: str) -> list[Link]:
    links = []
    if review.previous:
        links.append(Link(relative(page_url, month_url(review.previous)), f"← {months[review.previous].title}"))
    links.append(Link(relative(page_url, REVIEWS_URL), "All months"))
    if review.next:
        links.append(Link(relative(page_url, month_url(review.next)), f"{months[review.next].title} →"))
    return links


def lead(review: MonthReview) -> str:
    if review.partial:
        return (
            f"From {day(review.start)} to the as-of date, {day(review.end)}: the month is not over, "
            "so its figures are to date."
        )
    return (
        f"{day(review.start)} to {day(review.end)}. Counts and states are as they stood at the end of the month, "
        f"{day(review.end)}; later events are not counted."
    )


def status_now_label(context: SiteContext) -> str:
    """The heading of a column giving the state on the as-of date rather than at month end."""
    return f"Status on {context.dataset.as_of.isoformat()}"


def headline_rows(context: SiteContext, review: MonthReview, previous: MonthReview | None) -> list[HeadlineRow]:
    return [
        HeadlineRow(
            headline.label,
            figure_text(context, headline, review.figure(headline.key)),
            figure_text(context, headline, previous.figure(headline.key)) if previous else "—",
            delta_cell(context, headline, review.deltas.get(headline.key)),
        )
        for headline in HEADLINES
    ]


def trends(context: SiteContext, review: MonthReview, window: list[MonthReview], page_url: str) -> Trends:
    first, last = window[0].title, window[-1].title
    tiers = context.policy.tiers_by_severity
    rows = [
        TrendRow(
            m.key,
            [str(m.opened_by_tier.get(t.id, 0)) for t in tiers],
            money(m.arr_at_risk, context.currency),
            figure_text(context, HEADLINE_BY_KEY["compliance"], m.compliance),
        )
        for m in reversed(window)
    ]
    return Trends(
        [Chart(relative(page_url, f"{month_url(review.key)}{name}"), what) for name, what in CHARTS],
        f"{first} to {last}" if len(window) > 1 else first,
        charts.WIDTH,
        charts.HEIGHT,
        [t.name for t in tiers],
        rows,
    )


def tier_summary(context: SiteContext, review: MonthReview, page_url: str) -> list[TierLine]:
    lines = [
        TierLine(
            tier_link(context, tier.id, page_url),
            str(review.opened_by_tier.get(tier.id, 0)),
            str(review.open_by_tier.get(tier.id, 0)),
            money(review.arr_by_tier.get(tier.id, 0.0), context.currency),
        )
        for tier in context.policy.tiers_by_severity
    ]
    total = money(review.arr_at_risk, context.currency)
    return [*lines, TierLine(None, str(review.opened_count), str(review.open_at_end), total)]


def opened_rows(context: SiteContext, review: MonthReview, page_url: str) -> list[OpenedRow]:
    portfolio = context.portfolio
    return [
        OpenedRow(
            **_line(context, e, page_url, day(e.opened_on)),
            blocker=term_name(context, "blocker_types", e.blocker_type),
            arr_at_risk=money(portfolio.arr_at_risk(e), context.currency),
            status=term_name(context, "escalation_statuses", e.status),
        )
        for e in review.opened
    ]


def resolved_rows(context: SiteContext, review: MonthReview, page_url: str) -> list[ResolvedRow]:
    portfolio = context.portfolio
    results = {o.id: o.arr_result for o in context.policy.log_values.outcomes}
    rows = []
    for e in review.resolved:
        days_open = (e.resolved_on - e.opened_on).days if e.resolved_on and e.opened_on else None
        rows.append(
            ResolvedRow(
                **_line(context, e, page_url, day(e.resolved_on)),
                days_open="—" if days_open is None else str(days_open),
                outcome=term_name(context, "outcomes", e.outcome),
                result=RESULT_WORDS.get(results.get(e.outcome or "", ""), "—"),
                arr_at_risk=money(portfolio.arr_at_risk(e), context.currency),
            )
        )
    return rows


def outcome_counts(context: SiteContext, review: MonthReview) -> list[str]:
    return [
        f"{count} {term_name(context, 'outcomes', outcome) if outcome else 'without an outcome'}"
        for outcome, count in review.resolved_by_outcome.items()
    ]


def arr_cards(context: SiteContext, review: MonthReview) -> tuple[list[Card], str]:
    currency = context.currency
    cards = [
        Card("ARR saved", money(review.arr_saved, currency), "ref-card-saved"),
        Card("ARR lost", money(review.arr_lost, currency), "ref-card-lost"),
        Card("ARR at risk on downsells", money(review.arr_downsell, currency), "ref-card-partial"),
    ]
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
    return cards, note


def target_lines(review: MonthReview) -> list[TargetLine]:
    lines = []
    for name, tally in review.targets.items():
        if tally.counted:
            percent = f"{tally.percent_met or 0:.0f}%"
            lines.append(TargetLine(TARGET_LABELS.get(name, name), str(tally.met), str(tally.breached), percent))
    if lines:
        met, counted = review.targets_met, review.targets_counted
        percent = f"{review.compliance:.0f}%" if review.compliance is not None else "—"
        lines.append(TargetLine(None, str(met), str(counted - met), percent))
    return lines


def commitment_lines(
    context: SiteContext, page_url: str, items: list[Commitment], *, state_at_end: dict[str, str] | None
) -> list[CommitmentLine]:
    """With ``state_at_end``, each commitment's state at month end; without it, the status as recorded and the
    authority verdict with its reasons (for the findings table)."""
    portfolio = context.portfolio
    commitments_href = relative(page_url, COMMITMENTS_URL)
    lines = []
    for c in items:
        escalation = portfolio.escalation_by_id[c.escalation_id]
        approved = person_link(context.policy, c.approved_by, page_url) if c.approved_by else "no approver recorded"
        if c.approved_on:
            approved = Markup("{}, {}").format(approved, day(c.approved_on))
        if state_at_end is not None:
            state = state_at_end.get(c.commitment_id, "")
            status = STATE_WORDS.get(state, "—")
            words, css = VERDICT_WORDS.get(context.governance.verdict(c).status, ("", ""))
            verdict = Verdict(words, css, "")
        else:
            state = ""
            status = term_name(context, "commitment_statuses", c.status)
            verdict = verdict_model(context, c)
        line = _line(context, escalation, page_url, "")
        lines.append(
            CommitmentLine(
                commitment_id=c.commitment_id,
                commitment_href=f"{commitments_href}#{anchor(c.commitment_id)}",
                escalation_id=line["escalation_id"],
                href=line["href"],
                account_name=line["account_name"],
                account_href=line["account_href"],
                type=concession_name(context, c.type),
                description=c.description,
                owner=person_link(context.policy, c.owner, page_url),
                due=day(c.due),
                status=status,
                approved=approved,
                verdict=verdict,
                overdue=state == "overdue",
            )
        )
    return lines


def commitment_state_counts(review: MonthReview) -> list[str]:
    return [
        f"{len(review.commitments_in(state))} {STATE_WORDS[state].lower()}"
        for state in STATE_WORDS
        if review.commitments_in(state)
    ]


def review_lines(context: SiteContext, review: MonthReview, page_url: str) -> list[ReviewLine]:
    portfolio = context.portfolio
    lines = []
    for record in review.reviews_completed:
        escalation = portfolio.escalation_by_id[record.escalation_id]
        line = _line(context, escalation, page_url, day(record.review_date))
        lines.append(
            ReviewLine(
                date=line["date"],
                escalation_id=line["escalation_id"],
                href=line["href"],
                account_name=line["account_name"],
                account_href=line["account_href"],
                facilitator=person_link(context.policy, record.facilitator, page_url),
                what_to_change=record.what_to_change,
                review_href=relative(page_url, review_url(context, escalation, record.row)),
            )
        )
    return lines


def owed_lines(context: SiteContext, review: MonthReview, page_url: str) -> list[OwedLine]:
    lines = []
    for escalation in review.reviews_owed:
        due = next(
            (
                t.deadline
                for t in context.governance.targets.get(escalation.escalation_id, [])
                if t.target == "review_within"
            ),
            None,
        )
        lines.append(
            OwedLine(
                **_line(context, escalation, page_url, day(escalation.resolved_on)),
                due=day(due),
                owner=person_link(context.policy, escalation.owner, page_url),
            )
        )
    return lines


def renewal_lines(context: SiteContext, review: MonthReview, page_url: str) -> list[RenewalLine]:
    lines = []
    for item in review.renewals_at_risk:
        account = item.account
        lines.append(
            RenewalLine(
                account.name,
                relative(page_url, context.account_url(account.account_id)),
                tier_link(context, item.tier, page_url),
                [EscalationLine(**_line(context, e, page_url, "")) for e in item.escalations],
                day(account.renewal_date),
                f"{item.days_to_renewal} days",
                money(account.arr, account.currency or context.currency),
                money(item.arr_at_risk, context.currency),
            )
        )
    return lines


def policy_changes(history: PolicyHistory | None, review: MonthReview) -> PolicyChanges | None:
    if history is None:
        return None
    commits = [
        CommitView(c.when.date().isoformat(), ", ".join(c.files) or "—", c.subject, c.sha[:7])
        for c in history.in_month(review.key)
    ]
    return PolicyChanges(history.folder, commits, history.shallow)


def every_change_href(page_url: str) -> str:
    """The link from a month's page to the page of every policy change."""
    return relative(page_url, CHANGES_URL)


def month_page_model(
    context: SiteContext,
    months: list[MonthReview],
    review: MonthReview,
    history: PolicyHistory | None,
    *,
    summary: list[SummaryLine],
    splits: SplitTables,
) -> MonthPage:
    """The page of one month; its summary lines and splits come from :mod:`.monthly_summary`."""
    by_key = {m.key: m for m in months}
    page_url = month_url(review.key)
    previous = by_key.get(review.previous) if review.previous else None
    window = charts.trailing(months, review.key)
    cards, note = arr_cards(context, review)
    upper = [t.name for t in context.policy.tiers_by_severity[:-1]]
    return MonthPage(
        title=review.title,
        nav=month_nav(by_key, review, page_url),
        period=lead(review),
        as_of=context.dataset.as_of.isoformat(),
        summary=summary,
        splits=splits,
        previous_title=previous.title if previous else "Previous month",
        headlines=headline_rows(context, review, previous),
        trends=trends(context, review, window, page_url),
        opened_count=review.opened_count,
        tiers=tier_summary(context, review, page_url),
        opened=opened_rows(context, review, page_url),
        status_now_label=status_now_label(context),
        resolved_total=review.resolved_count,
        resolved_count=plural(review.resolved_count, "escalation"),
        outcomes=outcome_counts(context, review),
        resolved=resolved_rows(context, review, page_url),
        arr_cards=cards,
        arr_note=note,
        targets=target_lines(review),
        commitments_due_total=review.commitments_due_count,
        commitments_due_count=plural(review.commitments_due_count, "commitment"),
        commitment_counts=commitment_state_counts(review),
        commitments_due=commitment_lines(
            context, page_url, review.commitments_due, state_at_end=review.commitment_state
        ),
        unauthorised_count=review.unauthorised_count,
        unauthorised=commitment_lines(context, page_url, review.unauthorised, state_at_end=None),
        reviews_done=review_lines(context, review, page_url),
        reviews_owed=owed_lines(context, review, page_url),
        renewals_count=review.renewals_at_risk_count,
        renewal_scope=" or ".join(upper) if upper else "a tier above the lowest",
        end=day(review.end),
        renewals=renewal_lines(context, review, page_url),
        policy_changes=policy_changes(history, review),
        every_change_href=every_change_href(page_url),
    )

"""Index pages: every escalation in one component table, and the resolution tracker of open actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.attention import DUE_WINDOWS, check_in_window, due_window, renewal_window
from ..site_context import SiteContext
from ..workbook.records import Action
from . import table_views as views
from .cadence_cells import missed_updates_table
from .escalation_tables import term_name
from .formats import day, relative_days
from .person_links import person_link
from .table_cells import date_cell, days_cell, link_html, money_cell, text_cell, tier_cell
from .tables import Column, Table, table_model
from .templating import render
from .urls import anchor, relative

RECENT_DAYS = 30

ESCALATION_COLUMNS = (
    "Escalation",
    "Account",
    Column("Segment", filter=True),
    "Tier",
    Column("Status", filter=True),
    Column("Owner", filter=True),
    "Opened",
    "Deadline",
    "ARR at risk",
    "Renewal",
    views.DAYS_TO_RENEWAL,
    Column("Health", filter=True),
)


def escalation_index_model(context: SiteContext, page_url: str) -> Table:
    """Every escalation, open ones first, most severe first, nearest deadline first."""
    portfolio = context.portfolio
    policy = context.policy
    ordered = sorted(
        portfolio.escalations,
        key=lambda e: (not portfolio.is_open(e), -policy.tier_rank(e.tier), e.deadline or dt.date.max, e.escalation_id),
    )
    rows = []
    for e in ordered:
        account = portfolio.account_of(e)
        href = relative(page_url, context.account_url(account.account_id))
        days = portfolio.days_to_renewal(account)
        rows.append(
            (
                link_html(f"{href}#{anchor(e.escalation_id)}", e.escalation_id),
                link_html(href, account.name),
                term_name(context, "segments", account.segment),
                tier_cell(policy, e.tier),
                term_name(context, "escalation_statuses", e.status),
                person_link(context.policy, e.owner, page_url),
                date_cell(e.opened_on),
                date_cell(e.deadline),
                money_cell(portfolio.arr_at_risk(e), context.currency),
                date_cell(account.renewal_date),
                days_cell(days, filter=views.RENEWAL_LABELS[renewal_window(days)]),
                term_name(context, "health_values", account.health),
            )
        )
    return table_model(
        ESCALATION_COLUMNS,
        rows,
        class_="ref-escalations",
        id_=views.ESCALATIONS,
        noun="escalation",
        caption="All escalations",
        page_url=page_url,
    )


def escalation_index(context: SiteContext, page_url: str) -> Markup:
    """Every escalation. A complete plain table; escalation-table.js adds sorting, filters and search on top."""
    return render("indexes/escalation_index.html", table=escalation_index_model(context, page_url))


TRACKER_COLUMNS = (
    "Action",
    "Account",
    "Escalation",
    Column("Owner", filter=True),
    views.DUE,
    Column("Status", filter=True),
    views.NEXT_CHECK_IN,
)


def _status_html(context: SiteContext, action: Action) -> object:
    name = term_name(context, "action_statuses", action.status)
    if _blocked(context, action):
        return text_cell(Markup('<strong class="ref-blocked-label">{}</strong>').format(name), filter=name)
    return name


def _blocked(context: SiteContext, action: Action) -> bool:
    status = context.policy.find_term("action_statuses", action.status)
    return bool(status is not None and getattr(status, "blocked", False))


def tracker_model(context: SiteContext, page_url: str) -> Table:
    """Every open action in one table, overdue first, with its owner, due window and check-in window to filter by."""
    portfolio = context.portfolio
    open_actions = [a for a in portfolio.actions if not portfolio.action_done(a)]
    windows = {id(a): due_window(portfolio, a) for a in open_actions}
    ordered = sorted(
        open_actions,
        key=lambda a: (DUE_WINDOWS.index(windows[id(a)]), a.due or dt.date.max, a.row),
    )
    rows, attributes = [], []
    for action in ordered:
        escalation = portfolio.escalation_by_id[action.escalation_id]
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        window = windows[id(action)]
        due = day(action.due)
        if action.due is not None:
            due += f" ({relative_days(portfolio.days_left(action.due))})"
        rows.append(
            (
                action.action,
                link_html(href, account.name),
                link_html(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id),
                person_link(context.policy, action.owner, page_url),
                date_cell(action.due, due, filter=views.DUE_LABELS[window]),
                _status_html(context, action),
                date_cell(action.next_check_in, filter=views.CHECK_IN_LABELS[check_in_window(portfolio, action)]),
            )
        )
        blocked = _blocked(context, action)
        css = " ".join(c for c in ("ref-overdue" if window == "overdue" else "", "ref-blocked" if blocked else "") if c)
        attributes.append({"class_": css or None})
    return table_model(
        TRACKER_COLUMNS,
        rows,
        class_="ref-actions",
        row_attrs=attributes,
        empty="No open actions.",
        id_=views.TRACKER,
        noun="open action",
        caption="Open actions",
        page_url=page_url,
    )


def completed_model(context: SiteContext, page_url: str) -> Table:
    portfolio = context.portfolio
    recent = sorted(
        (
            a
            for a in portfolio.actions
            if portfolio.action_done(a)
            and a.completed_on
            and portfolio.relative(a.completed_on).within_past(RECENT_DAYS)
        ),
        key=lambda a: (a.completed_on, a.row),
        reverse=True,
    )
    rows = []
    for action in recent:
        escalation = portfolio.escalation_by_id[action.escalation_id]
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        rows.append(
            (
                action.action,
                link_html(href, account.name),
                link_html(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id),
                person_link(context.policy, action.owner, page_url),
                date_cell(action.due),
                term_name(context, "action_statuses", action.status),
                date_cell(action.completed_on),
            )
        )
    return table_model(
        ("Action", "Account", "Escalation", Column("Owner", filter=True), "Due", "Status", "Completed"),
        rows,
        empty="Nothing completed recently.",
        id_="completed-actions",
        noun="completed action",
        caption="Actions completed recently",
    )


@dataclass(frozen=True, slots=True)
class ActionsTracker:
    open_count: int
    overdue_count: int
    blocked_count: int
    as_of: str
    table: Table
    """Every open action (``partials/table.html``)."""
    overdue_href: str
    """The table filtered to its overdue actions."""
    recent_days: int
    completed: Table
    missed_updates: Markup
    """Open escalations that missed status updates (``indexes/missed_updates.html``)."""


def actions_tracker(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    open_actions = [a for a in portfolio.actions if not portfolio.action_done(a)]
    tracker = ActionsTracker(
        open_count=len(open_actions),
        overdue_count=sum(1 for a in open_actions if due_window(portfolio, a) == "overdue"),
        blocked_count=sum(1 for a in open_actions if _blocked(context, a)),
        as_of=portfolio.as_of.isoformat(),
        table=tracker_model(context, page_url),
        overdue_href=views.overdue_actions_view(),
        recent_days=RECENT_DAYS,
        completed=completed_model(context, page_url),
        missed_updates=missed_updates_table(context, page_url),
    )
    return render("indexes/actions_tracker.html", tracker=tracker)

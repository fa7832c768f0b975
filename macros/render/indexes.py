"""Index pages: every escalation in one filterable table, and the resolution tracker of actions."""

from __future__ import annotations

import datetime as dt

from ..site_context import SiteContext
from ..workbook.records import Action
from .escalation_tables import person_name, term_name
from .formats import day, money, relative_days
from .fragments import link, tier_badge
from .html import Markup, block, esc
from .tables import table
from .urls import anchor, relative

CHECK_IN_DAYS = 7
RECENT_DAYS = 30


def escalation_index(context: SiteContext, page_url: str) -> Markup:
    """Every escalation. A complete plain table; escalation-table.js adds filters and sorting on top."""
    portfolio = context.portfolio
    policy = context.policy
    headers = ["Escalation", "Account", "Segment", "Tier", "Status", "Owner", "Opened", "Deadline", "ARR at risk"]
    rows, row_attrs = [], []
    ordered = sorted(
        portfolio.escalations,
        key=lambda e: (not portfolio.is_open(e), -policy.tier_rank(e.tier), e.deadline or dt.date.max, e.escalation_id),
    )
    for e in ordered:
        account = portfolio.account_of(e)
        href = relative(page_url, context.account_url(account.account_id))
        arr = portfolio.arr_at_risk(e)
        rows.append(
            [
                link(f"{href}#{anchor(e.escalation_id)}", e.escalation_id),
                link(href, account.name),
                term_name(context, "segments", account.segment),
                Markup(f'<span data-sort="{policy.tier_rank(e.tier)}">{tier_badge(policy, e.tier)}</span>'),
                term_name(context, "escalation_statuses", e.status),
                person_name(context, e.owner),
                Markup(f'<span data-sort="{esc(day(e.opened_on))}">{esc(day(e.opened_on))}</span>'),
                Markup(f'<span data-sort="{esc(day(e.deadline))}">{esc(day(e.deadline))}</span>'),
                Markup(f'<span data-sort="{arr:.2f}">{esc(money(arr, context.currency))}</span>'),
            ]
        )
        row_attrs.append(
            {
                "data_tier": policy.tier_by_id[e.tier].name,
                "data_status": term_name(context, "escalation_statuses", e.status),
                "data_owner": person_name(context, e.owner),
                "data_segment": term_name(context, "segments", account.segment),
                "data_open": "open" if portfolio.is_open(e) else "closed",
            }
        )
    filters = '<div class="ref-filters" data-for="escalation-index" hidden></div>'
    count = f'<p class="ref-muted ref-count" data-for="escalation-index">{len(rows)} escalations.</p>'
    body = table(headers, rows, class_="ref-escalations ref-filterable", row_attrs=row_attrs, id_="escalation-index")
    return block(Markup(filters + count + body), "ref-index", searchable=False)


def _action_rows(context: SiteContext, actions: list[Action], page_url: str, *, show_owner: bool):
    portfolio = context.portfolio
    rows, attrs = [], []
    for action in actions:
        escalation = portfolio.escalation_by_id[action.escalation_id]
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        done = portfolio.action_done(action)
        overdue = not done and portfolio.is_overdue(action.due)
        due = day(action.due)
        if not done:
            due += f" ({relative_days(portfolio.days_left(action.due))})"
        row = [
            action.action,
            link(href, account.name),
            link(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id),
        ]
        if show_owner:
            row.append(person_name(context, action.owner))
        row += [
            due,
            term_name(context, "action_statuses", action.status),
            day(action.completed_on) if done else day(action.next_check_in),
        ]
        rows.append(row)
        attrs.append({"class_": "ref-overdue" if overdue else None})
    return rows, attrs


def actions_tracker(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    as_of = portfolio.as_of
    open_actions = [a for a in portfolio.actions if not portfolio.action_done(a)]
    by_owner: dict[str, list[Action]] = {}
    for action in open_actions:
        by_owner.setdefault(action.owner, []).append(action)

    def overdue_count(items):
        return sum(1 for a in items if portfolio.is_overdue(a.due))

    owners = sorted(by_owner, key=lambda o: (-overdue_count(by_owner[o]), person_name(context, o)))
    parts = [
        f'<p class="ref-lead"><strong>{len(open_actions)}</strong> open actions, '
        f"<strong>{sum(overdue_count(v) for v in by_owner.values())}</strong> overdue, as of {esc(as_of.isoformat())}.</p>"
    ]
    parts.append('<h2 id="by-owner">Open actions by owner</h2>')
    headers = ("Action", "Account", "Escalation", "Due", "Status", "Next check-in")
    if not owners:
        parts.append('<p class="ref-empty">No open actions.</p>')
    for owner in owners:
        items = sorted(by_owner[owner], key=lambda a: (not portfolio.is_overdue(a.due), a.due, a.row))
        overdue = overdue_count(items)
        parts.append(
            f"<h3>{esc(person_name(context, owner))} "
            f'<span class="ref-muted">{len(items)} open{f", {overdue} overdue" if overdue else ""}</span></h3>'
        )
        rows, attrs = _action_rows(context, items, page_url, show_owner=False)
        parts.append(table(headers, rows, row_attrs=attrs, class_="ref-actions"))
    horizon = as_of + dt.timedelta(days=CHECK_IN_DAYS)
    check_ins = sorted(
        (a for a in open_actions if a.next_check_in and as_of <= a.next_check_in <= horizon),
        key=lambda a: (a.next_check_in, a.row),
    )
    parts.append(f'<h2 id="check-ins">Check-ins in the next {CHECK_IN_DAYS} days</h2>')
    rows, attrs = _action_rows(context, check_ins, page_url, show_owner=True)
    parts.append(
        table(
            ("Action", "Account", "Escalation", "Owner", "Due", "Status", "Next check-in"),
            rows,
            row_attrs=attrs,
            empty="No check-ins this week.",
        )
    )
    since = as_of - dt.timedelta(days=RECENT_DAYS)
    recent = sorted(
        (
            a
            for a in portfolio.actions
            if portfolio.action_done(a) and a.completed_on and since <= a.completed_on <= as_of
        ),
        key=lambda a: (a.completed_on, a.row),
        reverse=True,
    )
    parts.append(f'<h2 id="completed">Completed in the last {RECENT_DAYS} days</h2>')
    rows, attrs = _action_rows(context, recent, page_url, show_owner=True)
    parts.append(
        table(
            ("Action", "Account", "Escalation", "Owner", "Due", "Status", "Completed"),
            rows,
            empty="Nothing completed recently.",
        )
    )
    return block(Markup("".join(str(p) for p in parts)), "ref-tracker", searchable=False)

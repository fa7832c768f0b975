"""Index pages: every escalation in one filterable table, and the resolution tracker of actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..site_context import SiteContext
from ..workbook.records import Action
from .cadence_cells import missed_updates_table
from .escalation_tables import person_name, term_name
from .formats import day, money, relative_days
from .fragments import TierBadge, tier_badge_model
from .person_links import PersonLink, person_link
from .templating import render
from .urls import anchor, relative

CHECK_IN_DAYS = 7
RECENT_DAYS = 30


@dataclass(frozen=True, slots=True)
class IndexRow:
    escalation_id: str
    escalation_href: str
    account_name: str
    account_href: str
    segment: str
    tier: TierBadge
    tier_rank: int
    """Sorts the tier column by severity."""
    status: str
    owner: str
    """The owner's name as text (the owner filter reads it)."""
    owner_link: PersonLink
    opened: str
    deadline: str
    arr_at_risk: str
    arr_sort: str
    """The amount as a plain number, for sorting."""
    open: bool


def escalation_index(context: SiteContext, page_url: str) -> Markup:
    """Every escalation. A complete plain table; escalation-table.js adds filters and sorting on top."""
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
        arr = portfolio.arr_at_risk(e)
        rows.append(
            IndexRow(
                escalation_id=e.escalation_id,
                escalation_href=f"{href}#{anchor(e.escalation_id)}",
                account_name=account.name,
                account_href=href,
                segment=term_name(context, "segments", account.segment),
                tier=tier_badge_model(policy, e.tier),
                tier_rank=policy.tier_rank(e.tier),
                status=term_name(context, "escalation_statuses", e.status),
                owner=person_name(context, e.owner),
                owner_link=person_link(context.policy, e.owner, page_url),
                opened=day(e.opened_on),
                deadline=day(e.deadline),
                arr_at_risk=money(arr, context.currency),
                arr_sort=f"{arr:.2f}",
                open=portfolio.is_open(e),
            )
        )
    return render("indexes/escalation_index.html", rows=rows)


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: str
    account_name: str
    account_href: str
    escalation_id: str
    escalation_href: str
    owner: str
    due: str
    status: str
    last: str
    """Next check-in while open, completion date once done."""
    overdue: bool


@dataclass(frozen=True, slots=True)
class OwnerActions:
    name: str
    rows: list[ActionRow]
    overdue: int


@dataclass(frozen=True, slots=True)
class ActionsTracker:
    open_count: int
    overdue_count: int
    as_of: str
    owners: list[OwnerActions]
    """Most overdue first."""
    check_in_days: int
    check_ins: list[ActionRow]
    recent_days: int
    completed: list[ActionRow]
    missed_updates: Markup
    """Open escalations that missed status updates (``indexes/missed_updates.html``)."""


def _action_rows(context: SiteContext, actions: list[Action], page_url: str) -> list[ActionRow]:
    portfolio = context.portfolio
    rows = []
    for action in actions:
        escalation = portfolio.escalation_by_id[action.escalation_id]
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        done = portfolio.action_done(action)
        due = day(action.due)
        if not done:
            due += f" ({relative_days(portfolio.days_left(action.due))})"
        rows.append(
            ActionRow(
                action=action.action,
                account_name=account.name,
                account_href=href,
                escalation_id=escalation.escalation_id,
                escalation_href=f"{href}#{anchor(escalation.escalation_id)}",
                owner=person_link(context.policy, action.owner, page_url),
                due=due,
                status=term_name(context, "action_statuses", action.status),
                last=day(action.completed_on) if done else day(action.next_check_in),
                overdue=not done and portfolio.is_overdue(action.due),
            )
        )
    return rows


def actions_tracker(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    as_of = portfolio.as_of
    open_actions = [a for a in portfolio.actions if not portfolio.action_done(a)]
    by_owner: dict[str, list[Action]] = {}
    for action in open_actions:
        by_owner.setdefault(action.owner, []).append(action)

    def overdue_count(items):
        return sum(1 for a in items if portfolio.is_overdue(a.due))

    owners = []
    for owner in sorted(by_owner, key=lambda o: (-overdue_count(by_owner[o]), person_name(context, o))):
        items = sorted(by_owner[owner], key=lambda a: (not portfolio.is_overdue(a.due), a.due, a.row))
        owners.append(
            OwnerActions(
                person_link(context.policy, owner, page_url),
                _action_rows(context, items, page_url),
                overdue_count(items),
            )
        )
    check_ins = sorted(
        (a for a in open_actions if a.next_check_in and portfolio.relative(a.next_check_in).within(CHECK_IN_DAYS)),
        key=lambda a: (a.next_check_in, a.row),
    )
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
    tracker = ActionsTracker(
        open_count=len(open_actions),
        overdue_count=sum(overdue_count(v) for v in by_owner.values()),
        as_of=as_of.isoformat(),
        owners=owners,
        check_in_days=CHECK_IN_DAYS,
        check_ins=_action_rows(context, check_ins, page_url),
        recent_days=RECENT_DAYS,
        completed=_action_rows(context, recent, page_url),
        missed_updates=missed_updates_table(context, page_url),
    )
    return render("indexes/actions_tracker.html", tracker=tracker)

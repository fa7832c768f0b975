"""Tables of escalations shared by the home page, tier pages and briefings."""

from __future__ import annotations

from ..site_context import SiteContext
from ..workbook.records import Escalation
from .formats import day, money, relative_days
from .fragments import link
from .html import Markup
from .policy_pages import tier_badge
from .tables import table
from .urls import anchor, relative


def term_name(context: SiteContext, vocabulary: str, term_id: str | None) -> str:
    if term_id is None:
        return "—"
    term = context.policy.find_term(vocabulary, term_id)
    return term.name if term else term_id


def concession_name(context: SiteContext, type_id: str) -> str:
    ctype = context.policy.concession_by_id.get(type_id)
    return ctype.name if ctype else type_id


def person_name(context: SiteContext, person_id: str | None) -> str:
    if not person_id:
        return "—"
    person = context.policy.person_by_id.get(person_id)
    return person.name if person else person_id


def escalation_table(
    context: SiteContext,
    escalations: list[Escalation],
    page_url: str,
    *,
    show_tier: bool = True,
    empty: str = "No escalations.",
) -> Markup:
    portfolio = context.portfolio
    headers = (
        ["Escalation", "Account"]
        + (["Tier"] if show_tier else [])
        + ["Status", "Owner", "Opened", "Deadline", "ARR at risk"]
    )
    rows = []
    for escalation in escalations:
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        row: list[object] = [
            link(href + f"#{anchor(escalation.escalation_id)}", escalation.escalation_id),
            link(href, account.name),
        ]
        if show_tier:
            row.append(
                tier_badge(context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier)))
            )
        deadline = day(escalation.deadline)
        if portfolio.is_open(escalation) and escalation.deadline:
            deadline += f" ({relative_days(portfolio.days_left(escalation.deadline))})"
        row += [
            term_name(context, "escalation_statuses", escalation.status),
            person_name(context, escalation.owner),
            day(escalation.opened_on),
            deadline,
            money(portfolio.arr_at_risk(escalation), context.currency),
        ]
        rows.append(row)
    return table(headers, rows, class_="ref-escalations", empty=empty)

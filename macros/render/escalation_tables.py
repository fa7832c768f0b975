"""Tables of escalations shared by the home page, tier pages and briefings."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..site_context import SiteContext
from ..workbook.records import Escalation
from .formats import day, money, relative_days
from .fragments import TierBadge, tier_badge_model
from .person_links import PersonLink, person_link
from .table_cells import Typed, date_cell, link_html, money_cell, tier_badge_html, tier_key
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


@dataclass(frozen=True, slots=True)
class EscalationRow:
    escalation_id: str
    escalation_href: str
    """The escalation's section on its account's briefing."""
    account_name: str
    account_href: str
    tier: TierBadge
    status: str
    owner: PersonLink
    opened: str
    deadline: str
    """The date, and while open how far away it is."""
    arr_at_risk: str


def escalation_rows(context: SiteContext, escalations: list[Escalation], page_url: str) -> list[EscalationRow]:
    portfolio = context.portfolio
    rows = []
    for escalation in escalations:
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        deadline = day(escalation.deadline)
        if portfolio.is_open(escalation) and escalation.deadline:
            deadline += f" ({relative_days(portfolio.days_left(escalation.deadline))})"
        rows.append(
            EscalationRow(
                escalation.escalation_id,
                href + f"#{anchor(escalation.escalation_id)}",
                account.name,
                href,
                tier_badge_model(
                    context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier))
                ),
                term_name(context, "escalation_statuses", escalation.status),
                person_link(context.policy, escalation.owner, page_url),
                day(escalation.opened_on),
                deadline,
                money(portfolio.arr_at_risk(escalation), context.currency),
            )
        )
    return rows


def escalation_table(
    context: SiteContext,
    escalations: list[Escalation],
    page_url: str,
    *,
    show_tier: bool = True,
    show_owner: bool = True,
    empty: str = "No escalations.",
    id_: str | None = None,
) -> Markup:
    """Escalations in a table; with ``id_`` a component table (sortable, filterable, searchable, linkable).

    ``show_owner=False`` drops the Owner column where every row has the same owner (a person's own page).
    """
    portfolio = context.portfolio
    rows = []
    for escalation, row in zip(escalations, escalation_rows(context, escalations, page_url), strict=True):
        cells = [link_html(row.escalation_href, row.escalation_id), link_html(row.account_href, row.account_name)]
        if show_tier:
            cells.append(
                Typed(tier_badge_html(row.tier), tier_key(context.policy, escalation.tier), "tier", row.tier.name)
            )
        cells += [row.status, *([row.owner] if show_owner else [])]
        cells += [
            date_cell(escalation.opened_on, row.opened),
            date_cell(escalation.deadline, row.deadline),
            money_cell(portfolio.arr_at_risk(escalation), context.currency, row.arr_at_risk),
        ]
        rows.append(cells)
    headers = ["Escalation", "Account", *(["Tier"] if show_tier else []), "Status"]
    headers += [*(["Owner"] if show_owner else []), "Opened", "Deadline"]
    return table([*headers, "ARR at risk"], rows, class_="ref-escalations", empty=empty, id_=id_, noun="escalation")

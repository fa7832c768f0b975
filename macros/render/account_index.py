"""The accounts index: every account in the Accounts sheet, escalated or not, in one filterable table."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.attention import renewal_window
from ..site_context import SiteContext
from . import table_views as views
from .escalation_tables import term_name
from .formats import day, money, relative_days
from .fragments import TierBadge, tier_badge_model
from .person_links import PersonLink, person_link
from .table_cells import EMPTY, Typed, link_html, money_key, number_cell, tier_badge_html
from .tables import Column, Table, table_model
from .templating import render
from .urls import relative


@dataclass(frozen=True, slots=True)
class AccountRow:
    name: str
    href: str
    account_id: str
    segment: str
    arr: str
    arr_sort: str
    """The amount as a plain number, for sorting."""
    renewal: str
    """ISO date, or a dash when the sheet has none (it also sorts the column)."""
    days_to_renewal: str
    """'in 12 days', '3 days ago'; empty without a renewal date."""
    days_sort: str
    """Days to renewal as a plain number, for sorting; empty without a renewal date."""
    health: str
    open_tier: TierBadge | None
    """The tier of the most severe open escalation; None when none is open."""
    tier_rank: int
    """Sorts the open-tier column by severity (-1 when none is open)."""
    csm: PersonLink
    ae: PersonLink
    open_escalations: int
    escalations: int


@dataclass(frozen=True, slots=True)
class AccountIndex:
    rows: list[AccountRow]
    csm_label: str
    ae_label: str


def account_index_model(context: SiteContext, page_url: str) -> AccountIndex:
    portfolio = context.portfolio
    policy = context.policy
    rows = []
    for account in portfolio.accounts_by_name():
        days = portfolio.days_to_renewal(account)
        tier = portfolio.open_tier(account.account_id)
        rows.append(
            AccountRow(
                name=account.name,
                href=relative(page_url, context.account_url(account.account_id)),
                account_id=account.account_id,
                segment=term_name(context, "segments", account.segment),
                arr=money(account.arr, account.currency or context.currency),
                arr_sort=f"{account.arr:.2f}",
                renewal=day(account.renewal_date),
                days_to_renewal=relative_days(days) if days is not None else "",
                days_sort=str(days) if days is not None else "",
                health=term_name(context, "health_values", account.health),
                open_tier=tier_badge_model(policy, tier) if tier is not None else None,
                tier_rank=policy.tier_rank(tier) if tier in policy.tier_by_id else -1,
                csm=person_link(context.policy, account.csm, page_url),
                ae=person_link(context.policy, account.ae, page_url),
                open_escalations=len(portfolio.current_escalations(account.account_id)),
                escalations=len(portfolio.escalations_by_account.get(account.account_id, [])),
            )
        )
    team = policy.organisation.account_team
    return AccountIndex(
        rows=rows,
        csm_label=policy.role_name(team.csm) if team.csm else "CSM",
        ae_label=policy.role_name(team.ae) if team.ae else "AE",
    )


def account_table(index: AccountIndex, page_url: str | None = None) -> Table:
    """The accounts index as a component table: typed cells sort by value, the renewal window filters."""
    columns = (
        "Account",
        "ID",
        Column("Segment", filter=True),
        "ARR",
        "Renewal",
        views.DAYS_TO_RENEWAL,
        Column("Health", filter=True),
        Column("Open tier", kind="tier", filter=True),
        Column(index.csm_label, filter=True),
        Column(index.ae_label, filter=True),
        "Open escalations",
        "Escalations",
    )
    rows = []
    for row in index.rows:
        days = int(row.days_sort) if row.days_sort else None
        rows.append(
            (
                link_html(row.href, row.name),
                row.account_id,
                row.segment,
                Typed(row.arr, money_key(account_arr(row)), "money"),
                Typed(row.renewal, "" if row.renewal == EMPTY else row.renewal, "date"),
                Typed(
                    row.days_to_renewal or EMPTY, row.days_sort, "duration", views.RENEWAL_LABELS[renewal_window(days)]
                ),
                row.health,
                Typed(tier_badge_html(row.open_tier), str(row.tier_rank), "tier", row.open_tier.name)
                if row.open_tier
                else Typed(NONE_OPEN, "", "tier"),
                row.csm,
                row.ae,
                number_cell(row.open_escalations),
                number_cell(row.escalations),
            )
        )
    return table_model(
        columns,
        rows,
        class_="ref-accounts",
        empty="The Accounts sheet has no rows.",
        id_=views.ACCOUNTS,
        noun="account",
        caption="Accounts",
        page_url=page_url,
    )


def account_arr(row: AccountRow) -> float:
    return float(row.arr_sort)


NONE_OPEN = "None"
"""The open tier of an account with no open escalation, and the filter's value for them (last in the list)."""


def account_index(context: SiteContext, page_url: str) -> Markup:
    """Every account. A complete plain table; escalation-table.js adds sorting, filters and search on top."""
    return render("indexes/account_index.html", table=account_table(account_index_model(context, page_url), page_url))

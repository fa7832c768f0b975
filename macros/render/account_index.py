"""The accounts index: every account in the Accounts sheet, escalated or not, in one filterable table."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..site_context import SiteContext
from .escalation_tables import term_name
from .formats import day, money, relative_days
from .fragments import TierBadge, tier_badge_model
from .person_links import person_link
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
    csm: str
    ae: str
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


def account_index(context: SiteContext, page_url: str) -> Markup:
    """Every account. A complete plain table; escalation-table.js adds filters and sorting on top."""
    return render("indexes/account_index.html", index=account_index_model(context, page_url))

"""Pages generated at build time from the data (never committed as Markdown).

Each page is Markdown rendered from a template in ``templates/pages/`` (headings escaped for Markdown, the body
escaped HTML blocks). The page itself is never rendered by mkdocs-macros (``render_by_default: false``), and text
from the workbook is only ever a value in a template, so it cannot execute.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..site_context import SiteContext
from .departures import departures_table
from .escalation_tables import escalation_table
from .fragments import TierBadge, tier_badge_model
from .policy_pages import (
    criteria_list,
    protocol_fragment,
    response_targets_table,
    tier_stakeholders_table,
    time_escalation,
)
from .templating import render
from .urls import anchor, relative


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    """Path as if under docs/, e.g. ``tiers/red.md``."""
    url: str
    """Site-relative URL, e.g. ``tiers/red/``."""
    title: str
    content: str
    search: tuple = ()
    """The page's search entries from the data (:class:`.search_facts.SearchSection`); when empty the search
    reads the page's HTML."""


@dataclass(frozen=True)
class GeneratedFile:
    """A file other than a page generated at build time: the blank workbook offered for download, a chart."""

    src_uri: str
    """Path as if under docs/, e.g. ``templates/escalation-log-template.xlsx``."""
    content: str | bytes


TEMPLATE_WORKBOOK = "templates/escalation-log-template.xlsx"


def generated_files(context: SiteContext, site_url: str | None = None) -> list[GeneratedFile]:
    """Downloads built from the data: the blank escalation-log workbook (the same in every scope) and, in the
    full scope, the calendar feeds (their events link to the site under ``site_url`` when it is known)."""
    from ..workbook.template import template_bytes
    from .calendar_files import calendar_files

    return [GeneratedFile(TEMPLATE_WORKBOOK, template_bytes(context.policy)), *calendar_files(context, site_url)]


@dataclass(frozen=True, slots=True)
class TierPage:
    title: str
    name: str
    badge: TierBadge
    level: int
    levels: int
    summary: str
    criteria: Markup
    time_escalation: Markup
    response_targets: Markup
    stakeholders: Markup
    protocol: Markup
    """Empty when the policy sets no communication protocol for the tier."""
    full: bool
    """The full site (with account data): the tier's open escalations and departures from policy are shown."""
    current: list
    current_table: Markup
    departures_table: Markup


def tier_page_model(context: SiteContext, tier_id: str) -> TierPage:
    policy = context.policy
    tier = policy.tier_by_id[tier_id]
    url = context.tier_url(tier_id)
    items = context.portfolio.open_by_tier().get(tier_id, []) if context.full else []
    return TierPage(
        title=f"{tier.name} tier",
        name=tier.name,
        badge=tier_badge_model(policy, tier_id),
        level=policy.tier_rank(tier_id) + 1,
        levels=len(policy.tiers),
        summary=tier.summary,
        criteria=criteria_list(policy, tier_id),
        time_escalation=time_escalation(policy, tier_id, url),
        response_targets=response_targets_table(policy, tier_id),
        stakeholders=tier_stakeholders_table(policy, tier_id),
        protocol=protocol_fragment(policy, tier_id, url, heading="h3"),
        full=context.full,
        current=items,
        current_table=escalation_table(
            context, items, url, show_tier=False, empty="No open escalations in this tier.", id_="tier-escalations"
        )
        if context.full
        else Markup(""),
        departures_table=departures_table(
            context, items, url, empty="None: every open escalation in this tier is within policy."
        )
        if context.full
        else Markup(""),
    )


def tier_page(context: SiteContext, tier_id: str) -> GeneratedPage:
    model = tier_page_model(context, tier_id)
    return _page_from_template(f"tiers/{tier_id}.md", model.title, "pages/tier.md", page=model)


@dataclass(frozen=True, slots=True)
class BriefingEscalation:
    escalation_id: str
    anchor: str
    issue: str
    section: Markup
    """The escalation's part of the briefing (``briefing/escalation.html``)."""


@dataclass(frozen=True, slots=True)
class AccountPage:
    title: str
    name: str
    as_of: str
    header: Markup
    current: list[BriefingEscalation]
    past: list[BriefingEscalation]
    """Newest first."""
    past_table: Markup
    site_root: str
    """The relative path from the page to the site root (for an override that shows a logo, say)."""
    escalated: bool
    """The account has had at least one escalation; a page without any says "no escalations yet"."""


def account_page_model(context: SiteContext, account) -> AccountPage:
    from .briefing import account_header, escalation_section, past_table

    portfolio = context.portfolio
    url = context.account_url(account.account_id)
    current = portfolio.current_escalations(account.account_id)
    past = portfolio.past_escalations(account.account_id)

    def item(escalation, *, is_current: bool) -> BriefingEscalation:
        section = escalation_section(context, escalation, url, current=is_current)
        return BriefingEscalation(escalation.escalation_id, anchor(escalation.escalation_id), escalation.issue, section)

    return AccountPage(
        title=account.name,
        name=account.name,
        as_of=context.dataset.as_of.isoformat(),
        header=account_header(context, account),
        current=[item(e, is_current=True) for e in current],
        past=[item(e, is_current=False) for e in sorted(past, key=lambda e: e.opened_on, reverse=True)],
        past_table=past_table(context, past, url) if past else Markup(""),
        site_root=relative(url, ""),
        escalated=bool(current or past),
    )


def account_page(context: SiteContext, account) -> GeneratedPage:
    from dataclasses import replace

    from .search_facts import account_sections

    model = account_page_model(context, account)
    src_uri = f"accounts/{context.account_slugs[account.account_id]}.md"
    page = _page_from_template(src_uri, model.title, "pages/account.md", page=model, site_root=model.site_root)
    portfolio = context.portfolio
    escalations = portfolio.current_escalations(account.account_id) + sorted(
        portfolio.past_escalations(account.account_id), key=lambda e: e.opened_on, reverse=True
    )
    return replace(page, search=account_sections(context, account, escalations))


def _page_from_template(src_uri: str, title: str, name: str, **values: object) -> GeneratedPage:
    """A generated page whose whole Markdown (front matter included) comes from a template in ``pages/``."""
    return GeneratedPage(src_uri, src_uri.removesuffix(".md") + "/", title, str(render(name, **values)))


def generated_pages(context: SiteContext, cache=None) -> list[GeneratedPage]:
    """``cache`` (a :class:`macros.page_cache.PageCache`), when given, keeps briefings whose data did not change
    since the previous build of the process (``mkdocs serve``)."""
    from .person_pages import person_pages

    # Every person has a page, in either scope.
    return (
        [tier_page(context, t.id) for t in context.policy.tiers] + account_pages(context, cache) + person_pages(context)
    )


def account_pages(context: SiteContext, cache=None) -> list[GeneratedPage]:
    """The briefings: every account has a page in the full scope, escalated or not, so that every account id has a
    URL. ``cache`` as in :func:`generated_pages`."""
    if not context.full:
        return []
    accounts = context.portfolio.accounts_by_name()
    if cache is None:
        return [account_page(context, a) for a in accounts]
    from ..page_cache import briefing_inputs

    return [
        cache.page(a.account_id, briefing_inputs(context, a), lambda a=a: account_page(context, a)) for a in accounts
    ]

"""Pages generated at build time from the data (never committed as Markdown).

Each page is Markdown whose headings are escaped Markdown and whose body is escaped HTML blocks; none of it is
ever rendered as a Jinja template, so text from the workbook cannot execute.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..site_context import SiteContext
from .departures import departures_table
from .escalation_tables import escalation_table
from .html import Markup, esc, md_inline, unsearchable
from .policy_pages import (
    criteria_list,
    protocol_fragment,
    response_targets_table,
    tier_badge,
    tier_stakeholders_table,
    time_escalation,
)
from .urls import anchor


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    """Path as if under docs/, e.g. ``tiers/red.md``."""
    url: str
    """Site-relative URL, e.g. ``tiers/red/``."""
    title: str
    content: str


@dataclass(frozen=True)
class GeneratedFile:
    """A file other than a page generated at build time, e.g. the blank workbook offered for download."""

    src_uri: str
    """Path as if under docs/, e.g. ``templates/escalation-log-template.xlsx``."""
    content: bytes


TEMPLATE_WORKBOOK = "templates/escalation-log-template.xlsx"


def generated_files(context: SiteContext, site_url: str | None = None) -> list[GeneratedFile]:
    """Downloads built from the data: the blank escalation-log workbook (the same in every scope) and, in the
    full scope, the calendar feeds (their events link to the site under ``site_url`` when it is known)."""
    from ..workbook.template import template_bytes
    from .calendar_files import calendar_files

    return [GeneratedFile(TEMPLATE_WORKBOOK, template_bytes(context.policy)), *calendar_files(context, site_url)]


def _page(src_uri: str, title: str, sections: list[str]) -> GeneratedPage:
    url = src_uri.removesuffix(".md") + "/"
    safe_title = " ".join(title.replace("<", "").replace(">", "").split())
    front = f"---\ntitle: {_yaml_string(safe_title)}\n---\n\n"
    return GeneratedPage(src_uri, url, title, front + "\n\n".join(s for s in sections if s) + "\n")


def _yaml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _html(fragment: Markup, *, searchable: bool = True) -> str:
    """An HTML block for Markdown: one line group, no blank lines inside. Unsearchable blocks are left out of
    the search index (see :func:`.html.block`)."""
    text = str(fragment).replace("\n\n", "\n")
    return text if searchable else str(unsearchable(Markup(text)))


def tier_page(context: SiteContext, tier_id: str) -> GeneratedPage:
    policy = context.policy
    tier = policy.tier_by_id[tier_id]
    url = context.tier_url(tier_id)
    level = policy.tier_rank(tier_id) + 1
    sections = [
        f"# {md_inline(tier.name)} tier",
        _html(
            Markup(
                f'<p class="ref-tier-head">{tier_badge(policy, tier_id)} '
                f'<span class="ref-muted">Level {level} of {len(policy.tiers)}</span></p>'
                f"<p>{esc(tier.summary)}</p>"
            )
        ),
        "## When an escalation is in this tier",
        _html(Markup(criteria_list(policy, tier_id) + time_escalation(policy, tier_id, url))),
        "## Response targets",
        _html(response_targets_table(policy, tier_id)),
        "## Who is involved",
        _html(tier_stakeholders_table(policy, tier_id)),
        "## Communication",
        _html(protocol_fragment(policy, tier_id, url, heading="h3")),
    ]
    if context.full:
        items = context.portfolio.open_by_tier().get(tier_id, [])
        sections += [
            f"## Current escalations ({len(items)})",
            _html(
                escalation_table(context, items, url, show_tier=False, empty="No open escalations in this tier."),
                searchable=False,
            ),
            "## Departures from policy",
            _html(
                departures_table(
                    context, items, url, empty="None: every open escalation in this tier is within policy."
                ),
                searchable=False,
            ),
        ]
    return _page(f"tiers/{tier_id}.md", f"{tier.name} tier", sections)


def account_page(context: SiteContext, account) -> GeneratedPage:
    from .briefing import account_header, escalation_section, past_table

    portfolio = context.portfolio
    url = context.account_url(account.account_id)
    current = portfolio.current_escalations(account.account_id)
    past = portfolio.past_escalations(account.account_id)
    sections = [
        f"# {md_inline(account.name)}",
        _html(
            Markup(
                f'<p class="ref-muted ref-print-note" data-as-of="{esc(context.dataset.as_of.isoformat())}">'
                "Executive briefing, as of "
                f"{esc(context.dataset.as_of.isoformat())}. Internal: do not forward.</p>"
            ),
            searchable=False,
        ),
        _html(account_header(context, account), searchable=False),
    ]
    for escalation in current:
        sections += [
            f"## {md_inline(escalation.escalation_id)}: current escalation "
            f"{{ #{anchor(escalation.escalation_id)} data-search-exclude }}",
            _html(Markup(escalation_section(context, escalation, url, current=True)), searchable=False),
        ]
    if not current:
        sections.append(_html(Markup('<p class="ref-empty">No open escalation.</p>'), searchable=False))
    if past:
        sections += [
            "## Past escalations { data-search-exclude }",
            _html(past_table(context, past, url), searchable=False),
        ]
        for escalation in sorted(past, key=lambda e: e.opened_on, reverse=True):
            sections.append(
                _html(
                    Markup(
                        f'<details class="ref-past-detail" id="{esc(anchor(escalation.escalation_id))}"><summary>'
                        f"{esc(escalation.escalation_id)}: {esc(escalation.issue)}</summary>"
                        f"{escalation_section(context, escalation, url, current=False)}</details>"
                    ),
                    searchable=False,
                )
            )
    return _page(f"accounts/{context.account_slugs[account.account_id]}.md", account.name, sections)


def generated_pages(context: SiteContext) -> list[GeneratedPage]:
    pages = [tier_page(context, t.id) for t in context.policy.tiers]
    if context.full:
        pages += [account_page(context, a) for a in context.portfolio.accounts_with_escalations()]
    return pages

"""The daily digest as Markdown (a CI job summary), JSON (scripts) or a Slack-compatible webhook payload.

One neutral view (:func:`digest_view`: owner → sections → lines with a link) feeds all three, so the formats never
disagree. Text from the data is escaped for each format: Markdown and HTML specials for Markdown, ``& < >`` for
Slack's mrkdwn; links are only the site's own pages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..analysis.digest import Digest, OwnerDigest
from ..analysis.reminders import DueItem
from ..analysis.response_targets import TARGET_LABELS
from ..site_context import SiteContext
from .calendar_files import absolute, item_page
from .urls import anchor

SECTIONS: tuple[tuple[str, str], ...] = (
    ("overdue", "Overdue"),
    ("due_today", "Due today"),
    ("due_this_week", "Due this week"),
    ("opened", "Escalations opened since the previous business day"),
    ("tier_changes", "Tier changes since the previous business day"),
    ("breaches", "Response targets breached"),
    ("authority_findings", "Approvals outside authority"),
)
SLACK_SECTION_LIMIT = 3000
"""Characters Slack accepts in one section block's text."""
SLACK_BLOCK_LIMIT = 50
"""Blocks Slack accepts in one message."""


@dataclass(frozen=True)
class Line:
    text: str
    url: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnerView:
    person_id: str
    name: str
    sections: dict[str, list[Line]]


def _page(site_url: str | None, path: str) -> str:
    return absolute(site_url, path)


def _item_line(context: SiteContext, site_url: str | None, item: DueItem) -> Line:
    text = f"{item.title} ({item.account_name}), {item.day.isoformat()}"
    if item.at is not None:
        text = f"{item.title} ({item.account_name}), {item.at.strftime('%Y-%m-%d %H:%M')}"
    facts = {
        "kind": item.kind,
        "day": item.day.isoformat(),
        "escalation_id": item.escalation_id,
        "account_id": item.account_id,
    }
    return Line(text, _page(site_url, item_page(context, item)), facts)


def _escalation_path(context: SiteContext, escalation) -> str:
    return context.account_url(escalation.account_id) + f"#{anchor(escalation.escalation_id)}"


def _owner_view(context: SiteContext, site_url: str | None, owner: OwnerDigest) -> OwnerView:
    policy = context.policy
    portfolio = context.portfolio
    person = policy.person_by_id.get(owner.person_id)

    def tier_name(tier_id: str) -> str:
        tier = policy.tier_by_id.get(tier_id)
        return tier.name if tier else tier_id

    sections: dict[str, list[Line]] = {
        "overdue": [_item_line(context, site_url, i) for i in owner.overdue],
        "due_today": [_item_line(context, site_url, i) for i in owner.due_today],
        "due_this_week": [_item_line(context, site_url, i) for i in owner.due_this_week],
        "opened": [
            Line(
                f"{e.escalation_id} {e.issue} ({portfolio.account_of(e).name}), {tier_name(e.tier)}, "
                f"opened {e.opened_on.strftime('%Y-%m-%d %H:%M')}",
                _page(site_url, _escalation_path(context, e)),
                {"escalation_id": e.escalation_id, "account_id": e.account_id, "tier": e.tier},
            )
            for e in owner.opened
        ],
        "tier_changes": [
            Line(
                f"{c.escalation.escalation_id} ({portfolio.account_of(c.escalation).name}): the policy tier moved "
                f"from {tier_name(c.before)} to {tier_name(c.after)} (recorded: {tier_name(c.escalation.tier)})",
                _page(site_url, _escalation_path(context, c.escalation)),
                {"escalation_id": c.escalation.escalation_id, "before": c.before, "after": c.after},
            )
            for c in owner.tier_changes
        ],
        "breaches": [
            Line(
                f"{b.escalation.escalation_id} ({portfolio.account_of(b.escalation).name}): "
                f"{TARGET_LABELS.get(b.result.target, b.result.target)}: {b.result.detail}",
                _page(site_url, _escalation_path(context, b.escalation)),
                {"escalation_id": b.escalation.escalation_id, "target": b.result.target},
            )
            for b in owner.breaches
        ],
        "authority_findings": [
            Line(
                f"{f.commitment.commitment_id}: " + "; ".join(x.reason for x in f.verdict.findings),
                _page(site_url, f"commitments/#{anchor(f.commitment.commitment_id)}"),
                {"commitment_id": f.commitment.commitment_id, "status": f.verdict.status},
            )
            for f in owner.authority_findings
        ],
    }
    return OwnerView(owner.person_id, person.name if person else owner.person_id, sections)


def digest_view(context: SiteContext, digest: Digest, site_url: str | None) -> list[OwnerView]:
    return [_owner_view(context, site_url, owner) for owner in digest.owners]


def _heading(context: SiteContext, digest: Digest) -> str:
    company = context.policy.organisation.company.name
    return f"{company} escalation digest, {digest.as_of.isoformat()}"


# --- JSON ----------------------------------------------------------------------------------------------------------
def to_json(context: SiteContext, digest: Digest, site_url: str | None) -> str:
    owners = [
        {
            "person": view.person_id,
            "name": view.name,
            **{
                key: [{"text": line.text, "url": line.url, **line.facts} for line in view.sections[key]]
                for key, _ in SECTIONS
            },
        }
        for view in digest_view(context, digest, site_url)
    ]
    document = {
        "as_of": digest.as_of.isoformat(),
        "since": digest.since.isoformat(),
        "site_url": site_url,
        "owners": owners,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- Markdown ------------------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!|~])")


def md_text(value: str) -> str:
    """Plain text for Markdown: HTML specials as entities, Markdown punctuation backslash-escaped, one line."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_link(text: str, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return f"[{md_text(text)}]({url})"
    return f"{md_text(text)} ({md_text(url)})" if url else md_text(text)


def to_markdown(context: SiteContext, digest: Digest, site_url: str | None) -> str:
    views = digest_view(context, digest, site_url)
    lines = [f"# {md_text(_heading(context, digest))}", ""]
    lines.append(
        f"Changes counted since the start of {digest.since.isoformat()} (the previous business day)."
        if views
        else "Nothing is overdue or due this week, and nothing changed since the previous business day."
    )
    for view in views:
        lines += ["", f"## {md_text(view.name)}"]
        for key, title in SECTIONS:
            entries = view.sections[key]
            if entries:
                lines += ["", f"**{title}** ({len(entries)})", ""]
                lines += [f"- {_md_link(line.text, line.url)}" for line in entries]
    return "\n".join(lines) + "\n"


# --- Slack-compatible webhook payload -----------------------------------------------------------------------------
def slack_text(value: str) -> str:
    """Text for Slack's mrkdwn: only ``& < >`` are special (and ``<`` would start a link or a mention)."""
    return " ".join(str(value).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(text: str, url: str) -> str:
    if url.startswith(("http://", "https://")) and not any(c in url for c in "|<> "):
        return f"<{url}|{slack_text(text)}>"
    return slack_text(text)


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 2].rsplit("\n", 1)[0]
    return cut + "\n…"


def to_slack(context: SiteContext, digest: Digest, site_url: str | None) -> dict[str, Any]:
    """An incoming-webhook message: ``text`` (the notification and fallback) and ``blocks``, one section per
    owner, each within Slack's limits; owners beyond the block limit are counted in a last line."""
    views = digest_view(context, digest, site_url)
    heading = _heading(context, digest)
    summary = f"{len(views)} {'person has' if len(views) == 1 else 'people have'} something due or new."
    if not views:
        summary = "Nothing is overdue or due this week, and nothing changed since the previous business day."
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": heading[:150]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": slack_text(summary)}]},
    ]
    room = SLACK_BLOCK_LIMIT - len(blocks) - 1
    for view in views[:room]:
        parts = [f"*{slack_text(view.name)}*"]
        for key, title in SECTIONS:
            entries = view.sections[key]
            if entries:
                parts.append(f"_{title}_ ({len(entries)})")
                parts += [f"• {_slack_link(line.text, line.url)}" for line in entries]
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _fit("\n".join(parts), SLACK_SECTION_LIMIT)}}
        )
    if len(views) > room:
        more = f"…and {len(views) - room} more people: see the site."
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return {"text": slack_text(f"{heading}: {summary}"), "blocks": blocks}

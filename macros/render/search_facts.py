"""What a generated page says to the site search, built from the data rather than read back from its HTML.

One :class:`SearchSection` per place a search result should land: a briefing itself, each of its escalations and
each commitment. Each carries its one id (shown first in its snippet or its title, ``ESC-2026-0012: Competitor evaluation``),
which the glue puts in a field the search ranks above titles. One id
per section: the search splits ``ESC-2026-0035`` at its hyphens, so a section holding one id matches all the
parts of that id, and no other section does. ``facts`` are
a few short plain-text phrases shown as the result's snippet (few, so that the index stays small with thousands
of accounts). Plain text: the MkDocs glue escapes it when it writes the search index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..site_context import SiteContext
from .escalation_tables import concession_name, person_name, term_name
from .formats import day


@dataclass(frozen=True, slots=True)
class SearchSection:
    anchor: str
    """The section's anchor on the page; empty for the page itself."""
    title: str
    ids: tuple[str, ...] = ()
    """The id the section is about (also in its title)."""
    facts: tuple[str, ...] = ()


def account_sections(context: SiteContext, account, escalations: list) -> tuple[SearchSection, ...]:
    """The briefing's entries: the account's facts, then one per escalation (in the page's order)."""
    from .urls import anchor

    open_tier = context.portfolio.open_tier(account.account_id)
    facts = (
        account.account_id,
        f"open {_tier_name(context, open_tier)}" if open_tier else "",
        term_name(context, "segments", account.segment) if account.segment else "",
        f"renews {day(account.renewal_date)}" if account.renewal_date else "",
        person_name(context, account.csm) if account.csm else "",
    )
    sections = [SearchSection("", account.name, (account.account_id,), _present(facts))]
    commitments = context.portfolio.commitments_by_escalation
    for escalation in escalations:
        blocker = term_name(context, "blocker_types", escalation.blocker_type) if escalation.blocker_type else ""
        facts = (
            _tier_name(context, escalation.tier),
            term_name(context, "escalation_statuses", escalation.status),
            person_name(context, escalation.owner) if escalation.owner else "",
        )
        title = f"{escalation.escalation_id}: {blocker}" if blocker else escalation.escalation_id
        sections.append(
            SearchSection(anchor(escalation.escalation_id), title, (escalation.escalation_id,), _present(facts))
        )
        for commitment in commitments.get(escalation.escalation_id, []):
            sections.append(_commitment_section(context, escalation, commitment))
    return tuple(sections)


def _commitment_section(context: SiteContext, escalation, commitment) -> SearchSection:
    """A commitment's own entry (one id per entry: an id's parts, split by the search, then match no other)."""
    from .urls import anchor

    facts = (
        escalation.escalation_id,
        term_name(context, "commitment_statuses", commitment.status),
    )
    title = f"{commitment.commitment_id}: {concession_name(context, commitment.type)}"
    return SearchSection(anchor(commitment.commitment_id), title, (commitment.commitment_id,), _present(facts))


def _tier_name(context: SiteContext, tier_id: str) -> str:
    tier = context.policy.tier_by_id.get(tier_id)
    return f"{tier.name} tier" if tier else tier_id


def _present(facts) -> tuple[str, ...]:
    return tuple(" ".join(str(f).split()) for f in facts if f)

"""The executive briefing: one print-ready page per account that has escalations.

Each function builds a view model and renders it from its template in ``templates/briefing/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.involvement import role_coverage
from ..site_context import SiteContext
from ..workbook.records import Account, Escalation
from .commitment_cells import Verdict
from .escalation_tables import concession_name, term_name
from .formats import day, moment, money, relative_days
from .fragments import ExternalLink, TierBadge, external_link_model, tier_badge_model
from .person_links import PersonLink, person_link
from .templating import render
from .urls import anchor, relative

LATEST_UPDATES = 5
NOTHING = Markup("")


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: object
    link: ExternalLink | None = None
    """Shown instead of ``value`` when set: a link from data (the escalation's play)."""


@dataclass(frozen=True, slots=True)
class Intake:
    facts: list[Fact]
    narrative: list[Fact]
    """The free-text fields; an empty one shows a dash."""


@dataclass(frozen=True, slots=True)
class InvolvementRow:
    role: str
    raci: str
    required: bool
    who: str
    gap: bool
    """A required role nobody in which is involved."""
    involved: bool


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: str
    owner: str
    due: str
    status: str
    check_in: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    commitment_id: str
    type: str
    description: str
    owner: str
    due: str
    status: str
    value: str
    approved_by: str
    verdict: Verdict
    anchor: str = ""
    """The row's id on the briefing, so that a search for the commitment id lands on it."""


@dataclass(frozen=True, slots=True)
class UpdateItem:
    when: str
    author: str
    audience: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class PastRow:
    escalation_id: str
    anchor: str
    tier: TierBadge
    opened: str
    resolved: str
    outcome: str
    issue: str


@dataclass(frozen=True, slots=True)
class EscalationSection:
    tier: TierBadge
    status: str
    current: bool
    tier_reason: Markup
    intake: Markup
    commitments: Markup
    updates: Markup
    involvement: Markup = NOTHING
    targets: Markup = NOTHING
    missed_updates: Markup = NOTHING
    """Status updates missed on the tier's cadence (a line under the targets), or nothing."""
    open_actions: Markup = NOTHING
    completed_count: int = 0
    completed_actions: Markup = NOTHING
    all_actions: Markup = NOTHING


def _person(context: SiteContext, person_id: str | None, account_id: str) -> PersonLink:
    """A person as shown on the briefing of ``account_id`` (every part of a briefing is on its account's page)."""
    return person_link(context.policy, person_id, context.account_url(account_id))


def account_facts(context: SiteContext, account: Account) -> list[Fact]:
    portfolio = context.portfolio
    renewal = day(account.renewal_date)
    if account.renewal_date:
        renewal += f" ({relative_days(portfolio.days_to_renewal(account))})"
    team = context.policy.organisation.account_team
    label = context.policy.role_name
    return [
        Fact("Account", f"{account.name} ({account.account_id})"),
        Fact("Segment", term_name(context, "segments", account.segment)),
        Fact("Region", account.region or "—"),
        Fact("ARR", money(account.arr, account.currency or context.currency)),
        Fact("Renewal", renewal),
        Fact("Health", term_name(context, "health_values", account.health)),
        Fact(label(team.csm) if team.csm else "CSM", _person(context, account.csm, account.account_id)),
        Fact(label(team.ae) if team.ae else "AE", _person(context, account.ae, account.account_id)),
        Fact(
            label(team.exec_sponsor) if team.exec_sponsor else "Exec sponsor",
            _person(context, account.exec_sponsor, account.account_id),
        ),
    ]


def account_header(context: SiteContext, account: Account) -> Markup:
    return render("briefing/facts.html", facts=account_facts(context, account))


def intake_model(context: SiteContext, escalation: Escalation) -> Intake:
    portfolio = context.portfolio
    deadline = day(escalation.deadline)
    if portfolio.is_open(escalation) and escalation.deadline:
        deadline += f" ({relative_days(portfolio.days_left(escalation.deadline))})"
    play = escalation.play
    pattern = context.policy.log_values.plays.url_pattern
    play_fact = Fact("Play", play or "—")
    if play and pattern:
        from urllib.parse import quote

        play_fact = Fact("Play", play, external_link_model(pattern.replace("{play}", quote(play, safe="")), play))
    facts = [
        Fact("Opened", moment(escalation.opened_on)),
        Fact("Status", term_name(context, "escalation_statuses", escalation.status)),
        Fact("Owner", _person(context, escalation.owner, escalation.account_id)),
        Fact("Blocker", term_name(context, "blocker_types", escalation.blocker_type)),
        Fact("Deadline", deadline),
        Fact("ARR at risk", money(portfolio.arr_at_risk(escalation), context.currency)),
        play_fact,
    ]
    if not portfolio.is_open(escalation):
        facts.insert(2, Fact("Resolved", moment(escalation.resolved_on)))
        facts.insert(3, Fact("Outcome", term_name(context, "outcomes", escalation.outcome)))
    narrative = [
        Fact("Issue", escalation.issue),
        Fact("Impact", escalation.impact),
        Fact("Requested support", escalation.requested_support),
        Fact("Desired outcome", escalation.desired_outcome),
        Fact("Talking points", escalation.talking_points),
        Fact("Risks", escalation.risks),
    ]
    return Intake(facts, narrative)


def intake(context: SiteContext, escalation: Escalation, page_url: str) -> Markup:
    return render("briefing/intake.html", intake=intake_model(context, escalation))


def involvement_rows(context: SiteContext, escalation: Escalation) -> list[InvolvementRow]:
    return [
        InvolvementRow(
            context.policy.role_name(item.role),
            item.raci.capitalize(),
            item.required,
            _involved(context, item.people, escalation.account_id),
            item.gap,
            bool(item.people),
        )
        for item in role_coverage(context.policy, context.portfolio, escalation)
    ]


def _involved(context: SiteContext, people, account_id: str) -> Markup | str:
    """ "Name (how); Name (how)", each name linked to its person's page."""
    if not people:
        return "—"
    page_url = context.account_url(account_id)
    return Markup("; ").join(
        Markup("{} ({})").format(person_link(context.policy, p, page_url), how) for p, how in people
    )


def involvement_table(context: SiteContext, escalation: Escalation) -> Markup:
    return render("briefing/involvement.html", rows=involvement_rows(context, escalation))


def action_rows(
    context: SiteContext, escalation: Escalation, *, open_only: bool = False, done_only: bool = False
) -> list[ActionRow]:
    portfolio = context.portfolio
    actions = portfolio.actions_by_escalation.get(escalation.escalation_id, [])
    rows = []
    for action in sorted(actions, key=lambda a: (portfolio.action_done(a), a.due, a.row)):
        done = portfolio.action_done(action)
        if (open_only and done) or (done_only and not done):
            continue
        overdue = not done and portfolio.is_overdue(action.due)
        rows.append(
            ActionRow(
                action.action,
                _person(context, action.owner, escalation.account_id),
                day(action.due) + (" (overdue)" if overdue else ""),
                term_name(context, "action_statuses", action.status),
                day(action.next_check_in) if not done else f"done {day(action.completed_on)}",
                overdue,
            )
        )
    return rows


def actions_table(
    context: SiteContext, escalation: Escalation, *, open_only: bool = False, done_only: bool = False
) -> Markup:
    rows = action_rows(context, escalation, open_only=open_only, done_only=done_only)
    return render("briefing/actions.html", rows=rows)


def commitment_rows(context: SiteContext, escalation: Escalation) -> list[CommitmentRow]:
    from .commitment_cells import commitment_value, verdict_model

    return [
        CommitmentRow(
            c.commitment_id,
            concession_name(context, c.type),
            c.description,
            _person(context, c.owner, escalation.account_id),
            day(c.due),
            term_name(context, "commitment_statuses", c.status),
            commitment_value(context, c),
            _person(context, c.approved_by, escalation.account_id),
            verdict_model(context, c),
            anchor(c.commitment_id),
        )
        for c in context.portfolio.commitments_by_escalation.get(escalation.escalation_id, [])
    ]


def commitments_table(context: SiteContext, escalation: Escalation) -> Markup:
    return render("briefing/commitments.html", rows=commitment_rows(context, escalation))


def updates_timeline(context: SiteContext, escalation: Escalation, limit: int | None = LATEST_UPDATES) -> Markup:
    """Newest first; past ``limit``, the earlier updates are folded away (and not printed)."""
    updates = [
        UpdateItem(moment(u.date), _person(context, u.author, escalation.account_id), u.audience, u.summary)
        for u in reversed(context.portfolio.updates_by_escalation.get(escalation.escalation_id, []))
    ]
    shown = limit or len(updates)
    folded = max(len(updates) - shown, 0)
    folded_label = f"{folded} earlier update{'s' if folded != 1 else ''}"
    return render("briefing/updates.html", updates=updates, shown=shown, folded=folded, folded_label=folded_label)


def escalation_model(
    context: SiteContext, escalation: Escalation, page_url: str, *, current: bool
) -> EscalationSection:
    from .cadence_cells import missed_updates_note
    from .governance_cells import targets_table, tier_reason

    badge = tier_badge_model(context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier)))
    common = {
        "tier": badge,
        "status": term_name(context, "escalation_statuses", escalation.status),
        "current": current,
        "tier_reason": tier_reason(context, escalation),
        "intake": intake(context, escalation, page_url),
        "commitments": commitments_table(context, escalation),
    }
    if not current:
        return EscalationSection(
            **common,
            updates=updates_timeline(context, escalation, limit=None),
            all_actions=actions_table(context, escalation),
        )
    portfolio = context.portfolio
    done = [a for a in portfolio.actions_by_escalation.get(escalation.escalation_id, []) if portfolio.action_done(a)]
    return EscalationSection(
        **common,
        updates=updates_timeline(context, escalation),
        involvement=involvement_table(context, escalation),
        targets=targets_table(context, escalation),
        missed_updates=missed_updates_note(context, escalation),
        open_actions=actions_table(context, escalation, open_only=True),
        completed_count=len(done),
        completed_actions=actions_table(context, escalation, done_only=True) if done else NOTHING,
    )


def escalation_section(context: SiteContext, escalation: Escalation, page_url: str, *, current: bool) -> Markup:
    model = escalation_model(context, escalation, page_url, current=current)
    return render("briefing/escalation.html", escalation=model)


def past_rows(context: SiteContext, escalations: list[Escalation]) -> list[PastRow]:
    return [
        PastRow(
            e.escalation_id,
            anchor(e.escalation_id),
            tier_badge_model(context.policy, e.tier),
            day(e.opened_on),
            day(e.resolved_on),
            term_name(context, "outcomes", e.outcome),
            e.issue,
        )
        for e in sorted(escalations, key=lambda e: e.opened_on, reverse=True)
    ]


def past_table(context: SiteContext, escalations: list[Escalation], page_url: str) -> Markup:
    return render("briefing/past.html", rows=past_rows(context, escalations))

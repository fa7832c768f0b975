"""Fragments for the playbook pages: tiers, stakeholder matrix, communication protocols, approval matrix."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..policy.authority import chain_levels
from ..policy.model import Policy
from ..policy.stakeholders import RACI_ORDER
from .approval_grid import GridView, grid_model
from .fragments import TierBadge, tier_badge_model
from .person_links import PersonLink, people_links, person_link
from .policy_text import describe_escalation_test, describe_request_test
from .tables import Table, table, table_model
from .templating import render
from .urls import relative

TARGET_LABELS = {
    "acknowledge": "Acknowledge",
    "exec_engaged": "Executive sponsor engaged",
    "status_update_every": "Status update at least every",
    "review_within": "Post-escalation review within",
}
TARGET_FROM = {
    "acknowledge": "from opening",
    "exec_engaged": "from opening",
    "status_update_every": "while open",
    "review_within": "from resolution",
}


@dataclass(frozen=True, slots=True)
class Criterion:
    description: str
    tests: list[str]


@dataclass(frozen=True, slots=True)
class TimeEscalation:
    after: str
    to: TierBadge


def criteria_list(policy: Policy, tier_id: str) -> Markup:
    criteria = [
        Criterion(c.description, [describe_escalation_test(policy, f, b) for f, b in c.when.items()])
        for c in policy.tier_by_id[tier_id].criteria
    ]
    return render("policy/criteria.html", criteria=criteria)


def time_escalation(policy: Policy, tier_id: str, page_url: str) -> Markup:
    rule = policy.tier_by_id[tier_id].escalate_after
    model = None
    if rule is not None:
        target = tier_badge_model(policy, rule.to, relative(page_url, f"tiers/{rule.to}/"))
        model = TimeEscalation(rule.unresolved_for.describe(), target)
    return render("policy/time_escalation.html", rule=model)


def response_targets_table(policy: Policy, tier_id: str) -> Markup:
    response = policy.tier_by_id[tier_id].response
    rows = []
    for key, label in TARGET_LABELS.items():
        duration = getattr(response, key)
        if duration is None:
            continue
        clock = "business hours and days" if duration.is_business else "calendar time"
        rows.append((label, duration.describe(), TARGET_FROM[key], clock))
    return table(("Target", "Within", "Measured", "Clock"), rows, class_="ref-targets", empty="No response targets.")


def people_names(policy: Policy, role_id: str, page_url: str) -> Markup | str:
    """Everyone holding the role, each linked to their page."""
    return people_links(policy, [p.id for p in policy.people_with_role(role_id)], page_url) or "—"


def tier_stakeholders_table(policy: Policy, tier_id: str) -> Markup:
    page_url = f"tiers/{tier_id}/"  # the tier's own page, the one place this table is shown
    row = policy.stakeholders.matrix.get(tier_id, {})
    ordered = sorted(row.items(), key=lambda item: (RACI_ORDER.index(item[1].raci), not item[1].required))
    rows = []
    for role_id, involvement in ordered:
        rows.append(
            (
                policy.role_name(role_id),
                involvement.raci.capitalize(),
                "Required" if involvement.required else "",
                involvement.engage_within.describe() if involvement.engage_within else "",
                people_names(policy, role_id, page_url),
                involvement.note,
            )
        )
    return table(("Role", "RACI", "Required", "Engage within", "People", "Note"), rows, class_="ref-stakeholders")


@dataclass(frozen=True, slots=True)
class StatusUpdates:
    cadence: str | None
    audience: list[str]
    channel: str | None
    template: str | None
    """The title of the message template to use."""
    template_href: str | None
    must_include: list[str]


@dataclass(frozen=True, slots=True)
class Protocol:
    channels: Table | None
    meetings: Table | None
    updates: StatusUpdates
    notes: str | None


def protocol_model(policy: Policy, tier_id: str, page_url: str) -> Protocol | None:
    protocol = policy.communication.protocols.get(tier_id)
    if protocol is None:
        return None
    channels = meetings = None
    if protocol.channels:
        channels = table_model(("Channel", "Purpose"), [(c.name, c.purpose) for c in protocol.channels])
    if protocol.meetings:
        meetings = table_model(
            ("Meeting", "Every", "Attendees", "Purpose"),
            [
                (m.name, m.cadence.describe(), ", ".join(policy.role_name(r) for r in m.attendees), m.purpose)
                for m in protocol.meetings
            ],
        )
    updates = protocol.status_updates
    cadence = policy.tier_by_id[tier_id].response.status_update_every
    template = href = None
    if updates.template:
        href = relative(page_url, f"communication/#template-{updates.template}")
        template = next(t for t in policy.communication.templates if t.id == updates.template).title
    status = StatusUpdates(
        cadence.describe() if cadence else None,
        [policy.role_name(r) for r in updates.audience],
        updates.channel,
        template,
        href,
        list(updates.must_include),
    )
    return Protocol(channels, meetings, status, protocol.notes)


def protocol_fragment(policy: Policy, tier_id: str, page_url: str, heading: str = "h4") -> Markup:
    """``heading`` is the level of the fragment's own headings: ``h4`` under a tier's ``h3`` on the communication
    page, ``h3`` on the tier's page, where the fragment sits under an ``h2``."""
    if heading not in ("h2", "h3", "h4", "h5", "h6"):
        raise ValueError(f"expected a heading element h2 to h6, got {heading!r}")
    model = protocol_model(policy, tier_id, page_url)
    return render("policy/protocol.html", protocol=model, heading=heading) if model else Markup("")


@dataclass(frozen=True, slots=True)
class RaciMark:
    letter: str
    title: str
    required: bool


@dataclass(frozen=True, slots=True)
class MatrixRow:
    role: str
    description: str
    marks: list[RaciMark | None]
    """One per tier, None where the role is not involved."""
    people: str


@dataclass(frozen=True, slots=True)
class StakeholderMatrix:
    tiers: list[TierBadge]
    rows: list[MatrixRow]


def stakeholder_matrix(policy: Policy, page_url: str) -> Markup:
    """Tier × role grid: RACI letter, with required roles marked."""
    tiers = policy.tiers_by_severity
    used_roles = [
        r for r in policy.organisation.roles if any(r.id in policy.stakeholders.matrix.get(t.id, {}) for t in tiers)
    ]
    unused = [r for r in policy.organisation.roles if r not in used_roles]
    rows = []
    for role in used_roles + unused:
        marks: list[RaciMark | None] = []
        for tier in tiers:
            involvement = policy.stakeholders.matrix.get(tier.id, {}).get(role.id)
            if involvement is None:
                marks.append(None)
                continue
            title = involvement.raci.capitalize() + (", required" if involvement.required else "")
            marks.append(RaciMark(involvement.raci[0].upper(), title, involvement.required))
        rows.append(MatrixRow(role.name, role.description, marks, people_names(policy, role.id, page_url)))
    badges = [tier_badge_model(policy, t.id, relative(page_url, f"tiers/{t.id}/")) for t in tiers]
    return render("policy/stakeholder_matrix.html", matrix=StakeholderMatrix(badges, rows))


@dataclass(frozen=True, slots=True)
class MessageTemplateView:
    id: str
    title: str
    audience: str | None
    channel: str | None
    subject: str | None
    body: str


def message_templates(policy: Policy) -> Markup:
    templates = [
        MessageTemplateView(t.id, t.title, t.audience, t.channel, t.subject, t.body.rstrip())
        for t in policy.communication.templates
    ]
    return render("policy/message_templates.html", templates=templates)


@dataclass(frozen=True, slots=True)
class TierProtocol:
    tier_id: str
    badge: TierBadge
    protocol: Markup


def communication_overview(policy: Policy, page_url: str) -> Markup:
    tiers = [
        TierProtocol(
            tier.id,
            tier_badge_model(policy, tier.id, relative(page_url, f"tiers/{tier.id}/")),
            protocol_fragment(policy, tier.id, page_url),
        )
        for tier in policy.tiers_by_severity
    ]
    return render("policy/communication.html", tiers=tiers)


@dataclass(frozen=True, slots=True)
class RuleRow:
    id: str
    description: str
    tests: list[str]
    """Empty: the rule applies to any request."""
    allowed: bool
    chain: list[str]
    """Approver names (a role, or roles any of whom may sign), lowest level first; empty when no approval is
    needed."""


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: str
    description: str
    tests: list[str]
    reviewer: str


@dataclass(frozen=True, slots=True)
class ConcessionView:
    id: str
    name: str
    description: str
    unit: str
    """What the value is measured in, in words."""
    grid: GridView | None
    """The type's grid, when its rules are written as one; ``rules`` are then the rules after it."""
    rules: list[RuleRow]
    reviews: list[ReviewRow]


@dataclass(frozen=True, slots=True)
class ApprovalMatrix:
    types: list[ConcessionView]
    notes: list[str]
    """Segregation of duties, in sentences."""


UNIT_WORDS = {
    "percent": "percentage points",
    "months": "months",
    "days": "days",
    "count": "count",
    "none": "no value",
}


def approval_matrix_model(policy: Policy) -> ApprovalMatrix:
    currency = policy.organisation.company.currency
    types = []
    for ctype in policy.authority.concession_types:
        rules = []
        for rule in ctype.rules[ctype.grid_size :]:
            tests = [describe_request_test(policy, ctype.unit, f, b) for f, b in rule.when.items()]
            levels = chain_levels(ctype, rule) if rule.allowed else []
            chain = [policy.approver_name(level) for level in levels]
            rules.append(RuleRow(rule.id, rule.description, tests, rule.allowed, chain))
        reviews = [
            ReviewRow(
                r.id,
                r.description,
                [describe_request_test(policy, ctype.unit, f, b) for f, b in r.when.items()],
                policy.role_name(r.reviewer),
            )
            for r in ctype.reviews
        ]
        unit = currency if ctype.unit == "money" else UNIT_WORDS[ctype.unit]
        grid = grid_model(policy, ctype)
        types.append(ConcessionView(ctype.id, ctype.name, ctype.description, unit, grid, rules, reviews))
    sod = policy.authority.segregation_of_duties
    notes = []
    if sod.forbid_self_approval:
        notes.append("Nobody approves a commitment they own.")
    team = policy.organisation.account_team
    for key in sod.forbid_account_team:
        role = getattr(team, key)
        if role:
            notes.append(f"The account's {policy.role_name(role)} may not approve its concessions.")
    notes.append(
        "A higher role approves anything a role it covers may approve; delegations lend authority for their dates only."
    )
    return ApprovalMatrix(types, notes)


def approval_matrix(policy: Policy, page_url: str) -> Markup:
    """One table per concession type: rule conditions → approval chain, plus stacked reviews."""
    return render("policy/approval_matrix.html", matrix=approval_matrix_model(policy))


def role_hierarchy(policy: Policy, page_url: str) -> Markup:
    rows = []
    for role in policy.organisation.roles:
        covered = sorted(policy.covered_roles[role.id] - {role.id}, key=policy.role_name)
        rows.append(
            (
                role.name,
                role.description,
                ", ".join(policy.role_name(c) for c in covered) or "—",
                people_names(policy, role.id, page_url),
            )
        )
    return table(("Role", "What it does", "Also holds the authority of", "People"), rows, class_="ref-roles")


@dataclass(frozen=True, slots=True)
class DelegationRow:
    delegator: PersonLink
    delegate: PersonLink
    roles: str
    starts: str
    ends: str
    state: str
    """``active``, ``ended`` or ``upcoming`` on the as-of date."""
    reason: str


def delegations_table(policy: Policy, as_of, page_url: str) -> Markup:
    rows = []
    for d in sorted(policy.organisation.delegations, key=lambda d: d.starts, reverse=True):
        state = "active" if d.active_on(as_of) else ("ended" if d.ends < as_of else "upcoming")
        rows.append(
            DelegationRow(
                person_link(policy, d.delegator, page_url),
                person_link(policy, d.delegate, page_url),
                ", ".join(policy.role_name(r) for r in d.roles) or "all roles",
                d.starts.isoformat(),
                d.ends.isoformat(),
                state,
                d.reason,
            )
        )
    return render("policy/delegations.html", rows=rows)

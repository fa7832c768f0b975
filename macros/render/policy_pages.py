"""Fragments for the playbook pages: tiers, stakeholder matrix, communication protocols, approval matrix."""

from __future__ import annotations

from ..policy.authority import chain_levels
from ..policy.model import Policy
from ..policy.stakeholders import RACI_ORDER
from .approval_grid import grid_table
from .colours import text_colour_on
from .html import Markup, block, esc, join, link, table, tag, text_block
from .policy_text import describe_escalation_test, describe_request_test
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


def tier_badge(policy: Policy, tier_id: str, href: str | None = None) -> Markup:
    tier = policy.tier_by_id.get(tier_id)
    name = tier.name if tier else tier_id
    color = tier.color if tier else "#607d8b"
    text = text_colour_on(color)
    badge = Markup(f'<span class="ref-tier" style="--tier-color: {esc(color)}; --tier-text: {text}">{esc(name)}</span>')
    return Markup(f'<a class="ref-tier-link" href="{esc(href)}">{badge}</a>') if href else badge


def criteria_list(policy: Policy, tier_id: str) -> Markup:
    tier = policy.tier_by_id[tier_id]
    if not tier.criteria:
        return Markup('<p class="ref-empty">No criteria: this is the entry tier for any escalated renewal.</p>')
    items = []
    for criterion in tier.criteria:
        tests = join((describe_escalation_test(policy, f, b) for f, b in criterion.when.items()), " and ")
        items.append(
            f'<li><strong>{esc(criterion.description)}</strong><br><span class="ref-muted">{tests}</span></li>'
        )
    return Markup(f'<ul class="ref-criteria">{"".join(items)}</ul>')


def time_escalation(policy: Policy, tier_id: str, page_url: str) -> Markup:
    tier = policy.tier_by_id[tier_id]
    rule = tier.escalate_after
    if rule is None:
        return Markup("")
    target = tier_badge(policy, rule.to, relative(page_url, f"tiers/{rule.to}/"))
    return Markup(
        f'<p class="ref-escalate-after">Unresolved after <strong>{esc(rule.unresolved_for.describe())}</strong>, '
        f"an escalation moves up to {target}.</p>"
    )


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


def people_names(policy: Policy, role_id: str) -> str:
    return ", ".join(p.name for p in policy.people_with_role(role_id)) or "—"


def tier_stakeholders_table(policy: Policy, tier_id: str) -> Markup:
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
                people_names(policy, role_id),
                involvement.note,
            )
        )
    return table(("Role", "RACI", "Required", "Engage within", "People", "Note"), rows, class_="ref-stakeholders")


def protocol_fragment(policy: Policy, tier_id: str, page_url: str, heading: str = "h4") -> Markup:
    protocol = policy.communication.protocols.get(tier_id)
    if protocol is None:
        return Markup("")
    parts: list[str] = []
    if protocol.channels:
        parts.append(f"<{heading}>Channels</{heading}>")
        parts.append(table(("Channel", "Purpose"), [(c.name, c.purpose) for c in protocol.channels]))
    if protocol.meetings:
        parts.append(f"<{heading}>Meetings</{heading}>")
        parts.append(
            table(
                ("Meeting", "Every", "Attendees", "Purpose"),
                [
                    (m.name, m.cadence.describe(), ", ".join(policy.role_name(r) for r in m.attendees), m.purpose)
                    for m in protocol.meetings
                ],
            )
        )
    updates = protocol.status_updates
    cadence = policy.tier_by_id[tier_id].response.status_update_every
    details = []
    if cadence:
        details.append(f"<li>At least every <strong>{esc(cadence.describe())}</strong> while open</li>")
    if updates.audience:
        details.append(f"<li>To: {esc(', '.join(policy.role_name(r) for r in updates.audience))}</li>")
    if updates.channel:
        details.append(f"<li>Channel: {esc(updates.channel)}</li>")
    if updates.template:
        href = relative(page_url, f"communication/#template-{updates.template}")
        template = next(t for t in policy.communication.templates if t.id == updates.template)
        details.append(f"<li>Template: {link(href, template.title)}</li>")
    if updates.must_include:
        details.append(f"<li>Must include: {esc('; '.join(updates.must_include))}</li>")
    if details:
        parts.append(f"<{heading}>Status updates</{heading}>")
        parts.append(f"<ul>{''.join(details)}</ul>")
    if protocol.notes:
        parts.append(f'<p class="ref-note">{text_block(protocol.notes)}</p>')
    return block(Markup("".join(parts)), "ref-protocol")


def stakeholder_matrix(policy: Policy, page_url: str) -> Markup:
    """Tier × role grid: RACI letter, with required roles marked."""
    tiers = policy.tiers
    used_roles = [
        r for r in policy.organisation.roles if any(r.id in policy.stakeholders.matrix.get(t.id, {}) for t in tiers)
    ]
    unused = [r for r in policy.organisation.roles if r not in used_roles]
    header = ["Role", *[tier_badge(policy, t.id, relative(page_url, f"tiers/{t.id}/")) for t in tiers], "People"]
    rows = []
    for role in used_roles + unused:
        cells: list[object] = [Markup(f'<span title="{esc(role.description)}">{esc(role.name)}</span>')]
        for tier in tiers:
            involvement = policy.stakeholders.matrix.get(tier.id, {}).get(role.id)
            if involvement is None:
                cells.append("—")
                continue
            letter = involvement.raci[0].upper()
            title = involvement.raci.capitalize() + (", required" if involvement.required else "")
            mark = "★" if involvement.required else ""
            cells.append(Markup(f'<span class="ref-raci ref-raci-{letter}" title="{esc(title)}">{letter}{mark}</span>'))
        cells.append(people_names(policy, role.id))
        rows.append(cells)
    legend = (
        '<p class="ref-legend"><strong>R</strong> responsible · <strong>A</strong> accountable · '
        "<strong>C</strong> consulted · <strong>I</strong> informed · ★ required: the briefing flags the "
        "escalation when nobody in the role is involved.</p>"
    )
    return block(Markup(table(header, rows, class_="ref-matrix") + legend), "ref-matrix-wrap")


def message_templates(policy: Policy) -> Markup:
    parts = []
    for template in policy.communication.templates:
        meta = [
            f"<strong>Audience:</strong> {esc(template.audience)}" if template.audience else "",
            f"<strong>Channel:</strong> {esc(template.channel)}" if template.channel else "",
        ]
        parts.append(
            f'<section class="ref-template" id="template-{esc(template.id)}"><h3>{esc(template.title)}</h3>'
            f"<p>{' · '.join(m for m in meta if m)}</p>"
            + (f"<p><strong>Subject:</strong> <code>{esc(template.subject)}</code></p>" if template.subject else "")
            + f'<pre class="ref-template-body">{esc(template.body.rstrip())}</pre></section>'
        )
    return block(Markup("".join(parts)) if parts else Markup('<p class="ref-empty">No templates.</p>'))


def communication_overview(policy: Policy, page_url: str) -> Markup:
    parts = []
    for tier in policy.tiers:
        href = relative(page_url, f"tiers/{tier.id}/")
        parts.append(
            f'<section class="ref-tier-protocol"><h3 id="protocol-{esc(tier.id)}">'
            f"{tier_badge(policy, tier.id, href)}</h3>{protocol_fragment(policy, tier.id, page_url)}</section>"
        )
    return block(Markup("".join(parts)))


def approval_matrix(policy: Policy, page_url: str) -> Markup:
    """One table per concession type: rule conditions → approval chain, plus stacked reviews."""
    currency = policy.organisation.company.currency
    sections = []
    for ctype in policy.authority.concession_types:
        rows = []
        for rule in ctype.rules[ctype.grid_size :]:
            tests = join((describe_request_test(policy, ctype.unit, f, b) for f, b in rule.when.items()), " and ")
            if not rule.when:
                tests = Markup("Any request")
            if not rule.allowed:
                chain = Markup('<span class="ref-bad">Not permitted</span>')
            else:
                levels = chain_levels(ctype, rule)
                chain = (
                    join((policy.approver_name(level) for level in levels), " → ")
                    if levels
                    else Markup('<span class="ref-muted">No approval needed</span>')
                )
            rows.append((Markup(f"<code>{esc(rule.id)}</code>"), rule.description, tests, chain))
        reviews = [
            (
                Markup(f"<code>{esc(r.id)}</code>"),
                r.description,
                join((describe_request_test(policy, ctype.unit, f, b) for f, b in r.when.items()), " and "),
                policy.role_name(r.reviewer),
            )
            for r in ctype.reviews
        ]
        unit = {
            "percent": "percentage points",
            "money": currency,
            "months": "months",
            "days": "days",
            "count": "count",
            "none": "no value",
        }[ctype.unit]
        html = (
            f'<section class="ref-concession" id="concession-{esc(ctype.id)}"><h3>{esc(ctype.name)}</h3>'
            f'<p>{esc(ctype.description)} <span class="ref-muted">Value in {esc(unit)}. Rules apply in order; the first '
            "that matches decides.</span></p>"
            + grid_table(policy, ctype)
            + (table(("Rule", "Applies to", "When", "Approval chain"), rows, class_="ref-rules") if rows else "")
        )
        if reviews:
            html += "<h4>Reviews added on top</h4>" + table(("Review", "What", "When", "Reviewer"), reviews)
        sections.append(html + "</section>")
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
    sod_html = "<h3>Segregation of duties</h3><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"
    return block(Markup("".join(sections) + sod_html), "ref-approval-matrix")


def role_hierarchy(policy: Policy) -> Markup:
    rows = []
    for role in policy.organisation.roles:
        covered = sorted(policy.covered_roles[role.id] - {role.id}, key=policy.role_name)
        rows.append(
            (
                role.name,
                role.description,
                ", ".join(policy.role_name(c) for c in covered) or "—",
                people_names(policy, role.id),
            )
        )
    return table(("Role", "What it does", "Also holds the authority of", "People"), rows, class_="ref-roles")


def delegations_table(policy: Policy, as_of) -> Markup:
    rows = []
    for d in sorted(policy.organisation.delegations, key=lambda d: d.starts, reverse=True):
        delegator = policy.person_by_id[d.delegator].name
        delegate = policy.person_by_id[d.delegate].name
        roles = ", ".join(policy.role_name(r) for r in d.roles) or "all roles"
        state = "active" if d.active_on(as_of) else ("ended" if d.ends < as_of else "upcoming")
        rows.append(
            (
                delegator,
                delegate,
                roles,
                d.starts.isoformat(),
                d.ends.isoformat(),
                tag("span", state, class_=f"ref-state ref-state-{state}"),
                d.reason,
            )
        )
    return table(("From", "To", "Roles", "Starts", "Ends", "State", "Reason"), rows, empty="No delegations.")

"""The executive briefing: one print-ready page per account that has escalations."""

from __future__ import annotations

from ..analysis.involvement import role_coverage
from ..site_context import SiteContext
from ..workbook.records import Account, Escalation
from .escalation_tables import concession_name, person_name, term_name
from .formats import day, moment, money, relative_days
from .html import Markup, esc, external_link, join, table, text_block
from .policy_pages import tier_badge
from .urls import anchor, relative

LATEST_UPDATES = 5


def _facts(pairs: list[tuple[str, object]]) -> Markup:
    """Label/value pairs as a compact grid (three columns on a wide screen and on paper)."""
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in pairs)
    return Markup(f'<dl class="ref-factgrid">{items}</dl>')


def account_header(context: SiteContext, account: Account) -> Markup:
    portfolio = context.portfolio
    renewal = day(account.renewal_date)
    if account.renewal_date:
        renewal += f" ({relative_days(portfolio.days_to_renewal(account))})"
    health = term_name(context, "health_values", account.health)
    team = context.policy.organisation.account_team
    label = context.policy.role_name
    pairs: list[tuple[str, object]] = [
        ("Account", f"{account.name} ({account.account_id})"),
        ("Segment", term_name(context, "segments", account.segment)),
        ("Region", account.region or "—"),
        ("ARR", money(account.arr, account.currency or context.currency)),
        ("Renewal", renewal),
        ("Health", health),
        (label(team.csm) if team.csm else "CSM", person_name(context, account.csm)),
        (label(team.ae) if team.ae else "AE", person_name(context, account.ae)),
        (label(team.exec_sponsor) if team.exec_sponsor else "Exec sponsor", person_name(context, account.exec_sponsor)),
    ]
    return _facts(pairs)


def _section(title: str, body: object, class_: str = "") -> str:
    return f'<section class="ref-brief-section {esc(class_)}"><h3>{esc(title)}</h3>{esc(body)}</section>'


def intake(context: SiteContext, escalation: Escalation, page_url: str) -> Markup:
    portfolio = context.portfolio
    deadline = day(escalation.deadline)
    if portfolio.is_open(escalation) and escalation.deadline:
        days = portfolio.days_left(escalation.deadline)
        deadline += f" ({relative_days(days)})"
    play = escalation.play
    play_html: object = "—"
    pattern = context.policy.log_values.plays.url_pattern
    if play:
        from urllib.parse import quote

        play_html = external_link(pattern.replace("{play}", quote(play, safe="")), play) if pattern else play
    pairs = [
        ("Opened", moment(escalation.opened_on)),
        ("Status", term_name(context, "escalation_statuses", escalation.status)),
        ("Owner", person_name(context, escalation.owner)),
        ("Blocker", term_name(context, "blocker_types", escalation.blocker_type)),
        ("Deadline", deadline),
        ("ARR at risk", money(portfolio.arr_at_risk(escalation), context.currency)),
        ("Play", play_html),
    ]
    if not portfolio.is_open(escalation):
        pairs.insert(2, ("Resolved", moment(escalation.resolved_on)))
        pairs.insert(3, ("Outcome", term_name(context, "outcomes", escalation.outcome)))
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in pairs)
    text = [
        ("Issue", escalation.issue),
        ("Impact", escalation.impact),
        ("Requested support", escalation.requested_support),
        ("Desired outcome", escalation.desired_outcome),
        ("Talking points", escalation.talking_points),
        ("Risks", escalation.risks),
    ]
    narrative = "".join(
        f'<div class="ref-brief-text"><h3>{esc(k)}</h3><p>{text_block(v) if v else "—"}</p></div>' for k, v in text
    )
    return Markup(
        f'<div class="ref-brief-grid"><table class="ref-table ref-facts"><tbody>{rows}</tbody></table>'
        f'<div class="ref-brief-narrative">{narrative}</div></div>'
    )


def involvement_table(context: SiteContext, escalation: Escalation) -> Markup:
    coverage = role_coverage(context.policy, context.portfolio, escalation)
    rows = []
    attrs = []
    for item in coverage:
        people = "; ".join(f"{person_name(context, p)} ({how})" for p, how in item.people)
        if item.gap:
            state: object = Markup('<span class="ref-bad">Gap: nobody in this role is involved</span>')
        elif item.people:
            state = Markup('<span class="ref-good">Involved</span>')
        else:
            state = Markup('<span class="ref-muted">Not involved</span>')
        rows.append(
            (
                context.policy.role_name(item.role),
                item.raci.capitalize(),
                "Required" if item.required else "",
                people or "—",
                state,
            )
        )
        attrs.append({"class_": "ref-gap" if item.gap else (None if item.people else "ref-not-involved")})
    return table(("Role", "RACI", "", "Who", "State"), rows, row_attrs=attrs, class_="ref-involvement")


def actions_table(
    context: SiteContext, escalation: Escalation, *, open_only: bool = False, done_only: bool = False
) -> Markup:
    portfolio = context.portfolio
    actions = portfolio.actions_by_escalation.get(escalation.escalation_id, [])
    actions = sorted(actions, key=lambda a: (portfolio.action_done(a), a.due, a.row))
    rows, attrs = [], []
    for action in actions:
        done = portfolio.action_done(action)
        if (open_only and done) or (done_only and not done):
            continue
        overdue = not done and portfolio.is_overdue(action.due)
        due = day(action.due) + (" (overdue)" if overdue else "")
        check_in = day(action.next_check_in) if not done else ""
        rows.append(
            (
                action.action,
                person_name(context, action.owner),
                due,
                term_name(context, "action_statuses", action.status),
                check_in if not done else f"done {day(action.completed_on)}",
            )
        )
        attrs.append({"class_": "ref-overdue" if overdue else None})
    return table(
        ("Action", "Owner", "Due", "Status", "Next check-in"),
        rows,
        row_attrs=attrs,
        class_="ref-actions",
        empty="No actions recorded.",
    )


def _completed_actions(context: SiteContext, escalation: Escalation) -> str:
    """Done and cancelled actions, folded away (and not printed): the briefing leads with what is still open."""
    portfolio = context.portfolio
    done = [a for a in portfolio.actions_by_escalation.get(escalation.escalation_id, []) if portfolio.action_done(a)]
    if not done:
        return ""
    return (
        f'<details class="ref-print-hide"><summary>{len(done)} completed or cancelled '
        f"action{'s' if len(done) != 1 else ''}</summary>{actions_table(context, escalation, done_only=True)}</details>"
    )


def commitments_table(context: SiteContext, escalation: Escalation) -> Markup:
    from .commitment_cells import commitment_value, verdict_cell

    portfolio = context.portfolio
    items = portfolio.commitments_by_escalation.get(escalation.escalation_id, [])
    rows = []
    for c in items:
        rows.append(
            (
                c.commitment_id,
                concession_name(context, c.type),
                c.description,
                person_name(context, c.owner),
                day(c.due),
                term_name(context, "commitment_statuses", c.status),
                commitment_value(context, c),
                person_name(context, c.approved_by),
                verdict_cell(context, c),
            )
        )
    return table(
        ("ID", "Type", "Commitment", "Owner", "Due", "Status", "Value", "Approved by", "Authority"),
        rows,
        class_="ref-commitments",
        empty="No commitments recorded.",
    )


def updates_timeline(context: SiteContext, escalation: Escalation, limit: int | None = LATEST_UPDATES) -> Markup:
    """Newest first; past ``limit``, the earlier updates are folded away (and not printed)."""
    updates = list(reversed(context.portfolio.updates_by_escalation.get(escalation.escalation_id, [])))
    if not updates:
        return Markup('<p class="ref-empty">No status updates recorded.</p>')
    latest, earlier = (updates[:limit], updates[limit:]) if limit else (updates, [])
    html = f'<ol class="ref-timeline">{_timeline_items(context, latest)}</ol>'
    if earlier:
        count = len(earlier)
        html += (
            f'<details class="ref-print-hide"><summary>{count} earlier update{"s" if count != 1 else ""}</summary>'
            f'<ol class="ref-timeline">{_timeline_items(context, earlier)}</ol></details>'
        )
    return Markup(html)


def _timeline_items(context: SiteContext, updates) -> str:
    return "".join(
        f'<li><span class="ref-when">{esc(moment(u.date))}</span> <strong>{esc(person_name(context, u.author))}</strong>'
        + (f' <span class="ref-muted">to {esc(u.audience)}</span>' if u.audience else "")
        + f"<br>{text_block(u.summary)}</li>"
        for u in updates
    )


def escalation_section(context: SiteContext, escalation: Escalation, page_url: str, *, current: bool) -> str:
    from .cadence_cells import missed_updates_note
    from .governance_cells import targets_table, tier_reason

    policy = context.policy
    badge = tier_badge(policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier)))
    parts = [
        f'<div class="ref-escalation-head">{badge} '
        f'<span class="ref-muted">{esc(term_name(context, "escalation_statuses", escalation.status))}</span></div>',
        tier_reason(context, escalation),
        intake(context, escalation, page_url),
    ]
    if current:
        parts += [
            _section("Who must be involved", involvement_table(context, escalation)),
            _section(
                "Response targets", join([targets_table(context, escalation), missed_updates_note(context, escalation)])
            ),
            _section("Open actions", actions_table(context, escalation, open_only=True), "ref-keep"),
            _completed_actions(context, escalation),
            _section("Commitments", commitments_table(context, escalation)),
            _section("Latest updates", updates_timeline(context, escalation)),
        ]
    else:
        parts += [
            _section("Actions", actions_table(context, escalation)),
            _section("Commitments", commitments_table(context, escalation)),
            _section("Updates", updates_timeline(context, escalation, limit=None)),
        ]
    return "".join(str(p) for p in parts)


def past_table(context: SiteContext, escalations: list[Escalation], page_url: str) -> Markup:
    rows = []
    for e in sorted(escalations, key=lambda e: e.opened_on, reverse=True):
        rows.append(
            (
                Markup(f'<a href="#{esc(anchor(e.escalation_id))}">{esc(e.escalation_id)}</a>'),
                tier_badge(context.policy, e.tier),
                day(e.opened_on),
                day(e.resolved_on),
                term_name(context, "outcomes", e.outcome),
                e.issue,
            )
        )
    return table(
        ("Escalation", "Tier", "Opened", "Resolved", "Outcome", "Issue"),
        rows,
        class_="ref-past",
        empty="No earlier escalations.",
    )

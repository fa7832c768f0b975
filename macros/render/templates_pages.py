"""Fragments for the template pages: intake form, executive briefing and resolution tracker.

Every field comes from the workbook contract (:mod:`macros.workbook.columns`) and every allowed value, tier,
target and role from the policy, so the templates follow the policy they are built with. The prompts below are
the only hand-written text: what to write in a field, never which fields or values exist.
"""

from __future__ import annotations

from ..policy.model import Policy
from ..policy.stakeholders import RACI_ORDER
from ..workbook.columns import ACCOUNTS, ACTIONS, ESCALATIONS, SHEETS, Column, Sheet
from ..workbook.template import allowed_values, dropdowns
from .fragments import tier_badge
from .html import Markup, block, esc, join
from .policy_pages import TARGET_LABELS
from .tables import table
from .urls import relative

INTAKE_FIELDS = (
    "account_id",
    "opened_on",
    "owner",
    "tier",
    "issue",
    "impact",
    "requested_support",
    "deadline",
    "blocker_type",
    "arr_at_risk",
)
"""Escalations columns the intake form asks for, in the order a person fills them in."""

PROMPTS: dict[tuple[str, str], str] = {
    ("Accounts", "name"): "The customer, as the executive knows it.",
    ("Accounts", "arr"): "Annual recurring revenue up for renewal.",
    ("Accounts", "renewal_date"): "When the contract renews: the deadline behind every other date.",
    ("Accounts", "health"): "The account's health today.",
    ("Escalations", "account_id"): "The account's id on the Accounts sheet (add the account there first).",
    ("Escalations", "opened_on"): "When the renewal was escalated.",
    ("Escalations", "owner"): "Who drives the escalation to a decision, usually the CSM or AE.",
    ("Escalations", "tier"): "The highest tier whose criteria the escalation meets (see the guidance below).",
    ("Escalations", "issue"): "What is blocking the renewal, in the customer's words where you can.",
    ("Escalations", "impact"): "What happens if it is not solved: ARR, renewal date, other products or accounts.",
    ("Escalations", "requested_support"): "What you need and from whom: an executive call, a roadmap date, "
    "a concession, a legal review.",
    ("Escalations", "deadline"): "The day the support is needed by to save the renewal.",
    ("Escalations", "blocker_type"): "The main kind of blocker (list below).",
    ("Escalations", "arr_at_risk"): "The ARR that would be lost; leave empty when it is the account's whole ARR.",
    ("Escalations", "talking_points"): "What the executive says on the call: acknowledge, explain, commit. "
    "One point per line.",
    ("Escalations", "risks"): "What could still go wrong, and what we do if it does. One per line.",
    ("Escalations", "desired_outcome"): "The result we want from the conversation, and the fallback we accept.",
    ("Actions", "escalation_id"): "The escalation the action belongs to.",
    ("Actions", "action"): "One concrete step, starting with a verb.",
    ("Actions", "owner"): "One person, who reports on it.",
    ("Actions", "due"): "When it must be done.",
    ("Actions", "status"): "Where it stands (statuses below).",
    ("Actions", "next_check_in"): "When the owner reports progress next. Open actions without one are listed on "
    "the data-quality page.",
    ("Actions", "completed_on"): "The day it was done or cancelled.",
}

BRIEFING_SITUATION = (
    (ACCOUNTS, "name"),
    (ACCOUNTS, "arr"),
    (ACCOUNTS, "renewal_date"),
    (ACCOUNTS, "health"),
    (ESCALATIONS, "tier"),
    (ESCALATIONS, "issue"),
    (ESCALATIONS, "impact"),
)
BRIEFING_ASK = ((ESCALATIONS, "requested_support"), (ESCALATIONS, "deadline"))
BRIEFING_SECTIONS = ("talking_points", "risks", "desired_outcome")
"""Escalations columns that are the briefing's own sections, written before the call."""

KIND_WORDS = {
    "id": "An identifier",
    "text": "Text",
    "date": "A date (2026-03-01)",
    "datetime": "A date and time (2026-03-01 14:30)",
    "money": "An amount (120000 or $120,000)",
    "person": "A person: name, id or email",
    "term": "One of the values listed",
    "concession_value": "In the concession type's unit",
}
BLANK_ROWS = 6


def _guidance(sheet: Sheet, column: Column) -> str:
    return PROMPTS.get((sheet.name, column.field)) or column.help or ""


def _values_cell(policy: Policy, column: Column) -> object:
    if column.kind == "term":
        return ", ".join(allowed_values(policy, column) or ())
    return KIND_WORDS[column.kind]


def _field_table(policy: Policy, sheet: Sheet, fields: tuple[str, ...] | None = None) -> Markup:
    columns = [sheet.column(f) for f in fields] if fields else list(sheet.columns)
    rows = [
        (
            Markup(f"<strong>{esc(c.header)}</strong>"),
            "Required" if c.required else "Optional",
            _guidance(sheet, c),
            _values_cell(policy, c),
        )
        for c in columns
    ]
    return table(("Field", "Needed", "What to write", "Value"), rows, class_="ref-template-fields")


# --- intake form --------------------------------------------------------------------------------------------
def intake_fields(policy: Policy, page_url: str) -> Markup:
    """The intake form: the Escalations columns a new escalation needs, with what to write in each."""
    note = Markup(
        '<p class="ref-muted">Each field is a column of the <strong>Escalations</strong> sheet of the escalation '
        "log.</p>"
    )
    return block(Markup(note + _field_table(policy, ESCALATIONS, INTAKE_FIELDS)), "ref-template")


def tier_guidance(policy: Policy, page_url: str) -> Markup:
    """Tiers from most to least severe: when each applies and how fast it must be answered."""
    keys = ("acknowledge", "exec_engaged", "status_update_every")
    rows = []
    for tier in reversed(policy.tiers):
        criteria = (
            Markup("<ul>" + "".join(f"<li>{esc(c.description)}</li>" for c in tier.criteria) + "</ul>")
            if tier.criteria
            else Markup('<span class="ref-muted">Any escalated renewal that meets no higher tier</span>')
        )
        if tier.escalate_after is not None:
            target = policy.tier_by_id[tier.escalate_after.to].name
            criteria = Markup(
                f'{criteria}<span class="ref-muted">Moves up to {esc(target)} when unresolved after '
                f"{esc(tier.escalate_after.unresolved_for.describe())}.</span>"
            )
        targets = [getattr(tier.response, k) for k in keys]
        rows.append(
            (
                tier_badge(policy, tier.id, relative(page_url, f"tiers/{tier.id}/")),
                tier.summary,
                criteria,
                *(t.describe() if t else "—" for t in targets),
            )
        )
    headers = ("Tier", "Meaning", "Use it when", *(TARGET_LABELS[k] for k in keys))
    return block(table(headers, rows, class_="ref-tier-guidance"), "ref-template")


def blocker_types(policy: Policy, page_url: str) -> Markup:
    """The blocker types the intake form's Blocker Type takes."""
    column = ESCALATIONS.column("blocker_type")
    terms = policy.vocabulary(column.vocabulary or "blocker_types")
    rows = [(t.name, Markup(f"<code>{esc(t.id)}</code>"), t.description) for t in terms]
    return block(table(("Blocker type", "Id", "Meaning"), rows, class_="ref-blockers"), "ref-template")


# --- executive briefing ---------------------------------------------------------------------------------------
def briefing_outline(policy: Policy, page_url: str) -> Markup:
    """The briefing's sections: the situation and the ask (from intake), then what to prepare for the call."""
    parts = [
        "<h3>Situation</h3>",
        _facts_table(BRIEFING_SITUATION),
        "<h3>The ask</h3>",
        _facts_table(BRIEFING_ASK),
    ]
    for field_name in BRIEFING_SECTIONS:
        column = ESCALATIONS.column(field_name)
        parts.append(f"<h3>{esc(column.header)}</h3>")
        parts.append(f"<p>{esc(_guidance(ESCALATIONS, column))}</p>")
        parts.append(f'<p class="ref-muted">Written in the {esc(column.header)} column of the Escalations sheet.</p>')
        if field_name == "desired_outcome":
            outcomes = ESCALATIONS.column("outcome")
            names = allowed_values(policy, outcomes) or ()
            parts.append(
                f'<p class="ref-muted">When the escalation closes, its {esc(outcomes.header)} is one of: '
                f"{esc(', '.join(names))}.</p>"
            )
    tracker = relative(page_url, "templates/tracker/")
    parts.append("<h3>Open actions and commitments</h3>")
    parts.append(
        "<p>Every open action with its owner, due date and next check-in (see the "
        f'<a href="{esc(tracker)}">resolution tracker</a> template), and every commitment made to the customer '
        "with who approved it.</p>"
    )
    return block(Markup("".join(str(p) for p in parts)), "ref-template")


def _facts_table(facts: tuple[tuple[Sheet, str], ...]) -> Markup:
    rows = []
    for sheet, field_name in facts:
        column = sheet.column(field_name)
        rows.append((Markup(f"<strong>{esc(column.header)}</strong>"), _guidance(sheet, column), f"{sheet.name} sheet"))
    return table(("Fact", "What it says", "From"), rows, class_="ref-template-fields")


def involvement_by_tier(policy: Policy, page_url: str) -> Markup:
    """Who must be involved in an escalation of each tier, from the stakeholder matrix."""
    rows = []
    for tier in reversed(policy.tiers):
        matrix = policy.stakeholders.matrix.get(tier.id, {})
        ordered = sorted(matrix.items(), key=lambda item: (RACI_ORDER.index(item[1].raci), policy.role_name(item[0])))
        required, others = [], []
        for role_id, involvement in ordered:
            text = f"{policy.role_name(role_id)} ({involvement.raci}"
            if involvement.engage_within is not None:
                text += f", within {involvement.engage_within.describe()}"
            text += ")"
            (required if involvement.required else others).append(text)
        rows.append(
            (
                tier_badge(policy, tier.id, relative(page_url, f"tiers/{tier.id}/")),
                _list(required, "Nobody is required"),
                _list(others, "—"),
            )
        )
    link = relative(page_url, "stakeholders/")
    note = Markup(
        f'<p class="ref-muted">From the <a href="{esc(link)}">stakeholder matrix</a>. Each account briefing flags '
        "a required role nobody in the escalation holds.</p>"
    )
    return block(
        Markup(table(("Tier", "Must be involved", "Also involved"), rows, class_="ref-involvement") + note),
        "ref-template",
    )


def _list(items: list[str], empty: str) -> Markup:
    if not items:
        return Markup(f'<span class="ref-muted">{esc(empty)}</span>')
    return Markup("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


# --- resolution tracker ---------------------------------------------------------------------------------------
def tracker_columns(policy: Policy, page_url: str) -> Markup:
    """The tracker's columns (the Actions sheet) with what to write, and a blank printable tracker."""
    blank_row = [Markup("&nbsp;")] * len(ACTIONS.columns)
    blank = table(
        [c.header for c in ACTIONS.columns],
        [blank_row for _ in range(BLANK_ROWS)],
        class_="ref-blank-tracker",
    )
    return block(
        Markup(
            _field_table(policy, ACTIONS)
            + "<h3>Blank tracker</h3>"
            + '<p class="ref-muted">For a meeting without a laptop; copy the rows into the Actions sheet after.</p>'
            + blank
        ),
        "ref-template",
    )


def action_statuses(policy: Policy, page_url: str) -> Markup:
    """The values of Actions!Status and whether each counts as finished."""
    column = ACTIONS.column("status")
    rows = [
        (s.name, Markup(f"<code>{esc(s.id)}</code>"), "Finished" if s.done else "Open", s.description)
        for s in policy.vocabulary(column.vocabulary or "action_statuses")
    ]
    return block(table(("Status", "Id", "Counts as", "Meaning"), rows, class_="ref-action-statuses"), "ref-template")


# --- the downloadable workbook ----------------------------------------------------------------------------------
def template_workbook_contents(policy: Policy, page_url: str) -> Markup:
    """What the blank workbook holds: each sheet, its required columns and its dropdown columns."""
    lists = {}
    for dropdown in dropdowns(policy):
        lists.setdefault(dropdown.sheet, []).append(dropdown.header)
    rows = [
        (
            Markup(f"<strong>{esc(sheet.name)}</strong>"),
            sheet.help,
            join((c.header for c in sheet.columns if c.required), ", "),
            ", ".join(lists.get(sheet.name, [])) or "—",
        )
        for sheet in SHEETS
    ]
    return block(table(("Sheet", "Holds", "Required columns", "Dropdowns"), rows, class_="ref-workbook"), "")

"""Fragments for the template pages: intake form, executive briefing and resolution tracker.

Every field comes from the workbook contract (:mod:`macros.workbook.columns`) and every allowed value, tier,
target and role from the policy, so the templates follow the policy they are built with. The prompts below are
the only hand-written text: what to write in a field, never which fields or values exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..policy.model import Policy
from ..policy.stakeholders import RACI_ORDER
from ..workbook.columns import ACCOUNTS, ACTIONS, ESCALATIONS, SHEETS, Column, Sheet
from ..workbook.template import allowed_values, dropdowns
from .fragments import TierBadge, tier_badge_model
from .policy_pages import TARGET_LABELS
from .templating import render
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


def _values_cell(policy: Policy, column: Column) -> str:
    if column.kind == "term":
        return ", ".join(allowed_values(policy, column) or ())
    return KIND_WORDS[column.kind]


@dataclass(frozen=True, slots=True)
class FieldRow:
    header: str
    required: bool
    guidance: str
    values: str
    """The allowed values, or what kind of value the field takes."""


def _field_rows(policy: Policy, sheet: Sheet, fields: tuple[str, ...] | None = None) -> list[FieldRow]:
    columns = [sheet.column(f) for f in fields] if fields else list(sheet.columns)
    return [FieldRow(c.header, c.required, _guidance(sheet, c), _values_cell(policy, c)) for c in columns]


# --- intake form --------------------------------------------------------------------------------------------
def intake_fields(policy: Policy, page_url: str) -> Markup:
    """The intake form: the Escalations columns a new escalation needs, with what to write in each."""
    return render("template_pages/intake_fields.html", rows=_field_rows(policy, ESCALATIONS, INTAKE_FIELDS))


@dataclass(frozen=True, slots=True)
class TierGuidance:
    badge: TierBadge
    summary: str
    criteria: list[str]
    """Descriptions of the tier's criteria; none for the entry tier."""
    moves_up_to: str | None
    """The tier an unresolved escalation moves up to, and after how long."""
    moves_up_after: str | None
    targets: list[str]


def tier_guidance(policy: Policy, page_url: str) -> Markup:
    """Tiers from most to least severe: when each applies and how fast it must be answered."""
    keys = ("acknowledge", "exec_engaged", "status_update_every")
    tiers = []
    for tier in policy.tiers_by_severity:
        rule = tier.escalate_after
        tiers.append(
            TierGuidance(
                tier_badge_model(policy, tier.id, relative(page_url, f"tiers/{tier.id}/")),
                tier.summary,
                [c.description for c in tier.criteria],
                policy.tier_by_id[rule.to].name if rule else None,
                rule.unresolved_for.describe() if rule else None,
                [t.describe() if t else "—" for t in (getattr(tier.response, k) for k in keys)],
            )
        )
    labels = [TARGET_LABELS[k] for k in keys]
    return render("template_pages/tier_guidance.html", tiers=tiers, target_labels=labels)


@dataclass(frozen=True, slots=True)
class TermRow:
    name: str
    id: str
    description: str
    done: bool = False


def blocker_types(policy: Policy, page_url: str) -> Markup:
    """The blocker types the intake form's Blocker Type takes."""
    column = ESCALATIONS.column("blocker_type")
    rows = [TermRow(t.name, t.id, t.description) for t in policy.vocabulary(column.vocabulary or "blocker_types")]
    return render(
        "template_pages/terms.html", rows=rows, first="Blocker type", css_class="ref-blockers", show_done=False
    )


# --- executive briefing ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FactRow:
    header: str
    guidance: str
    sheet: str


@dataclass(frozen=True, slots=True)
class OutlineSection:
    header: str
    guidance: str
    outcomes: list[str] | None
    """For the desired outcome: the outcomes an escalation closes with."""


@dataclass(frozen=True, slots=True)
class BriefingOutline:
    situation: list[FactRow]
    ask: list[FactRow]
    sections: list[OutlineSection]
    outcome_header: str
    tracker_href: str


def briefing_outline(policy: Policy, page_url: str) -> Markup:
    """The briefing's sections: the situation and the ask (from intake), then what to prepare for the call."""
    outcomes = ESCALATIONS.column("outcome")
    sections = []
    for field_name in BRIEFING_SECTIONS:
        column = ESCALATIONS.column(field_name)
        names = list(allowed_values(policy, outcomes) or ()) if field_name == "desired_outcome" else None
        sections.append(OutlineSection(column.header, _guidance(ESCALATIONS, column), names))
    outline = BriefingOutline(
        _fact_rows(BRIEFING_SITUATION),
        _fact_rows(BRIEFING_ASK),
        sections,
        outcomes.header,
        relative(page_url, "templates/tracker/"),
    )
    return render("template_pages/briefing_outline.html", outline=outline)


def _fact_rows(facts: tuple[tuple[Sheet, str], ...]) -> list[FactRow]:
    return [
        FactRow(sheet.column(name).header, _guidance(sheet, sheet.column(name)), sheet.name) for sheet, name in facts
    ]


@dataclass(frozen=True, slots=True)
class TierInvolvement:
    badge: TierBadge
    required: list[str]
    others: list[str]


def involvement_by_tier(policy: Policy, page_url: str) -> Markup:
    """Who must be involved in an escalation of each tier, from the stakeholder matrix."""
    tiers = []
    for tier in policy.tiers_by_severity:
        matrix = policy.stakeholders.matrix.get(tier.id, {})
        ordered = sorted(matrix.items(), key=lambda item: (RACI_ORDER.index(item[1].raci), policy.role_name(item[0])))
        required, others = [], []
        for role_id, involvement in ordered:
            text = f"{policy.role_name(role_id)} ({involvement.raci}"
            if involvement.engage_within is not None:
                text += f", within {involvement.engage_within.describe()}"
            text += ")"
            (required if involvement.required else others).append(text)
        badge = tier_badge_model(policy, tier.id, relative(page_url, f"tiers/{tier.id}/"))
        tiers.append(TierInvolvement(badge, required, others))
    return render(
        "template_pages/involvement_by_tier.html", tiers=tiers, matrix_href=relative(page_url, "stakeholders/")
    )


# --- resolution tracker ---------------------------------------------------------------------------------------
def tracker_columns(policy: Policy, page_url: str) -> Markup:
    """The tracker's columns (the Actions sheet) with what to write, and a blank printable tracker."""
    return render("template_pages/tracker_columns.html", rows=_field_rows(policy, ACTIONS), blank_rows=BLANK_ROWS)


def action_statuses(policy: Policy, page_url: str) -> Markup:
    """The values of Actions!Status and whether each counts as finished."""
    column = ACTIONS.column("status")
    rows = [
        TermRow(s.name, s.id, s.description, s.done) for s in policy.vocabulary(column.vocabulary or "action_statuses")
    ]
    return render(
        "template_pages/terms.html", rows=rows, first="Status", css_class="ref-action-statuses", show_done=True
    )


# --- the downloadable workbook ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SheetRow:
    name: str
    help: str
    required: list[str]
    dropdowns: list[str]


def template_workbook_contents(policy: Policy, page_url: str) -> Markup:
    """What the blank workbook holds: each sheet, its required columns and its dropdown columns."""
    lists: dict[str, list[str]] = {}
    for dropdown in dropdowns(policy):
        lists.setdefault(dropdown.sheet, []).append(dropdown.header)
    sheets = [
        SheetRow(sheet.name, sheet.help, [c.header for c in sheet.columns if c.required], lists.get(sheet.name, []))
        for sheet in SHEETS
    ]
    return render("template_pages/workbook_contents.html", sheets=sheets)

"""The "who must approve?" lookup: the policy's decision-authority data exported as JSON into the page, and the
form that `docs/assets/approval-lookup.js` drives. The JavaScript mirrors `analysis.authority.required_approvals`
rule for rule; a browser test compares the two on cases generated from the policy's own thresholds.

Like `escalation approvers`, the widget names who can sign each step on the as-of date (the role's holders,
delegates in force, and the covering roles), each linked to their page, and in the full site it can fill in an
account's ARR and segment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.authority.holders import covering_roles, holders_on
from ..policy.authority import approver_roles
from ..policy.common import Bounds
from ..policy.model import Policy
from .html import json_in_script
from .person_links import person_link
from .templating import render

UNIT_LABELS = {
    "percent": "Value (%)",
    "money": "Value (amount)",
    "months": "Value (months)",
    "days": "Value (days)",
    "count": "Value",
    "none": "",
}


def _bounds(bounds: Bounds) -> dict:
    data = {k: getattr(bounds, k) for k in ("at_least", "above", "at_most", "below") if getattr(bounds, k) is not None}
    if bounds.in_ is not None:
        data["in"] = list(bounds.in_)
    return data


def lookup_data(policy: Policy) -> dict:
    """Everything the browser needs to answer like `escalation approvers`, and nothing about accounts."""
    types = []
    for ctype in policy.authority.concession_types:
        facts = sorted({f for r in ctype.rules for f in r.when} | {f for r in ctype.reviews for f in r.when})
        types.append(
            {
                "id": ctype.id,
                "name": ctype.name,
                "description": ctype.description,
                "unit": ctype.unit,
                "money_value": ctype.money_value,
                "ladder": [list(approver_roles(level)) for level in ctype.ladder],
                "facts": facts,
                "rules": [
                    {
                        "id": r.id,
                        "description": r.description,
                        "when": {f: _bounds(b) for f, b in r.when.items()},
                        "approvers": [list(approver_roles(level)) for level in r.approvers],
                        "approve_up_to": r.approve_up_to,
                        "allowed": r.allowed,
                    }
                    for r in ctype.rules
                ],
                "reviews": [
                    {
                        "id": r.id,
                        "description": r.description,
                        "when": {f: _bounds(b) for f, b in r.when.items()},
                        "reviewer": r.reviewer,
                    }
                    for r in ctype.reviews
                ],
            }
        )
    return {
        "currency": policy.organisation.company.currency,
        "roles": {r.id: r.name for r in policy.organisation.roles},
        "segments": [{"id": t.id, "name": t.name} for t in policy.log_values.segments],
        "types": types,
    }


def holders_data(policy: Policy, on: dt.date, page_url: str) -> dict:
    """Role id → who can sign for it on ``on``, as `escalation approvers` lists them: ``people`` holding it
    themselves or through a delegation in force (``how`` says which, with a link to their page), and the
    ``covering`` roles whose holders may sign too (named as roles)."""
    data = {}
    for role in policy.organisation.roles:
        people = []
        for person_id, how in holders_on(policy, role.id, on):
            if how.startswith("hierarchy"):
                continue
            link = person_link(policy, person_id, page_url)
            people.append({"name": link.name, "href": link.href, "how": "" if how == "role" else f"through {how}"})
        covering = [policy.role_name(r) for r in covering_roles(policy, [role.id])]
        data[role.id] = {"people": people, "covering": covering}
    return data


def account_facts(context) -> list[dict]:
    """The facts a request may take from an account (full site only): id, name, ARR and segment id."""
    return [
        {"id": a.account_id, "name": a.name, "arr": a.arr, "segment": a.segment}
        for a in context.portfolio.accounts_by_name()
    ]


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class LookupWidget:
    types: list[Option]
    segments: list[Option]
    currency: str
    policy_json: Markup
    """:func:`lookup_data` (with ``holders``, and ``accounts`` in the full site) as JSON made safe for a
    ``<script>`` element by :func:`macros.render.html.json_in_script`."""
    as_of: str
    """The day whose role holders and delegations are named."""
    has_accounts: bool
    """The form can fill in an account's ARR and segment (the full site, with at least one account). The
    accounts themselves are in ``policy_json``; the script offers them (the form needs it anyway)."""


def lookup_widget(context, page_url: str) -> Markup:
    policy = context.policy
    as_of = context.dataset.as_of
    data = lookup_data(policy)
    data["holders"] = holders_data(policy, as_of, page_url)
    accounts = account_facts(context) if context.full else []
    data["accounts"] = accounts
    widget = LookupWidget(
        [Option(c.id, c.name) for c in policy.authority.concession_types],
        [Option(t.id, t.name) for t in policy.log_values.segments],
        policy.organisation.company.currency,
        json_in_script(data),
        as_of.isoformat(),
        bool(accounts),
    )
    return render("policy/approval_lookup.html", widget=widget)

"""The "who must approve?" lookup: the policy's decision-authority data exported as JSON into the page, and the
form that `docs/assets/approval-lookup.js` drives. The JavaScript mirrors `analysis.authority.required_approvals`
rule for rule; a browser test compares the two on cases generated from the policy's own thresholds."""

from __future__ import annotations

import json

from ..policy.authority import approver_roles
from ..policy.common import Bounds
from ..policy.model import Policy
from .html import Markup, esc

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
        "people": {r.id: [p.name for p in policy.people_with_role(r.id)] for r in policy.organisation.roles},
        "segments": [{"id": t.id, "name": t.name} for t in policy.log_values.segments],
        "types": types,
    }


def json_for_script(data: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` that could close it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def lookup_widget(policy: Policy) -> Markup:
    options = "".join(f'<option value="{esc(c.id)}">{esc(c.name)}</option>' for c in policy.authority.concession_types)
    segments = '<option value="">(not given)</option>' + "".join(
        f'<option value="{esc(t.id)}">{esc(t.name)}</option>' for t in policy.log_values.segments
    )
    form = (
        '<form class="ref-lookup" id="approval-lookup" hidden autocomplete="off">'
        f'<label>Concession <select name="type">{options}</select></label>'
        '<label data-fact="value"><span class="ref-lookup-value-label">Value</span> '
        '<input name="value" inputmode="decimal" placeholder="e.g. 18"></label>'
        f'<label data-fact="arr">Account ARR ({esc(policy.organisation.company.currency)}) '
        '<input name="arr" inputmode="decimal" placeholder="e.g. 240000"></label>'
        f'<label data-fact="segment">Segment <select name="segment">{segments}</select></label>'
        '<label data-fact="term_months">Contract term (months) <input name="term_months" inputmode="decimal"></label>'
        "</form>"
        '<div class="ref-lookup-result" id="approval-result" aria-live="polite"></div>'
        '<noscript><p class="ref-muted">The lookup needs JavaScript; the tables below say the same.</p></noscript>'
    )
    data = f'<script type="application/json" id="approval-policy">{json_for_script(lookup_data(policy))}</script>'
    return Markup(f'<div class="ref-lookup-wrap">{form}{data}</div>')

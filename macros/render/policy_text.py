"""Policy rules in words: criteria, bounds and request tests, with values in their units and terms by name."""

from __future__ import annotations

from ..policy.common import Bounds
from ..policy.model import Policy
from .formats import bound_value

ESCALATION_FACT_LABELS = {
    "arr": ("ARR", "money"),
    "arr_at_risk": ("ARR at risk", "money"),
    "days_to_renewal": ("Days to renewal", "days"),
    "days_open": ("Days open", "days"),
    "health": ("Health", "health_values"),
    "blocker_type": ("Blocker type", "blocker_types"),
    "segment": ("Segment", "segments"),
    "region": ("Region", None),
}

REQUEST_FACT_LABELS = {
    "value": "Value",
    "money": "Value in money",
    "arr": "Account ARR",
    "segment": "Segment",
    "term_months": "Contract term",
}


def term_names(policy: Policy, vocabulary: str | None, ids: list[str]) -> list[str]:
    if vocabulary is None:
        return list(ids)
    names = {t.id: t.name for t in policy.vocabulary(vocabulary)}
    return [names.get(i, i) for i in ids]


def describe_bounds(bounds: Bounds, unit: str, currency: str) -> str:
    return bounds.describe(lambda v: bound_value(v, unit, currency))


def describe_escalation_test(policy: Policy, fact: str, bounds: Bounds) -> str:
    label, kind = ESCALATION_FACT_LABELS[fact]
    currency = policy.organisation.company.currency
    if bounds.in_ is not None:
        names = term_names(policy, kind if kind not in ("money", "days") else None, bounds.in_)
        return f"{label} is " + (" or ".join(names) if len(names) <= 2 else "one of " + ", ".join(names))
    unit = "money" if kind == "money" else "days" if kind == "days" else "count"
    return f"{label} {describe_bounds(bounds, unit, currency)}"


def describe_request_test(policy: Policy, concession_unit: str, fact: str, bounds: Bounds) -> str:
    currency = policy.organisation.company.currency
    label = REQUEST_FACT_LABELS[fact]
    if bounds.in_ is not None:
        names = term_names(policy, "segments", bounds.in_) if fact == "segment" else list(bounds.in_)
        return f"{label} is " + (" or ".join(names) if len(names) <= 2 else "one of " + ", ".join(names))
    unit = {"value": concession_unit, "money": "money", "arr": "money", "term_months": "months"}[fact]
    return f"{label} {describe_bounds(bounds, unit, currency)}"

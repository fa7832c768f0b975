"""The policy changes between two versions, in words.

The comparison walks the typed policy models field by field, so any field a model gains later is compared too:
items of lists that carry an ``id`` (rules, reviews, tiers, roles, people, templates…) are matched by id and
reported as added, removed, changed or reordered; mappings (the stakeholder matrix, protocols per tier) are
matched by key; durations and bounds are written as the site writes them ("4 business hours", "≥ 250,000").
Nothing here names a tier, role or concession type: the names come from the two policies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..policy.authority import ConcessionType, all_roles
from ..policy.common import Bounds, Duration
from ..policy.model import Policy

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("authority", "authority.yaml", "Decision authority"),
    ("tiers_file", "tiers.yaml", "Tiers"),
    ("stakeholders", "stakeholders.yaml", "Stakeholders"),
    ("communication", "communication.yaml", "Communication"),
    ("organisation", "organisation.yaml", "Roles, people and delegations"),
    ("log_values", "escalation-log.yaml", "Escalation log values"),
)
"""Policy attribute, file and heading, in the order the report shows them."""


@dataclass(frozen=True)
class PolicyChange:
    section: str
    """Heading of the part of the policy, e.g. ``Tiers``."""
    where: str
    """The thing that changed, e.g. ``Tier Red (red) › response › acknowledge``."""
    change: str
    """``added``, ``removed``, ``changed`` or ``reordered``."""
    text: str
    """The change in words, e.g. ``4 business hours → 2 business hours``."""

    def sentence(self) -> str:
        return f"{self.where}: {self.text}"

    def to_json(self) -> dict[str, str]:
        return {"section": self.section, "where": self.where, "change": self.change, "text": self.text}


def value_text(value: Any) -> str:
    """A value as the report writes it."""
    if value is None:
        return "(none)"
    if isinstance(value, Duration):
        return value.describe()
    if isinstance(value, Bounds):
        return value.describe()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, BaseModel):
        return summary(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in value.items()) + "}" if value else "(none)"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) if value else "(none)"
    return str(value)


def summary(model: BaseModel) -> str:
    """An item in one line: its name or description first, then its fields that are set."""
    parts = []
    for name, info in type(model).model_fields.items():
        if name in ("id", "name", "description"):
            continue
        value = getattr(model, name)
        if value in (None, "", [], {}, ()) or value == info.get_default(call_default_factory=True):
            continue
        parts.append(f"{name.rstrip('_')} {value_text(value)}")
    head = getattr(model, "name", None) or getattr(model, "description", None) or ""
    text = "; ".join(parts)
    return f"{head} ({text})" if head and text else head or text


def label(item: Any, key: str) -> str:
    name = getattr(item, "name", None)
    if isinstance(name, str) and name and name != key:
        return f"{name} ({key})"
    return key


def _keyed(items: Iterable[Any]) -> dict[str, Any] | None:
    """Items by id when every item is a model with a unique ``id``; ``None`` otherwise."""
    result: dict[str, Any] = {}
    for item in items:
        key = getattr(item, "id", None) if isinstance(item, BaseModel) else None
        if not isinstance(key, str) or key in result:
            return None
        result[key] = item
    return result


def _singular(field_name: str) -> str:
    if field_name == "people":
        return "person"
    return field_name[:-1] if field_name.endswith("s") else field_name


class _Differ:
    def __init__(self, section: str) -> None:
        self.section = section
        self.changes: list[PolicyChange] = []

    def add(self, where: list[str], change: str, text: str) -> None:
        self.changes.append(PolicyChange(self.section, " › ".join(where) or self.section, change, text))

    def compare(self, before: Any, after: Any, where: list[str]) -> None:
        if before == after:
            return
        if isinstance(before, Duration | Bounds) or isinstance(after, Duration | Bounds):
            self.add(where, "changed", f"{value_text(before)} → {value_text(after)}")
        elif isinstance(before, BaseModel) and type(before) is type(after):
            for name in type(before).model_fields:
                self.compare(getattr(before, name), getattr(after, name), [*where, name.rstrip("_").replace("_", " ")])
        elif isinstance(before, dict) and isinstance(after, dict):
            self._mapping(before, after, where)
        elif isinstance(before, list | tuple) and isinstance(after, list | tuple):
            self._sequence(list(before), list(after), where)
        else:
            self.add(where, "changed", f"{value_text(before)} → {value_text(after)}")

    def _mapping(self, before: dict, after: dict, where: list[str]) -> None:
        for key in before:
            if key not in after:
                self.add([*where, str(key)], "removed", f"removed (was {value_text(before[key])})")
        for key, value in after.items():
            if key not in before:
                self.add([*where, str(key)], "added", f"added: {value_text(value)}")
            else:
                self.compare(before[key], value, [*where, str(key)])

    def _sequence(self, before: list, after: list, where: list[str]) -> None:
        old, new = _keyed(before), _keyed(after)
        if old is None or new is None or not (old or new):
            if all(isinstance(v, BaseModel) for v in before + after):
                for item in before:
                    if item not in after:
                        self.add(where, "removed", f"removed: {value_text(item)}")
                for item in after:
                    if item not in before:
                        self.add(where, "added", f"added: {value_text(item)}")
                return
            self.add(where, "changed", f"{value_text(before)} → {value_text(after)}")
            return
        parent, noun = where[:-1], _singular(where[-1]) if where else ""
        for key, item in old.items():
            if key not in new:
                self.add([*parent, f"{noun} {label(item, key)}".strip()], "removed", f"removed (was {summary(item)})")
        for key, item in new.items():
            if key not in old:
                self.add([*parent, f"{noun} {label(item, key)}".strip()], "added", f"added: {summary(item)}")
            else:
                self.compare(old[key], item, [*parent, f"{noun} {label(item, key)}".strip()])
        common_before = [k for k in old if k in new]
        common_after = [k for k in new if k in old]
        if common_before != common_after:
            self.add(where, "reordered", f"order {', '.join(common_before)} → {', '.join(common_after)}")


def policy_changes(before: Policy, after: Policy) -> list[PolicyChange]:
    """Every difference between two policies, section by section, in policy order."""
    changes: list[PolicyChange] = []
    for attribute, _file, heading in SECTIONS:
        differ = _Differ(heading)
        differ.compare(getattr(before, attribute), getattr(after, attribute), [])
        changes.extend(differ.changes)
    return changes


def changed_concession_types(before: Policy, after: Policy) -> list[str]:
    """Ids of concession types (in either policy) whose definition differs, or whose chains' role names do."""
    old = {c.id: c for c in before.authority.concession_types}
    new = {c.id: c for c in after.authority.concession_types}
    roles_renamed = {r.id for r in before.organisation.roles} | {r.id for r in after.organisation.roles}
    renamed = {r for r in roles_renamed if before.role_name(r) != after.role_name(r)}
    result = []
    for key in [*old, *(k for k in new if k not in old)]:
        if old.get(key) != new.get(key) or (renamed and renamed & _roles_named(new[key])):
            result.append(key)
    return result


def _roles_named(concession: ConcessionType) -> set[str]:
    """Every role a concession type names: ladder levels, rules' approvers (each role of an `any_of` level too),
    `approve_up_to` and stacked reviewers."""
    roles = set(all_roles(concession.ladder))
    for rule in concession.rules:
        roles.update(all_roles(rule.approvers))
        if rule.approve_up_to is not None:
            roles.add(rule.approve_up_to)
    roles.update(review.reviewer for review in concession.reviews)
    return roles

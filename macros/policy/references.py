"""Cross-reference checks: every role, person, tier, term and template named anywhere must exist."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..problems import ProblemLog, did_you_mean
from ..yaml_source import KeyPath, YamlDocument
from .authority import all_roles
from .model import Policy
from .tiers import NUMERIC_ESCALATION_FACTS

# Text facts in tier criteria and the escalation-log list their values come from.
_CRITERIA_VOCABULARY = {"health": "health_values", "blocker_type": "blocker_types", "segment": "segments"}


class _Checker:
    def __init__(self, policy: Policy, documents: dict[str, YamlDocument], log: ProblemLog) -> None:
        self.policy = policy
        self.documents = documents
        self.log = log
        org = policy.organisation
        self.roles = {r.id for r in org.roles}
        self.people = {p.id for p in org.people}
        self.tiers = [t.id for t in policy.tiers_file.tiers]

    def where(self, file_name: str, path: KeyPath, *, at_key: bool = False) -> str:
        document = self.documents.get(file_name)
        return document.location(path, at_key=at_key) if document else f"{file_name}:1:1"

    def expect(self, file_name, path, value, known: Iterable[str], what: str, *, at_key=False, hint_extra=""):
        known = list(known)
        if value not in known:
            hint = did_you_mean(value, known) or hint_extra
            self.log.error(
                self.where(file_name, path, at_key=at_key),
                f"unknown {what} '{value}'",
                path=_fmt(path),
                hint=hint or f"define it first, or use one of: {', '.join(sorted(known)[:10])}",
            )

    def unique(self, file_name, items, path_prefix: KeyPath, what: str, attr="id"):
        counts = Counter(getattr(item, attr) for item in items)
        seen: set[str] = set()
        for index, item in enumerate(items):
            value = getattr(item, attr)
            if counts[value] > 1 and value in seen:
                self.log.error(
                    self.where(file_name, (*path_prefix, index, attr)),
                    f"duplicate {what} '{value}'",
                    path=_fmt((*path_prefix, index, attr)),
                    hint=f"each {what} must be unique; rename or remove this one",
                )
            seen.add(value)

    def owner(self, file_name: str, owners: list[str]):
        for index, owner in enumerate(owners):
            self.expect(file_name, ("owners", index), owner, self.roles | self.people, "owner (role or person)")


def _fmt(path: KeyPath) -> str:
    from ..yaml_source import format_path

    return format_path(path)


def check_references(policy: Policy, documents: dict[str, YamlDocument], log: ProblemLog) -> None:
    c = _Checker(policy, documents, log)
    _organisation(c)
    _tiers(c)
    _stakeholders(c)
    _communication(c)
    _authority(c)
    _log_values(c)


def _organisation(c: _Checker) -> None:
    f = "organisation.yaml"
    org = c.policy.organisation
    c.owner(f, org.owners)
    c.unique(f, org.roles, ("roles",), "role id")
    c.unique(f, org.people, ("people",), "person id")
    for attr, what in (("name", "person name"), ("email", "email")):
        lowered = Counter(getattr(p, attr).strip().lower() for p in org.people)
        for index, person in enumerate(org.people):
            if lowered[getattr(person, attr).strip().lower()] > 1:
                c.log.error(
                    c.where(f, ("people", index, attr)),
                    f"duplicate {what} '{getattr(person, attr)}'",
                    path=_fmt(("people", index, attr)),
                    hint="the workbook refers to people by id, name or email, so each must be unique",
                )
                break
    for index, role in enumerate(org.roles):
        for j, covered in enumerate(role.covers):
            c.expect(f, ("roles", index, "covers", j), covered, c.roles, "role")
            if covered == role.id:
                c.log.error(
                    c.where(f, ("roles", index, "covers", j)),
                    "a role cannot cover itself",
                    path=_fmt(("roles", index, "covers", j)),
                )
    for key in ("csm", "ae", "exec_sponsor"):
        value = getattr(org.account_team, key)
        if value is not None:
            c.expect(f, ("account_team", key), value, c.roles, "role")
    for index, person in enumerate(org.people):
        for j, role in enumerate(person.roles):
            c.expect(f, ("people", index, "roles", j), role, c.roles, "role")
        if person.reports_to is not None:
            c.expect(f, ("people", index, "reports_to"), person.reports_to, c.people, "person")
    for index, delegation in enumerate(org.delegations):
        path = ("delegations", index)
        c.expect(f, (*path, "delegator"), delegation.delegator, c.people, "person")
        c.expect(f, (*path, "delegate"), delegation.delegate, c.people, "person")
        delegator = c.policy.person_by_id.get(delegation.delegator)
        for j, role in enumerate(delegation.roles):
            c.expect(f, (*path, "roles", j), role, c.roles, "role")
            if delegator is not None and role in c.roles and role not in delegator.roles:
                c.log.error(
                    c.where(f, (*path, "roles", j)),
                    f"{delegator.name} does not hold the role '{role}', so cannot delegate it",
                    path=_fmt((*path, "roles", j)),
                    hint=f"their roles are: {', '.join(delegator.roles)}",
                )


def _tiers(c: _Checker) -> None:
    f = "tiers.yaml"
    tiers = c.policy.tiers_file.tiers
    c.owner(f, c.policy.tiers_file.owners)
    c.unique(f, tiers, ("tiers",), "tier id")
    for index, tier in enumerate(tiers):
        for k, criterion in enumerate(tier.criteria):
            for fact, test in criterion.when.items():
                path = ("tiers", index, "criteria", k, "when", fact)
                numeric = fact in NUMERIC_ESCALATION_FACTS
                if numeric and not test.is_numeric:
                    c.log.error(
                        c.where(f, path),
                        f"'{fact}' is a number; test it with at_least/above/at_most/below",
                        path=_fmt(path),
                    )
                elif not numeric and test.is_numeric:
                    c.log.error(c.where(f, path), f"'{fact}' is text; test it with 'in: [...]'", path=_fmt(path))
                elif fact in _CRITERIA_VOCABULARY and test.in_:
                    known = [t.id for t in c.policy.vocabulary(_CRITERIA_VOCABULARY[fact])]
                    for j, value in enumerate(test.in_):
                        c.expect(f, (*path, "in", j), value, known, fact.replace("_", " "))
        if tier.escalate_after is not None:
            path = ("tiers", index, "escalate_after", "to")
            target = tier.escalate_after.to
            c.expect(f, path, target, c.tiers, "tier")
            if target in c.tiers and c.tiers.index(target) <= index:
                c.log.error(
                    c.where(f, path),
                    f"time-based escalation must move up: '{target}' is not above '{tier.id}'",
                    path=_fmt(path),
                    hint="tiers are listed from least to most severe",
                )


def _stakeholders(c: _Checker) -> None:
    f = "stakeholders.yaml"
    matrix = c.policy.stakeholders.matrix
    c.owner(f, c.policy.stakeholders.owners)
    for tier_id, row in matrix.items():
        c.expect(f, ("matrix", tier_id), tier_id, c.tiers, "tier", at_key=True)
        for role_id in row:
            c.expect(f, ("matrix", tier_id, role_id), role_id, c.roles, "role", at_key=True)
    for tier_id in c.tiers:
        if tier_id not in matrix:
            c.log.error(
                c.where(f, ("matrix",), at_key=True),
                f"tier '{tier_id}' has no row in the stakeholder matrix",
                path="matrix",
                hint=f"add '{tier_id}:' with the roles involved at that tier",
            )


def _communication(c: _Checker) -> None:
    f = "communication.yaml"
    comm = c.policy.communication
    c.owner(f, comm.owners)
    c.unique(f, comm.templates, ("templates",), "template id")
    template_ids = [t.id for t in comm.templates]
    for tier_id, protocol in comm.protocols.items():
        base = ("protocols", tier_id)
        c.expect(f, base, tier_id, c.tiers, "tier", at_key=True)
        for m, meeting in enumerate(protocol.meetings):
            for j, role in enumerate(meeting.attendees):
                c.expect(f, (*base, "meetings", m, "attendees", j), role, c.roles, "role")
        for j, role in enumerate(protocol.status_updates.audience):
            c.expect(f, (*base, "status_updates", "audience", j), role, c.roles, "role")
        if protocol.status_updates.template is not None:
            c.expect(
                f,
                (*base, "status_updates", "template"),
                protocol.status_updates.template,
                template_ids,
                "message template",
            )
    for tier_id in c.tiers:
        if tier_id not in comm.protocols:
            c.log.error(
                c.where(f, ("protocols",), at_key=True),
                f"tier '{tier_id}' has no communication protocol",
                path="protocols",
                hint=f"add '{tier_id}:' under protocols",
            )


def _authority(c: _Checker) -> None:
    f = "authority.yaml"
    auth = c.policy.authority
    c.owner(f, auth.owners)
    c.unique(f, auth.concession_types, ("concession_types",), "concession type id")
    segments = [t.id for t in c.policy.log_values.segments]
    team = c.policy.organisation.account_team
    for j, key in enumerate(auth.segregation_of_duties.forbid_account_team):
        if getattr(team, key) is None:
            c.log.error(
                c.where(f, ("segregation_of_duties", "forbid_account_team", j)),
                f"'{key}' is not mapped to a role in organisation.yaml account_team",
                path=f"segregation_of_duties.forbid_account_team[{j}]",
                hint=f"add 'account_team: {{{key}: <role>}}' to organisation.yaml",
            )
    for index, ctype in enumerate(auth.concession_types):
        base = ("concession_types", index)
        seen_rules: set[str] = set()
        for r, rule in enumerate(ctype.rules):
            if rule.id in seen_rules:
                where = (*base, *ctype.rule_path(r))
                c.log.error(
                    c.where(f, where if r < ctype.grid_size else (*where, "id")),
                    f"duplicate rule id '{rule.id}'",
                    path=_fmt(where),
                    hint="each rule id must be unique (a grid's rules are named <grid id>-<row>-<column>)",
                )
            seen_rules.add(rule.id)
        c.unique(f, ctype.reviews, (*base, "reviews"), "review id")
        for j, level in enumerate(ctype.ladder):
            _approver(c, f, (*base, "ladder", j), level)
        for r, rule in enumerate(ctype.rules):
            rpath = (*base, *ctype.rule_path(r))
            for j, level in enumerate(rule.approvers):
                _approver(c, f, (*rpath, "approvers", j), level)
            if rule.approve_up_to is not None:
                c.expect(
                    f,
                    (*rpath, "approve_up_to"),
                    rule.approve_up_to,
                    all_roles(ctype.ladder),
                    "ladder role",
                    hint_extra="approve_up_to names a role in this concession type's ladder",
                )
            _request_tests(c, f, rpath, rule.when, ctype, segments)
        for r, review in enumerate(ctype.reviews):
            rpath = (*base, "reviews", r)
            c.expect(f, (*rpath, "reviewer"), review.reviewer, c.roles, "role")
            _request_tests(c, f, rpath, review.when, ctype, segments)


def _approver(c: _Checker, f: str, path: KeyPath, level) -> None:
    """A chain or ladder level: one role, or `any_of` roles, each defined."""
    if isinstance(level, str):
        c.expect(f, path, level, c.roles, "role")
        return
    for k, role in enumerate(level.any_of):
        c.expect(f, (*path, "any_of", k), role, c.roles, "role")


def _request_tests(c: _Checker, f: str, path: KeyPath, when, ctype, segments) -> None:
    for fact, test in when.items():
        tpath = (*path, "when", fact)
        if fact == "segment":
            if test.is_numeric:
                c.log.error(c.where(f, tpath), "'segment' is text; test it with 'in: [...]'", path=_fmt(tpath))
            for j, value in enumerate(test.in_ or []):
                c.expect(f, (*tpath, "in", j), value, segments, "segment")
        elif not test.is_numeric:
            c.log.error(
                c.where(f, tpath), f"'{fact}' is a number; test it with at_least/above/at_most/below", path=_fmt(tpath)
            )
        if fact == "money" and ctype.money_value == "none":
            c.log.error(
                c.where(f, tpath),
                f"'money' is tested but concession type '{ctype.id}' has no money value",
                path=_fmt(tpath),
                hint="set money_value to 'value' or 'percent_of_arr'",
            )
        if fact == "value" and ctype.unit == "none":
            c.log.error(
                c.where(f, tpath),
                f"'value' is tested but concession type '{ctype.id}' has unit 'none'",
                path=_fmt(tpath),
                hint="set the type's unit (percent, money, months, days or count)",
            )


def _log_values(c: _Checker) -> None:
    f = "escalation-log.yaml"
    values = c.policy.log_values
    c.owner(f, values.owners)
    for name in (
        "escalation_statuses",
        "outcomes",
        "blocker_types",
        "health_values",
        "segments",
        "action_statuses",
        "commitment_statuses",
    ):
        terms = getattr(values, name)
        c.unique(f, terms, (name,), f"{name.replace('_', ' ').rstrip('s')} id")
        names = Counter(t.name.strip().lower() for t in terms)
        for index, term in enumerate(terms):
            if names[term.name.strip().lower()] > 1:
                c.log.error(
                    c.where(f, (name, index, "name")),
                    f"duplicate name '{term.name}'",
                    path=_fmt((name, index, "name")),
                    hint="the workbook may use names, so each must be unique",
                )
                break
    if not any(s.open for s in values.escalation_statuses):
        c.log.error(
            c.where(f, ("escalation_statuses",)),
            "no escalation status is marked open: true",
            path="escalation_statuses",
        )
    if all(s.open for s in values.escalation_statuses):
        c.log.error(
            c.where(f, ("escalation_statuses",)),
            "every escalation status is open; none closes one",
            path="escalation_statuses",
            hint="mark resolved/closed statuses with open: false",
        )

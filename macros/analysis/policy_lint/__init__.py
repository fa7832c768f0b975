"""Policy lint: mistakes that pass validation but make the policy say less than its authors meant.

* dead rules — a rule earlier rules always pre-empt (they are named);
* gaps — requests of a concession type no rule matches (a catch-all rule closes them);
* roles held by nobody on the as-of date (no person, covering role or delegation in force);
* delegations longer than ``max_delegation_days`` or overlapping another of the same role;
* response targets that cannot be met, and tier criteria a higher tier's criterion always overrides.

Each finding is a located warning with a ``lint-…`` code; `escalation validate --strict` makes them errors.
"""

from __future__ import annotations

import datetime as dt

from ...policy.model import Policy
from ...problems import Problem, ProblemLog
from ...yaml_source import format_path
from .people import Finding, delegation_problems, unheld_roles
from .rules import dead_rules, gaps
from .tiers import impossible_targets, shadowed_criteria

LINT_PREFIX = "lint-"


def is_lint(problem: Problem) -> bool:
    return problem.code.startswith(LINT_PREFIX)


def _rule_findings(policy: Policy) -> list[Finding]:
    segments = [t.id for t in policy.log_values.segments]
    findings: list[Finding] = []
    for t, ctype in enumerate(policy.authority.concession_types):
        base: tuple[str | int, ...] = ("concession_types", t)
        for dead in dead_rules(ctype, segments):
            rule = ctype.rules[dead.index]
            if dead.shadowed_by:
                names = ", ".join(ctype.rules[i].id for i in dead.shadowed_by)
                message = f"rule {rule.id} never applies: earlier rules match every request it matches ({names})"
                hint = "move it above them, narrow them, or remove it"
            else:
                message = f"rule {rule.id} never applies: no request passes all its tests"
                hint = "check its bounds"
            findings.append(
                ("authority.yaml", (*base, *ctype.rule_path(dead.index), "id"), message, hint, "lint-dead-rule")
            )
        for gap in gaps(ctype, segments):
            findings.append(
                (
                    "authority.yaml",
                    (*base, "rules"),
                    f"{ctype.name}: {gap}",
                    "add a rule for it, or a last rule with no 'when' as the explicit fallback",
                    "lint-gap",
                )
            )
    return findings


def lint_policy(policy: Policy, as_of: dt.date) -> list[Problem]:
    """Every lint finding, as warnings located in the policy files, in file order per check."""
    log = ProblemLog()
    findings = (
        _rule_findings(policy)
        + unheld_roles(policy, as_of)
        + delegation_problems(policy)
        + impossible_targets(policy)
        + shadowed_criteria(policy)
    )
    for file_name, path, message, hint, code in findings:
        at_key = path[-1] == "rules" or path[-1] == "id"
        log.warning(
            policy.location(file_name, path, at_key=at_key), message, path=format_path(path), hint=hint, code=code
        )
    return log.warnings

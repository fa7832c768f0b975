"""`authority.yaml`: who may approve each kind of concession, roadmap commitment or contract change."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Bounds, Id, OwnedFile, PolicyModel

RequestFact = Literal["value", "money", "arr", "segment", "term_months"]
"""Facts of a concession request that rules can test: `value` in the type's own unit, `money` its value in
currency (see `money_value`), the account's `arr` and `segment`, and the contract `term_months`."""

NUMERIC_REQUEST_FACTS = frozenset({"value", "money", "arr", "term_months"})

ValueUnit = Literal["percent", "money", "months", "days", "count", "none"]


class AnyOf(PolicyModel):
    """One level of a chain that any one of several roles may sign, e.g. `{any_of: [president, cfo]}`."""

    any_of: list[Id] = Field(min_length=2)
    """The roles, any one of which approves this level."""


Approver = Id | AnyOf
"""A level of an approval chain or ladder: one role, or any one of several."""


def approver_roles(approver: Approver) -> tuple[str, ...]:
    """The roles that can sign a level: the role itself, or each of an `any_of`."""
    return (approver,) if isinstance(approver, str) else tuple(approver.any_of)


class Rule(PolicyModel):
    """One row of the approval matrix. Rules are tried in order; the first whose tests all pass applies."""

    id: Id
    description: str = ""
    """What this is, in a sentence."""
    when: dict[RequestFact, Bounds] = Field(default_factory=dict)
    """Fact → test; every test must pass. An empty `when` matches every request (a catch-all)."""
    approvers: list[Approver] = Field(default_factory=list)
    """Roles that must approve, in order; a level may be `{any_of: [...]}`. Empty means the requester's own
    authority suffices."""
    approve_up_to: Id | None = None
    """Shorthand for a cumulative chain: every role of the type's `ladder` up to and including this one."""
    allowed: bool = True
    """`false` marks requests the policy does not permit at all (the lookup says so)."""
    in_order: bool = False
    """`true` when the levels must sign in the chain's order, lowest first (checked against the Approvals sheet)."""

    @model_validator(mode="after")
    def _one_way(self) -> Rule:
        if self.approvers and self.approve_up_to:
            raise ValueError("give either 'approvers' or 'approve_up_to', not both")
        return self


class StackedReview(PolicyModel):
    """A review added on top of the approval chain when its tests pass (e.g. legal review above a value)."""

    id: Id
    description: str = ""
    """What this is, in a sentence."""
    when: dict[RequestFact, Bounds] = Field(min_length=1)
    """Fact → test; the review applies when every test passes."""
    reviewer: Id
    """Role that reviews."""


class ConcessionType(PolicyModel):
    id: Id
    name: str
    description: str = ""
    """What this is, in a sentence."""
    unit: ValueUnit = "none"
    """Unit of the request's `value`."""
    money_value: Literal["value", "percent_of_arr", "none"] = "none"
    """How a request's value turns into money: the value itself, the percentage applied to ARR, or not at all."""
    ladder: list[Approver] = Field(default_factory=list)
    """Approval levels from lowest to highest, for rules that use `approve_up_to`; a level may be
    `{any_of: [...]}`."""
    rules: list[Rule] = Field(min_length=1)
    """The approval matrix rows, tried in order."""
    reviews: list[StackedReview] = Field(default_factory=list)
    """Reviews added on top of the approval chain."""

    def rule_path(self, index: int) -> tuple[str | int, ...]:
        """Key path, inside this concession type, of where ``rules[index]`` is written (for located messages)."""
        return ("rules", index)


class SegregationOfDuties(PolicyModel):
    forbid_self_approval: bool = True
    """A commitment's owner may not approve it."""
    forbid_account_team: list[Literal["csm", "ae", "exec_sponsor"]] = Field(default_factory=list)
    """Account-team members (by Accounts column) who may not approve their own account's concessions."""


class AuthorityFile(OwnedFile):
    segregation_of_duties: SegregationOfDuties = Field(default_factory=SegregationOfDuties)
    """Who may never approve, whatever their role."""
    concession_types: list[ConcessionType] = Field(min_length=1)
    """Every kind of concession, commitment or contract change that needs a decision."""


def chain_levels(concession: ConcessionType, rule: Rule) -> list[Approver]:
    """The levels of a rule's chain in order: its `approvers`, or every ladder level up to the one holding
    `approve_up_to` (the reference checks report an `approve_up_to` outside the ladder; it stays usable meanwhile)."""
    if rule.approve_up_to is not None:
        for index, level in enumerate(concession.ladder):
            if rule.approve_up_to in approver_roles(level):
                return list(concession.ladder[: index + 1])
        return [rule.approve_up_to]
    return list(rule.approvers)


def all_roles(approvers: list[Approver]) -> list[str]:
    """Every role named by a list of levels, in order, without repeats."""
    return list(dict.fromkeys(role for level in approvers for role in approver_roles(level)))

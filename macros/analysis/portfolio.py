"""Indexes and simple derived facts over the escalation log, built once per build and shared by every page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..dataset import Dataset
from ..policy.model import Policy
from ..workbook.records import Account, Action, Approval, Commitment, Escalation, Review, Update
from . import relative_dates


@dataclass
class Portfolio:
    """The log indexed by account and escalation, with the as-of date that 'overdue' and 'days to' use."""

    policy: Policy
    as_of: dt.date
    accounts: list[Account]
    escalations: list[Escalation]
    actions: list[Action]
    commitments: list[Commitment]
    updates: list[Update]
    reviews: list[Review]
    approvals: list[Approval] = field(default_factory=list)
    """Rows of the optional Approvals sheet: one per sign-off."""
    account_by_id: dict[str, Account] = field(init=False)
    escalation_by_id: dict[str, Escalation] = field(init=False)

    def __post_init__(self) -> None:
        self.account_by_id = {a.account_id: a for a in self.accounts}
        self.escalation_by_id = {e.escalation_id: e for e in self.escalations}
        self._open_status = {s.id: s.open for s in self.policy.log_values.escalation_statuses}
        self._done_action = {s.id: s.done for s in self.policy.log_values.action_statuses}
        self._commitment_state = {s.id: s.state for s in self.policy.log_values.commitment_statuses}

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> Portfolio:
        log = dataset.log
        return cls(
            dataset.policy,
            dataset.as_of,
            log.accounts,
            log.escalations,
            log.actions,
            log.commitments,
            log.updates,
            log.reviews,
            log.approvals,
        )

    # --- grouping ----------------------------------------------------------------------------------------------
    @cached_property
    def escalations_by_account(self) -> dict[str, list[Escalation]]:
        grouped: dict[str, list[Escalation]] = defaultdict(list)
        for escalation in sorted(self.escalations, key=lambda e: (e.opened_on, e.escalation_id)):
            grouped[escalation.account_id].append(escalation)
        return dict(grouped)

    def _by_escalation(self, records, sort_key) -> dict[str, list]:
        grouped: dict[str, list] = defaultdict(list)
        for record in sorted(records, key=sort_key):
            grouped[record.escalation_id].append(record)
        return dict(grouped)

    @cached_property
    def actions_by_escalation(self) -> dict[str, list[Action]]:
        return self._by_escalation(self.actions, lambda a: (a.due, a.row))

    @cached_property
    def commitments_by_escalation(self) -> dict[str, list[Commitment]]:
        return self._by_escalation(self.commitments, lambda c: (c.due, c.commitment_id))

    @cached_property
    def updates_by_escalation(self) -> dict[str, list[Update]]:
        return self._by_escalation(self.updates, lambda u: (u.date, u.row))

    @cached_property
    def reviews_by_escalation(self) -> dict[str, list[Review]]:
        return self._by_escalation(self.reviews, lambda r: (r.review_date, r.row))

    # --- states ------------------------------------------------------------------------------------------------
    def is_open(self, escalation: Escalation) -> bool:
        return self._open_status.get(escalation.status, True)

    def action_done(self, action: Action) -> bool:
        return self._done_action.get(action.status, False)

    def commitment_state(self, commitment: Commitment) -> str:
        return self._commitment_state.get(commitment.status, "open")

    @cached_property
    def open_escalations(self) -> list[Escalation]:
        return [e for e in self.escalations if self.is_open(e)]

    def open_by_tier(self) -> dict[str, list[Escalation]]:
        """Tier id → open escalations, in policy tier order (every tier present, possibly empty). Computed once
        (every tier page and the home page ask); callers get fresh lists they may change."""
        return {tier: list(items) for tier, items in self._open_by_tier.items()}

    @cached_property
    def _open_by_tier(self) -> dict[str, list[Escalation]]:
        result: dict[str, list[Escalation]] = {t.id: [] for t in self.policy.tiers}
        for escalation in sorted(self.open_escalations, key=lambda e: (e.deadline, e.escalation_id)):
            result.setdefault(escalation.tier, []).append(escalation)
        return result

    # --- amounts and dates -------------------------------------------------------------------------------------
    def account_of(self, escalation: Escalation) -> Account:
        return self.account_by_id[escalation.account_id]

    def arr_at_risk(self, escalation: Escalation) -> float:
        """ARR at risk as recorded, or the account's whole ARR when the cell is empty."""
        if escalation.arr_at_risk is not None:
            return escalation.arr_at_risk
        return self.account_of(escalation).arr

    def relative(self, day: dt.date | dt.datetime | None) -> relative_dates.RelativeDay | None:
        """``day`` seen from the as-of date: the one source of "in N days", "overdue" and "this week"."""
        return relative_dates.relative_to(day, self.as_of)

    def days_to_renewal(self, account: Account) -> int | None:
        return relative_dates.days_from(account.renewal_date, self.as_of)

    def days_left(self, day: dt.date | None) -> int | None:
        return relative_dates.days_from(day, self.as_of)

    def is_overdue(self, day: dt.date | None) -> bool:
        return relative_dates.is_overdue(day, self.as_of)

    def accounts_with_escalations(self) -> list[Account]:
        return sorted(
            (a for a in self.accounts if a.account_id in self.escalations_by_account),
            key=lambda a: (a.name.lower(), a.account_id),
        )

    def accounts_by_name(self) -> list[Account]:
        """Every account in the Accounts sheet, escalated or not, by name."""
        return sorted(self.accounts, key=lambda a: (a.name.lower(), a.account_id))

    def open_tier(self, account_id: str) -> str | None:
        """The tier of the account's most severe open escalation; None when nothing is open."""
        tiers = [e.tier for e in self.current_escalations(account_id)]
        known = [t for t in tiers if t in self.policy.tier_by_id]
        if known:
            return max(known, key=self.policy.tier_rank)
        return tiers[0] if tiers else None

    def current_escalations(self, account_id: str) -> list[Escalation]:
        return [e for e in self.escalations_by_account.get(account_id, []) if self.is_open(e)]

    def past_escalations(self, account_id: str) -> list[Escalation]:
        return [e for e in self.escalations_by_account.get(account_id, []) if not self.is_open(e)]

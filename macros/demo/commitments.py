"""Commitments made during escalations: a concession the policy allows, its approver and its status."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

from ..policy.authority import ConcessionType
from ..policy.log_values import CommitmentStatus
from ..policy.organisation import Person
from .base import GeneratorBase
from .phrases import COMMITMENT_DETAILS
from .policy_facts import approval_chain, first_rule
from .records import Account, Commitment, Escalation


class Commitments(GeneratorBase):
    # ---- commitments -----------------------------------------------------------------------------------------
    def commitments(self, esc: Escalation) -> None:
        weights = (0.35, 0.35, 0.2, 0.1) if esc.rank else (0.5, 0.3, 0.15, 0.05)
        for _ in range(self.rng.choices((0, 1, 2, 3), weights)[0]):
            commitment = self.commitment(esc)
            if commitment is not None:
                esc.commitments.append(commitment)

    def commitment(
        self,
        esc: Escalation,
        ctype: ConcessionType | None = None,
        value: float | None = None,
        approved_on: dt.date | None = None,
    ) -> Commitment | None:
        if ctype is None:
            ctype, value = self.concession(esc.account)
            if ctype is None:
                return None
        rule = first_rule(ctype, value, esc.account)
        latest = esc.resolved.date() if esc.resolved else self.as_of
        if approved_on is None:
            approved_on = esc.opened.date() + dt.timedelta(
                days=self.rng.randint(1, max((latest - esc.opened.date()).days, 1))
            )
            approved_on = min(approved_on, latest)
        team = [p for p in (esc.account.ae, esc.account.csm) if p]
        owner = self.pick(team) if team else esc.owner
        assert owner is not None
        detail = self.fill_text(self.pick(COMMITMENT_DETAILS), esc)
        text = (
            f"{ctype.name}: {self.value_words(ctype, value)}{detail}"
            if value is not None
            else f"{ctype.name}, {detail}"
        )
        commitment = Commitment(ctype, value, text, owner, approved_on, self.commitment_states_for(esc), approved_on)
        chain = approval_chain(ctype, rule) if rule is not None else []
        if chain:
            commitment.approver = self.approver(chain[-1], esc, owner)
            commitment.approved_on = approved_on if commitment.approver else None
        self.schedule(commitment)
        return commitment

    def concession(self, account: Account) -> tuple[ConcessionType | None, float | None]:
        """A concession type and a value in its unit that the policy allows for this account."""
        types = self.policy.authority.concession_types
        for _ in range(30):
            ctype = self.pick(types)
            value = self.draw_value(ctype.unit)
            rule = first_rule(ctype, value, account)
            if rule is not None and rule.allowed:
                return ctype, value
        return None, None

    def draw_value(self, unit: str) -> float | None:
        draw = {
            "percent": lambda: float(self.rng.choice((5, 8, 10, 10, 12, 15, 15, 18, 20, 25, 30))),
            "money": lambda: float(round(math.exp(self.rng.uniform(math.log(2_500), math.log(90_000))) / 500) * 500),
            "days": lambda: float(self.rng.choice((45, 60, 60, 75, 90))),
            "months": lambda: float(self.rng.choice((6, 9, 12, 18, 24, 24, 36, 48))),
            "count": lambda: float(self.rng.randint(1, 10)),
        }.get(unit)
        return draw() if draw else None

    def value_words(self, ctype: ConcessionType, value: float) -> str:
        number = f"{value:,.0f}"
        return {
            "percent": f"{value:g}% off the renewal, ",
            "money": f"{self.money_text(value)} ",
            "days": f"net {number} days, ",
            "months": f"{number}-month term, ",
            "count": f"{number} units, ",
        }.get(ctype.unit, "")

    def commitment_states_for(self, esc: Escalation) -> CommitmentStatus:
        shares = (
            {"open": 0.75, "fulfilled": 0.2, "cancelled": 0.05, "missed": 0.0}
            if esc.is_open
            else {"open": 0.2, "fulfilled": 0.6, "missed": 0.1, "cancelled": 0.1}
        )
        states = [s for s in self.commitment_states if shares.get(s, 0) > 0] or list(self.commitment_states)
        state = self.rng.choices(states, [shares.get(s, 0.1) for s in states])[0]
        return self.pick(self.commitment_states[state])

    def schedule(self, commitment: Commitment) -> None:
        """Due date and fulfilment consistent with the status: missed ones are overdue, fulfilled ones done."""
        commitment.due = commitment.made_on + dt.timedelta(days=self.rng.randint(7, 90))
        if commitment.status.state == "missed" and not self.can_miss(commitment):
            commitment.status = self.pick(self.commitment_states.get("open", [commitment.status]))
        self.set_status(commitment, commitment.status)

    def can_miss(self, commitment: Commitment) -> bool:
        return commitment.made_on < self.as_of - dt.timedelta(days=3)

    def set_status(self, commitment: Commitment, status: CommitmentStatus) -> None:
        commitment.status, commitment.fulfilled_on = status, None
        if status.state == "missed":
            overdue = self.as_of - dt.timedelta(days=self.rng.randint(1, 20))
            commitment.due = max(min(commitment.due, overdue), commitment.made_on)
        elif status.state == "fulfilled":
            done = commitment.due + dt.timedelta(days=self.rng.randint(-10, 3))
            commitment.fulfilled_on = min(max(done, commitment.made_on), self.as_of)

    def cover_vocabularies(self, escalations: list[Escalation]) -> None:
        """Give every commitment status and every outcome at least one row when the log is big enough, so that
        every report and legend has something to show. Rows are moved only from a value used more than once,
        and outcomes only within their ARR result (saved, partial, lost)."""
        commitments = [c for e in escalations for c in e.commitments]
        for status in self.policy.log_values.commitment_statuses:
            used = Counter(c.status.id for c in commitments)
            donors = [
                c for c in commitments if used[c.status.id] > 1 and (status.state != "missed" or self.can_miss(c))
            ]
            if not used[status.id] and donors:
                self.set_status(self.pick(donors), status)
        closed = [e for e in escalations if e.outcome is not None]
        for outcome in self.policy.log_values.outcomes:
            used = Counter(e.outcome.id for e in closed if e.outcome)
            donors = [
                e for e in closed if e.outcome and used[e.outcome.id] > 1 and e.outcome.arr_result == outcome.arr_result
            ]
            if not used[outcome.id] and donors:
                self.pick(donors).outcome = outcome

    def approver(self, role_id: str, esc: Escalation, owner: Person) -> Person | None:
        """Someone who holds the role, avoiding the owner and the account-team members the policy forbids."""
        sod = self.policy.authority.segregation_of_duties
        barred = {owner.id} if sod.forbid_self_approval else set()
        column_people = {"csm": esc.account.csm, "ae": esc.account.ae, "exec_sponsor": esc.account.sponsor}
        barred.update(p.id for c, p in column_people.items() if p and c in sod.forbid_account_team)
        direct = [p for p in self.people(role_id) if p.id not in barred]
        if direct:
            return self.pick(direct)
        covering = [
            p
            for p in self.policy.organisation.people
            if p.id not in barred and any(role_id in self.policy.covered_roles.get(r, ()) for r in p.roles)
        ]
        return self.pick(covering) if covering else None

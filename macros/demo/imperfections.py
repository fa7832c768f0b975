"""Data-quality problems planted on request, each a warning or an audit finding and never an error."""

from __future__ import annotations

import datetime as dt

from ..policy.organisation import Delegation, Person
from .base import GeneratorBase
from .policy_facts import approval_chain, first_rule, value_grid
from .records import Escalation


class Imperfections(GeneratorBase):
    # ---- planted imperfections -------------------------------------------------------------------------------
    def flag_imperfections(self, escalations: list[Escalation]) -> None:
        """Mark escalations whose details must carry a planted problem (before the details are drawn)."""
        open_ = [e for e in escalations if e.is_open]
        closed = [e for e in escalations if not e.is_open]
        if open_:
            # The oldest open escalation of the tier that may stay open longest goes without updates for 3+ weeks.
            longest = max(open_, key=lambda e: (self.open_window(e.tier), -e.rank)).rank
            stale = min((e for e in open_ if e.rank == longest), key=lambda e: (e.opened, e.account.account_id))
            stale.flags.add("stale")
            age = max(min(self.open_window(stale.tier), 32), 24)
            if (self.as_of - stale.opened.date()).days < age:
                stale.opened = self.clock.moment(self.as_of - dt.timedelta(days=age), self.rng)
        if closed:
            oldest = [e for e in closed if e.opened.date() < self.as_of - dt.timedelta(days=120)] or closed
            self.pick(oldest).flags.add("no_review")
            targets = [e for e in closed if e.tier.response.exec_engaged is not None and "no_review" not in e.flags]
            if targets:
                self.pick(targets).flags.add("late_exec")

    def plant_imperfections(self, escalations: list[Escalation]) -> None:
        """Problems planted after the details exist: an open action without a check-in, approvals without
        authority, approvals by a delegate inside and just after a delegation, and internal notes."""
        pending = [a for e in escalations if e.is_open for a in e.actions if a.next_check_in is not None]
        if pending:
            self.pick(pending).next_check_in = None
        self.plant_unauthorised(escalations)
        self.plant_delegations(escalations)
        self.plant_later(escalations)

    def plant_later(self, escalations: list[Escalation]) -> None:
        """Problems planted without drawing from the generator's random numbers, so that every other row stays
        as it was: an under-tiered escalation, one left open past its tier's time-based escalation, a check-in
        date that has passed and a fulfilled commitment without its date."""
        candidates = sorted(
            (e for e in escalations if e.is_open and not e.flags), key=lambda e: (e.opened, e.account.account_id)
        )
        self.plant_under_tiered(candidates)
        self.plant_time_escalated([e for e in candidates if not e.flags])
        passed = self.clock.previous_business_day(self.as_of - dt.timedelta(days=3))
        pending = [
            a
            for e in candidates
            if e.opened.date() < passed
            for a in e.actions
            if a.next_check_in is not None and not getattr(a.status, "done", False) and a.next_check_in >= self.as_of
        ]
        if pending:
            pending[0].next_check_in = passed
        fulfilled = [
            c
            for e in escalations
            if not e.is_open
            for c in e.commitments
            if c.status.state == "fulfilled" and c.fulfilled_on is not None
        ]
        if fulfilled:
            fulfilled[-1].fulfilled_on = None

    def plant_under_tiered(self, candidates: list[Escalation]) -> None:
        """An open escalation whose criteria meet its tier, recorded one tier lower; from the lowest tier that
        can be lowered, where open escalations are most plentiful."""
        for esc in sorted(candidates, key=lambda e: e.rank):
            if esc.rank < 1 or esc.account.health is None:
                continue
            if (
                self.matching_rank(esc.account, esc.account.health, esc.blocker, esc.arr_at_risk, esc.opened)
                == esc.rank
            ):
                esc.flags.add("under_tiered")
                esc.rank -= 1
                esc.tier = self.tiers[esc.rank]
                return

    def plant_time_escalated(self, candidates: list[Escalation]) -> None:
        """An open escalation of the lowest tier that can move up by time, opened long enough ago that it has.
        Its acknowledgement and executive engagement move with the opening; its updates stay where they were."""
        end = dt.datetime.combine(self.as_of, dt.time(23, 59))
        for esc in sorted(candidates, key=lambda e: e.rank):
            rule = esc.tier.escalate_after
            if rule is None or esc.account.health is None:
                continue
            days = int(self.clock.calendar_days(rule.unresolved_for, 60)) + 7
            day = self.clock.previous_business_day(self.as_of - dt.timedelta(days=days))
            opened = dt.datetime.combine(day, esc.opened.time())
            while self.clock.add(opened, rule.unresolved_for) > end:
                opened -= dt.timedelta(days=7)
            rank = self.matching_rank(esc.account, esc.account.health, esc.blocker, esc.arr_at_risk, opened)
            if rank is not None and rank > esc.rank:
                continue
            shift = opened - esc.opened
            esc.flags.add("time_escalated")
            esc.opened = opened
            if esc.acknowledged is not None:
                esc.acknowledged += shift
            if esc.exec_engaged is not None:
                esc.exec_engaged += shift
            return

    def plant_unauthorised(self, escalations: list[Escalation]) -> None:
        closed = [e for e in escalations if not e.is_open]
        approved = [(e, c) for e in closed for c in e.commitments if c.approver and c.approved_on]
        self.rng.shuffle(approved)
        done_team = done_low = False
        for esc, commitment in approved:
            assert commitment.approved_on is not None
            rule = first_rule(commitment.ctype, commitment.value, esc.account)
            chain = approval_chain(commitment.ctype, rule) if rule else []
            team_member = esc.account.ae or esc.account.csm
            if (
                not done_team
                and chain
                and team_member
                and team_member is not commitment.owner
                and not self.holds(team_member, chain[-1], commitment.approved_on)
            ):
                commitment.approver, done_team = team_member, True
                continue
            if not done_low and len(chain) >= 2:
                low = [
                    p
                    for p in self.people(chain[0])
                    if p is not commitment.owner and not self.holds(p, chain[-1], commitment.approved_on)
                ]
                if low:
                    commitment.approver, done_low = self.pick(low), True
            if done_team and done_low:
                return

    def plant_delegations(self, escalations: list[Escalation]) -> None:
        """One approval by a delegate inside the window (valid) and one the day after it ended (a finding).
        A concession whose final approver is a lent role itself is preferred to one a lent role covers."""
        delegations = self.policy.organisation.delegations
        used = None
        for direct in (True, False):
            for delegation in delegations:
                last = min(delegation.ends, self.as_of)
                days = [delegation.starts + dt.timedelta(days=i) for i in range((last - delegation.starts).days + 1)]
                days = [d for d in days if d >= self.start and self.clock.is_business_day(d)]
                if days and self.plant_delegated(escalations, delegation, self.pick(days), valid=True, direct=direct):
                    used = delegation
                    break
            if used is not None:
                break
        later = [d for d in delegations if d is not used] + ([used] if used else [])
        for direct in (True, False):
            for delegation in later:
                day = delegation.ends + dt.timedelta(days=1)
                if self.start <= day <= self.as_of and self.plant_delegated(
                    escalations, delegation, day, valid=False, direct=direct
                ):
                    return

    def plant_delegated(
        self, escalations: list[Escalation], delegation: Delegation, day: dt.date, *, valid: bool, direct: bool
    ) -> bool:
        delegate = self.policy.person_by_id.get(delegation.delegate)
        delegator = self.policy.person_by_id.get(delegation.delegator)
        if delegate is None or delegator is None:
            return False
        lent = delegation.roles or delegator.roles
        roles = set(lent) if direct else {c for r in lent for c in self.policy.covered_roles.get(r, frozenset({r}))}
        own = {c for r in delegate.roles for c in self.policy.covered_roles.get(r, frozenset({r}))}
        active = [
            e
            for e in escalations
            if e.active_on(day) and all(delegate is not p for p in (e.account.csm, e.account.ae, e.account.sponsor))
        ]
        self.rng.shuffle(active)
        return self.plant_delegated_on(active, delegate, roles - own, day, valid=valid)

    def plant_delegated_on(
        self, active: list[Escalation], delegate: Person, roles: set[str], day: dt.date, *, valid: bool
    ) -> bool:
        types = list(self.policy.authority.concession_types)
        for esc in active:
            for ctype in self.rng.sample(types, len(types)):
                grid = value_grid(ctype.unit)
                for value in self.rng.sample(grid, len(grid)):
                    rule = first_rule(ctype, value, esc.account)
                    if rule is None or not rule.allowed or not approval_chain(ctype, rule):
                        continue
                    final = approval_chain(ctype, rule)[-1]
                    if final not in roles or self.holds(delegate, final, day) != valid:
                        continue
                    commitment = self.commitment(esc, ctype, value, approved_on=day)
                    if commitment is None or commitment.owner is delegate:
                        continue
                    commitment.approver, commitment.approved_on = delegate, day
                    esc.commitments.append(commitment)
                    return True
        return False

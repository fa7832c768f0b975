"""State shared by every stage of the demo-data generator: the policy, the seeded random source, the calendar, and
the small draws every stage makes. The stages (:mod:`.plan`, :mod:`.details`, :mod:`.commitments`,
:mod:`.imperfections`) extend this class; :class:`.generator.Generator` combines them."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from ..policy.log_values import CommitmentStatus
from ..policy.model import Policy
from ..policy.organisation import Person
from ..policy.tiers import Tier
from .clock import Clock
from .policy_facts import months_before
from .records import Escalation


class GeneratorBase:
    """The policy, the seeded random source and the calendar, and the draws every stage shares."""

    def __init__(
        self,
        policy: Policy,
        *,
        seed: int,
        as_of: dt.date,
        months: int,
        rate: float,
        min_open_per_tier: int,
        imperfections: bool,
    ) -> None:
        self.policy = policy
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
        self.as_of = as_of
        self.start = months_before(as_of, months)
        self.rate = rate
        self.months = months
        self.min_open_per_tier = min_open_per_tier
        self.imperfections = imperfections
        self.clock = Clock(policy, self.start, as_of)
        self.now = dt.datetime.combine(as_of, self.clock.ends)
        self.tiers = policy.tiers
        values = policy.log_values
        self.open_statuses = [s for s in values.escalation_statuses if s.open]
        self.closed_statuses = [s for s in values.escalation_statuses if not s.open]
        self.pending_actions = [s for s in values.action_statuses if not s.done]
        self.done_actions = [s for s in values.action_statuses if s.done]
        self.commitment_states: dict[str, list[CommitmentStatus]] = {}
        for status in values.commitment_statuses:
            self.commitment_states.setdefault(status.state, []).append(status)
        team = policy.organisation.account_team
        self.team_roles = {"csm": team.csm, "ae": team.ae, "exec_sponsor": team.exec_sponsor}
        self.stale_days = self.clock.calendar_days(values.data_quality.stale_after, 14)
        self._stakeholders: dict[tuple[str, tuple[str, ...]], list[Person]] = {}

    # ---- small draws -----------------------------------------------------------------------------------------
    def pick(self, items: Sequence):
        return items[self.rng.randrange(len(items))]

    def people(self, role_id: str | None) -> list[Person]:
        return self.policy.people_with_role(role_id) if role_id else []

    def stakeholder_people(
        self,
        tier: Tier,
        raci: tuple[str, ...] = ("responsible", "accountable", "consulted"),
    ) -> list[Person]:
        """People holding a role with one of these RACI letters in the tier's stakeholder row (cached)."""
        key = (tier.id, raci)
        if key not in self._stakeholders:
            people: dict[str, Person] = {}
            for role_id, involvement in self.policy.stakeholders.matrix.get(tier.id, {}).items():
                if involvement.raci in raci:
                    people.update((p.id, p) for p in self.people(role_id))
            self._stakeholders[key] = list(people.values())
        return self._stakeholders[key]

    def outside_role_name(self, tier: Tier) -> str:
        """A role from the tier's stakeholder row outside the account team, for narrative text."""
        row = self.policy.stakeholders.matrix.get(tier.id, {})
        team = set(self.team_roles.values())
        roles = [r for r, inv in row.items() if r not in team and inv.raci != "informed"]
        return self.policy.role_name(self.pick(roles)) if roles else "leadership"

    def open_window(self, tier: Tier) -> float:
        """Calendar days an escalation of this tier may stay open: at most 60, and short of the tier's time-based
        escalation so that nothing is overdue to move up."""
        if tier.escalate_after is None:
            return 60.0
        return min(max(self.clock.calendar_days(tier.escalate_after.unresolved_for, 60) * 0.85, 2.0), 60.0)

    def money_text(self, amount: float) -> str:
        currency = self.policy.organisation.company.currency
        symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency)
        return f"{symbol}{amount:,.0f}" if symbol else f"{currency} {amount:,.0f}"

    def fill_text(self, template: str, esc: Escalation) -> str:
        return template.format(
            cust=esc.customer_role,
            role=self.outside_role_name(esc.tier),
            blocker=esc.blocker.name.lower() if esc.blocker else "the open issue",
            deadline=esc.deadline.isoformat() if esc.deadline else "the deadline",
            renewal=esc.renewal.isoformat(),
        )

    def holds(self, person: Person, role_id: str, day: dt.date) -> bool:
        return role_id in self.policy.authority_of(person.id, day)

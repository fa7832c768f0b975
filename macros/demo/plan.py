"""Accounts and the plan of escalations: which account escalates, when, in which tier, open or closed."""

from __future__ import annotations

import datetime as dt
import math

from ..policy.log_values import HealthValue, Outcome, Term
from ..policy.organisation import Person
from .base import GeneratorBase
from .options import OPEN_SHARE
from .phrases import NAME_FIRST, NAME_SECOND, NAME_SUFFIXES, REGIONS
from .policy_facts import anniversary_on_or_after, segment_ranges, weights_linear
from .records import Account, Escalation


class Planner(GeneratorBase):
    # ---- accounts --------------------------------------------------------------------------------------------
    def accounts(self, count: int) -> list[Account]:
        names = self.company_names(count)
        segments = self.policy.log_values.segments
        ranges = segment_ranges(segments)
        segment_weights = [0.6**i for i in range(len(segments))]
        regions, region_weights = self.regions()
        result = []
        for index in range(count):
            bucket = self.rng.choices(range(len(segments)), segment_weights)[0]
            low, high = ranges[bucket]
            drawn = math.exp(self.rng.uniform(math.log(low), math.log(high)))
            arr = min(max(int(drawn // 500) * 500, int(low) + 500), int(high) - 500)  # strictly inside the range
            account = Account(
                account_id=f"ACC-{index + 1:04d}",
                name=names[index],
                segment=segments[bucket],
                region=self.rng.choices(regions, region_weights)[0],
                arr=int(arr),
                renewal=self.renewal_date(),
            )
            account.csm = self._team_member("csm")
            account.ae = self._team_member("ae")
            if arr >= 60_000 or self.rng.random() < 0.3:
                account.sponsor = self._team_member("exec_sponsor")
            result.append(account)
        return result

    def renewal_date(self) -> dt.date:
        """Mostly within the next year; some in the last three months (renewals still being negotiated)."""
        if self.rng.random() < 0.12:
            return self.as_of - dt.timedelta(days=self.rng.randint(1, 90))
        return self.as_of + dt.timedelta(days=self.rng.randint(1, 365))

    def _team_member(self, column: str) -> Person | None:
        people = self.people(self.team_roles[column])
        return self.pick(people) if people else None

    def company_names(self, count: int) -> list[str]:
        pairs = [f"{a} {b}" for a in NAME_FIRST for b in NAME_SECOND]
        self.rng.shuffle(pairs)
        names = pairs[:count]
        suffix_round = 0
        while len(names) < count:
            suffix = NAME_SUFFIXES[suffix_round % len(NAME_SUFFIXES)]
            extra = "" if suffix_round < len(NAME_SUFFIXES) else f" {suffix_round // len(NAME_SUFFIXES) + 1}"
            names.extend(f"{p}{suffix}{extra}" for p in pairs[: count - len(names)])
            suffix_round += 1
        return names

    def regions(self) -> tuple[list[str], list[float]]:
        """Narrative regions, plus any region a tier criterion tests, so that such criteria can match."""
        names = [r for r, _ in REGIONS]
        weights = [w for _, w in REGIONS]
        for tier in self.tiers:
            for criterion in tier.criteria:
                test = criterion.when.get("region")
                for value in (test.in_ or []) if test is not None else []:
                    if value.lower() not in (n.lower() for n in names):
                        names.append(value)
                        weights.append(0.1)
        return names, weights

    def health_for(self, rank: int | None) -> HealthValue:
        """Healthier values for calm accounts; for an open escalation, worse as the tier rises."""
        values = self.policy.log_values.health_values
        if rank is None:
            weights = [0.5**i for i in range(len(values))]
        else:
            target = rank / max(len(self.tiers) - 1, 1) * (len(values) - 1)
            weights = [math.exp(-((i - target) ** 2)) for i in range(len(values))]
        return self.rng.choices(values, weights)[0]

    # ---- escalation plan -------------------------------------------------------------------------------------
    def plan(self, accounts: list[Account]) -> list[Escalation]:
        total = max(round(self.rate * len(accounts) * self.months / 12), 1)
        n_open = max(round(OPEN_SHARE * total), self.min_open_per_tier * len(self.tiers))
        n_open = min(n_open, len(accounts))
        total = max(total, n_open)
        open_ranks = [r for r in range(len(self.tiers)) for _ in range(self.min_open_per_tier)][:n_open]
        open_ranks += self.tier_ranks(n_open - len(open_ranks))
        escalations = self.plan_open(sorted(open_ranks, reverse=True), accounts)
        closed = [(rank, self.outcome()) for rank in self.tier_ranks(total - n_open)]
        taken = {id(e.account) for e in escalations}
        quiet = [a for a in accounts if id(a) not in taken]
        churned = self.rng.sample(quiet, min(len(quiet), sum(o.arr_result == "lost" for _, o in closed)))
        churned_ids = {id(a) for a in churned}
        ongoing = [a for a in accounts if id(a) not in churned_ids]
        for rank, outcome in closed:
            lost = outcome.arr_result == "lost" and churned
            escalations.append(self.plan_closed(rank, outcome, churned.pop() if lost else None, ongoing))
        for account in accounts:
            if account.health is None:
                account.health = self.health_for(None)
        if self.imperfections:
            self.flag_imperfections(escalations)
        escalations.sort(key=lambda e: (e.opened, e.account.account_id))
        counters: dict[int, int] = {}
        for escalation in escalations:
            year = escalation.opened.year
            counters[year] = counters.get(year, 0) + 1
            escalation.escalation_id = f"ESC-{year}-{counters[year]:04d}"
        return escalations

    def tier_ranks(self, count: int) -> list[int]:
        """``count`` tier ranks in the proportions of :func:`weights_linear` (largest remainder), shuffled."""
        weights = weights_linear(len(self.tiers))
        shares = [count * w / sum(weights) for w in weights]
        counts = [int(share) for share in shares]
        by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
        for i in by_remainder[: count - sum(counts)]:
            counts[i] += 1
        ranks = [rank for rank, n in enumerate(counts) for _ in range(n)]
        self.rng.shuffle(ranks)
        return ranks

    def plan_open(self, ranks: list[int], accounts: list[Account]) -> list[Escalation]:
        """Open escalations, most severe first, each on its own account. Account, blocker, health, ARR at risk
        and renewal date are searched so that the tier's own criteria pick the tier (when the policy allows it);
        no escalation uses the accounts yet, so their renewal dates are still free to draw."""
        free = list(accounts)
        result = []
        for rank in ranks:
            tier = self.tiers[rank]
            age = self.rng.uniform(0, self.open_window(tier))
            opened = self.clock.moment(self.as_of - dt.timedelta(days=age), self.rng)
            candidate = None
            order = self.rng.sample(range(len(free)), min(len(free), 150))
            for index in order:
                account = free[index]
                for attempt in range(4):
                    if attempt >= 2:
                        account.renewal = self.renewal_date()
                    health, blocker, at_risk = self.health_for(rank), self.blocker(), self.arr_at_risk(account)
                    candidate = (index, health, blocker, at_risk)
                    if self.matching_rank(account, health, blocker, at_risk, opened) == rank:
                        break
                else:
                    continue
                break
            assert candidate is not None
            index, health, blocker, at_risk = candidate
            account = free[index]
            free[index] = free[-1]
            free.pop()
            account.health = health
            result.append(Escalation(account, rank, tier, opened, True, blocker, at_risk, account.renewal))
        return result

    def plan_closed(self, rank: int, outcome: Outcome, churned: Account | None, accounts: list[Account]) -> Escalation:
        """A resolved escalation; arrivals ramp up over the period, as when a team adopts the log. Mostly on an
        account whose renewal was due within six months; a lost renewal gets an account of its own (``churned``)
        whose renewal date becomes the one that was lost."""
        latest = self.as_of - dt.timedelta(days=7)
        span = (latest - self.start).days
        day = self.start + dt.timedelta(days=int(self.rng.triangular(0, span, span)))
        opened = self.clock.moment(max(day, self.start), self.rng)
        if churned is not None:
            churned.renewal = opened.date() + dt.timedelta(days=self.rng.randint(10, 150))
            churned.health = self.policy.log_values.health_values[-1]
            account, renewal = churned, churned.renewal
        else:
            for _ in range(12):
                account = self.pick(accounts)
                renewal = anniversary_on_or_after(account.renewal, opened.date() - dt.timedelta(days=30))
                if (renewal - opened.date()).days <= 180:
                    break
        esc = Escalation(
            account, rank, self.tiers[rank], opened, False, self.blocker(), self.arr_at_risk(account), renewal
        )
        esc.outcome = outcome
        return esc

    def blocker(self) -> Term | None:
        return self.pick(self.policy.log_values.blocker_types) if self.rng.random() < 0.95 else None

    def arr_at_risk(self, account: Account) -> int:
        if self.rng.random() < 0.65:
            return account.arr
        return int(round(account.arr * self.rng.uniform(0.3, 0.8) / 1000) * 1000) or account.arr

    def matching_rank(
        self, account: Account, health: HealthValue, blocker: Term | None, at_risk: int, opened: dt.datetime
    ) -> int | None:
        """The highest tier whose criteria the escalation meets as of the as-of date (the lowest tier without
        criteria takes everything else)."""
        facts: dict[str, float | str | None] = {
            "arr": account.arr,
            "arr_at_risk": at_risk,
            "days_to_renewal": (account.renewal - self.as_of).days,
            "days_open": (self.as_of - opened.date()).days,
            "health": health.id,
            "blocker_type": blocker.id if blocker else None,
            "segment": account.segment.id,
            "region": account.region,
        }
        for rank in range(len(self.tiers) - 1, -1, -1):
            for criterion in self.tiers[rank].criteria:
                if all(test.matches(facts.get(fact)) for fact, test in criterion.when.items()):
                    return rank
        return 0 if not self.tiers[0].criteria else None

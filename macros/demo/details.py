"""The details of each planned escalation: owner, response times, status, actions, updates, reviews and text."""

from __future__ import annotations

import datetime as dt

from ..policy.common import Duration
from ..policy.log_values import Outcome
from ..policy.organisation import Person
from .base import GeneratorBase
from .phrases import (
    ACTION_NOTES,
    ACTIONS,
    AUDIENCES,
    CUSTOMER_ROLES,
    DESIRED_OUTCOMES,
    FINAL_UPDATES,
    FIRST_UPDATE,
    IMPACT_EXTRAS,
    ISSUE_DETAILS,
    PLAYBOOK_UPDATES,
    PLAYS,
    RISKS,
    SUPPORT_REQUESTS,
    TALKING_POINTS,
    TO_CHANGE,
    UPDATES,
    WORKED,
)
from .records import Action, Escalation, Review, Update


class Details(GeneratorBase):
    # ---- escalation details ----------------------------------------------------------------------------------
    def fill(self, esc: Escalation) -> None:
        response = esc.tier.response
        esc.customer_role = self.pick(CUSTOMER_ROLES)
        esc.owner = self.owner(esc)
        ack_target = response.acknowledge or Duration(amount=1, unit="business_days")
        late = self.rng.random() < 0.08
        esc.acknowledged = self.clock.add(
            esc.opened, ack_target, self.rng.uniform(1.2, 2.5) if late else self.rng.uniform(0.1, 0.9)
        )
        if response.exec_engaged is not None:
            late = "late_exec" in esc.flags or self.rng.random() < 0.07
            factor = (
                self.rng.uniform(2.0, 3.0)
                if "late_exec" in esc.flags
                else (self.rng.uniform(1.3, 2.5) if late else self.rng.uniform(0.2, 0.95))
            )
            if esc.is_open or "late_exec" in esc.flags or self.rng.random() < 0.95:
                esc.exec_engaged = self.clock.add(esc.opened, response.exec_engaged, factor)
        elif esc.rank > 0 and self.rng.random() < 0.3:
            esc.exec_engaged = self.clock.add(
                esc.opened, Duration(amount=3, unit="business_days"), self.rng.uniform(0.3, 1.5)
            )
        scale = 1 - 0.5 * esc.rank / max(len(self.tiers) - 1, 1)
        esc.deadline = esc.opened.date() + dt.timedelta(days=max(3, round(self.rng.uniform(10, 40) * scale)))
        esc.play = self.pick(PLAYS) if self.rng.random() < 0.85 else None
        if esc.is_open:
            self.fill_open(esc)
        else:
            self.fill_closed(esc)

    def fill_open(self, esc: Escalation) -> None:
        for attribute in ("acknowledged", "exec_engaged"):
            moment = getattr(esc, attribute)
            if moment is not None and moment > self.now:
                setattr(esc, attribute, None)
        first, rest = self.open_statuses[0], self.open_statuses[1:]
        if esc.acknowledged is None or not rest:
            esc.status = first
        else:
            esc.status = self.rng.choices(rest, [1 / (i + 1) for i in range(len(rest))])[0]

    def fill_closed(self, esc: Escalation) -> None:
        days = min(self.rng.uniform(7, 55), self.open_window(esc.tier))
        resolved = self.clock.moment(esc.opened.date() + dt.timedelta(days=max(days, 2)), self.rng)
        if "no_review" in esc.flags:
            resolved = min(resolved, self.clock.moment(self.as_of - dt.timedelta(days=70), self.rng))
        limit = self.clock.moment(self.as_of - dt.timedelta(days=1), self.rng)
        resolved = max(min(resolved, limit), esc.opened + dt.timedelta(hours=2))
        esc.resolved = resolved
        for attribute in ("acknowledged", "exec_engaged"):
            moment = getattr(esc, attribute)
            if moment is not None and moment > resolved:
                setattr(esc, attribute, resolved)
        others = self.closed_statuses[1:]
        esc.status = self.pick(others) if others and self.rng.random() < 0.06 else self.closed_statuses[0]

    def outcome(self) -> Outcome:
        groups: dict[str, list[Outcome]] = {}
        for outcome in self.policy.log_values.outcomes:
            groups.setdefault(outcome.arr_result, []).append(outcome)
        shares = {"saved": 0.72, "partial": 0.15, "lost": 0.13}
        kinds = list(groups)
        kind = self.rng.choices(kinds, [shares[k] for k in kinds])[0]
        return self.pick(groups[kind])

    def owner(self, esc: Escalation) -> Person:
        if esc.account.csm is not None and self.rng.random() < 0.88:
            return esc.account.csm
        people = self.stakeholder_people(esc.tier, ("responsible",)) or self.policy.organisation.people
        return self.pick(people)

    # ---- actions ---------------------------------------------------------------------------------------------
    def actions(self, esc: Escalation) -> None:
        count = self.rng.choices((2, 3, 4, 5), (0.25, 0.35, 0.25, 0.15))[0]
        helpers = [p for p in (esc.account.csm, esc.account.ae) if p] + self.stakeholder_people(esc.tier)
        end = esc.resolved.date() if esc.resolved else self.as_of
        span = max((end - esc.opened.date()).days, 3)
        texts = self.rng.sample(ACTIONS, count)
        for text in texts:
            due = esc.opened.date() + dt.timedelta(days=self.rng.randint(2, max(span + 5, 5)))
            owner = esc.owner if self.rng.random() < 0.4 or not helpers else self.pick(helpers)
            action = Action(self.fill_text(text, esc), owner, due, self.done_actions[0])
            if esc.is_open and not (due < self.as_of - dt.timedelta(days=3) and self.rng.random() < 0.7):
                action.status = self.rng.choices(
                    self.pending_actions, [1 / (i + 1) for i in range(len(self.pending_actions))]
                )[0]
                action.next_check_in = self.clock.next_business_day(
                    self.as_of + dt.timedelta(days=self.rng.randint(0, 9))
                )
            else:
                self.close_action(action, esc)
            if self.rng.random() < 0.25:
                action.notes = self.pick(ACTION_NOTES)
            esc.actions.append(action)
        esc.actions.sort(key=lambda a: a.due)

    def close_action(self, action: Action, esc: Escalation) -> None:
        others = self.done_actions[1:]
        if others and self.rng.random() < 0.1:
            action.status = self.pick(others)
            return
        action.status = self.done_actions[0]
        latest = esc.resolved.date() if esc.resolved else self.as_of
        done = action.due + dt.timedelta(days=self.rng.randint(-4, 3))
        action.completed_on = min(max(done, esc.opened.date()), latest)

    # ---- updates and reviews ---------------------------------------------------------------------------------
    def updates(self, esc: Escalation) -> None:
        cadence = esc.tier.response.status_update_every or Duration(amount=5, unit="business_days")
        end = esc.resolved or self.now
        if "stale" in esc.flags:
            end = min(end, self.now - dt.timedelta(days=22))
        moment = self.clock.clamp(max(esc.acknowledged or esc.opened, esc.opened) + dt.timedelta(minutes=30))
        summary = FIRST_UPDATE
        while moment < end:
            esc.updates.append(self.update(esc, moment, summary))
            factor = self.rng.uniform(1.05, 1.4) if self.rng.random() < 0.08 else self.rng.uniform(0.5, 1.0)
            moment = self.clock.add(moment, cadence, factor)
            summary = self.fill_text(self.pick(UPDATES), esc)
        if esc.resolved is not None:
            final = FINAL_UPDATES.get(esc.outcome.arr_result if esc.outcome else "", "")
            if esc.status is not self.closed_statuses[0] or not final:
                final = f"Closing the escalation as {esc.status.name if esc.status else 'closed'}."
            esc.updates.append(self.update(esc, esc.resolved, final))
        elif "stale" not in esc.flags:
            recent = min(self.stale_days, self.clock.calendar_days(cadence, 7)) * 0.6
            last = esc.updates[-1].when if esc.updates else esc.opened
            if (self.now - last).days >= recent:
                day = self.as_of - dt.timedelta(days=self.rng.uniform(0, recent))
                when = max(self.clock.moment(day, self.rng), esc.opened + dt.timedelta(minutes=30))
                esc.updates.append(self.update(esc, min(when, self.now), self.fill_text(self.pick(UPDATES), esc)))

    def update(self, esc: Escalation, when: dt.datetime, summary: str) -> Update:
        assert esc.owner is not None
        authors = [p for p in (esc.account.csm, esc.account.ae, esc.account.sponsor) if p]
        author = esc.owner if self.rng.random() < 0.7 or not authors else self.pick(authors)
        protocol = self.policy.communication.protocols.get(esc.tier.id)
        roles = protocol.status_updates.audience if protocol else []
        if roles and self.rng.random() < 0.5:
            audience = ", ".join(self.policy.role_name(r) for r in roles[:3])
        else:
            audience = AUDIENCES[min(esc.rank, len(AUDIENCES) - 1)] if self.rng.random() < 0.8 else AUDIENCES[0]
        return Update(when, author, summary, audience)

    def review(self, esc: Escalation) -> None:
        if esc.resolved is None or "no_review" in esc.flags:
            return
        target = esc.tier.response.review_within or Duration(amount=10, unit="business_days")
        due = self.clock.add(esc.resolved, target)
        if due > self.now and self.rng.random() < 0.5:
            return  # not owed yet
        factor = self.rng.uniform(1.1, 1.6) if self.rng.random() < 0.1 else self.rng.uniform(0.2, 1.0)
        day = min(self.clock.add(esc.resolved, target, factor).date(), self.as_of)
        assert esc.owner is not None and esc.outcome is not None
        facilitators = [p for p in self.stakeholder_people(esc.tier, ("accountable",)) if p is not esc.owner]
        manager = self.policy.person_by_id.get(esc.owner.reports_to or "")
        facilitator = self.pick(facilitators) if facilitators else (manager or esc.owner)
        blocker = esc.blocker.name.lower() if esc.blocker else "an unclear blocker"
        happened = (
            f"{esc.account.name}: {blocker} put {self.money_text(esc.arr_at_risk)} of ARR at risk. Escalated as "
            f"{esc.tier.name} on {esc.opened.date().isoformat()} and closed on {esc.resolved.date().isoformat()} "
            f"({esc.outcome.name.lower()})."
        )
        play = esc.play or "renewal"
        playbook = self.pick(PLAYBOOK_UPDATES).format(play=play, blocker=blocker)
        esc.reviews.append(Review(day, facilitator, happened, self.pick(WORKED), self.pick(TO_CHANGE), playbook))

    def narrative(self, esc: Escalation) -> dict[str, str]:
        blocker = esc.blocker
        lead = f"{blocker.name}: {blocker.description}".strip() if blocker else "Renewal at risk."
        issue = f"{lead} {self.fill_text(self.pick(ISSUE_DETAILS), esc)}"
        days = (esc.renewal - esc.opened.date()).days
        when = (
            f"renewal due {esc.renewal.isoformat()} ({days} days out)"
            if days > 0
            else f"the renewal was due {esc.renewal.isoformat()} and is still unsigned"
        )
        impact = (
            f"{self.money_text(esc.arr_at_risk)} of {self.money_text(esc.account.arr)} ARR at risk; {when}. "
            + self.fill_text(self.pick(IMPACT_EXTRAS), esc)
        )
        points = self.rng.sample(TALKING_POINTS, self.rng.randint(3, 4))
        talking = "Key messages:\n" + "\n".join(f"- {p}" for p in points)
        risks = " ".join(self.fill_text(r, esc) for r in self.rng.sample(RISKS, self.rng.randint(1, 2)))
        return {
            "issue": issue,
            "impact": impact,
            "requested_support": self.fill_text(self.pick(SUPPORT_REQUESTS), esc),
            "desired_outcome": self.fill_text(self.pick(DESIRED_OUTCOMES), esc),
            "talking_points": talking,
            "risks": risks,
        }

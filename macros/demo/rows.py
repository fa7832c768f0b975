"""Records to cell values, the way people type them into the log."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ..policy.authority import ConcessionType
from ..policy.model import Policy
from ..policy.organisation import Person
from .options import INTERNAL_NOTES
from .records import Account, Action, Commitment, Escalation, Review, Update

_MONEY_FORMAT = "#,##0"
_PERCENT_FORMAT = "0%"


@dataclass(frozen=True, slots=True)
class Formatted:
    value: object
    number_format: str


class RowWriter:
    """Turns records into cell values the way people type them: names mostly, some emails and ids; real dates
    mostly, a few ISO text; amounts mostly numbers, a few currency text."""

    def __init__(self, policy: Policy, rng: random.Random, money_text) -> None:
        self.policy = policy
        self.rng = rng
        self.money_text = money_text

    def person(self, person: Person | None) -> str | None:
        if person is None:
            return None
        draw = self.rng.random()
        return person.name if draw < 0.8 else person.email if draw < 0.92 else person.id

    def term(self, term) -> str | None:
        if term is None:
            return None
        return term.name if self.rng.random() < 0.75 else term.id

    def date(self, day: dt.date | None):
        if day is None:
            return None
        return day.isoformat() if self.rng.random() < 0.03 else day

    def moment(self, moment: dt.datetime | None):
        if moment is None:
            return None
        return moment.strftime("%Y-%m-%d %H:%M") if self.rng.random() < 0.03 else moment

    def money(self, amount: float | None):
        if amount is None:
            return None
        return self.money_text(amount) if self.rng.random() < 0.06 else Formatted(int(amount), _MONEY_FORMAT)

    def concession_value(self, ctype: ConcessionType, value: float | None):
        if value is None or ctype.unit == "none":
            return None
        if ctype.unit == "percent":
            draw = self.rng.random()
            if draw < 0.5:
                return f"{value:g}%"
            return Formatted(value / 100, _PERCENT_FORMAT) if draw < 0.8 else value
        if ctype.unit == "money":
            return self.money(value)
        return int(value) if value == int(value) else value

    def accounts(self, accounts: list[Account], currency: str) -> list[dict]:
        return [
            {
                "account_id": a.account_id,
                "name": a.name,
                "segment": self.term(a.segment),
                "region": a.region,
                "arr": self.money(a.arr),
                "currency": currency if self.rng.random() < 0.7 else None,
                "renewal_date": self.date(a.renewal),
                "health": self.term(a.health),
                "csm": self.person(a.csm),
                "ae": self.person(a.ae),
                "exec_sponsor": self.person(a.sponsor),
            }
            for a in accounts
        ]

    def escalation(self, esc: Escalation, text: dict[str, str], notes: str | None) -> dict:
        at_risk = None if esc.arr_at_risk == esc.account.arr and self.rng.random() < 0.1 else esc.arr_at_risk
        row = {
            "escalation_id": esc.escalation_id,
            "account_id": esc.account.account_id,
            "opened_on": self.moment(esc.opened),
            "tier": self.term(esc.tier),
            "status": self.term(esc.status),
            "deadline": self.date(esc.deadline),
            "owner": self.person(esc.owner),
            "blocker_type": self.term(esc.blocker),
            "acknowledged_at": self.moment(esc.acknowledged),
            "exec_engaged_at": self.moment(esc.exec_engaged),
            "resolved_on": self.moment(esc.resolved),
            "outcome": self.term(esc.outcome),
            "arr_at_risk": self.money(at_risk),
            "play": esc.play,
            INTERNAL_NOTES: notes,
        }
        row.update(text)
        return row

    def action(self, esc: Escalation, action: Action) -> dict:
        return {
            "escalation_id": esc.escalation_id,
            "action": action.text,
            "owner": self.person(action.owner),
            "due": self.date(action.due),
            "status": self.term(action.status),
            "next_check_in": self.date(action.next_check_in),
            "completed_on": self.date(action.completed_on),
            "notes": action.notes,
        }

    def commitment(self, esc: Escalation, commitment: Commitment, number: int) -> dict:
        return {
            "commitment_id": f"COM-{number:04d}",
            "escalation_id": esc.escalation_id,
            "type": self.term(commitment.ctype),
            "description": commitment.description,
            "owner": self.person(commitment.owner),
            "due": self.date(commitment.due),
            "status": self.term(commitment.status),
            "value": self.concession_value(commitment.ctype, commitment.value),
            "approved_by": self.person(commitment.approver),
            "approved_on": self.date(commitment.approved_on),
            "fulfilled_on": self.date(commitment.fulfilled_on),
        }

    def update(self, esc: Escalation, update: Update) -> dict:
        return {
            "escalation_id": esc.escalation_id,
            "date": self.moment(update.when),
            "author": self.person(update.author),
            "summary": update.summary,
            "audience": update.audience,
        }

    def review(self, esc: Escalation, review: Review) -> dict:
        return {
            "escalation_id": esc.escalation_id,
            "review_date": self.date(review.day),
            "facilitator": self.person(review.facilitator),
            "what_happened": review.happened,
            "what_worked": review.worked,
            "what_to_change": review.change,
            "playbook_updates": review.playbook,
        }

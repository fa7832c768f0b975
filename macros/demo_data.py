"""Deterministic demo data: a realistic escalation-log workbook for any policy that follows the data contract.

Nothing about the company is assumed: tiers, roles, people, statuses, outcomes, concession types, segments,
health values and blocker types all come from the :class:`Policy`. What is invented (company names, regions,
phrases) is narrative that no check depends on. The same policy, seed and options always give the same bytes.

The shipped sample (``data/escalations.xlsx``) is made with::

    from datetime import date
    from pathlib import Path
    from macros.demo_data import SAMPLE_OPTIONS, write_workbook
    from macros.policy.loader import load_policy

    write_workbook(load_policy(Path("data")), Path("data/escalations.xlsx"), **SAMPLE_OPTIONS)

With ``imperfections=True`` a handful of data-quality problems are planted, each a warning or an audit finding,
never an error: an open action without a next check-in, a stale open escalation, a review owed long ago, a late
executive engagement, an extra "Internal Notes" column, approvals without authority, and approvals by a delegate
inside and just after a delegation window.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math
import random
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import holidays
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from .policy.authority import ConcessionType, Rule
from .policy.common import Duration
from .policy.loader import load_policy
from .policy.log_values import CommitmentStatus, EscalationStatus, HealthValue, Outcome, Term
from .policy.model import Policy
from .policy.organisation import Delegation, Person
from .policy.tiers import Tier
from .workbook.columns import ACCOUNTS, ACTIONS, COMMITMENTS, ESCALATIONS, REVIEWS, UPDATES, Sheet
from .workbook.safe_cells import is_formula_like, set_safe_value

__all__ = ["DEFAULT_RATE", "INTERNAL_NOTES", "SAMPLE_OPTIONS", "generate_workbook", "save_workbook", "write_demo_data",
           "write_workbook"]

DEFAULT_RATE = 0.4
"""Escalations per account per year."""
OPEN_SHARE = 0.35
"""Share of escalations still open on the as-of date (the most recent ones)."""
INTERNAL_NOTES = "Internal Notes"
"""Header of the extra, non-contract column planted by ``imperfections``."""

SAMPLE_OPTIONS: dict = {
    "accounts": 40,
    "seed": 2026,
    "as_of": dt.date(2026, 11, 30),
    "months": 15,
    "imperfections": True,
    "escalations_per_account_year": 1.5,
    "min_open_per_tier": 8,
}
"""Options of the shipped sample: a small portfolio with enough escalations to fill every page."""

# --- narrative word lists (never policy vocabulary) ------------------------------------------------------------

_NAME_FIRST = (
    "Harbor", "Brightwell", "Northwind", "Summit", "Bluestone", "Cedar", "Ironwood", "Meridian", "Silverline",
    "Redwood", "Clearwater", "Granite", "Oakridge", "Pinnacle", "Riverbend", "Sterling", "Tidewater", "Westfield",
    "Evergreen", "Falcon", "Highland", "Keystone", "Lakeshore", "Maple", "Orchard", "Prairie", "Quarry", "Sable",
    "Trident", "Union", "Vantage", "Willow", "Beacon", "Copperleaf", "Driftwood", "Eastgate", "Fairview",
    "Goldcrest", "Hawthorne", "Juniper", "Kingsbridge", "Larkspur", "Millbrook", "Northstar", "Open Range",
    "Parkside", "Quayside", "Rockford", "Stonegate", "Thornbury", "Upland", "Valley", "Wexford", "Yardley",
    "Zenith", "Alder", "Brookline", "Crescent", "Delta", "Emberly", "Foxglove", "Greystone", "Heron", "Indigo",
    "Jasper", "Kestrel", "Lighthouse", "Marlow", "Newbury", "Osprey", "Pioneer", "Ridgeway", "Seabright",
    "Tamarack", "Vista", "Whitmore", "Ashford", "Bayview", "Coastal", "Dunmore",
)
_NAME_SECOND = (
    "Logistics", "Foods", "Health", "Analytics", "Manufacturing", "Capital", "Energy", "Retail", "Labs",
    "Systems", "Media", "Insurance", "Freight", "Biotech", "Hospitality", "Telecom", "Pharma", "Outfitters",
    "Robotics", "Networks", "Materials", "Clinics", "Brewing", "Aerospace", "Banking", "Learning", "Realty",
    "Distribution", "Components", "Software", "Partners", "Mobility", "Packaging", "Utilities", "Marine",
    "Apparel", "Dental", "Farms", "Textiles", "Security", "Consulting", "Travel", "Pet Care", "Solar",
    "Water", "Furniture", "Printing", "Staffing", "Motors", "Credit Union",
)
_NAME_SUFFIXES = (" Group", " Holdings", " Inc.", " Co.", " Partners", " International")
_REGIONS = (
    ("North America East", 0.3), ("North America West", 0.24), ("EMEA", 0.28), ("APAC", 0.12),
    ("Latin America", 0.06),
)
_CUSTOMER_ROLES = (
    "CIO", "COO", "CFO", "VP Operations", "Head of Procurement", "Director of IT", "VP Engineering",
    "Head of Customer Support", "Chief Digital Officer", "VP Finance", "Head of Data",
)
_PLAYS = (
    "exec-alignment", "value-realisation", "multi-thread", "commercial-restructure", "technical-recovery",
    "adoption-sprint", "champion-rebuild", "competitive-defence", "security-assurance", "contract-redline",
)

_ISSUE_DETAILS = (
    "The customer's {cust} raised it at the last business review and tied it directly to the renewal decision.",
    "Their {cust} has told the account team they will not sign the renewal until this is addressed.",
    "Raised by the customer's {cust} in an email to our executive team; procurement has paused the renewal.",
    "It has come up in three weekly calls in a row and is now on the customer's steering-committee agenda.",
    "Procurement has asked for a revised proposal before they take the renewal to their {cust}.",
    "The customer's {cust} is new in role and is reviewing every vendor contract, starting with ours.",
    "Our champion warned us privately that the renewal is not approved internally yet.",
)
_IMPACT_EXTRAS = (
    "The customer has asked for a formal response within two weeks.",
    "Losing the account would also end the planned expansion into a second business unit.",
    "The account is a public reference customer and speaks at our user conference.",
    "Their {cust} sits on our customer advisory board.",
    "Two other accounts in the same region watch this customer closely.",
    "A multi-year renewal was in the forecast for this quarter.",
)
_SUPPORT_REQUESTS = (
    "{role} to join a call with the customer's {cust} before {deadline}.",
    "Help from {role} to prepare renewal options we can put in front of the customer.",
    "A written recovery plan with owners and dates, reviewed by {role}, that we can share with the customer.",
    "{role} on standby for approvals if the customer asks for a concession.",
    "An executive-to-executive call between {role} and the customer's {cust}.",
)
_DESIRED_OUTCOMES = (
    "Renewal signed at or above current ARR by {renewal}.",
    "A two-year renewal with a success plan both sides sign off.",
    "The customer confirms the renewal in writing and agrees to stay a reference.",
    "Renewal closed with no concession beyond what the approval matrix allows.",
    "Keep the account on a right-sized contract rather than lose it.",
)
_TALKING_POINTS = (
    "Acknowledge the impact on their team before discussing the renewal.",
    "Share the recovery plan with named owners and dates.",
    "Confirm the outcomes they need in the next 90 days.",
    "Recap the value delivered this year with their own usage numbers.",
    "Do not offer concessions on the call; route any request through the approval matrix.",
    "Ask who else is involved in the renewal decision.",
    "Agree the next executive touchpoint before the call ends.",
    "Be clear about what is on the roadmap and what is not.",
)
_RISKS = (
    "The customer's {cust} is new and has no history with us.",
    "A competitor is offering a heavily discounted first year.",
    "Budget decisions are made at the end of their fiscal quarter, before our deadline.",
    "The fix depends on an engineering release that has slipped once already.",
    "Procurement may push for terms outside our standard authority.",
    "Our champion has limited influence with the economic buyer.",
    "The customer may split the contract and move one business unit elsewhere.",
)
_ACTIONS = (
    "Schedule an executive call with the customer's {cust}",
    "Send the written recovery plan to the customer",
    "Prepare renewal options with pricing scenarios",
    "Confirm root cause and fix date with Engineering",
    "Run a usage review and share the adoption report",
    "Map the buying committee and identify a new champion",
    "Draft a response to the customer's redlines",
    "Book an on-site workshop with the customer's team",
    "Collect value metrics for the business review",
    "Brief {role} before the customer meeting",
    "Agree success criteria for the next 90 days",
    "Chase the open support tickets with the support team",
    "Send an executive summary to internal stakeholders",
    "Review the competitor's proposal with the account team",
    "Update the renewal forecast and close plan",
    "Answer the customer's security questionnaire follow-ups",
    "Set up weekly check-ins with the customer's project lead",
)
_ACTION_NOTES = (
    "Customer asked for this before their steering committee.",
    "Waiting on the customer's availability.",
    "Depends on the next Engineering release.",
    "Agreed on the last customer call.",
    "Moved after the customer rescheduled.",
    "Draft shared internally for comments.",
)
_UPDATES = (
    "Call held with the customer's {cust}; they accepted the plan and asked for weekly updates.",
    "Engineering confirmed the fix date; shared it with the customer.",
    "Customer feedback positive after the workshop; renewal forecast moved to likely.",
    "No response from the customer this week; followed up through the account executive.",
    "Options reviewed internally; waiting for approval before sharing them with the customer.",
    "Customer raised a follow-up concern about {blocker}; added actions to cover it.",
    "Executive sponsor met the customer's {cust}; the tone of the relationship improved.",
    "Procurement requested revised terms; legal is reviewing.",
    "Adoption up week over week since the enablement sessions.",
    "Renewal forecast unchanged; the risk remains until the customer confirms budget.",
    "Two actions closed, one moved by a week; commitments on track.",
    "Customer's {cust} joined the working session and agreed the next milestones.",
)
_FIRST_UPDATE = "Escalation acknowledged; account team aligned on the plan, owners and next customer touchpoint."
_FINAL_UPDATES = {
    "saved": "Resolved: the customer confirmed the renewal. Closing the escalation; review to follow.",
    "partial": "Resolved with a reduced renewal; the customer kept the core product. Review to follow.",
    "lost": "Closed: the customer confirmed they will not renew. Review scheduled to capture learnings.",
}
_WORKED = (
    "Early executive involvement set the tone with the customer.",
    "A single written plan with owners kept everyone aligned.",
    "Frequent stand-ups made decisions fast.",
    "Bringing Product in early gave the customer confidence in the roadmap.",
    "Agreeing the approval path before the call avoided back-and-forth on the offer.",
    "Weekly written updates to the customer rebuilt trust.",
)
_TO_CHANGE = (
    "Escalate sooner: the warning signs were visible in the usage data a month earlier.",
    "Agree concession limits before the customer call, not during it.",
    "Keep the customer's stakeholder map current; the champion change surprised us.",
    "Record updates in the log on the same day they happen.",
    "Involve support from the first day of an incident.",
    "Share the recovery plan in writing within 48 hours.",
)
_PLAYBOOK_UPDATES = (
    "Added an early-warning check for usage drops to the {play} play.",
    "None needed.",
    "Updated the talking points for {blocker} escalations.",
    "New step: confirm the approval path before proposing any concession.",
    "Added a customer-facing plan template to the {play} play.",
)
_COMMITMENT_DETAILS = (
    "agreed with the customer's {cust} as part of the renewal plan",
    "offered to close the renewal before {renewal}",
    "confirmed in writing after the executive call",
    "requested by procurement in the final round",
)
_INTERNAL_NOTES = (
    "Customer is sensitive about the price increase; keep written offers with the account executive.",
    "Champion is interviewing elsewhere; do not mention outside the account team.",
    "Finance asked to be copied on every offer.",
    "Do not share the roadmap slide externally.",
)
_AUDIENCES = ("Account team", "Account team and CS leadership", "Exec staff")


# --- business calendar ----------------------------------------------------------------------------------------


class _Clock:
    """Business days and hours of the policy's calendar, enough to place realistic moments and add targets."""

    def __init__(self, policy: Policy, first: dt.date, last: dt.date) -> None:
        cal = policy.organisation.calendar
        weekdays = {calendar.day_name[i].lower(): i for i in range(7)}
        self.working = {weekdays[d] for d in cal.working_days}
        self.starts, self.ends = cal.day_starts, cal.day_ends
        self.day_length = dt.datetime.combine(first, self.ends) - dt.datetime.combine(first, self.starts)
        self.closed: set[dt.date] = {c.date for c in cal.closures}
        if cal.holidays is not None:
            years = range(first.year - 1, last.year + 2)
            self.closed.update(holidays.country_holidays(cal.holidays.country, subdiv=cal.holidays.subdivision,
                                                         years=years))

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() in self.working and day not in self.closed

    def next_business_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_business_day(self, day: dt.date) -> dt.date:
        while not self.is_business_day(day):
            day -= dt.timedelta(days=1)
        return day

    def moment(self, day: dt.date, rng: random.Random) -> dt.datetime:
        """A time during business hours on ``day`` (or the business day before), to five minutes."""
        day = self.previous_business_day(day)
        minutes = int(self.day_length.total_seconds() // 60) - 30
        offset = rng.randrange(0, max(minutes, 5), 5)
        return dt.datetime.combine(day, self.starts) + dt.timedelta(minutes=offset)

    def add(self, moment: dt.datetime, duration: Duration, factor: float = 1.0) -> dt.datetime:
        """``moment`` plus ``factor`` times ``duration``, to the minute."""
        amount = duration.amount * factor
        if duration.unit == "hours":
            result = moment + dt.timedelta(hours=amount)
        elif duration.unit == "days":
            result = moment + dt.timedelta(days=amount)
        elif duration.unit == "business_days":
            day = moment.date()
            for _ in range(int(amount)):
                day = self.next_business_day(day)
            result = dt.datetime.combine(day, moment.time())
            result = self._add_business_time(result, self.day_length * (amount - int(amount)))
        else:
            result = self._add_business_time(moment, dt.timedelta(hours=amount))
        return result.replace(second=0, microsecond=0)

    def _add_business_time(self, moment: dt.datetime, remaining: dt.timedelta) -> dt.datetime:
        current = self.clamp(moment)
        while True:
            available = dt.datetime.combine(current.date(), self.ends) - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = dt.datetime.combine(self.next_business_day(current.date()), self.starts)

    def clamp(self, moment: dt.datetime) -> dt.datetime:
        day = moment.date()
        if not self.is_business_day(day) or moment.time() >= self.ends:
            return dt.datetime.combine(self.next_business_day(day), self.starts)
        return max(moment, dt.datetime.combine(day, self.starts))

    def calendar_days(self, duration: Duration | None, default: float) -> float:
        """Rough length of a duration in calendar days, for choosing windows (not for checking targets)."""
        if duration is None:
            return default
        hours_per_day = self.day_length.total_seconds() / 3600
        return {
            "days": duration.amount,
            "hours": duration.amount / 24,
            "business_days": duration.amount * 7 / 5,
            "business_hours": duration.amount / hours_per_day * 7 / 5,
        }[duration.unit]


# --- the generated records ------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Account:
    account_id: str
    name: str
    segment: Term
    region: str
    arr: int
    renewal: dt.date
    health: HealthValue | None = None
    csm: Person | None = None
    ae: Person | None = None
    sponsor: Person | None = None


@dataclass(eq=False)
class _Action:
    text: str
    owner: Person
    due: dt.date
    status: Term
    next_check_in: dt.date | None = None
    completed_on: dt.date | None = None
    notes: str | None = None


@dataclass(eq=False)
class _Commitment:
    ctype: ConcessionType
    value: float | None
    description: str
    owner: Person
    due: dt.date
    status: CommitmentStatus
    made_on: dt.date
    """When it was agreed (and approved, when it needs approval)."""
    approver: Person | None = None
    approved_on: dt.date | None = None
    fulfilled_on: dt.date | None = None


@dataclass(eq=False)
class _Update:
    when: dt.datetime
    author: Person
    summary: str
    audience: str


@dataclass(eq=False)
class _Review:
    day: dt.date
    facilitator: Person
    happened: str
    worked: str
    change: str
    playbook: str


@dataclass(eq=False)
class _Escalation:
    account: _Account
    rank: int
    tier: Tier
    opened: dt.datetime
    is_open: bool
    blocker: Term | None
    arr_at_risk: int
    renewal: dt.date
    """The renewal this escalation is about (an earlier anniversary of the account's renewal when long closed)."""
    flags: set[str] = field(default_factory=set)
    escalation_id: str = ""
    status: EscalationStatus | None = None
    resolved: dt.datetime | None = None
    outcome: Outcome | None = None
    owner: Person | None = None
    acknowledged: dt.datetime | None = None
    exec_engaged: dt.datetime | None = None
    deadline: dt.date | None = None
    play: str | None = None
    customer_role: str = ""
    actions: list[_Action] = field(default_factory=list)
    commitments: list[_Commitment] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    reviews: list[_Review] = field(default_factory=list)

    def active_on(self, day: dt.date) -> bool:
        return self.opened.date() <= day and (self.resolved is None or day <= self.resolved.date())


# --- helpers on the policy ------------------------------------------------------------------------------------


def _first_rule(ctype: ConcessionType, value: float | None, account: _Account) -> Rule | None:
    """The rule that applies to a request, as the approval matrix reads it (first rule whose tests all pass)."""
    facts: dict[str, float | str | None] = {"value": value, "arr": account.arr, "segment": account.segment.id}
    if ctype.money_value == "value":
        facts["money"] = value
    elif ctype.money_value == "percent_of_arr":
        facts["money"] = value * account.arr / 100 if value is not None else None
    for rule in ctype.rules:
        if all(test.matches(facts.get(fact)) for fact, test in rule.when.items()):
            return rule
    return None


def _chain(ctype: ConcessionType, rule: Rule) -> list[str]:
    if rule.approve_up_to is not None:
        ladder = list(ctype.ladder)
        return ladder[: ladder.index(rule.approve_up_to) + 1] if rule.approve_up_to in ladder else [rule.approve_up_to]
    return list(rule.approvers)


def _value_grid(unit: str) -> list[float | None]:
    """Candidate values per unit, used to search for a value that lands on a wanted rule."""
    grids: dict[str, Iterable[float]] = {
        "percent": range(1, 41),
        "money": range(2_500, 150_001, 2_500),
        "days": range(15, 181, 15),
        "months": (3, 6, 9, 12, 18, 24, 36, 48, 60),
        "count": range(1, 21),
    }
    return [float(v) for v in grids.get(unit, [])] or [None]


_ARR_RANGE = (20_000.0, 1_500_000.0)
_AMOUNT = re.compile(r"([$€£¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([kKmM]\b)?")
_BELOW_WORDS = re.compile(r"\b(under|below|less than|up to|at most)\b", re.IGNORECASE)
_ABOVE_WORDS = re.compile(r"\b(over|above|more than|at least|from)\b", re.IGNORECASE)


def _amounts(text: str) -> list[float]:
    """Money amounts written in a sentence ("$100,000", "250k", "1.5M"); bare small numbers are ignored."""
    found = []
    for symbol, digits, scale in _AMOUNT.findall(text):
        amount = float(digits.replace(",", "")) * {"k": 1e3, "m": 1e6}.get(scale.lower(), 1)
        if amount >= 1_000 and (symbol or scale or "," in digits):
            found.append(amount)
    return found


def _segment_ranges(segments: Sequence[Term]) -> list[tuple[float, float]]:
    """ARR range per segment: the range its description states ("Under $100,000", "$100,000 to $300,000",
    "Over $300,000"), else its share, in list order, of 20k–1.5M on a log scale."""
    low, high = _ARR_RANGE
    step = (math.log(high) - math.log(low)) / len(segments)
    ranges = []
    for index, segment in enumerate(segments):
        fallback = (math.exp(math.log(low) + index * step), math.exp(math.log(low) + (index + 1) * step))
        amounts = _amounts(segment.description)
        if len(amounts) >= 2:
            ranges.append((max(min(amounts), low), min(max(amounts), high)))
        elif amounts and _BELOW_WORDS.search(segment.description):
            ranges.append((low, min(amounts[0], high)))
        elif amounts and _ABOVE_WORDS.search(segment.description):
            ranges.append((max(amounts[0], low), high))
        else:
            ranges.append(fallback)
    return [(a, b) if a < b else (b, a) for a, b in ranges]


def _weights_linear(count: int) -> list[float]:
    """N, N-1, … 1: for three tiers 50/33/17, for five 33/27/20/13/7."""
    return [float(count - i) for i in range(count)]


def _anniversary_on_or_after(renewal: dt.date, day: dt.date) -> dt.date:
    """The yearly anniversary of ``renewal`` that falls on or after ``day`` (29 February becomes the 28th)."""

    def in_year(year: int) -> dt.date:
        return renewal.replace(year=year, day=min(renewal.day, calendar.monthrange(year, renewal.month)[1]))

    candidate = in_year(day.year)
    return candidate if candidate >= day else in_year(day.year + 1)


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# --- the generator --------------------------------------------------------------------------------------------


class _Generator:
    def __init__(self, policy: Policy, *, seed: int, as_of: dt.date, months: int, rate: float,
                 min_open_per_tier: int, imperfections: bool) -> None:
        self.policy = policy
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
        self.as_of = as_of
        self.start = _months_before(as_of, months)
        self.rate = rate
        self.months = months
        self.min_open_per_tier = min_open_per_tier
        self.imperfections = imperfections
        self.clock = _Clock(policy, self.start, as_of)
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

    def stakeholder_people(self, tier: Tier, raci: tuple[str, ...] = ("responsible", "accountable", "consulted"),
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

    # ---- accounts --------------------------------------------------------------------------------------------
    def accounts(self, count: int) -> list[_Account]:
        names = self.company_names(count)
        segments = self.policy.log_values.segments
        ranges = _segment_ranges(segments)
        segment_weights = [0.6**i for i in range(len(segments))]
        regions, region_weights = self.regions()
        result = []
        for index in range(count):
            bucket = self.rng.choices(range(len(segments)), segment_weights)[0]
            low, high = ranges[bucket]
            drawn = math.exp(self.rng.uniform(math.log(low), math.log(high)))
            arr = min(max(int(drawn // 500) * 500, int(low) + 500), int(high) - 500)  # strictly inside the range
            account = _Account(
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
        pairs = [f"{a} {b}" for a in _NAME_FIRST for b in _NAME_SECOND]
        self.rng.shuffle(pairs)
        names = pairs[:count]
        suffix_round = 0
        while len(names) < count:
            suffix = _NAME_SUFFIXES[suffix_round % len(_NAME_SUFFIXES)]
            extra = "" if suffix_round < len(_NAME_SUFFIXES) else f" {suffix_round // len(_NAME_SUFFIXES) + 1}"
            names.extend(f"{p}{suffix}{extra}" for p in pairs[: count - len(names)])
            suffix_round += 1
        return names

    def regions(self) -> tuple[list[str], list[float]]:
        """Narrative regions, plus any region a tier criterion tests, so that such criteria can match."""
        names = [r for r, _ in _REGIONS]
        weights = [w for _, w in _REGIONS]
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
    def plan(self, accounts: list[_Account]) -> list[_Escalation]:
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

    def open_window(self, tier: Tier) -> float:
        """Calendar days an escalation of this tier may stay open: at most 60, and short of the tier's time-based
        escalation so that nothing is overdue to move up."""
        if tier.escalate_after is None:
            return 60.0
        return min(max(self.clock.calendar_days(tier.escalate_after.unresolved_for, 60) * 0.85, 2.0), 60.0)

    def tier_ranks(self, count: int) -> list[int]:
        """``count`` tier ranks in the proportions of :func:`_weights_linear` (largest remainder), shuffled."""
        weights = _weights_linear(len(self.tiers))
        shares = [count * w / sum(weights) for w in weights]
        counts = [int(share) for share in shares]
        by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
        for i in by_remainder[: count - sum(counts)]:
            counts[i] += 1
        ranks = [rank for rank, n in enumerate(counts) for _ in range(n)]
        self.rng.shuffle(ranks)
        return ranks

    def plan_open(self, ranks: list[int], accounts: list[_Account]) -> list[_Escalation]:
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
            result.append(_Escalation(account, rank, tier, opened, True, blocker, at_risk, account.renewal))
        return result

    def plan_closed(self, rank: int, outcome: Outcome, churned: _Account | None,
                    accounts: list[_Account]) -> _Escalation:
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
                renewal = _anniversary_on_or_after(account.renewal, opened.date() - dt.timedelta(days=30))
                if (renewal - opened.date()).days <= 180:
                    break
        esc = _Escalation(account, rank, self.tiers[rank], opened, False, self.blocker(), self.arr_at_risk(account),
                          renewal)
        esc.outcome = outcome
        return esc

    def blocker(self) -> Term | None:
        return self.pick(self.policy.log_values.blocker_types) if self.rng.random() < 0.95 else None

    def arr_at_risk(self, account: _Account) -> int:
        if self.rng.random() < 0.65:
            return account.arr
        return int(round(account.arr * self.rng.uniform(0.3, 0.8) / 1000) * 1000) or account.arr

    def matching_rank(self, account: _Account, health: HealthValue, blocker: Term | None, at_risk: int,
                      opened: dt.datetime) -> int | None:
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

    # ---- escalation details ----------------------------------------------------------------------------------
    def fill(self, esc: _Escalation) -> None:
        response = esc.tier.response
        esc.customer_role = self.pick(_CUSTOMER_ROLES)
        esc.owner = self.owner(esc)
        ack_target = response.acknowledge or Duration(amount=1, unit="business_days")
        late = self.rng.random() < 0.08
        esc.acknowledged = self.clock.add(esc.opened, ack_target, self.rng.uniform(1.2, 2.5) if late
                                          else self.rng.uniform(0.1, 0.9))
        if response.exec_engaged is not None:
            late = "late_exec" in esc.flags or self.rng.random() < 0.07
            factor = self.rng.uniform(2.0, 3.0) if "late_exec" in esc.flags else (
                self.rng.uniform(1.3, 2.5) if late else self.rng.uniform(0.2, 0.95))
            if esc.is_open or "late_exec" in esc.flags or self.rng.random() < 0.95:
                esc.exec_engaged = self.clock.add(esc.opened, response.exec_engaged, factor)
        elif esc.rank > 0 and self.rng.random() < 0.3:
            esc.exec_engaged = self.clock.add(esc.opened, Duration(amount=3, unit="business_days"),
                                              self.rng.uniform(0.3, 1.5))
        scale = 1 - 0.5 * esc.rank / max(len(self.tiers) - 1, 1)
        esc.deadline = esc.opened.date() + dt.timedelta(days=max(3, round(self.rng.uniform(10, 40) * scale)))
        esc.play = self.pick(_PLAYS) if self.rng.random() < 0.85 else None
        if esc.is_open:
            self.fill_open(esc)
        else:
            self.fill_closed(esc)

    def fill_open(self, esc: _Escalation) -> None:
        for attribute in ("acknowledged", "exec_engaged"):
            moment = getattr(esc, attribute)
            if moment is not None and moment > self.now:
                setattr(esc, attribute, None)
        first, rest = self.open_statuses[0], self.open_statuses[1:]
        if esc.acknowledged is None or not rest:
            esc.status = first
        else:
            esc.status = self.rng.choices(rest, [1 / (i + 1) for i in range(len(rest))])[0]

    def fill_closed(self, esc: _Escalation) -> None:
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

    def owner(self, esc: _Escalation) -> Person:
        if esc.account.csm is not None and self.rng.random() < 0.88:
            return esc.account.csm
        people = self.stakeholder_people(esc.tier, ("responsible",)) or self.policy.organisation.people
        return self.pick(people)

    # ---- actions ---------------------------------------------------------------------------------------------
    def actions(self, esc: _Escalation) -> None:
        count = self.rng.choices((2, 3, 4, 5), (0.25, 0.35, 0.25, 0.15))[0]
        helpers = [p for p in (esc.account.csm, esc.account.ae) if p] + self.stakeholder_people(esc.tier)
        end = esc.resolved.date() if esc.resolved else self.as_of
        span = max((end - esc.opened.date()).days, 3)
        texts = self.rng.sample(_ACTIONS, count)
        for text in texts:
            due = esc.opened.date() + dt.timedelta(days=self.rng.randint(2, max(span + 5, 5)))
            owner = esc.owner if self.rng.random() < 0.4 or not helpers else self.pick(helpers)
            action = _Action(self.fill_text(text, esc), owner, due, self.done_actions[0])
            if esc.is_open and not (due < self.as_of - dt.timedelta(days=3) and self.rng.random() < 0.7):
                action.status = self.rng.choices(self.pending_actions,
                                                 [1 / (i + 1) for i in range(len(self.pending_actions))])[0]
                action.next_check_in = self.clock.next_business_day(
                    self.as_of + dt.timedelta(days=self.rng.randint(0, 9)))
            else:
                self.close_action(action, esc)
            if self.rng.random() < 0.25:
                action.notes = self.pick(_ACTION_NOTES)
            esc.actions.append(action)
        esc.actions.sort(key=lambda a: a.due)

    def close_action(self, action: _Action, esc: _Escalation) -> None:
        others = self.done_actions[1:]
        if others and self.rng.random() < 0.1:
            action.status = self.pick(others)
            return
        action.status = self.done_actions[0]
        latest = esc.resolved.date() if esc.resolved else self.as_of
        done = action.due + dt.timedelta(days=self.rng.randint(-4, 3))
        action.completed_on = min(max(done, esc.opened.date()), latest)

    # ---- commitments -----------------------------------------------------------------------------------------
    def commitments(self, esc: _Escalation) -> None:
        weights = (0.35, 0.35, 0.2, 0.1) if esc.rank else (0.5, 0.3, 0.15, 0.05)
        for _ in range(self.rng.choices((0, 1, 2, 3), weights)[0]):
            commitment = self.commitment(esc)
            if commitment is not None:
                esc.commitments.append(commitment)

    def commitment(self, esc: _Escalation, ctype: ConcessionType | None = None, value: float | None = None,
                   approved_on: dt.date | None = None) -> _Commitment | None:
        if ctype is None:
            ctype, value = self.concession(esc.account)
            if ctype is None:
                return None
        rule = _first_rule(ctype, value, esc.account)
        latest = esc.resolved.date() if esc.resolved else self.as_of
        if approved_on is None:
            approved_on = esc.opened.date() + dt.timedelta(
                days=self.rng.randint(1, max((latest - esc.opened.date()).days, 1)))
            approved_on = min(approved_on, latest)
        team = [p for p in (esc.account.ae, esc.account.csm) if p]
        owner = self.pick(team) if team else esc.owner
        assert owner is not None
        detail = self.fill_text(self.pick(_COMMITMENT_DETAILS), esc)
        text = f"{ctype.name}: {self.value_words(ctype, value)}{detail}" if value is not None else \
            f"{ctype.name}, {detail}"
        commitment = _Commitment(ctype, value, text, owner, approved_on, self.commitment_states_for(esc), approved_on)
        chain = _chain(ctype, rule) if rule is not None else []
        if chain:
            commitment.approver = self.approver(chain[-1], esc, owner)
            commitment.approved_on = approved_on if commitment.approver else None
        self.schedule(commitment)
        return commitment

    def concession(self, account: _Account) -> tuple[ConcessionType | None, float | None]:
        """A concession type and a value in its unit that the policy allows for this account."""
        types = self.policy.authority.concession_types
        for _ in range(30):
            ctype = self.pick(types)
            value = self.draw_value(ctype.unit)
            rule = _first_rule(ctype, value, account)
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

    def money_text(self, amount: float) -> str:
        currency = self.policy.organisation.company.currency
        symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency)
        return f"{symbol}{amount:,.0f}" if symbol else f"{currency} {amount:,.0f}"

    def commitment_states_for(self, esc: _Escalation) -> CommitmentStatus:
        shares = {"open": 0.75, "fulfilled": 0.2, "cancelled": 0.05, "missed": 0.0} if esc.is_open else \
            {"open": 0.2, "fulfilled": 0.6, "missed": 0.1, "cancelled": 0.1}
        states = [s for s in self.commitment_states if shares.get(s, 0) > 0] or list(self.commitment_states)
        state = self.rng.choices(states, [shares.get(s, 0.1) for s in states])[0]
        return self.pick(self.commitment_states[state])

    def schedule(self, commitment: _Commitment) -> None:
        """Due date and fulfilment consistent with the status: missed ones are overdue, fulfilled ones done."""
        commitment.due = commitment.made_on + dt.timedelta(days=self.rng.randint(7, 90))
        if commitment.status.state == "missed" and not self.can_miss(commitment):
            commitment.status = self.pick(self.commitment_states.get("open", [commitment.status]))
        self.set_status(commitment, commitment.status)

    def can_miss(self, commitment: _Commitment) -> bool:
        return commitment.made_on < self.as_of - dt.timedelta(days=3)

    def set_status(self, commitment: _Commitment, status: CommitmentStatus) -> None:
        commitment.status, commitment.fulfilled_on = status, None
        if status.state == "missed":
            overdue = self.as_of - dt.timedelta(days=self.rng.randint(1, 20))
            commitment.due = max(min(commitment.due, overdue), commitment.made_on)
        elif status.state == "fulfilled":
            done = commitment.due + dt.timedelta(days=self.rng.randint(-10, 3))
            commitment.fulfilled_on = min(max(done, commitment.made_on), self.as_of)

    def cover_vocabularies(self, escalations: list[_Escalation]) -> None:
        """Give every commitment status and every outcome at least one row when the log is big enough, so that
        every report and legend has something to show. Rows are moved only from a value used more than once,
        and outcomes only within their ARR result (saved, partial, lost)."""
        commitments = [c for e in escalations for c in e.commitments]
        for status in self.policy.log_values.commitment_statuses:
            used = Counter(c.status.id for c in commitments)
            donors = [c for c in commitments if used[c.status.id] > 1
                      and (status.state != "missed" or self.can_miss(c))]
            if not used[status.id] and donors:
                self.set_status(self.pick(donors), status)
        closed = [e for e in escalations if e.outcome is not None]
        for outcome in self.policy.log_values.outcomes:
            used = Counter(e.outcome.id for e in closed if e.outcome)
            donors = [e for e in closed if e.outcome and used[e.outcome.id] > 1
                      and e.outcome.arr_result == outcome.arr_result]
            if not used[outcome.id] and donors:
                self.pick(donors).outcome = outcome

    def approver(self, role_id: str, esc: _Escalation, owner: Person) -> Person | None:
        """Someone who holds the role, avoiding the owner and the account-team members the policy forbids."""
        sod = self.policy.authority.segregation_of_duties
        barred = {owner.id} if sod.forbid_self_approval else set()
        column_people = {"csm": esc.account.csm, "ae": esc.account.ae, "exec_sponsor": esc.account.sponsor}
        barred.update(p.id for c, p in column_people.items() if p and c in sod.forbid_account_team)
        direct = [p for p in self.people(role_id) if p.id not in barred]
        if direct:
            return self.pick(direct)
        covering = [p for p in self.policy.organisation.people if p.id not in barred
                    and any(role_id in self.policy.covered_roles.get(r, ()) for r in p.roles)]
        return self.pick(covering) if covering else None

    # ---- updates and reviews ---------------------------------------------------------------------------------
    def updates(self, esc: _Escalation) -> None:
        cadence = esc.tier.response.status_update_every or Duration(amount=5, unit="business_days")
        end = esc.resolved or self.now
        if "stale" in esc.flags:
            end = min(end, self.now - dt.timedelta(days=22))
        moment = self.clock.clamp(max(esc.acknowledged or esc.opened, esc.opened) + dt.timedelta(minutes=30))
        summary = _FIRST_UPDATE
        while moment < end:
            esc.updates.append(self.update(esc, moment, summary))
            factor = self.rng.uniform(1.05, 1.4) if self.rng.random() < 0.08 else self.rng.uniform(0.5, 1.0)
            moment = self.clock.add(moment, cadence, factor)
            summary = self.fill_text(self.pick(_UPDATES), esc)
        if esc.resolved is not None:
            final = _FINAL_UPDATES.get(esc.outcome.arr_result if esc.outcome else "", "")
            if esc.status is not self.closed_statuses[0] or not final:
                final = f"Closing the escalation as {esc.status.name if esc.status else 'closed'}."
            esc.updates.append(self.update(esc, esc.resolved, final))
        elif "stale" not in esc.flags:
            recent = min(self.stale_days, self.clock.calendar_days(cadence, 7)) * 0.6
            last = esc.updates[-1].when if esc.updates else esc.opened
            if (self.now - last).days >= recent:
                day = self.as_of - dt.timedelta(days=self.rng.uniform(0, recent))
                when = max(self.clock.moment(day, self.rng), esc.opened + dt.timedelta(minutes=30))
                esc.updates.append(self.update(esc, min(when, self.now), self.fill_text(self.pick(_UPDATES), esc)))

    def update(self, esc: _Escalation, when: dt.datetime, summary: str) -> _Update:
        assert esc.owner is not None
        authors = [p for p in (esc.account.csm, esc.account.ae, esc.account.sponsor) if p]
        author = esc.owner if self.rng.random() < 0.7 or not authors else self.pick(authors)
        protocol = self.policy.communication.protocols.get(esc.tier.id)
        roles = protocol.status_updates.audience if protocol else []
        if roles and self.rng.random() < 0.5:
            audience = ", ".join(self.policy.role_name(r) for r in roles[:3])
        else:
            audience = _AUDIENCES[min(esc.rank, len(_AUDIENCES) - 1)] if self.rng.random() < 0.8 else _AUDIENCES[0]
        return _Update(when, author, summary, audience)

    def review(self, esc: _Escalation) -> None:
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
        playbook = self.pick(_PLAYBOOK_UPDATES).format(play=play, blocker=blocker)
        esc.reviews.append(_Review(day, facilitator, happened, self.pick(_WORKED), self.pick(_TO_CHANGE), playbook))

    # ---- narrative -------------------------------------------------------------------------------------------
    def fill_text(self, template: str, esc: _Escalation) -> str:
        return template.format(
            cust=esc.customer_role,
            role=self.outside_role_name(esc.tier),
            blocker=esc.blocker.name.lower() if esc.blocker else "the open issue",
            deadline=esc.deadline.isoformat() if esc.deadline else "the deadline",
            renewal=esc.renewal.isoformat(),
        )

    def narrative(self, esc: _Escalation) -> dict[str, str]:
        blocker = esc.blocker
        lead = f"{blocker.name}: {blocker.description}".strip() if blocker else "Renewal at risk."
        issue = f"{lead} {self.fill_text(self.pick(_ISSUE_DETAILS), esc)}"
        days = (esc.renewal - esc.opened.date()).days
        when = (f"renewal due {esc.renewal.isoformat()} ({days} days out)" if days > 0
                else f"the renewal was due {esc.renewal.isoformat()} and is still unsigned")
        impact = (f"{self.money_text(esc.arr_at_risk)} of {self.money_text(esc.account.arr)} ARR at risk; {when}. "
                  + self.fill_text(self.pick(_IMPACT_EXTRAS), esc))
        points = self.rng.sample(_TALKING_POINTS, self.rng.randint(3, 4))
        talking = "Key messages:\n" + "\n".join(f"- {p}" for p in points)
        risks = " ".join(self.fill_text(r, esc) for r in self.rng.sample(_RISKS, self.rng.randint(1, 2)))
        return {
            "issue": issue,
            "impact": impact,
            "requested_support": self.fill_text(self.pick(_SUPPORT_REQUESTS), esc),
            "desired_outcome": self.fill_text(self.pick(_DESIRED_OUTCOMES), esc),
            "talking_points": talking,
            "risks": risks,
        }

    # ---- planted imperfections -------------------------------------------------------------------------------
    def flag_imperfections(self, escalations: list[_Escalation]) -> None:
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

    def plant_imperfections(self, escalations: list[_Escalation]) -> None:
        """Problems planted after the details exist: an open action without a check-in, approvals without
        authority, approvals by a delegate inside and just after a delegation, and internal notes."""
        pending = [a for e in escalations if e.is_open for a in e.actions if a.next_check_in is not None]
        if pending:
            self.pick(pending).next_check_in = None
        self.plant_unauthorised(escalations)
        self.plant_delegations(escalations)

    def plant_unauthorised(self, escalations: list[_Escalation]) -> None:
        closed = [e for e in escalations if not e.is_open]
        approved = [(e, c) for e in closed for c in e.commitments if c.approver and c.approved_on]
        self.rng.shuffle(approved)
        done_team = done_low = False
        for esc, commitment in approved:
            assert commitment.approved_on is not None
            rule = _first_rule(commitment.ctype, commitment.value, esc.account)
            chain = _chain(commitment.ctype, rule) if rule else []
            team_member = esc.account.ae or esc.account.csm
            if not done_team and chain and team_member and team_member is not commitment.owner \
                    and not self.holds(team_member, chain[-1], commitment.approved_on):
                commitment.approver, done_team = team_member, True
                continue
            if not done_low and len(chain) >= 2:
                low = [p for p in self.people(chain[0]) if p is not commitment.owner
                       and not self.holds(p, chain[-1], commitment.approved_on)]
                if low:
                    commitment.approver, done_low = self.pick(low), True
            if done_team and done_low:
                return

    def holds(self, person: Person, role_id: str, day: dt.date) -> bool:
        return role_id in self.policy.authority_of(person.id, day)

    def plant_delegations(self, escalations: list[_Escalation]) -> None:
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
                if self.start <= day <= self.as_of and self.plant_delegated(escalations, delegation, day, valid=False,
                                                                            direct=direct):
                    return

    def plant_delegated(self, escalations: list[_Escalation], delegation: Delegation, day: dt.date, *, valid: bool,
                        direct: bool) -> bool:
        delegate = self.policy.person_by_id.get(delegation.delegate)
        delegator = self.policy.person_by_id.get(delegation.delegator)
        if delegate is None or delegator is None:
            return False
        lent = delegation.roles or delegator.roles
        roles = set(lent) if direct else {c for r in lent for c in self.policy.covered_roles.get(r, frozenset({r}))}
        own = {c for r in delegate.roles for c in self.policy.covered_roles.get(r, frozenset({r}))}
        active = [e for e in escalations if e.active_on(day)
                  and all(delegate is not p for p in (e.account.csm, e.account.ae, e.account.sponsor))]
        self.rng.shuffle(active)
        return self.plant_delegated_on(active, delegate, roles - own, day, valid=valid)

    def plant_delegated_on(self, active: list[_Escalation], delegate: Person, roles: set[str], day: dt.date, *,
                           valid: bool) -> bool:
        types = list(self.policy.authority.concession_types)
        for esc in active:
            for ctype in self.rng.sample(types, len(types)):
                grid = _value_grid(ctype.unit)
                for value in self.rng.sample(grid, len(grid)):
                    rule = _first_rule(ctype, value, esc.account)
                    if rule is None or not rule.allowed or not _chain(ctype, rule):
                        continue
                    final = _chain(ctype, rule)[-1]
                    if final not in roles or self.holds(delegate, final, day) != valid:
                        continue
                    commitment = self.commitment(esc, ctype, value, approved_on=day)
                    if commitment is None or commitment.owner is delegate:
                        continue
                    commitment.approver, commitment.approved_on = delegate, day
                    esc.commitments.append(commitment)
                    return True
        return False


# --- writing the workbook -------------------------------------------------------------------------------------

_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_MONEY_FORMAT = "#,##0"
_PERCENT_FORMAT = "0%"


@dataclass(frozen=True, slots=True)
class _Formatted:
    value: object
    number_format: str


class _Writer:
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
        return self.money_text(amount) if self.rng.random() < 0.06 else _Formatted(int(amount), _MONEY_FORMAT)

    def concession_value(self, ctype: ConcessionType, value: float | None):
        if value is None or ctype.unit == "none":
            return None
        if ctype.unit == "percent":
            draw = self.rng.random()
            if draw < 0.5:
                return f"{value:g}%"
            return _Formatted(value / 100, _PERCENT_FORMAT) if draw < 0.8 else value
        if ctype.unit == "money":
            return self.money(value)
        return int(value) if value == int(value) else value

    def accounts(self, accounts: list[_Account], currency: str) -> list[dict]:
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

    def escalation(self, esc: _Escalation, text: dict[str, str], notes: str | None) -> dict:
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

    def action(self, esc: _Escalation, action: _Action) -> dict:
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

    def commitment(self, esc: _Escalation, commitment: _Commitment, number: int) -> dict:
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

    def update(self, esc: _Escalation, update: _Update) -> dict:
        return {
            "escalation_id": esc.escalation_id,
            "date": self.moment(update.when),
            "author": self.person(update.author),
            "summary": update.summary,
            "audience": update.audience,
        }

    def review(self, esc: _Escalation, review: _Review) -> dict:
        return {
            "escalation_id": esc.escalation_id,
            "review_date": self.date(review.day),
            "facilitator": self.person(review.facilitator),
            "what_happened": review.happened,
            "what_worked": review.worked,
            "what_to_change": review.change,
            "playbook_updates": review.playbook,
        }


def _cell(ws, value):
    if is_formula_like(value):  # policy text could start like a formula; the file must never compute it
        return set_safe_value(WriteOnlyCell(ws), value)
    if isinstance(value, _Formatted):
        cell = WriteOnlyCell(ws, value=value.value)
        cell.number_format = value.number_format
        return cell
    if isinstance(value, dt.datetime | dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = _DATETIME_FORMAT if isinstance(value, dt.datetime) else _DATE_FORMAT
        return cell
    return value


def _width(header: str, kind: str) -> float:
    if kind == "text" and header not in ("Account Name", "Region", "Currency", "Play"):
        return 48
    return max(len(header) + 4, {"date": 12, "datetime": 17, "person": 20, "term": 16}.get(kind, 12))


def _write_sheet(wb: Workbook, sheet: Sheet, rows: list[dict], extra_headers: Sequence[str] = ()) -> None:
    ws = wb.create_sheet(sheet.name)
    keys = [c.field for c in sheet.columns] + list(extra_headers)
    headers = [c.header for c in sheet.columns] + list(extra_headers)
    kinds = [c.kind for c in sheet.columns] + ["text"] * len(extra_headers)
    for index, (header, kind) in enumerate(zip(headers, kinds, strict=True), start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width(header, kind)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([_cell(ws, row.get(key)) for key in keys])


# --- public API -----------------------------------------------------------------------------------------------


def generate_workbook(
    policy: Policy,
    *,
    accounts: int,
    seed: int,
    as_of: dt.date,
    months: int = 15,
    imperfections: bool = False,
    escalations_per_account_year: float = DEFAULT_RATE,
    min_open_per_tier: int = 0,
) -> Workbook:
    """A write-only workbook holding an escalation log for ``accounts`` accounts over the ``months`` months that
    end on ``as_of``, drawn from ``seed`` alone.

    ``escalations_per_account_year`` sets the volume (about 35% of escalations are still open on ``as_of``);
    ``min_open_per_tier`` guarantees open escalations in every tier (for a small sample that must fill every
    page); ``imperfections`` plants the data-quality problems listed in the module docstring. Save the result
    with :func:`save_workbook` for byte-identical files: ``Workbook.save`` stamps the current time."""
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    gen = _Generator(policy, seed=seed, as_of=as_of, months=months, rate=escalations_per_account_year,
                     min_open_per_tier=min_open_per_tier, imperfections=imperfections)
    account_list = gen.accounts(accounts)
    escalations = gen.plan(account_list)
    for esc in escalations:
        gen.fill(esc)
        gen.actions(esc)
        gen.commitments(esc)
        gen.updates(esc)
        gen.review(esc)
    gen.cover_vocabularies(escalations)
    if imperfections:
        gen.plant_imperfections(escalations)
    return _build_workbook(policy, gen, account_list, escalations, seed=seed)


def _build_workbook(policy: Policy, gen: _Generator, accounts: list[_Account], escalations: list[_Escalation],
                    *, seed: int) -> Workbook:
    cells_rng = random.Random(f"{seed}-cells")  # noqa: S311 - reproducible demo data, not security
    writer = _Writer(policy, cells_rng, gen.money_text)
    rows: dict[str, list[dict]] = {sheet.name: [] for sheet in (ESCALATIONS, ACTIONS, COMMITMENTS, UPDATES)}
    reviews: list[tuple[dt.date, str, dict]] = []
    number = 0
    for esc in escalations:
        notes = gen.pick(_INTERNAL_NOTES) if gen.imperfections and gen.rng.random() < 0.15 else None
        rows[ESCALATIONS.name].append(writer.escalation(esc, gen.narrative(esc), notes))
        rows[ACTIONS.name].extend(writer.action(esc, a) for a in esc.actions)
        for commitment in sorted(esc.commitments, key=lambda c: (c.approved_on or c.due, c.due)):
            number += 1
            rows[COMMITMENTS.name].append(writer.commitment(esc, commitment, number))
        rows[UPDATES.name].extend(writer.update(esc, u) for u in sorted(esc.updates, key=lambda u: u.when))
        reviews.extend((r.day, esc.escalation_id, writer.review(esc, r)) for r in esc.reviews)

    wb = Workbook(write_only=True)
    stamp = dt.datetime.combine(gen.as_of, dt.time())
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = policy.organisation.company.name
    wb.properties.title = f"Escalation log (demo data, seed {seed})"
    _write_sheet(wb, ACCOUNTS, writer.accounts(accounts, policy.organisation.company.currency))
    _write_sheet(wb, ESCALATIONS, rows[ESCALATIONS.name], [INTERNAL_NOTES] if gen.imperfections else [])
    _write_sheet(wb, ACTIONS, rows[ACTIONS.name])
    _write_sheet(wb, COMMITMENTS, rows[COMMITMENTS.name])
    _write_sheet(wb, UPDATES, rows[UPDATES.name])
    _write_sheet(wb, REVIEWS, [row for _, _, row in sorted(reviews, key=lambda r: (r[0], r[1]))])
    return wb


_CORE_PROPERTIES = "docProps/core.xml"


def save_workbook(workbook: Workbook, path: Path) -> Path:
    """Save so that equal content gives equal bytes.

    ``Workbook.save`` stamps the document's ``modified`` property with the current time and each zip entry with
    the current time (or, in write-only mode, a temporary file's time). Both are replaced here by the
    ``modified`` time the workbook carried before saving (:func:`generate_workbook` derives it from the as-of
    date)."""
    stamp = workbook.properties.modified or dt.datetime(1980, 1, 1)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.properties.modified = stamp
    core = tostring(workbook.properties.to_tree())
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, core if info.filename == _CORE_PROPERTIES else source.read(info.filename))
    return path


def write_workbook(policy: Policy, path: Path, **options) -> Path:
    """Generate (options as for :func:`generate_workbook`) and save to ``path``."""
    return save_workbook(generate_workbook(policy, **options), path)


def write_demo_data(
    policy_source_dir: Path | None,
    out_dir: Path,
    *,
    accounts: int,
    seed: int,
    as_of: dt.date,
    months: int = 15,
    **options,
) -> Path:
    """Copy a policy into ``out_dir/policy`` (and its ``schema`` folder beside it, if any), load it, and write
    ``out_dir/escalations.xlsx``. ``policy_source_dir`` defaults to the sample policy shipped with the project.
    Returns the workbook's path."""
    source = policy_source_dir or Path(__file__).resolve().parents[1] / "data" / "policy"
    target = out_dir / "policy"
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(source.glob("*.yaml")):
        shutil.copyfile(file, target / file.name)
    schema = source.parent / "schema"
    if schema.is_dir():
        shutil.copytree(schema, out_dir / "schema", dirs_exist_ok=True)
    policy = load_policy(out_dir, root=out_dir)
    return write_workbook(policy, out_dir / "escalations.xlsx", accounts=accounts, seed=seed, as_of=as_of,
                          months=months, **options)

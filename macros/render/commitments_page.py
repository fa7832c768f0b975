"""The commitments report: every promise made to customers, where it stands, and whether it was authorised."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.commitments import BUCKET_LABELS, BUCKETS, bucket, tallies
from ..site_context import SiteContext
from .commitment_cells import PolicyTimelineNote, Verdict, commitment_value, policy_timeline_note, verdict_model
from .escalation_tables import concession_name, person_name, term_name
from .formats import day, money, plural
from .person_links import person_link
from .templating import render
from .urls import anchor, relative


@dataclass(frozen=True, slots=True)
class TallyRow:
    label: str
    href: str | None
    """The label links here when set (an account's briefing)."""
    counts: list[str]
    """One per state, in ``BUCKETS`` order; empty for none."""
    value_given: str


@dataclass(frozen=True, slots=True)
class StateCard:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    commitment_id: str
    anchor: str
    account_name: str
    account_href: str
    escalation_id: str
    escalation_href: str
    type: str
    description: str
    owner: str
    due: str
    state: str
    value: str
    approved: str
    verdict: Verdict
    overdue: bool


@dataclass(frozen=True, slots=True)
class CommitmentsReport:
    count: str
    value_given: str
    as_of: str
    bucket_labels: list[str]
    cards: list[StateCard]
    timeline: PolicyTimelineNote
    findings: list[CommitmentRow]
    by_owner: list[TallyRow]
    by_account: list[TallyRow]
    all: list[CommitmentRow]


def _tally_rows(context: SiteContext, groups, label, href=lambda group: None) -> list[TallyRow]:
    return [
        TallyRow(
            label(group),
            href(group),
            [str(tally.counts.get(b, 0) or "") for b in BUCKETS],
            money(tally.value_given, context.currency),
        )
        for group, tally in groups
    ]


def commitments_report(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    governance = context.governance
    items = sorted(portfolio.commitments, key=lambda c: (BUCKETS.index(bucket(portfolio, c)), c.due, c.commitment_id))
    overall = tallies(portfolio, lambda c: "all").get("all")
    counts = overall.counts if overall else {}
    findings = [c for c in items if governance.is_finding(c)]
    by_owner = sorted(tallies(portfolio, lambda c: c.owner).items(), key=lambda kv: person_name(context, kv[0]))

    def account_of(c):
        return portfolio.account_of(portfolio.escalation_by_id[c.escalation_id]).account_id

    by_account = sorted(tallies(portfolio, account_of).items(), key=lambda kv: portfolio.account_by_id[kv[0]].name)
    report = CommitmentsReport(
        count=plural(len(items), "commitment"),
        value_given=money(overall.value_given if overall else 0, context.currency),
        as_of=portfolio.as_of.isoformat(),
        bucket_labels=[BUCKET_LABELS[b] for b in BUCKETS],
        cards=[StateCard(BUCKET_LABELS[b], counts.get(b, 0)) for b in BUCKETS],
        timeline=policy_timeline_note(context),
        findings=_commitment_rows(context, findings, page_url),
        by_owner=_tally_rows(context, by_owner, lambda o: person_link(context.policy, o, page_url)),
        by_account=_tally_rows(
            context,
            by_account,
            lambda a: portfolio.account_by_id[a].name,
            lambda a: relative(page_url, context.account_url(a)),
        ),
        all=_commitment_rows(context, items, page_url),
    )
    return render("reports/commitments.html", report=report)


def _commitment_rows(context: SiteContext, items, page_url: str) -> list[CommitmentRow]:
    portfolio = context.portfolio
    rows = []
    for c in items:
        escalation = portfolio.escalation_by_id[c.escalation_id]
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        state = bucket(portfolio, c)
        approved = person_link(context.policy, c.approved_by, page_url)
        if c.approved_on:
            approved = Markup("{} on {}").format(approved, day(c.approved_on))
        rows.append(
            CommitmentRow(
                commitment_id=c.commitment_id,
                anchor=anchor(c.commitment_id),
                account_name=account.name,
                account_href=href,
                escalation_id=escalation.escalation_id,
                escalation_href=f"{href}#{anchor(escalation.escalation_id)}",
                type=concession_name(context, c.type),
                description=c.description,
                owner=person_link(context.policy, c.owner, page_url),
                due=day(c.due),
                state=f"{BUCKET_LABELS[state]} ({term_name(context, 'commitment_statuses', c.status)})",
                value=commitment_value(context, c),
                approved=approved,
                verdict=verdict_model(context, c),
                overdue=state == "overdue",
            )
        )
    return rows

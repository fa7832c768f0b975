"""The commitments report: every promise made to customers, where it stands, and whether it was authorised."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.commitments import BUCKET_LABELS, BUCKETS, bucket, money_worth, tallies
from ..site_context import SiteContext
from . import table_views as views
from .commitment_cells import PolicyTimelineNote, Verdict, commitment_value, policy_timeline_note, verdict_model
from .escalation_tables import concession_name, person_name, term_name
from .formats import day, money, plural, relative_days
from .person_links import PersonLink, person_link
from .table_cells import EMPTY, Typed, link_html, money_key, number_cell, text_cell
from .tables import Column, Table, table_model
from .templating import render, template
from .urls import anchor, relative

CARD_SEVERITY = {"overdue": "bad", "missed": "bad", "due_soon": "warn", "fulfilled": "good"}
"""How a state's card is coloured (the rest are neutral): missed and overdue in red."""


@dataclass(frozen=True, slots=True)
class TallyRow:
    label: str
    href: str | None
    """The label links here when set (an account's briefing)."""
    counts: list[str]
    """One per state, in ``BUCKETS`` order; empty for none."""
    value_given: str
    value_sort: str
    """The amount given as a plain number, for sorting."""


@dataclass(frozen=True, slots=True)
class StateCard:
    label: str
    count: int
    severity: str
    """``bad``, ``warn``, ``good`` or empty: the card's colour, and a word for it in its title."""
    href: str
    """The commitments table filtered to this state."""


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
    owner: PersonLink
    due: str
    state: str
    value: str
    approved: PersonLink | Markup
    verdict: Verdict
    overdue: bool
    line: str
    """The row's verdict in one line: its state, when it is due, and whether its approval was within authority."""
    state_key: str
    """Its state's place in ``BUCKETS``: the state column sorts by urgency."""
    state_label: str
    """Its state's name alone (Overdue), what the state filter matches."""
    worth: float | None
    """Its value in money where the policy says how, for sorting."""


@dataclass(frozen=True, slots=True)
class CommitmentsReport:
    count: str
    value_given: str
    as_of: str
    bucket_labels: list[str]
    cards: list[StateCard]
    timeline: PolicyTimelineNote
    findings: Table
    by_owner: Table
    by_account: Table
    all: Table


def _tally_rows(context: SiteContext, groups, label, href=lambda group: None) -> list[TallyRow]:
    return [
        TallyRow(
            label(group),
            href(group),
            [str(tally.counts.get(b, 0) or "") for b in BUCKETS],
            money(tally.value_given, context.currency),
            money_key(tally.value_given),
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
        cards=[
            StateCard(BUCKET_LABELS[b], counts.get(b, 0), CARD_SEVERITY.get(b, ""), views.commitments_view(b))
            for b in BUCKETS
        ],
        timeline=policy_timeline_note(context),
        findings=commitment_table(
            _commitment_rows(context, findings, page_url),
            views.FINDINGS,
            "No findings: every approval was within authority.",
            "Authority findings",
            page_url,
            anchors=False,
        ),
        by_owner=tally_table(
            context,
            "Owner",
            _tally_rows(context, by_owner, lambda o: person_link(context.policy, o, page_url)),
            "tally-by-owner",
            page_url,
        ),
        by_account=tally_table(
            context,
            "Account",
            _tally_rows(
                context,
                by_account,
                lambda a: portfolio.account_by_id[a].name,
                lambda a: relative(page_url, context.account_url(a)),
            ),
            "tally-by-account",
            page_url,
        ),
        all=commitment_table(
            _commitment_rows(context, items, page_url),
            views.COMMITMENTS,
            "No commitments recorded.",
            "All commitments",
            page_url,
        ),
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
        verdict = verdict_model(context, c)
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
                verdict=verdict,
                overdue=state == "overdue",
                line=verdict_line(portfolio, c, state, verdict),
                state_key=str(BUCKETS.index(state)),
                state_label=BUCKET_LABELS[state],
                worth=money_worth(portfolio, c),
            )
        )
    return rows


def verdict_line(portfolio, commitment, state: str, verdict: Verdict) -> str:
    """'Overdue, due 12 days ago; approval missing': where the commitment stands, in one line."""
    when = ""
    if state in ("overdue", "due_soon", "open") and commitment.due is not None:
        when = f", due {relative_days(portfolio.days_left(commitment.due))}"
    return f"{BUCKET_LABELS[state]}{when}; {verdict.words[:1].lower()}{verdict.words[1:]}"


COMMITMENT_COLUMNS = (
    "ID",
    "Account",
    "Escalation",
    "Type",
    Column("Owner", filter=True),
    "Due",
    views.STATE,
    "Value",
    Column("Authority", filter=True),
    "Verdict",
)


def commitment_table(
    rows: list[CommitmentRow],
    table_id: str,
    empty: str,
    caption: str,
    page_url: str | None = None,
    *,
    anchors: bool = True,
) -> Table:
    """Commitments in a component table; each row's verdict is one line, its details folded beneath it.

    With ``anchors`` each id is the target of links to the commitment (``commitments/#C-12``): only one table of a
    page may have them. A long table on ``page_url`` carries its rows as JSON; the table script still shows the
    row a link names."""
    folded = template("partials/commitment_verdict.html").module.verdict
    cells = [
        (
            Markup('<span id="{}">{}</span>').format(row.anchor, row.commitment_id) if anchors else row.commitment_id,
            link_html(row.account_href, row.account_name),
            link_html(row.escalation_href, row.escalation_id),
            row.type,
            row.owner,
            Typed(row.due, "" if row.due == EMPTY else row.due, "date"),
            text_cell(row.state, sort=row.state_key, filter=row.state_label),
            Typed(row.value, money_key(row.worth), "money"),
            text_cell(row.verdict.words, filter=row.verdict.words),
            Markup(folded(row)),  # noqa: S704 (an autoescaped macro's output)
        )
        for row in rows
    ]
    attributes = [{"class_": "ref-overdue" if row.overdue else None} for row in rows]
    return table_model(
        COMMITMENT_COLUMNS,
        cells,
        class_="ref-commitment-list",
        empty=empty,
        row_attrs=attributes,
        id_=table_id,
        noun="commitment",
        caption=caption,
        page_url=page_url,
    )


def tally_table(
    context: SiteContext, first: str, rows: list[TallyRow], table_id: str, page_url: str | None = None
) -> Table:
    headers = [first, *(Column(BUCKET_LABELS[b], kind="number", filter=False) for b in BUCKETS), "Value given"]
    cells = []
    for row in rows:
        label = link_html(row.href, row.label) if row.href else row.label
        counts = [number_cell(int(c) if c else None, c) for c in row.counts]
        cells.append((label, *counts, Typed(row.value_given, row.value_sort, "money")))
    return table_model(
        headers,
        cells,
        class_="ref-tally",
        id_=table_id,
        noun=first.lower(),
        caption=f"By {first.lower()}",
        page_url=page_url,
    )

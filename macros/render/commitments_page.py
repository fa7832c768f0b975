"""The commitments report: every promise made to customers, where it stands, and whether it was authorised."""

from __future__ import annotations

from ..analysis.commitments import BUCKET_LABELS, BUCKETS, bucket, tallies
from ..site_context import SiteContext
from .commitment_cells import commitment_value, verdict_cell
from .escalation_tables import concession_name, person_name, term_name
from .formats import day, money, plural
from .fragments import link
from .html import Markup, block, esc
from .tables import table
from .urls import anchor, relative


def _tally_rows(context: SiteContext, groups, label):
    rows = []
    for group, tally in groups:
        rows.append(
            [
                label(group),
                *[str(tally.counts.get(b, 0) or "") for b in BUCKETS],
                money(tally.value_given, context.currency),
            ]
        )
    return rows


def commitments_report(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    governance = context.governance
    items = sorted(portfolio.commitments, key=lambda c: (BUCKETS.index(bucket(portfolio, c)), c.due, c.commitment_id))
    overall = tallies(portfolio, lambda c: "all").get("all")
    counts = overall.counts if overall else {}
    findings = [c for c in items if governance.is_finding(c)]
    cards = "".join(
        f'<div class="ref-card ref-card-plain"><span class="ref-card-title">{esc(BUCKET_LABELS[b])}</span>'
        f'<span class="ref-card-figure">{counts.get(b, 0)}</span></div>'
        for b in BUCKETS
    )
    parts = [
        f'<p class="ref-lead"><strong>{esc(plural(len(items), "commitment"))}</strong>; concessions given are worth '
        f"<strong>{esc(money(overall.value_given if overall else 0, context.currency))}</strong> "
        f"(a discount counts as its percentage of the account's ARR). As of {esc(portfolio.as_of.isoformat())}.</p>",
        f'<div class="ref-cards">{cards}</div>',
        f'<h2 id="authority">Authority findings ({len(findings)})</h2>',
        '<p class="ref-muted">Commitments whose recorded approval does not satisfy the approval matrix.</p>',
        _commitment_table(context, findings, page_url, empty="No findings: every approval was within authority."),
        '<h2 id="by-owner">By owner</h2>',
    ]
    headers = ["Owner", *[BUCKET_LABELS[b] for b in BUCKETS], "Value given"]
    by_owner = sorted(tallies(portfolio, lambda c: c.owner).items(), key=lambda kv: person_name(context, kv[0]))
    parts.append(table(headers, _tally_rows(context, by_owner, lambda o: person_name(context, o)), class_="ref-tally"))
    parts.append('<h2 id="by-account">By account</h2>')

    def account_of(c):
        return portfolio.account_of(portfolio.escalation_by_id[c.escalation_id]).account_id

    def account_link(account_id):
        account = portfolio.account_by_id[account_id]
        return link(relative(page_url, context.account_url(account_id)), account.name)

    by_account = sorted(tallies(portfolio, account_of).items(), key=lambda kv: portfolio.account_by_id[kv[0]].name)
    headers[0] = "Account"
    parts.append(table(headers, _tally_rows(context, by_account, account_link), class_="ref-tally"))
    parts.append('<h2 id="all">All commitments</h2>')
    parts.append(_commitment_table(context, items, page_url, empty="No commitments recorded."))
    return block(Markup("".join(str(p) for p in parts)), "ref-commitments-report", searchable=False)


def _commitment_table(context: SiteContext, items, page_url: str, *, empty: str) -> Markup:
    portfolio = context.portfolio
    rows, attrs = [], []
    for c in items:
        escalation = portfolio.escalation_by_id[c.escalation_id]
        account = portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        state = bucket(portfolio, c)
        approved = person_name(context, c.approved_by)
        if c.approved_on:
            approved += f" on {day(c.approved_on)}"
        rows.append(
            [
                Markup(f'<span id="{esc(anchor(c.commitment_id))}">{esc(c.commitment_id)}</span>'),
                link(href, account.name),
                link(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id),
                concession_name(context, c.type),
                c.description,
                person_name(context, c.owner),
                day(c.due),
                f"{BUCKET_LABELS[state]} ({term_name(context, 'commitment_statuses', c.status)})",
                commitment_value(context, c),
                approved,
                verdict_cell(context, c),
            ]
        )
        attrs.append({"class_": "ref-overdue" if state == "overdue" else None})
    return table(
        (
            "ID",
            "Account",
            "Escalation",
            "Type",
            "Commitment",
            "Owner",
            "Due",
            "State",
            "Value",
            "Approved by",
            "Authority",
        ),
        rows,
        row_attrs=attrs,
        class_="ref-commitment-list",
        empty=empty,
    )

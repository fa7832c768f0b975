"""The data-quality page: warnings from loading, data checks and the governance engine, grouped by kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ..analysis.data_quality import data_quality_warnings
from ..site_context import SiteContext
from .table_cells import EMPTY, link_html
from .tables import Table, column_key, table_model
from .templating import render
from .urls import relative

KIND_TITLES = {
    "missing-check-in": "Open actions without a next check-in",
    "check-in-passed": "Check-ins that have passed",
    "stale": "Stale escalations",
    "missed-update": "Status updates missed on their cadence",
    "review-owed": "Post-escalation reviews owed",
    "missing-fulfilled-on": "Fulfilled commitments without a date",
    "under-tiered": "Escalations below their policy tier",
    "after-as-of": "Rows dated after the as-of date",
}


POLICY_LINT = "Policy lint: rules and roles to fix in the policy"


def _title(code: str) -> str:
    if code in KIND_TITLES:
        return KIND_TITLES[code]
    if code.startswith("target-"):
        return "Response targets breached on open escalations"
    if code.startswith("authority-"):
        return "Approvals outside the approval matrix"
    if code.startswith("lint-"):
        return POLICY_LINT
    return "Other warnings"


@dataclass(frozen=True, slots=True)
class WarningRow:
    location: str
    account_name: str | None
    account_href: str | None
    """The briefing of the account the warning's row is about, when it has one."""
    message: str
    hint: str | None


@dataclass(frozen=True, slots=True)
class WarningGroup:
    title: str
    warnings: list[WarningRow]

    @property
    def table(self) -> Table:
        """The group's warnings as a component table, its id from its title."""
        rows = [
            (
                Markup("<code>{}</code>").format(w.location),
                link_html(w.account_href, w.account_name) if w.account_href else EMPTY,
                w.message,
                w.hint or "",
            )
            for w in self.warnings
        ]
        return table_model(
            ("Where", "Account", "What", "What to do"),
            rows,
            class_="ref-warnings",
            id_="warnings-" + column_key(self.title),
            noun="warning",
            caption=self.title,
        )


@dataclass(frozen=True, slots=True)
class DataQuality:
    full: bool
    count: int = 0
    as_of: str = ""
    groups: list[WarningGroup] = field(default_factory=list)


def data_quality_report(context: SiteContext, page_url: str) -> Markup:
    if not context.full:
        return render("reports/data_quality.html", report=DataQuality(full=False))
    warnings = (
        context.dataset.problems.warnings
        + data_quality_warnings(context.dataset, context.portfolio)
        + context.governance.warnings()
    )
    cells = _cells_to_accounts(context)
    groups: dict[str, list] = defaultdict(list)
    for problem in warnings:
        groups[_title(problem.code)].append(problem)
    order = [
        POLICY_LINT,
        *KIND_TITLES.values(),
        "Response targets breached on open escalations",
        "Approvals outside the approval matrix",
        "Other warnings",
    ]
    shown = []
    for title in order:
        items = groups.get(title)
        if items:
            rows = [
                WarningRow(p.location, *_briefing_link(context, cells, p.location, page_url), p.message, p.hint)
                for p in items
            ]
            shown.append(WarningGroup(title, rows))
    report = DataQuality(True, len(warnings), context.dataset.as_of.isoformat(), shown)
    return render("reports/data_quality.html", report=report)


def _cells_to_accounts(context: SiteContext) -> dict[str, str]:
    """Workbook cell address → account id of the row it is on, so each warning can link to its briefing."""
    portfolio = context.portfolio
    found: dict[str, str] = {}
    for account in portfolio.accounts:
        found.update(dict.fromkeys(account.cells.values(), account.account_id))
    for escalation in portfolio.escalations:
        found.update(dict.fromkeys(escalation.cells.values(), escalation.account_id))
    for records in (portfolio.actions, portfolio.commitments, portfolio.updates, portfolio.reviews):
        for record in records:
            escalation = portfolio.escalation_by_id.get(record.escalation_id)
            if escalation is not None:
                found.update(dict.fromkeys(record.cells.values(), escalation.account_id))
    return found


def _briefing_link(
    context: SiteContext, cells: dict[str, str], location: str, page_url: str
) -> tuple[str | None, str | None]:
    """(account name, link to its briefing) for the row at ``location``, or (None, None)."""
    account_id = cells.get(location)
    if account_id is None or account_id not in context.portfolio.escalations_by_account:
        return None, None
    account = context.portfolio.account_by_id[account_id]
    return account.name, relative(page_url, context.account_url(account_id))

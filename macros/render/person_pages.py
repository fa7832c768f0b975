"""A page per person in the organisation file (``/people/<id>/``) and the table of everyone on ``/people/``.

The facts come from :mod:`..analysis.person_items`; this module only words and links them. Tables are built with
the shared :func:`.tables.table` so they get the site's one table component.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.person_items import APPROVER, OWNER, PersonItems
from ..analysis.reminders import CHECK_IN, DueItem
from ..site_context import SiteContext
from .calendar_files import person_feed
from .escalation_tables import concession_name, escalation_table, term_name
from .formats import day, moment, relative_days
from .fragments import ExternalLink, external_link_model
from .generated import GeneratedPage
from .html import esc
from .person_links import PersonLink, by_name, person_link, person_url
from .tables import table
from .templating import render
from .urls import anchor, relative

RELATION_WORDS = {OWNER: "Owner", APPROVER: "Approver"}


@dataclass(frozen=True, slots=True)
class RoleLine:
    name: str
    description: str
    covers: str
    """The roles whose authority it also holds, in words ('' when none)."""


@dataclass(frozen=True, slots=True)
class PersonPage:
    title: str
    name: str
    job_title: str
    email: ExternalLink
    manager: PersonLink | None
    as_of: str
    full: bool
    """The full site (with account data): escalations, actions, check-ins and commitments are shown."""
    counts: str
    """One line: how much is on their plate."""
    escalations: Markup
    actions: Markup
    has_actions: bool
    due_soon: Markup
    horizon: str
    commitments: Markup
    roles: list[RoleLine]
    delegations: Markup
    approvals: Markup
    policy_files: list[str]
    feed_href: str
    """Their calendar feed, relative to the page ('' in a policy-only build)."""


def _escalation_link(context: SiteContext, escalation_id: str, page_url: str) -> Markup:
    escalation = context.portfolio.escalation_by_id.get(escalation_id)
    if escalation is None:
        return esc(escalation_id)
    href = relative(page_url, context.account_url(escalation.account_id)) + f"#{anchor(escalation_id)}"
    return render("people/link.html", href=href, text=escalation_id)


def _account_link(context: SiteContext, account_id: str, page_url: str) -> Markup:
    account = context.portfolio.account_by_id.get(account_id)
    if account is None:
        return esc(account_id)
    return render("people/link.html", href=relative(page_url, context.account_url(account_id)), text=account.name)


def actions_table(context: SiteContext, items: PersonItems, page_url: str) -> Markup:
    portfolio = context.portfolio
    rows, attrs = [], []
    for action in items.actions:
        overdue = portfolio.is_overdue(action.due)
        escalation = portfolio.escalation_by_id.get(action.escalation_id)
        rows.append(
            (
                action.action,
                _escalation_link(context, action.escalation_id, page_url),
                _account_link(context, escalation.account_id, page_url) if escalation else "—",
                f"{day(action.due)} ({relative_days(portfolio.days_left(action.due))})" if action.due else "—",
                term_name(context, "action_statuses", action.status),
                day(action.next_check_in),
            )
        )
        attrs.append({"class_": "ref-overdue" if overdue else None})
    return table(
        ("Action", "Escalation", "Account", "Due", "Status", "Next check-in"),
        rows,
        row_attrs=attrs,
        id_="person-actions",
        empty="No open actions.",
    )


def _when(item: DueItem, context: SiteContext) -> str:
    when = moment(item.at) if item.at is not None else day(item.day)
    return f"{when} ({'overdue' if item.overdue else relative_days(context.portfolio.days_left(item.day))})"


def due_soon_table(context: SiteContext, items: PersonItems, page_url: str) -> Markup:
    rows = [
        (
            _when(item, context),
            item.label,
            _escalation_link(context, item.escalation_id, page_url) if item.escalation_id else "—",
            _account_link(context, item.account_id, page_url),
            item.title.split(": ", 1)[-1] if item.kind == CHECK_IN else item.detail,
        )
        for item in items.due_soon
    ]
    attrs = [{"class_": "ref-overdue" if item.overdue else None} for item in items.due_soon]
    return table(
        ("When", "What", "Escalation", "Account", "Detail"),
        rows,
        row_attrs=attrs,
        id_="person-due-soon",
        empty="No check-ins or status updates due.",
    )


def commitments_table(context: SiteContext, items: PersonItems, page_url: str) -> Markup:
    rows = [
        (
            link.commitment.commitment_id,
            _escalation_link(context, link.commitment.escalation_id, page_url),
            concession_name(context, link.commitment.type),
            link.commitment.description,
            day(link.commitment.due),
            term_name(context, "commitment_statuses", link.commitment.status),
            " and ".join(RELATION_WORDS[r] for r in link.relations),
        )
        for link in items.commitments
    ]
    return table(
        ("Commitment", "Escalation", "Type", "Description", "Due", "Status", "Their part"),
        rows,
        id_="person-commitments",
        empty="No commitments owned or approved.",
    )


def delegations_table(context: SiteContext, items: PersonItems, page_url: str) -> Markup:
    policy = context.policy
    rows = []
    for link in items.delegations:
        delegation = link.delegation
        other = delegation.delegator if link.direction == "to" else delegation.delegate
        roles = delegation.roles or policy.person_by_id[delegation.delegator].roles
        rows.append(
            (
                "Receives from" if link.direction == "to" else "Lends to",
                person_link(policy, other, page_url),
                ", ".join(policy.role_name(r) for r in roles),
                day(delegation.starts),
                day(delegation.ends),
                "Active" if link.active else "Upcoming",
                delegation.reason,
            )
        )
    return table(
        ("Direction", "Person", "Roles", "Starts", "Ends", "State", "Reason"),
        rows,
        id_="person-delegations",
        empty="No active or upcoming delegations.",
    )


def approvals_table(context: SiteContext, items: PersonItems, page_url: str) -> Markup:
    policy = context.policy
    rows = []
    for reach in items.approvals:
        concession = policy.concession_by_id[reach.concession_type]
        if reach.kind == "review":
            review = next(r for r in concession.reviews if r.id == reach.rule_id)
            rule_text, step = f"{review.id}: {review.description}" if review.description else review.id, "Review"
        else:
            rule = next(r for r in concession.rules if r.id == reach.rule_id)
            rule_text = f"{rule.id}: {rule.description}" if rule.description else rule.id
            step = f"Level {reach.level} of {reach.levels}"
        how = "their role" if reach.how == "role" else reach.how
        rows.append(
            (
                concession.name,
                rule_text,
                step,
                policy.roles_text(reach.roles) + (" (any one)" if len(reach.roles) > 1 else ""),
                how,
            )
        )
    return table(
        ("Concession", "Rule", "Step", "Signed by", "Held through"),
        rows,
        id_="person-approvals",
        empty="No rule's chain or review reaches their roles.",
    )


def _roles(context: SiteContext, items: PersonItems) -> list[RoleLine]:
    policy = context.policy
    lines = []
    for role_id in items.roles:
        role = policy.role_by_id.get(role_id)
        covered = sorted(policy.covered_roles.get(role_id, frozenset()) - {role_id}, key=policy.role_name)
        lines.append(
            RoleLine(
                policy.role_name(role_id),
                role.description if role else "",
                ", ".join(policy.role_name(r) for r in covered),
            )
        )
    return lines


def _counts(context: SiteContext, items: PersonItems) -> str:
    open_escalations = items.open_escalations
    return (
        f"{open_escalations} open escalation{'s' if open_escalations != 1 else ''}, "
        f"{len(items.actions)} open action{'s' if len(items.actions) != 1 else ''} "
        f"({items.overdue_actions} overdue), {len(items.due_soon)} check-in{'s' if len(items.due_soon) != 1 else ''} "
        f"or update{'s' if len(items.due_soon) != 1 else ''} due this week."
    )


def person_page_model(context: SiteContext, person_id: str) -> PersonPage:
    from ..analysis.relative_dates import horizon_of

    policy = context.policy
    person = policy.person_by_id[person_id]
    items = context.people_items[person_id]
    url = person_url(person_id)
    full = context.full
    empty = Markup("")
    return PersonPage(
        title=person.name,
        name=person.name,
        job_title=person.title,
        email=external_link_model(f"mailto:{person.email}", person.email),
        manager=person_link(policy, person.reports_to, url) if person.reports_to else None,
        as_of=context.dataset.as_of.isoformat(),
        full=full,
        counts=_counts(context, items) if full else "",
        escalations=escalation_table(context, items.escalations, url, show_owner=False, empty="No escalations owned.")
        if full
        else empty,
        actions=actions_table(context, items, url) if full else empty,
        has_actions=bool(items.actions),
        due_soon=due_soon_table(context, items, url) if full else empty,
        horizon=day(horizon_of(context.dataset.as_of)),
        commitments=commitments_table(context, items, url) if full else empty,
        roles=_roles(context, items),
        delegations=delegations_table(context, items, url),
        approvals=approvals_table(context, items, url),
        policy_files=items.policy_files,
        feed_href=relative(url, person_feed(person_id)) if full else "",
    )


def person_page(context: SiteContext, person_id: str) -> GeneratedPage:
    model = person_page_model(context, person_id)
    url = person_url(person_id)
    return GeneratedPage(url.removesuffix("/") + ".md", url, model.title, str(render("people/person.md", page=model)))


def person_pages(context: SiteContext) -> list[GeneratedPage]:
    return [person_page(context, p.id) for p in context.policy.organisation.people]


def people_index(context: SiteContext, page_url: str) -> Markup:
    """Everyone in the organisation file with their counts, as one table (``id="people-index"``)."""
    policy = context.policy
    full = context.full
    rows = []
    for person in by_name(policy.organisation.people):
        items = context.people_items[person.id]
        row: list[object] = [
            person_link(policy, person.id, page_url),
            person.title,
            ", ".join(policy.role_name(r) for r in person.roles),
        ]
        if full:
            row += [
                str(items.open_escalations),
                str(len(items.actions)),
                str(items.overdue_actions),
                str(len(items.due_soon)),
                str(len(items.commitments)),
            ]
        row += [str(len(items.approvals)), str(len(items.policy_files))]
        rows.append(row)
    headers = ["Person", "Title", "Roles"]
    if full:
        headers += ["Open escalations", "Open actions", "Overdue actions", "Due this week", "Commitments"]
    headers += ["Approvals reaching them", "Policy files owned"]
    return table(headers, rows, id_="people-index", empty="The organisation file lists nobody.")

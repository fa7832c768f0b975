"""The `/policy/changes/` page: each commit that changed the policy (date, subject, author) and what it changed.

Commit text and policy text are data: everything is escaped. The page is the same in every scope (it holds no
account data).
"""

from __future__ import annotations

from pathlib import Path

from ..analysis.impact import ImpactReport
from ..analysis.policy_changes import PolicyChangeEntry, PolicyChangeLog, policy_change_log
from ..site_context import SiteContext
from .generated import GeneratedPage
from .html import Markup, block, esc, table

CHANGES_URL = "policy/changes/"
CHANGES_SRC = "policy/changes.md"
DECISIONS_SHOWN = 40
"""Changed approval answers listed per commit; the rest are counted."""


def _report_html(report: ImpactReport) -> str:
    if not report.has_effect:
        return '<p class="ref-muted">No effect on escalations or decisions.</p>'
    parts = []
    if report.policy:
        items = "".join(f"<li>{esc(c.where)}: {esc(c.text)}</li>" for c in report.policy)
        parts.append(f'<ul class="ref-policy-diff">{items}</ul>')
    if report.decisions:
        rows = [[d.case, d.before, d.after] for d in report.decisions[:DECISIONS_SHOWN]]
        more = len(report.decisions) - DECISIONS_SHOWN
        parts.append(
            "<p>Approval answers that change:</p>"
            + str(table(["Request", "Before", "After"], rows))
            + (f'<p class="ref-muted">… and {more} more.</p>' if more > 0 else "")
        )
    if report.people:
        items = "".join(f"<li>{esc(p.title)}: {esc('; '.join(p.changes))}</li>" for p in report.people)
        parts.append(f"<p>Authority:</p><ul>{items}</ul>")
    return "".join(parts)


def _entry_html(entry: PolicyChangeEntry) -> str:
    commit = entry.commit
    head = (
        f'<h2 id="commit-{esc(commit.sha[:12])}">{esc(commit.when.date().isoformat())}: {esc(commit.subject)}</h2>'
        f'<p class="ref-muted">{esc(entry.author or "unknown author")} · <code>{esc(commit.sha[:7])}</code> · '
        f"{esc(', '.join(commit.files) or '—')}</p>"
    )
    if entry.problem:
        return head + f'<p class="ref-muted">Not compared: {esc(entry.problem)}</p>'
    if entry.report is None:
        return head + '<p class="ref-muted">The first version of the policy.</p>'
    return head + _report_html(entry.report)


def changes_body(changes: PolicyChangeLog | None) -> Markup:
    if changes is None:
        return block(
            Markup(
                '<p class="ref-empty">No git history is available in this build (no git checkout, or git is not '
                "installed), so the policy's changes cannot be listed.</p>"
            )
        )
    if not changes.entries:
        return block(Markup(f'<p class="ref-empty">No commit has changed {esc(changes.folder)}/ yet.</p>'))
    rows = [
        [
            e.commit.when.date().isoformat(),
            Markup(f'<a href="#commit-{esc(e.commit.sha[:12])}">{esc(e.commit.subject)}</a>'),
            e.author,
            _summary(e),
        ]
        for e in changes.entries
    ]
    notes = []
    if changes.shallow:
        notes.append("This build was made from a shallow checkout: older changes may be missing.")
    if changes.older:
        notes.append(f"{changes.older} older commits are not shown.")
    lead = (
        f"<p>Every commit that changed {esc(changes.folder)}/, newest first, with what it changed for decisions "
        "and authority (compared with the policy before it).</p>"
    )
    return block(
        Markup(
            lead
            + str(table(["Date", "Change", "Author", "Effect"], rows))
            + "".join(f'<p class="ref-muted">{esc(n)}</p>' for n in notes)
            + "".join(_entry_html(e) for e in changes.entries)
        )
    )


def _summary(entry: PolicyChangeEntry) -> str:
    if entry.problem:
        return "not compared"
    report = entry.report
    if report is None:
        return "first version"
    if not report.has_effect:
        return "no effect"
    parts = [
        (len(report.policy), "policy change", "policy changes"),
        (len(report.decisions), "approval answer changes", "approval answers change"),
        (len(report.people), "person's authority changes", "people's authority changes"),
    ]
    return "; ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)


def policy_changes_page(context: SiteContext, root: Path) -> GeneratedPage:
    """The page, from the git history of the policy folder of this build's data."""
    changes = policy_change_log(root, context.dataset.data_dir / "policy")
    content = f'---\ntitle: "Policy changes"\n---\n\n# Policy changes\n\n{changes_body(changes)}\n'
    return GeneratedPage(CHANGES_SRC, CHANGES_URL, "Policy changes", content)

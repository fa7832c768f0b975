"""The `/policy/changes/` page: each commit that changed the policy (date, subject, author) and what it changed.

Commit text and policy text are data: everything is escaped (the view models here, the layout in
``policy/changes.html`` and ``pages/policy_changes.md``). The page is the same in every scope (it holds no account
data).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..analysis.impact import ImpactReport
from ..analysis.policy_changes import PolicyChangeEntry, PolicyChangeLog, policy_change_log
from ..site_context import SiteContext
from .generated import GeneratedPage
from .templating import render

CHANGES_URL = "policy/changes/"
CHANGES_SRC = "policy/changes.md"
DECISIONS_SHOWN = 40
"""Changed approval answers listed per commit; the rest are counted."""


@dataclass(frozen=True, slots=True)
class EffectView:
    """What one commit changed, compared with the policy before it."""

    has_effect: bool
    policy: list[tuple[str, str]]
    """(where, what) per policy change."""
    decisions: list[tuple[str, str, str]]
    """(request, before, after) per changed approval answer, at most ``DECISIONS_SHOWN``."""
    more_decisions: int
    """Changed answers not listed."""
    people: list[tuple[str, str]]
    """(person, their authority changes joined) per person."""


@dataclass(frozen=True, slots=True)
class ChangeView:
    anchor: str
    date: str
    subject: str
    author: str
    sha: str
    files: str
    summary: str
    """The effect in a few words, for the table at the top."""
    problem: str
    """Why the commit was not compared (empty when it was)."""
    effect: EffectView | None
    """None for the first version of the policy (or a commit not compared)."""


@dataclass(frozen=True, slots=True)
class PolicyChangesView:
    available: bool
    """False without a git history: the page says so."""
    folder: str = ""
    entries: tuple[ChangeView, ...] = ()
    notes: tuple[str, ...] = ()


def _effect(report: ImpactReport) -> EffectView:
    return EffectView(
        report.has_effect,
        [(c.where, c.text) for c in report.policy],
        [(d.case, d.before, d.after) for d in report.decisions[:DECISIONS_SHOWN]],
        len(report.decisions) - DECISIONS_SHOWN,
        [(p.title, "; ".join(p.changes)) for p in report.people],
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


def _entry(entry: PolicyChangeEntry) -> ChangeView:
    commit = entry.commit
    return ChangeView(
        anchor=f"commit-{commit.sha[:12]}",
        date=commit.when.date().isoformat(),
        subject=commit.subject,
        author=entry.author or "",
        sha=commit.sha[:7],
        files=", ".join(commit.files) or "—",
        summary=_summary(entry),
        problem=entry.problem,
        effect=None if entry.problem or entry.report is None else _effect(entry.report),
    )


def changes_view(changes: PolicyChangeLog | None) -> PolicyChangesView:
    if changes is None:
        return PolicyChangesView(False)
    notes = []
    if changes.shallow:
        notes.append("This build was made from a shallow checkout: older changes may be missing.")
    if changes.older:
        notes.append(f"{changes.older} older commits are not shown.")
    return PolicyChangesView(True, changes.folder, tuple(_entry(e) for e in changes.entries), tuple(notes))


def changes_body(changes: PolicyChangeLog | None) -> Markup:
    return render("policy/changes.html", changes=changes_view(changes))


def policy_changes_page(context: SiteContext, root: Path) -> GeneratedPage:
    """The page, from the git history of the policy folder of this build's data."""
    changes = policy_change_log(root, context.dataset.data_dir / "policy")
    content = render("pages/policy_changes.md", body=changes_body(changes))
    return GeneratedPage(CHANGES_SRC, CHANGES_URL, "Policy changes", str(content))

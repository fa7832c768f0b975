"""Generated briefings kept between the builds of one process, so that ``mkdocs serve`` renders again only the
briefings whose data changed.

A briefing shows one account: its row, its escalations and their actions, commitments (with their approvals),
updates and reviews, judged by the policy and its history at the as-of date. :func:`briefing_inputs` is all of
that as one value; a briefing whose inputs and site (:func:`site_inputs`) are the same as in the previous build
is taken from :class:`PageCache` instead of being rendered. A test edits each kind of row of the sample and
checks that the pages kept are exactly the pages a fresh build renders.

Free of MkDocs imports; ``macros/mkdocs_hooks.py`` holds the one cache of the process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .site_context import SiteContext

T = TypeVar("T")


def site_inputs(context: SiteContext, policy_files: tuple, templates_dir: Path | None) -> bytes:
    """What every briefing depends on besides its account: the policy (files and history), the as-of date, the
    scope and the template overrides."""
    timeline = context.governance.timeline
    versions = [(v.commit, v.date) for v in timeline.versions] if timeline is not None else []
    overrides = []
    if templates_dir is not None and templates_dir.is_dir():
        overrides = [(p.as_posix(), p.stat().st_mtime_ns) for p in sorted(templates_dir.rglob("*")) if p.is_file()]
    text = repr((policy_files, context.dataset.as_of, context.dataset.scope, versions, overrides))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=32).digest()


def briefing_inputs(context: SiteContext, account) -> bytes:
    """Every row a briefing of ``account`` shows, as one digest."""
    portfolio = context.portfolio
    escalations = portfolio.current_escalations(account.account_id) + portfolio.past_escalations(account.account_id)
    parts: list[object] = [account, context.account_slugs[account.account_id]]
    commitment_ids = set()
    for escalation in escalations:
        key = escalation.escalation_id
        commitments = portfolio.commitments_by_escalation.get(key, [])
        commitment_ids.update(c.commitment_id for c in commitments)
        parts += [
            escalation,
            portfolio.actions_by_escalation.get(key, []),
            commitments,
            portfolio.updates_by_escalation.get(key, []),
            portfolio.reviews_by_escalation.get(key, []),
        ]
    if commitment_ids:
        parts.append(_approvals(context).get_many(commitment_ids))
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=32).digest()


class _ApprovalIndex:
    def __init__(self, approvals) -> None:
        self.by_commitment: dict[str, list] = {}
        for row in approvals:
            self.by_commitment.setdefault(row.commitment_id, []).append(row)

    def get_many(self, ids) -> list:
        return [self.by_commitment.get(i, []) for i in sorted(ids)]


_approval_index: dict[str, object] = {}


def _approvals(context: SiteContext) -> _ApprovalIndex:
    if _approval_index.get("portfolio") is not context.portfolio:  # once per build
        _approval_index.update(portfolio=context.portfolio, index=_ApprovalIndex(context.portfolio.approvals))
    return _approval_index["index"]  # type: ignore[return-value]


class PageCache:
    """Pages by name, each with the inputs it was rendered from; emptied when the site's inputs change."""

    def __init__(self) -> None:
        self._site: bytes | None = None
        self._pages: dict[str, tuple[bytes, object]] = {}
        self.reused = 0
        self.rendered = 0

    def begin(self, site: bytes) -> None:
        """Start a build: forget every page when what all pages depend on changed."""
        if site != self._site:
            self._pages.clear()
            self._site = site
        self.reused = self.rendered = 0

    def page(self, name: str, inputs: bytes, render: Callable[[], T]) -> T:
        kept = self._pages.get(name)
        if kept is not None and kept[0] == inputs:
            self.reused += 1
            return kept[1]  # type: ignore[return-value]
        page = render()
        self._pages[name] = (inputs, page)
        self.rendered += 1
        return page

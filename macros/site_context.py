"""What every page of a build shares: the loaded dataset, its analysis and the URL of each generated page.

Built once per build (and rebuilt by `mkdocs serve` when anything under data/ changes).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .analysis.governance import Governance
from .analysis.policy_timeline import timeline_for
from .analysis.portfolio import Portfolio
from .dataset import Dataset, load_dataset
from .render.urls import SlugMap

log = logging.getLogger("mkdocs.plugins.escalation")


@dataclass
class SiteContext:
    dataset: Dataset
    portfolio: Portfolio
    account_slugs: SlugMap
    governance: Governance
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def policy(self):
        return self.dataset.policy

    @property
    def currency(self) -> str:
        return self.dataset.policy.organisation.company.currency

    @property
    def full(self) -> bool:
        return self.dataset.includes_accounts

    def tier_url(self, tier_id: str) -> str:
        return f"tiers/{tier_id}/"

    def account_url(self, account_id: str) -> str:
        return f"accounts/{self.account_slugs[account_id]}/"

    @cached_property
    def people_items(self):
        """Person id → what they own, owe and may approve (:mod:`.analysis.person_items`), computed once."""
        from .analysis.person_items import people_items

        return people_items(self.governance)

    @cached_property
    def blocker_review_urls(self) -> dict[str | None, str]:
        """Blocker type id (None: not recorded) → its page of reviews in full (:mod:`.render.learnings_reviews`)."""
        from .render.learnings_reviews import site_blocker_urls

        return site_blocker_urls(self)


def build_context(
    data_dir: Path, *, as_of: str | None = None, scope: str | None = None, root: Path | None = None
) -> SiteContext:
    started = time.perf_counter()
    dataset = load_dataset(data_dir, as_of=as_of, scope=scope, root=root)
    loaded = time.perf_counter()
    portfolio = Portfolio.from_dataset(dataset)
    slugs = SlugMap(a.account_id for a in dataset.log.accounts)
    timeline = timeline_for(dataset) if dataset.includes_accounts else None
    context = SiteContext(dataset, portfolio, slugs, Governance(portfolio, timeline))
    context.timings["load"] = loaded - started
    log.info(
        "escalation: loaded %s accounts, %s escalations in %.1f s (as of %s, scope %s)",
        f"{len(dataset.log.accounts):,}",
        f"{len(dataset.log.escalations):,}",
        loaded - started,
        dataset.as_of.isoformat(),
        dataset.scope,
    )
    context.governance.analyse()
    context.timings["analysis"] = time.perf_counter() - loaded
    log.info(
        "escalation: analysed %s escalations, %s commitments in %.1f s",
        f"{len(portfolio.escalations):,}",
        f"{len(portfolio.commitments):,}",
        context.timings["analysis"],
    )
    return context

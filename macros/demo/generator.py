"""The demo-data generator: every stage combined, and :func:`generate_workbook`, the one entry point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from openpyxl import Workbook

from ..policy.model import Policy
from .commitments import Commitments
from .details import Details
from .imperfections import Imperfections
from .options import DEFAULT_RATE
from .plan import Planner
from .sheets import build_workbook

Progress = Callable[[str, dict[str, int]], None]
"""Called after each phase with the phase's name and its counts, e.g. ``("plan", {"escalations": 2031})``."""


class Generator(Planner, Details, Commitments, Imperfections):
    """Draws a whole escalation log from one seed; each stage's methods live in the module of its base class."""


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
    progress: Progress | None = None,
) -> Workbook:
    """A write-only workbook holding an escalation log for ``accounts`` accounts over the ``months`` months that
    end on ``as_of``, drawn from ``seed`` alone.

    ``escalations_per_account_year`` sets the volume (about 35% of escalations are still open on ``as_of``);
    ``min_open_per_tier`` guarantees open escalations in every tier (for a small sample that must fill every
    page); ``imperfections`` plants the data-quality problems listed in the module docstring. Save the result
    with :func:`save_workbook` for byte-identical files: ``Workbook.save`` stamps the current time.
    ``progress``, if given, hears about each phase (accounts, plan, details, sheets) with its counts; it never
    changes what is drawn."""
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    gen = Generator(
        policy,
        seed=seed,
        as_of=as_of,
        months=months,
        rate=escalations_per_account_year,
        min_open_per_tier=min_open_per_tier,
        imperfections=imperfections,
    )
    report = progress or (lambda phase, counts: None)
    account_list = gen.accounts(accounts)
    report("accounts", {"accounts": len(account_list)})
    escalations = gen.plan(account_list)
    report("plan", {"escalations": len(escalations), "open": sum(e.is_open for e in escalations)})
    for esc in escalations:
        gen.fill(esc)
        gen.actions(esc)
        gen.commitments(esc)
        gen.updates(esc)
        gen.review(esc)
    gen.cover_vocabularies(escalations)
    if imperfections:
        gen.plant_imperfections(escalations)
    report(
        "details",
        {
            "actions": sum(len(e.actions) for e in escalations),
            "commitments": sum(len(e.commitments) for e in escalations),
            "updates": sum(len(e.updates) for e in escalations),
            "reviews": sum(len(e.reviews) for e in escalations),
        },
    )
    workbook = build_workbook(policy, gen, account_list, escalations, seed=seed)
    report("sheets", {"sheets": len(workbook.worksheets)})
    return workbook

"""Deterministic demo data: a realistic escalation-log workbook for any policy that follows the data contract.

Nothing about the company is assumed: tiers, roles, people, statuses, outcomes, concession types, segments,
health values and blocker types all come from the :class:`Policy`. What is invented (company names, regions,
phrases) is narrative that no check depends on. The same policy, seed and options always give the same bytes.

The shipped sample (``data/escalations.xlsx``) is made with::

    from pathlib import Path
    from macros.demo import SAMPLE_OPTIONS, write_workbook
    from macros.policy.loader import load_policy

    write_workbook(load_policy(Path("data")), Path("data/escalations.xlsx"), **SAMPLE_OPTIONS)

or, from the command line, ``escalation demo-data`` (see ``escalation demo-data --help``).

With ``imperfections=True`` a handful of data-quality problems are planted, each a warning or an audit finding,
never an error: an open action without a next check-in, a stale open escalation, a review owed long ago, a late
executive engagement, an extra "Internal Notes" column, approvals without authority, approvals by a delegate
inside and just after a delegation window, an escalation recorded a tier below its criteria, one left open past its
tier's time-based escalation, a next check-in that has passed and a fulfilled commitment without its date.

Modules, in the order the generator uses them: :mod:`.phrases` (narrative word lists), :mod:`.clock` (business
calendar), :mod:`.records` (what is drawn), :mod:`.policy_facts` (pure helpers), :mod:`.base`, :mod:`.plan`,
:mod:`.details`, :mod:`.commitments` and :mod:`.imperfections` (the stages), :mod:`.generator` (all stages
combined), :mod:`.rows` and :mod:`.sheets` (records to cells to sheets), :mod:`.writer` (files on disk).
"""

from __future__ import annotations

from .generator import generate_workbook
from .options import DEFAULT_RATE, INTERNAL_NOTES, SAMPLE_OPTIONS
from .writer import save_workbook, write_demo_data, write_workbook

__all__ = [
    "DEFAULT_RATE",
    "INTERNAL_NOTES",
    "SAMPLE_OPTIONS",
    "generate_workbook",
    "save_workbook",
    "write_demo_data",
    "write_workbook",
]

"""What the demo-data generator can be asked for, and the options of the shipped sample."""

from __future__ import annotations

import datetime as dt

DEFAULT_RATE = 0.4
"""Escalations per account per year."""
OPEN_SHARE = 0.35
"""Share of escalations still open on the as-of date (the most recent ones)."""
INTERNAL_NOTES = "Internal Notes"
"""Header of the extra, non-contract column planted by ``imperfections``."""

SAMPLE_OPTIONS: dict = {
    "accounts": 40,
    "seed": 2026,
    "as_of": dt.date(2026, 11, 30),
    "months": 15,
    "imperfections": True,
    "escalations_per_account_year": 1.5,
    "min_open_per_tier": 8,
}
"""Options of the shipped sample: a small portfolio with enough escalations to fill every page."""

"""Copies of the sample policy with one setting changed, for tests that need a boundary the sample does not have."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .conftest import SAMPLE_DATA


def sample_policy_with_review_targets(data: Path, review_within: dict[str, str | None]) -> Path:
    """Copy the sample policy to ``data/policy`` with each named tier's ``response.review_within`` set to the
    duration given, or removed where it is ``None``. Fails when a named tier is not in the sample."""
    policy = data / "policy"
    shutil.copytree(SAMPLE_DATA / "policy", policy)
    path = policy / "tiers.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    tiers = {tier["id"]: tier for tier in document["tiers"]}
    for tier_id, duration in review_within.items():
        response = tiers[tier_id]["response"]
        if duration is None:
            del response["review_within"]
        else:
            response["review_within"] = duration
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return policy

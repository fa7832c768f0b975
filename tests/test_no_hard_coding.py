"""Nothing in the code names a tier, role, person, concession type or vocabulary term of the sample policy."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

from .conftest import ROOT

# Words our own data contract uses (attribute names, states); they happen to be ids in the sample too.
CONTRACT_WORDS = {
    "open",
    "fulfilled",
    "missed",
    "cancelled",
    "done",
    "csm",
    "ae",
    "exec_sponsor",
    "resolved",  # the contract's "Resolved On" column
}


def _sample_ids(policy) -> set[str]:
    ids = {t.id for t in policy.tiers}
    ids |= {r.id for r in policy.organisation.roles}
    ids |= {p.id for p in policy.organisation.people}
    ids |= {c.id for c in policy.authority.concession_types}
    for name in ("escalation_statuses", "outcomes", "blocker_types", "health_values", "segments"):
        ids |= {t.id for t in policy.vocabulary(name)}
    ids |= {t.name for t in policy.tiers}
    ids |= {p.name for p in policy.organisation.people}
    return ids - CONTRACT_WORDS


def _string_literals(path: Path) -> list[tuple[int, str]]:
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.STRING:
            text = token.string.lstrip("rbuRBUfF")
            if text.startswith(('"""', "'''")):
                continue  # docstrings may give examples
            found.append((token.start[0], text.strip("\"'")))
    return found


def test_no_sample_names_in_python_code(sample_policy):
    ids = {i.lower() for i in _sample_ids(sample_policy)}
    offenders = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() == "macros/demo/phrases.py":
            continue  # English text banks for demo data ("the customer's CFO"), not policy ids
        for line, literal in _string_literals(path):
            if literal.lower() in ids:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {literal!r}")
    assert offenders == [], "\n".join(offenders)

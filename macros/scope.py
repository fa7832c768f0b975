"""The build scope: `full`, or `policy-only`, which publishes the playbook without any account data.

Hand-written pages that only make sense with account data say so in their front matter
(`escalation_scope: full`); a policy-only build leaves them, and their navigation entries, out.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SCOPE_KEY = "escalation_scope"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end == -1:
        return {}
    try:
        meta = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def full_scope_pages(docs_dir: Path) -> set[str]:
    """Source paths (relative to docs/, with forward slashes) of pages marked ``escalation_scope: full``."""
    return {
        path.relative_to(docs_dir).as_posix()
        for path in sorted(docs_dir.rglob("*.md"))
        if front_matter(path).get(SCOPE_KEY) == "full"
    }


def prune_nav(nav, excluded: set[str]):
    """The navigation without entries for excluded pages; sections left empty disappear too."""
    if isinstance(nav, list):
        kept = [pruned for item in nav if (pruned := prune_nav(item, excluded)) is not None]
        return kept or None
    if isinstance(nav, dict):
        result = {}
        for title, target in nav.items():
            pruned = prune_nav(target, excluded)
            if pruned is not None:
                result[title] = pruned
        return result or None
    if isinstance(nav, str):
        return None if nav in excluded else nav
    return nav

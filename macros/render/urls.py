"""Site URLs for generated pages, and relative links between pages (the site works under any base path)."""

from __future__ import annotations

import posixpath
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(identifier: str) -> str:
    """A URL- and file-safe form of an id. Ids that are already safe are kept as written."""
    cleaned = _UNSAFE.sub("-", identifier.strip()).strip("-.")
    return cleaned or "item"


class SlugMap:
    """Stable slugs for a set of ids, with a numeric suffix where two ids would collide."""

    def __init__(self, identifiers) -> None:
        self._slugs: dict[str, str] = {}
        used: set[str] = set()
        for identifier in sorted(identifiers):
            base = slug(identifier)
            candidate, n = base, 2
            while candidate.lower() in used:
                candidate, n = f"{base}-{n}", n + 1
            used.add(candidate.lower())
            self._slugs[identifier] = candidate

    def __getitem__(self, identifier: str) -> str:
        return self._slugs[identifier]

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._slugs


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at ``from_url`` to ``to_url`` (both site-relative directory URLs like ``tiers/red/``)."""
    from_dir = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    target = _relative_path(to_url, from_dir)
    if (to_url == "" or to_url.endswith("/")) and not target.endswith("/"):
        target += "/"
    return target + fragment


def _relative_path(to_url: str, from_dir: str) -> str:
    """``posixpath.relpath("/" + to_url, "/" + from_dir)``, without its normalising where neither path needs it: a
    large site asks for hundreds of thousands of links, and relpath's cost was a build's largest in this module."""
    to_parts = [part for part in to_url.split("/") if part]
    from_parts = [part for part in from_dir.split("/") if part]
    if "//" in to_url or "//" in from_dir or any(part in {".", ".."} for part in (*to_parts, *from_parts)):
        return posixpath.relpath("/" + to_url, "/" + from_dir)
    common = 0
    for mine, theirs in zip(from_parts, to_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9-]")


def anchor(identifier: str) -> str:
    """The fragment id of a row on a page (ids may hold characters a fragment cannot).

    Letters, digits and ``-`` are kept; every other character, ``_`` included, becomes ``_`` and its code point
    in hex and ``_`` (``E/1`` → ``E_2f_1``, ``E:1`` → ``E_3a_1``). The mapping is one-to-one, so two ids on a page
    never share an anchor however alike they look, and ids such as ``ESC-12`` keep their plain form.
    """
    text = identifier.strip()
    return _ANCHOR_UNSAFE.sub(lambda match: f"_{ord(match.group()):x}_", text) or "item"

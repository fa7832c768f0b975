"""Plain listing pages of long component tables: every row, without JavaScript, a thousand rows a page.

A long table (:mod:`.table_payload`) writes only its first rows as HTML; the script builds the others from JSON.
So that a reader without JavaScript can still reach every row, its rows are also written on plain pages beside
the table's page (``accounts/account-index-1.html``, ``-2.html`` …), which the page links in a ``<noscript>`` note.

The tables are remembered as they are rendered (:func:`remember`) and written once the site is built
(:func:`write_all`, from the ``on_post_build`` hook), since MkDocs has no page for them. Every cell is printed by
the same escaping template as the table itself (``partials/table_listing.html``); links in cells stay right
because a listing page sits in the same folder as the table's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .templating import render
from .urls import relative

_tables: dict[tuple[str, str], object] = {}
"""(page URL, table id) → the long :class:`.tables.Table` rendered on that page during this build."""


def reset() -> None:
    """Forget the tables of the previous build (``mkdocs serve`` builds again in the same process)."""
    _tables.clear()


def remember(table) -> None:
    """Keep a long component table (one with a ``payload`` and a ``page_url``) to write its listing pages."""
    _tables[(table.page_url, table.id)] = table


def remembered() -> list:
    return list(_tables.values())


@dataclass(frozen=True, slots=True)
class ListingPage:
    url: str
    """Site-relative, e.g. ``accounts/account-index-1.html``."""
    html: str


def listing_pages(table, *, site_name: str, language: str, stylesheets: list[str]) -> list[ListingPage]:
    """The listing pages of one long table; ``stylesheets`` are site-relative URLs of the site's stylesheets."""
    folder = table.page_url if table.page_url.endswith("/") or not table.page_url else table.page_url + "/"
    links = table.payload.listings
    total = len(table.rows)
    name = table.caption or table.noun[1].capitalize()
    pages = []
    for number, link in enumerate(links):
        url = folder + link.href
        heading = f"{name}: {link.label} of {total:,}"
        html = render(
            "partials/table_listing.html",
            table=table,
            rows=table.rows[link.first - 1 : link.last],
            heading=heading,
            title=f"{heading} - {site_name}",
            language=language,
            stylesheets=[relative(url, sheet) for sheet in stylesheets],
            back=relative(url, table.page_url),
            links=links,
            current=number,
        )
        pages.append(ListingPage(url, "<!doctype html>\n" + str(html) + "\n"))
    return pages


def write_all(site_dir: Path, *, site_name: str, language: str, stylesheets: list[str]) -> int:
    """Write the listing pages of every long table rendered in this build; returns how many were written."""
    written = 0
    sheets = [*_material_stylesheets(site_dir), *stylesheets]
    for table in remembered():
        for page in listing_pages(table, site_name=site_name, language=language, stylesheets=sheets):
            target = site_dir / page.url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.html, encoding="utf-8")
            written += 1
    return written


def _material_stylesheets(site_dir: Path) -> list[str]:
    """The theme's main stylesheet (its name carries a hash), so that listing pages look like the site."""
    folder = site_dir / "assets" / "stylesheets"
    return [f"assets/stylesheets/{path.name}" for path in sorted(folder.glob("main.*.min.css"))]

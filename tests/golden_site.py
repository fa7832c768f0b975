"""The golden check of the rendered site: a sha256 per page of its ``<article>`` HTML (what our renderers and
templates produce, without the theme around it), for the sample data at a fixed as-of date.

After a deliberate change to a page's output, look at the change in a build, then update the digests with::

    .venv/bin/python -m tests.golden_site

and commit ``tests/golden/sample_articles.txt`` with the change, saying in the commit message what changed and why.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
from pathlib import Path

AS_OF = "2026-06-30"
DIGESTS = Path(__file__).resolve().parent / "golden" / "sample_articles.txt"
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def article_digests(site: Path) -> dict[str, str]:
    """``{page path: sha256 of its <article> element}`` for every HTML page of a built site that has one."""
    digests = {}
    for page in sorted(site.rglob("*.html")):
        match = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if match:
            digests[page.relative_to(site).as_posix()] = hashlib.sha256(match.group(0).encode("utf-8")).hexdigest()
    return digests


def read_digests(path: Path = DIGESTS) -> dict[str, str]:
    pairs = (line.split("  ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in pairs}


def write_digests(digests: dict[str, str], path: Path = DIGESTS) -> None:
    path.write_text("".join(f"{digest}  {name}\n" for name, digest in digests.items()), encoding="utf-8")


def build_sample(folder: Path):
    """A strict build of the sample data at the golden as-of date (see tests/site_builder.py)."""
    import shutil

    from .conftest import SAMPLE_DATA
    from .site_builder import build_site

    data = folder / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", data / "escalations.xlsx")
    return build_site(folder / "build", data, as_of=AS_OF)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        result = build_sample(Path(folder))
        if result.returncode != 0:
            print(result.output, file=sys.stderr)
            return 1
        digests = article_digests(result.site)
    write_digests(digests)
    print(f"wrote {len(digests)} page digests to {DIGESTS.relative_to(Path.cwd())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

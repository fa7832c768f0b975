"""`escalation digest`: what each owner must do today, as Markdown, JSON or a chat message; optionally posted."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import yaml

from .common import EXIT_DATA, EXIT_OK, UsageError, count, data_options, err

FORMATS = ("markdown", "json", "slack")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "digest",
        help="list what each owner must do today (overdue, due today, due this week, what changed)",
        description="For each owner: what is overdue, due today and due this week; escalations opened and tier "
        "changes since the previous business day; response targets breached; approvals outside authority. "
        "Links point at the site (site_url from mkdocs.yml, or --site-url). A policy-only scope prints no digest: "
        "every line of it is about an account.",
        epilog="Example: escalation digest --format slack --post-env ESCALATION_WEBHOOK_URL",
    )
    data_options(parser)
    parser.add_argument("--person", metavar="ID", help="only this person (id, exact name or email)")
    parser.add_argument("--format", choices=FORMATS, default="markdown", help="output format (default: markdown)")
    parser.add_argument("--site-url", metavar="URL", help="the published site's address (default: mkdocs.yml site_url)")
    parser.add_argument(
        "--config", default="mkdocs.yml", metavar="FILE", help="MkDocs configuration to read site_url from"
    )
    parser.add_argument("--scope", choices=["full", "policy-only"], help="default: ESCALATION_SCOPE, else full")
    parser.add_argument(
        "--post-env",
        metavar="NAME",
        help="post the digest as a Slack-compatible webhook message to the URL held in this environment variable "
        "(nothing is posted when it is unset or empty); the URL is never printed",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        metavar="N",
        help="with --post-env: retries after a network error, 429 or 5xx, waiting 2, 4, 8… seconds (default: 3)",
    )
    parser.set_defaults(handler=run)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose Python tags (``!!python/name:…``) are ignored rather than executed."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_url_from(config: Path) -> str | None:
    if not config.is_file():
        return None
    try:
        document = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506 - safe subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{config.as_posix()}:{mark.line + 1}:{mark.column + 1}" if mark else config.as_posix()
        raise UsageError(
            f"{where}: cannot read site_url ({getattr(exc, 'problem', None) or exc});"
            " fix the YAML there, or give --site-url URL"
        ) from None
    value = document.get("site_url") if isinstance(document, dict) else None
    return str(value) if value else None


def run(args: argparse.Namespace) -> int:
    from ..analysis.digest import build_digest
    from ..render.digest_text import to_json, to_markdown, to_slack
    from ..site_context import build_context

    if args.retries < 0:
        raise UsageError(f"--retries must be 0 or more, got {args.retries}")
    site_url = args.site_url or site_url_from(Path(args.config))
    if site_url and not site_url.startswith(("http://", "https://")):
        raise UsageError(f"--site-url must start with https:// or http://, got {site_url!r}")
    context = build_context(Path(args.data), as_of=args.as_of, scope=args.scope)
    if not context.full:
        err("escalation digest: no digest in the policy-only scope (it would be about accounts); nothing printed.")
        return EXIT_OK
    person_id = None
    if args.person:
        person = context.policy.find_person(args.person)
        if person is None:
            raise UsageError(f"no person {args.person!r} in the policy; use a person id, exact name or email")
        person_id = person.id
    digest = build_digest(context.governance, person_id=person_id)
    if args.post_env:
        return _post(args.post_env, to_slack(context, digest, site_url), len(digest.owners), args.retries)
    if args.format == "json":
        print(to_json(context, digest, site_url), end="")
    elif args.format == "slack":
        print(json.dumps(to_slack(context, digest, site_url), indent=2, ensure_ascii=False))
    else:
        print(to_markdown(context, digest, site_url), end="")
    return EXIT_OK


def _post(variable: str, payload: dict, owners: int, retries: int) -> int:
    from ..webhook import WebhookError, post_json

    url = os.environ.get(variable, "").strip()
    if not url:
        err(f"escalation digest: {variable} is not set; nothing posted.")
        return EXIT_OK
    try:
        attempts = post_json(url, payload, attempts=retries + 1)
    except WebhookError as exc:
        err(
            f"escalation digest: could not post the digest to the webhook in {variable}: {exc}"
            f" (hint: check the URL in {variable}, or raise --retries if the network is flaky)."
        )
        return EXIT_DATA
    err(
        f"escalation digest: posted the digest ({count(owners, 'person', 'people')}) to the webhook in {variable}"
        f" after {count(attempts, 'attempt')}."
    )
    return EXIT_OK

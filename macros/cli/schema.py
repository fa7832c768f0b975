"""`escalation schema`: write (or check) the JSON Schema of each policy file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_DATA, EXIT_OK, err


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schema",
        help="write the JSON Schema of each policy file",
        description="Write data/schema/<file>.schema.json from the typed policy models, for editors that validate "
        "YAML. With --check, only report whether the committed files are current.",
    )
    parser.add_argument("--out", default="data/schema", metavar="DIR", help="folder to write to (default: data/schema)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files in --out are missing or stale")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..policy.schema_export import stale_schemas, write_schemas

    folder = Path(args.out)
    if args.check:
        stale = stale_schemas(folder)
        if stale:
            for name in stale:
                err(f"{(folder / name).as_posix()}: the committed JSON Schema is out of date")
            err("Run `escalation schema` and commit the result.")
            return EXIT_DATA
        print(f"JSON Schemas in {folder.as_posix()} are up to date.")
        return EXIT_OK
    for path in write_schemas(folder):
        print(f"wrote {path.as_posix()}")
    return EXIT_OK

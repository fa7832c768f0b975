"""Files on disk: byte-identical workbooks, and a demo data folder (policy copied beside a generated workbook)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from openpyxl import Workbook

from ..policy.loader import load_policy
from ..policy.model import Policy
from ..workbook.reproducible import workbook_bytes
from .generator import generate_workbook

SHIPPED_POLICY = Path(__file__).resolve().parents[2] / "data" / "policy"
"""The sample policy beside the package in a source checkout (or an editable install)."""


def sample_policy_dir() -> Path | None:
    """The sample policy: the one shipped beside the package, else ``./data/policy`` in the current folder (what a
    non-editable ``pip install .`` run from a checkout finds); ``None`` when neither holds policy files."""
    for candidate in (SHIPPED_POLICY, Path.cwd() / "data" / "policy"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return None


def save_workbook(workbook: Workbook, path: Path) -> Path:
    """Save so that equal content gives equal bytes (see :mod:`macros.workbook.reproducible`); the stamp is the
    ``modified`` time :func:`generate_workbook` derives from the as-of date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(workbook))
    return path


def write_workbook(policy: Policy, path: Path, **options) -> Path:
    """Generate (options as for :func:`generate_workbook`) and save to ``path``; ``progress``, if given, also
    hears ``("saved", {"bytes": size})``."""
    save_workbook(generate_workbook(policy, **options), path)
    if options.get("progress") is not None:
        options["progress"]("saved", {"bytes": path.stat().st_size})
    return path


def write_demo_data(
    policy_source_dir: Path | None,
    out_dir: Path,
    *,
    accounts: int,
    seed: int,
    as_of: dt.date,
    months: int = 15,
    **options,
) -> Path:
    """Copy a policy into ``out_dir/policy`` (and its ``schema`` folder beside it, if any), load it, and write
    ``out_dir/escalations.xlsx``. ``policy_source_dir`` defaults to the sample policy shipped with the project.
    Returns the workbook's path."""
    source = policy_source_dir or sample_policy_dir()
    if source is None:
        raise FileNotFoundError("no sample policy: name a policy folder")
    target = out_dir / "policy"
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(source.glob("*.yaml")):
        shutil.copyfile(file, target / file.name)
    schema = source.parent / "schema"
    if schema.is_dir():
        shutil.copytree(schema, out_dir / "schema", dirs_exist_ok=True)
    policy = load_policy(out_dir, root=out_dir)
    return write_workbook(
        policy, out_dir / "escalations.xlsx", accounts=accounts, seed=seed, as_of=as_of, months=months, **options
    )

"""Run mutation testing on the analysis, the policy checks and the cell parsers, and write a short report.

    python -m tests.mutation.run [analysis|policy|cells|all|MODULE ...] [--max-children N] [--again] [--report FILE]
    python -m tests.mutation.run --report-only

A target is one of the three names, or a dotted module such as ``macros.analysis.tiering``. mutmut keeps its
results under ``mutants/``, so a later run (or ``--report-only``) reports every target measured so far, and a later
run re-tests only the mutants not yet killed (``--again``: all of them).

Mutants that cannot change behaviour are listed in ``tests/mutation/equivalent.toml`` with a one-line reason;
they are counted apart. The score is killed / (all checked − equivalent). ``--fail-under 90`` exits 1 when a
target measured in this run scores lower.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.toml")

TARGETS = {
    "analysis": "macros.analysis",
    "policy": "macros.policy",
    "cells": "macros.workbook.cells",
}

# mutmut's exit codes per mutant, folded into what the report shows. A timeout means the tests noticed.
_KILLED = {1, 3, 24, -24, 36, 152, 255}
_SURVIVED = {0}
_NO_TESTS = {5, 33}
_NOT_CHECKED = {None, 2, 34}


@dataclass
class Tally:
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    no_tests: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    other: Counter = field(default_factory=Counter)
    not_checked: int = 0

    @property
    def counted(self) -> int:
        return self.killed + len(self.survived) + len(self.no_tests)

    @property
    def score(self) -> float | None:
        return 100.0 * self.killed / self.counted if self.counted else None


def _module_prefix(target: str) -> str:
    return TARGETS.get(target, target)


def target_of(mutant: str) -> str:
    for name, prefix in TARGETS.items():
        if mutant.startswith(prefix + "."):
            return name
    return "other"


def load_equivalent(path: Path = EQUIVALENT_FILE) -> dict[str, str]:
    """Mutant name → the one-line reason it cannot change behaviour."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {str(name): str(reason) for name, reason in data.get("mutants", {}).items()}


def load_results(mutants_dir: Path) -> dict[str, int | None]:
    """Mutant name → mutmut's exit code, from the ``.meta`` files mutmut writes next to each mutated module."""
    results: dict[str, int | None] = {}
    for meta in sorted(mutants_dir.rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        results.update(data.get("exit_code_by_key", {}))
    return results


def module_of(mutant: str) -> str:
    """``macros.policy.loader.x_f__mutmut_3`` → ``macros.policy.loader``."""
    return mutant.rsplit(".", 1)[0]


def tally(results: dict[str, int | None], equivalent: dict[str, str], *, key=target_of) -> dict[str, Tally]:
    """Results folded per target (or per ``key(mutant)``, e.g. :func:`module_of`)."""
    tallies: dict[str, Tally] = {}
    for mutant, code in sorted(results.items()):
        t = tallies.setdefault(key(mutant), Tally())
        if code in _NOT_CHECKED:
            t.not_checked += 1
        elif code in _KILLED:
            t.killed += 1
        elif mutant in equivalent:
            t.equivalent.append(mutant)
        elif code in _SURVIVED:
            t.survived.append(mutant)
        elif code in _NO_TESTS:
            t.no_tests.append(mutant)
        else:
            t.other[code] += 1
            t.survived.append(mutant)
    return tallies


def _row(name: str, t: Tally) -> str:
    score = "–" if t.score is None else f"{t.score:.1f}%"
    return (
        f"| {name} | {t.killed} | {len(t.survived)} | {len(t.no_tests)} | {len(t.equivalent)} "
        f"| {t.not_checked} | {score} |"
    )


def render_report(
    tallies: dict[str, Tally],
    equivalent: dict[str, str],
    modules: dict[str, Tally] | None = None,
    results: dict[str, int | None] | None = None,
) -> str:
    lines = [
        "# Mutation testing report",
        "",
        "| Target | Killed | Survived | No tests | Equivalent | Not checked | Killed of non-equivalent |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [*TARGETS, "other"]:
        t = tallies.get(name)
        if t is not None:
            lines.append(_row(name, t))
    if modules:
        lines += [
            "",
            "## Per module",
            "",
            'A module whose mutants are all "not checked" has not been measured; one with some is measured in part.',
            "",
            "| Module | Killed | Survived | No tests | Equivalent | Not checked | Killed of non-equivalent |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [_row(f"`{name}`", modules[name]) for name in sorted(modules)]
    for name, t in tallies.items():
        if t.survived or t.no_tests:
            lines += ["", f"## Survivors in {name}", ""]
            lines += [f"- `{m}`" for m in t.survived]
            lines += [f"- `{m}` (no test reaches it)" for m in t.no_tests]
        if t.equivalent:
            lines += ["", f"## Equivalent in {name}", ""]
            lines += [f"- `{m}`: {equivalent[m]}" for m in t.equivalent]
    if results is not None:
        stale = sorted(m for m in equivalent if m not in results)
        if stale:
            lines += ["", "## Equivalent entries naming no mutant (renumbered after a change: check and fix)", ""]
            lines += [f"- `{m}`" for m in stale]
    lines += ["", "Show a mutant's change with `mutmut show NAME`."]
    return "\n".join(lines) + "\n"


def _in_targets(mutant: str, targets: list[str]) -> bool:
    return any(mutant.startswith(_module_prefix(t) + ".") for t in targets)


def mutants_to_run(targets: list[str], results: dict[str, int | None], equivalent: dict[str, str]) -> list[str]:
    """What mutmut should (re)test: every mutant of the targets not yet killed and not known to be equivalent.

    mutmut re-tests every mutant matching a pattern it is given, so a later run names only these: a module whose
    mutants are all still to test by a pattern (``module.*``), the others one by one. Killed mutants stay killed
    (their function is unchanged, or mutmut itself resets their result)."""
    chosen = {
        m for m, code in results.items() if _in_targets(m, targets) and code not in _KILLED and m not in equivalent
    }
    by_module: dict[str, list[str]] = {}
    for mutant in results:
        if _in_targets(mutant, targets):
            by_module.setdefault(module_of(mutant), []).append(mutant)
    names: list[str] = []
    for module, mutants in sorted(by_module.items()):
        pending = sorted(m for m in mutants if m in chosen)
        names += [f"{module}.*"] if len(pending) == len(mutants) else pending
    return names


def run_mutmut(targets: list[str], max_children: int, *, again: bool = False) -> int:
    results = load_results(ROOT / "mutants")
    if again or not any(_in_targets(m, targets) for m in results):
        names = [f"{_module_prefix(t)}.*" for t in targets]
    else:
        names = mutants_to_run(targets, results, load_equivalent())
        if not names:
            print("every mutant of these targets is killed or equivalent already")
            return 0
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children), *names]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=["all"], help="analysis, policy, cells, all or a module")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--report", type=Path, default=ROOT / "mutation-report.md")
    parser.add_argument("--report-only", action="store_true", help="report the results kept under mutants/")
    parser.add_argument("--again", action="store_true", help="re-test killed mutants too, not only the others")
    parser.add_argument("--fail-under", type=float, default=None, help="exit 1 below this score (percent)")
    args = parser.parse_args(argv)

    targets = list(TARGETS) if "all" in args.targets else args.targets
    if not args.report_only:
        code = run_mutmut(targets, args.max_children, again=args.again)
        if code != 0:
            print(f"mutmut stopped with exit status {code}", file=sys.stderr)
            return code
    equivalent = load_equivalent()
    results = load_results(ROOT / "mutants")
    tallies = tally(results, equivalent)
    report = render_report(tallies, equivalent, tally(results, equivalent, key=module_of), results)
    args.report.write_text(report, encoding="utf-8")
    print(report)
    if args.fail_under is not None:
        measured = {target_of(_module_prefix(t) + ".x") for t in targets}
        low = [n for n in measured if (s := tallies.get(n, Tally()).score) is not None and s < args.fail_under]
        if low:
            print(f"below {args.fail_under:g}% killed: {', '.join(sorted(low))}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: `escalation impact` against `escalation validate` on the same data (target: impact ≤ 2× validate).

Not a test (pytest collects only ``test_*.py``); run it by hand::

    .venv/bin/python tests/benchmarks/bench_impact.py [--accounts 5000] [--repeats 3]

It writes demo data (``escalation demo-data --accounts N --seed 7 --as-of 2026-06-30``) into a temporary git
repository, commits it, then commits a policy change (a threshold of the first concession type moves and a tier's
status-update cadence tightens, so decisions, escalations and commitments all have something to compare) and
times, each in a fresh subprocess and repeated (medians reported):

* **validate**: ``escalation validate`` on the data (the baseline, measured in the same run);
* **impact**: ``escalation impact --base HEAD~1 --head HEAD`` (both ends read from git objects).

It prints both times, the ratio and PASS or FAIL.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

AS_OF = "2026-06-30"
SEED = 7
TARGET_RATIO = 2.0


def _run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    return elapsed


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=bench@example.com", "-c", "user.name=Bench", *args],
        check=True,
        capture_output=True,
    )


def _change_policy(data: Path) -> str:
    """Move the first numeric bound of the first concession type's first rule, and halve the most severe tier's
    status-update cadence. Returns what was changed, in words."""
    authority_path = data / "policy" / "authority.yaml"
    authority = yaml.safe_load(authority_path.read_text(encoding="utf-8"))
    said = []
    for concession in authority["concession_types"]:
        for rule in concession["rules"]:
            for fact, test in rule.get("when", {}).items():
                for bound in ("at_most", "below", "at_least", "above"):
                    if isinstance(test, dict) and isinstance(test.get(bound), int | float):
                        test[bound] = test[bound] * 1.5
                        said.append(f"{concession['id']} rule {rule['id']} {fact}.{bound} ×1.5")
                        break
                if said:
                    break
            if said:
                break
        if said:
            break
    authority_path.write_text(yaml.safe_dump(authority, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tiers_path = data / "policy" / "tiers.yaml"
    tiers = yaml.safe_load(tiers_path.read_text(encoding="utf-8"))
    top = tiers["tiers"][-1]
    if top.get("response", {}).get("status_update_every"):
        top["response"]["status_update_every"] = "1 hours"
        said.append(f"tier {top['id']} status updates every 1 hour")
    tiers_path.write_text(yaml.safe_dump(tiers, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return "; ".join(said)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    escalation = [sys.executable, "-m", "macros.cli"]
    with tempfile.TemporaryDirectory(prefix="bench-impact-") as temp:
        repo = Path(temp)
        data = repo / "data"
        print(f"demo data: {args.accounts:,} accounts, seed {SEED}, as of {AS_OF}", flush=True)
        demo = [*escalation, "demo-data", "--accounts", str(args.accounts), "--seed", str(SEED)]
        _run([*demo, "--as-of", AS_OF, "--out", str(data)], repo)
        _git(repo, "init", "-q")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "base")
        print(f"policy change: {_change_policy(data)}", flush=True)
        _git(repo, "commit", "-qam", "policy change")
        validate = [*escalation, "validate", "--data", str(data), "--as-of", AS_OF]
        impact = [*escalation, "impact", "--base", "HEAD~1", "--head", "HEAD", "--data", str(data), "--as-of", AS_OF]
        timings: dict[str, list[float]] = {"validate": [], "impact": []}
        for _ in range(args.repeats):
            timings["validate"].append(_run(validate, repo))
            timings["impact"].append(_run(impact, repo))
        report = subprocess.run(impact, cwd=repo, capture_output=True, text=True, check=True).stdout
    medians = {name: statistics.median(values) for name, values in timings.items()}
    ratio = medians["impact"] / medians["validate"]
    for name, values in timings.items():
        print(f"{name:<9} median {medians[name]:6.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})")
    counts = [line[2:] for line in report.splitlines() if re.match(r"^- [\d,]+ ", line)]
    print("impact summary:", "; ".join(counts))
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"impact / validate = {ratio:.2f} (target ≤ {TARGET_RATIO:g}): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())

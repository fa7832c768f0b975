"""Every bad-policy fixture's whole report, word for word: location, key path, message and hint of each error.

`test_policy_errors.py` checks each error's place and its key words; this pins the rest (hints and the exact
wording), so that a changed message or a dropped hint is a visible change to `bad_policy_reports.json`.
After a deliberate change of wording, rewrite the file with `python -m tests.test_policy_error_reports`.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from macros.policy.loader import load_policy
from macros.problems import DataError

from .conftest import FIVE_LEVEL, FIXTURES
from .test_policy_errors import CASES, _apply

REPORTS = FIXTURES / "bad_policy_reports.json"


def report_lines(case_path: Path, folder: Path) -> list[str]:
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    data = folder / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    _apply(case, data)
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    return [p.format() for p in caught.value.errors]


@pytest.mark.parametrize("case_path", CASES, ids=[c.stem for c in CASES])
def test_the_report_of_each_bad_policy_is_word_for_word_the_expected_one(case_path: Path, tmp_path: Path) -> None:
    expected = json.loads(REPORTS.read_text(encoding="utf-8"))
    assert case_path.stem in expected, f"no expected report for {case_path.stem}; see the module docstring"
    assert report_lines(case_path, tmp_path) == expected[case_path.stem]


def _rewrite() -> None:  # pragma: no cover - a maintenance command
    reports = {}
    for case_path in CASES:
        with tempfile.TemporaryDirectory() as folder:
            reports[case_path.stem] = report_lines(case_path, Path(folder))
    REPORTS.write_text(json.dumps(reports, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(reports)} reports to {REPORTS}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    _rewrite()

"""Bad policy inputs, one problem each (tests/fixtures/bad_policy/*.yaml), each reported at its exact place.

Each case patches one file of the five-level fixture policy and lists strings the report must contain: the
`file:line:column` location, the key path or message, and the hint.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from macros.policy.loader import load_policy
from macros.problems import DataError

from .conftest import FIVE_LEVEL, FIXTURES

CASES = sorted((FIXTURES / "bad_policy").glob("*.yaml"))


def _apply(case: dict, folder: Path) -> None:
    target = folder / "policy" / case["file"]
    if case.get("delete"):
        target.unlink()
        return
    text = target.read_text(encoding="utf-8")
    assert case["find"] in text, f"the fixture no longer contains {case['find']!r}"
    target.write_text(text.replace(case["find"], case["replace"], 1), encoding="utf-8")


@pytest.mark.parametrize("case_path", CASES, ids=[c.stem for c in CASES])
def test_bad_policy_is_reported_at_its_place(case_path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    _apply(case, data)
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    report = caught.value.report()
    location = case["expect"][0]
    matching = [p.format() for p in caught.value.errors if p.location.endswith(location)]
    assert matching, f"no error at {location}:\n{report}"
    for fragment in case["expect"][1:]:
        assert any(fragment in line for line in matching), f"{fragment!r} not in the error at {location}:\n{report}"


def test_each_case_reports_only_its_own_problem(tmp_path: Path) -> None:
    """One problem per fixture keeps each case about one thing; `errors:` names the rare knock-on error."""
    for case_path in CASES:
        case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
        data = tmp_path / case_path.stem
        shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
        _apply(case, data)
        with pytest.raises(DataError) as caught:
            load_policy(data, root=data)
        expected = case.get("errors", 1)
        assert len(caught.value.errors) == expected, f"{case_path.stem}: {caught.value.report()}"


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    for name in ("unknown_role", "unknown_tier", "unknown_person"):
        _apply(yaml.safe_load((FIXTURES / "bad_policy" / f"{name}.yaml").read_text()), data)
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    messages = caught.value.report()
    assert "acount_manager" in messages and "critcal" in messages and "omer" in messages
    # three misspellings, plus the real tier left without a protocol by the misspelt one
    assert len(caught.value.errors) == 4

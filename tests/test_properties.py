"""Property tests: arbitrary cells and arbitrary YAML never crash the loaders, and every row is accounted for."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.policy.loader import load_policy
from macros.policy.model import POLICY_FILES
from macros.problems import DataError, ProblemLog
from macros.workbook.columns import SHEETS
from macros.workbook.loader import build_log, load_log
from macros.workbook.reader import RawCell, RawRow, RawSheet

from .conftest import SAMPLE_DATA
from .workbook_builder import write_workbook

POLICY = load_policy(SAMPLE_DATA)

# Values that make rows valid often enough to exercise the cross-sheet checks, mixed with anything at all.
plausible = {
    "id": st.sampled_from(["ACC-1", "ACC-2", "ESC-1", "ESC-2", "C-1", " acc-1 "]),
    "text": st.text(min_size=1, max_size=40),
    "date": st.one_of(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
        st.sampled_from(["2026-03-01", "03/04/2026", "soon"]),
    ),
    "datetime": st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    "money": st.one_of(st.integers(min_value=-10, max_value=10**7), st.sampled_from(["$120,000", "1,5", "lots"])),
    "person": st.sampled_from(["Priya Raman", "priya-raman", "nobody", "ZOE.CARTER@lumenfield.io"]),
    "term": st.sampled_from(
        [
            "red",
            "Yellow",
            "open",
            "Resolved",
            "Renewed",
            "done",
            "discount",
            "Enterprise",
            "green",
            "Open",
            "fulfilled",
            "Pricing",
            "Chief Financial Officer",
            "nonsense",
        ]
    ),
    "concession_value": st.sampled_from(["12%", 0.12, 15, "$5,000", "net 60", "x"]),
    "quantity": st.one_of(st.integers(min_value=-5, max_value=20_000), st.sampled_from(["36 months", "24", "long"])),
}
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**14), max_value=10**14),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.times(),
)


def _cell(kind: str):
    return st.one_of(plausible[kind], anything, st.none())


@st.composite
def raw_workbooks(draw):
    sheets = {}
    for sheet in SHEETS:
        rows = []
        for index in range(draw(st.integers(min_value=0, max_value=3))):
            row_number = index + 2
            cells = {}
            for position, column in enumerate(sheet.columns):
                value = draw(_cell(column.kind))
                letter = chr(ord("A") + position)
                cells[column.field] = RawCell(value, f"{sheet.name}!{letter}{row_number}", None)
            if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells.values()):
                continue  # the reader drops blank rows before they get here
            rows.append(RawRow(sheet.name, row_number, cells))
        sheets[sheet.name] = RawSheet(sheet, present=True, rows=rows)
    return sheets


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_workbooks())
def test_every_row_is_loaded_or_reported_at_its_row(raw):
    log = ProblemLog()
    result = build_log(raw, POLICY, log)
    loaded_rows = {
        sheet: {r.row for r in getattr(result, attr)}
        for sheet, attr in (
            ("Accounts", "accounts"),
            ("Escalations", "escalations"),
            ("Actions", "actions"),
            ("Commitments", "commitments"),
            ("Updates", "updates"),
            ("Reviews", "reviews"),
            ("Approvals", "approvals"),
        )
    }
    for sheet in SHEETS:
        count = result.counts[sheet.name]
        assert count.read == len(raw[sheet.name].rows)
        assert count.read == count.loaded + count.in_error
        for row in raw[sheet.name].rows:
            if row.row in loaded_rows[sheet.name]:
                continue
            pattern = re.compile(rf"^{sheet.name}![A-Z]+{row.row}$")
            assert any(pattern.match(p.location) for p in log.errors), f"{sheet.name} row {row.row} lost silently"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from([c.header for c in SHEETS[0].columns]), anything), max_size=8))
def test_real_files_with_arbitrary_cells_never_crash(changes):
    """Through openpyxl and the file reader: a workbook with arbitrary account cells loads or reports."""
    from .workbook_builder import small_log

    rows = small_log()
    for header, value in changes:
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            value = str(value)  # a file cannot hold NaN or infinity
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch >= " " or ch in "\n\t")  # nor control characters
        rows["Accounts"][0][header] = value
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "escalations.xlsx", rows)
        log = ProblemLog()
        try:
            result = load_log(Path(folder), POLICY, log, workbook=path)
        except DataError as exc:
            assert exc.errors and all(
                re.match(r"^[A-Za-z]+!([A-Z]+[0-9]+|1:1)$|\.xlsx", p.location) for p in exc.errors
            )
        else:
            assert sum(c.read for c in result.counts.values()) == sum(c.loaded for c in result.counts.values())


yaml_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates()
)
yaml_trees = st.recursive(
    yaml_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
_LOCATION = re.compile(r"^.+\.yaml:\d+:\d+$")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(POLICY_FILES)), yaml_trees)
def test_arbitrary_yaml_in_any_policy_file_is_reported_not_crashed(file_name, tree):
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
        (data / "policy" / file_name).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        try:
            load_policy(data, root=data)
        except DataError as exc:
            assert exc.errors
            assert all(_LOCATION.match(p.location) for p in exc.errors), exc.report()


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index)
            yield from _paths(child, (*prefix, index))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(POLICY_FILES)), st.data())
def test_one_value_replaced_anywhere_in_the_sample_policy(file_name, data_strategy):
    original = yaml.safe_load((SAMPLE_DATA / "policy" / file_name).read_text(encoding="utf-8"))
    paths = list(_paths(original))
    path = data_strategy.draw(st.sampled_from(paths))
    replacement = data_strategy.draw(yaml_trees)
    node = original
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = replacement
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
        (data / "policy" / file_name).write_text(yaml.safe_dump(original, allow_unicode=True), encoding="utf-8")
        try:
            load_policy(data, root=data)
        except DataError as exc:
            assert all(_LOCATION.match(p.location) for p in exc.errors), exc.report()

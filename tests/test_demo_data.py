"""The demo-data generator: deterministic, complete, consistent with the policy it is given, and any policy works.

Workbooks are read back with openpyxl only (not the project's workbook loader), so these tests check the file
itself against the data contract in `macros/workbook/columns.py`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from macros.demo import INTERNAL_NOTES, SAMPLE_OPTIONS, write_demo_data
from macros.policy.loader import load_policy
from macros.workbook.columns import SHEETS

REPO = Path(__file__).resolve().parents[1]
POLICY_DIR = REPO / "data" / "policy"
AS_OF = dt.date(2026, 6, 30)


# --- helpers --------------------------------------------------------------------------------------------------


def read(path: Path) -> dict[str, list[dict]]:
    """Sheet → rows as {header: value}; number formats are kept under "<header>#format"."""
    workbook = load_workbook(path, read_only=True)
    sheets: dict[str, list[dict]] = {}
    for ws in workbook.worksheets:
        headers = [c.value for c in next(ws.iter_rows(max_row=1))]
        sheets[ws.title] = []
        # Read-only mode drops trailing empty cells unless rows are padded to the header's width.
        for row in ws.iter_rows(min_row=2, max_col=len(headers)):
            record: dict = {}
            for header, cell in zip(headers, row, strict=False):
                record[header] = cell.value
                record[f"{header}#format"] = getattr(cell, "number_format", None)
            sheets[ws.title].append(record)
        sheets[f"{ws.title}#headers"] = headers
    workbook.close()
    return sheets


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_moment(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def term_id(terms, value) -> str | None:
    """The id of the term written as its id or name (any case), or None when it is not one of them."""
    wanted = str(value).strip().lower()
    return next((t.id for t in terms if wanted in (t.id.lower(), t.name.strip().lower())), None)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict[str, list[dict]]]:
    out = tmp_path_factory.mktemp("small")
    path = write_demo_data(None, out, accounts=120, seed=11, as_of=AS_OF)
    return out, read(path)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict[str, list[dict]]]:
    out = tmp_path_factory.mktemp("sample")
    options = {k: v for k, v in SAMPLE_OPTIONS.items() if k not in ("accounts", "seed", "as_of", "months")}
    path = write_demo_data(
        POLICY_DIR,
        out,
        accounts=SAMPLE_OPTIONS["accounts"],
        seed=SAMPLE_OPTIONS["seed"],
        as_of=SAMPLE_OPTIONS["as_of"],
        months=SAMPLE_OPTIONS["months"],
        **options,
    )
    return out, read(path)


# --- determinism ----------------------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(tmp_path):
    first = write_demo_data(None, tmp_path / "a", accounts=60, seed=5, as_of=AS_OF, imperfections=True)
    second = write_demo_data(None, tmp_path / "b", accounts=60, seed=5, as_of=AS_OF, imperfections=True)
    assert first.read_bytes() == second.read_bytes()


def test_different_seed_gives_different_data(tmp_path):
    first = read(write_demo_data(None, tmp_path / "a", accounts=60, seed=5, as_of=AS_OF))
    second = read(write_demo_data(None, tmp_path / "b", accounts=60, seed=6, as_of=AS_OF))
    assert [a["Account Name"] for a in first["Accounts"]] != [a["Account Name"] for a in second["Accounts"]]
    assert first["Escalations"] != second["Escalations"]


def test_write_demo_data_copies_the_policy_and_schema(small):
    out, _ = small
    assert sorted(p.name for p in (out / "policy").glob("*.yaml")) == sorted(p.name for p in POLICY_DIR.glob("*.yaml"))
    assert sorted(p.name for p in (out / "schema").iterdir()) == sorted(
        p.name for p in (POLICY_DIR.parent / "schema").iterdir()
    )
    load_policy(out)  # the copy is a valid policy on its own


# --- the contract ---------------------------------------------------------------------------------------------


def test_every_sheet_has_every_contract_header(small):
    _, book = small
    for sheet in SHEETS:
        assert sheet.name in book, sheet.name
        assert book[f"{sheet.name}#headers"][: len(sheet.columns)] == [c.header for c in sheet.columns]
    assert INTERNAL_NOTES not in book["Escalations#headers"]  # only planted with imperfections


def test_required_cells_are_filled(small):
    _, book = small
    for sheet in SHEETS:
        required = [c.header for c in sheet.columns if c.required]
        for number, row in enumerate(book[sheet.name], start=2):
            missing = [h for h in required if row[h] is None or str(row[h]).strip() == ""]
            assert not missing, f"{sheet.name} row {number}: {missing}"


def test_ids_are_unique_and_well_formed(small):
    _, book = small
    for sheet, header, pattern in (
        ("Accounts", "Account ID", r"ACC-\d{4}"),
        ("Escalations", "Escalation ID", r"ESC-\d{4}-\d{4}"),
        ("Commitments", "Commitment ID", r"COM-\d{4}"),
    ):
        ids = [row[header] for row in book[sheet]]
        assert len(ids) == len(set(ids)), f"duplicate {header}"
        assert all(re.fullmatch(pattern, i) for i in ids), header
    for row in book["Escalations"]:
        assert row["Escalation ID"][4:8] == str(as_date(row["Opened On"]).year)
    names = [row["Account Name"] for row in book["Accounts"]]
    assert len(names) == len(set(names))


def test_references_between_sheets_resolve(small):
    _, book = small
    accounts = {row["Account ID"] for row in book["Accounts"]}
    escalations = {row["Escalation ID"] for row in book["Escalations"]}
    assert {row["Account ID"] for row in book["Escalations"]} <= accounts
    for sheet in ("Actions", "Commitments", "Updates", "Reviews"):
        assert {row["Escalation ID"] for row in book[sheet]} <= escalations, sheet


def test_controlled_values_and_people_come_from_the_policy(small):
    out, book = small
    policy = load_policy(out)
    values = policy.log_values
    controlled = {
        ("Accounts", "Segment"): values.segments,
        ("Accounts", "Health"): values.health_values,
        ("Escalations", "Tier"): policy.tiers,
        ("Escalations", "Status"): values.escalation_statuses,
        ("Escalations", "Outcome"): values.outcomes,
        ("Escalations", "Blocker Type"): values.blocker_types,
        ("Actions", "Status"): values.action_statuses,
        ("Commitments", "Type"): policy.authority.concession_types,
        ("Commitments", "Status"): values.commitment_statuses,
    }
    for (sheet, header), terms in controlled.items():
        written = {row[header] for row in book[sheet] if row[header] is not None}
        assert all(term_id(terms, v) for v in written), (sheet, header, written)
    people = {
        "Accounts": ("CSM", "AE", "Exec Sponsor"),
        "Escalations": ("Owner",),
        "Actions": ("Owner",),
        "Commitments": ("Owner", "Approved By"),
        "Updates": ("Author",),
        "Reviews": ("Facilitator",),
    }
    for sheet, headers in people.items():
        for header in headers:
            written = {row[header] for row in book[sheet] if row[header] is not None}
            assert all(policy.find_person(v) for v in written), (sheet, header)


def test_people_are_written_as_names_emails_and_ids(small):
    out, book = small
    policy = load_policy(out)
    owners = [row["Owner"] for row in book["Actions"]]
    assert any(o in {p.name for p in policy.organisation.people} for o in owners)
    assert any("@" in o for o in owners)
    assert any(o in policy.person_by_id for o in owners)


def test_dates_are_excel_dates_or_iso_text(small):
    _, book = small
    kinds: Counter[str] = Counter()
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind not in ("date", "datetime"):
                continue
            for row in book[sheet.name]:
                value = row[column.header]
                if value is None:
                    continue
                if isinstance(value, str):
                    kinds["text"] += 1
                    (as_date if column.kind == "date" else as_moment)(value)  # parses
                else:
                    kinds["excel"] += 1
                    assert isinstance(value, dt.datetime)
                    assert row[f"{column.header}#format"].startswith("yyyy-mm-dd")
    assert kinds["excel"] > 20 * kinds["text"] > 0


def test_commitment_values_match_their_unit(small):
    out, book = small
    policy = load_policy(out)
    for row in book["Commitments"]:
        ctype = policy.find_concession(row["Type"])
        value = row["Value"]
        if ctype.unit == "none":
            assert value is None
        elif ctype.unit == "percent":
            if isinstance(value, str):
                assert re.fullmatch(r"\d+(\.\d+)?%", value)
            elif isinstance(value, float) and value < 1:
                assert "%" in row["Value#format"]
            else:
                assert 1 <= value <= 100
        elif ctype.unit == "money":
            assert isinstance(value, int | float) or re.fullmatch(r"\$[\d,]+", value)
        else:
            assert isinstance(value, int)


def test_dates_are_in_order(small):
    _, book = small
    as_of_end = dt.datetime.combine(AS_OF, dt.time(23, 59))
    resolved = {}
    for row in book["Escalations"]:
        opened = as_moment(row["Opened On"])
        assert opened <= as_of_end
        for header in ("Acknowledged At", "Exec Engaged At", "Resolved On"):
            if row[header] is not None:
                assert opened <= as_moment(row[header]) <= as_of_end, (row["Escalation ID"], header)
        resolved[row["Escalation ID"]] = as_moment(row["Resolved On"]) if row["Resolved On"] else None
    for row in book["Commitments"]:
        if row["Approved On"] is not None and resolved[row["Escalation ID"]] is not None:
            assert as_date(row["Approved On"]) <= resolved[row["Escalation ID"]].date()
        if row["Fulfilled On"] is not None:
            assert as_date(row["Fulfilled On"]) <= AS_OF


# --- proportions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("accounts", [200, 400])
def test_row_counts_scale_with_accounts(tmp_path, accounts):
    book = read(write_demo_data(None, tmp_path, accounts=accounts, seed=3, as_of=AS_OF, months=12))
    escalations = len(book["Escalations"])
    assert len(book["Accounts"]) == accounts
    assert escalations == pytest.approx(0.4 * accounts, rel=0.1)
    assert 2 <= len(book["Actions"]) / escalations <= 5
    assert len(book["Commitments"]) / escalations <= 3
    assert len(book["Updates"]) >= escalations
    open_ = [row for row in book["Escalations"] if row["Resolved On"] is None]
    assert len(open_) / escalations == pytest.approx(0.35, abs=0.05)
    closed = escalations - len(open_)
    assert 0.5 * closed <= len(book["Reviews"]) <= closed


def test_higher_tiers_are_rarer(small):
    out, book = small
    policy = load_policy(out)
    counts = Counter(term_id(policy.tiers, row["Tier"]) for row in book["Escalations"])
    ranked = [counts[t.id] for t in policy.tiers]
    assert ranked == sorted(ranked, reverse=True)
    assert ranked[-1] > 0


# --- the shipped sample ---------------------------------------------------------------------------------------


def test_sample_fills_every_tier_status_and_outcome(sample):
    out, book = sample
    policy = load_policy(out)
    escalations = book["Escalations"]
    assert len(escalations) >= 60
    open_tiers = Counter(term_id(policy.tiers, r["Tier"]) for r in escalations if r["Resolved On"] is None)
    assert all(open_tiers[t.id] >= 8 for t in policy.tiers), open_tiers
    outcomes = {term_id(policy.log_values.outcomes, r["Outcome"]) for r in escalations if r["Outcome"]}
    assert outcomes == {o.id for o in policy.log_values.outcomes}
    statuses = {term_id(policy.log_values.commitment_statuses, r["Status"]) for r in book["Commitments"]}
    assert statuses == {s.id for s in policy.log_values.commitment_statuses}


def test_sample_plants_its_imperfections(sample):
    out, book = sample
    policy = load_policy(out)
    as_of = SAMPLE_OPTIONS["as_of"]
    assert INTERNAL_NOTES in book["Escalations#headers"]
    assert any(row[INTERNAL_NOTES] for row in book["Escalations"])

    pending = {s.id for s in policy.log_values.action_statuses if not s.done}
    assert any(
        term_id(policy.log_values.action_statuses, a["Status"]) in pending and a["Next Check-in"] is None
        for a in book["Actions"]
    )

    last_update: dict[str, dt.datetime] = {}
    for update in book["Updates"]:
        when = as_moment(update["Date"])
        last_update[update["Escalation ID"]] = max(when, last_update.get(update["Escalation ID"], when))
    open_rows = [r for r in book["Escalations"] if r["Resolved On"] is None]
    last_touch = {r["Escalation ID"]: last_update.get(r["Escalation ID"], as_moment(r["Opened On"])) for r in open_rows}
    stale = [i for i, last in last_touch.items() if (as_of - last.date()).days >= 21]
    assert len(stale) == 1

    reviewed = {r["Escalation ID"] for r in book["Reviews"]}
    owed = [
        r
        for r in book["Escalations"]
        if r["Resolved On"]
        and r["Escalation ID"] not in reviewed
        and (as_of - as_moment(r["Resolved On"]).date()).days > 60
    ]
    assert len(owed) == 1


def test_sample_approvals_include_planted_authority_problems(sample):
    out, book = sample
    policy = load_policy(out)
    escalations = {r["Escalation ID"]: r for r in book["Escalations"]}
    accounts = {r["Account ID"]: r for r in book["Accounts"]}
    by_account_ae = inside = after = 0
    for row in book["Commitments"]:
        if row["Approved By"] is None:
            continue
        approver = policy.find_person(row["Approved By"])
        day = as_date(row["Approved On"])
        account = accounts[escalations[row["Escalation ID"]]["Account ID"]]
        if account["AE"] and policy.find_person(account["AE"]) is approver:
            by_account_ae += 1
        for delegation in policy.organisation.delegations:
            if delegation.delegate == approver.id and delegation.active_on(day):
                inside += 1
            if delegation.delegate == approver.id and day == delegation.ends + dt.timedelta(days=1):
                after += 1
    assert by_account_ae >= 1
    assert inside >= 1
    assert after == 1


def test_shipped_sample_matches_the_generator(sample):
    """`data/escalations.xlsx` is regenerated with SAMPLE_OPTIONS (see the module docstring) whenever the
    generator or the sample policy changes; cell values are compared, not bytes, so zlib versions do not matter."""
    _, book = sample
    shipped = read(REPO / "data" / "escalations.xlsx")
    for sheet in SHEETS:
        assert shipped[sheet.name] == book[sheet.name], f"{sheet.name} differs: regenerate data/escalations.xlsx"


# --- another policy -------------------------------------------------------------------------------------------


def five_tier_policy(folder: Path) -> Path:
    """The sample policy with five tiers p1…p5 instead of three, their stakeholder and protocol rows remapped."""
    policy_dir = folder / "policy"
    shutil.copytree(POLICY_DIR, policy_dir)
    tiers_file = yaml.safe_load((policy_dir / "tiers.yaml").read_text(encoding="utf-8"))
    criteria = {
        "p2": [{"description": "Health below green", "when": {"health": {"in": ["yellow", "red"]}}}],
        "p3": [{"description": "Large account", "when": {"arr": {"at_least": 150000}}}],
        "p4": [{"description": "Outage", "when": {"blocker_type": {"in": ["outage"]}, "arr": {"above": 50000}}}],
        "p5": [
            {
                "description": "Big and close",
                "when": {"arr_at_risk": {"at_least": 400000}, "days_to_renewal": {"at_most": 90}},
            }
        ],
    }
    tiers = []
    for number in range(1, 6):
        tier = {
            "id": f"p{number}",
            "name": f"Priority {number}",
            "criteria": criteria.get(f"p{number}", []),
            "response": {
                "acknowledge": f"{12 - 2 * number} business hours",
                "status_update_every": f"{6 - number} days",
                "review_within": "10 business days",
            },
        }
        if number >= 3:
            tier["response"]["exec_engaged"] = f"{7 - number} business days"
        if number < 5:
            tier["escalate_after"] = {"unresolved_for": f"{40 - 5 * number} business days", "to": f"p{number + 1}"}
        tiers.append(tier)
    tiers_file["tiers"] = tiers
    (policy_dir / "tiers.yaml").write_text(yaml.safe_dump(tiers_file, sort_keys=False), encoding="utf-8")
    source_row = {"p1": "green", "p2": "yellow", "p3": "yellow", "p4": "red", "p5": "red"}
    for file_name, key in (("stakeholders.yaml", "matrix"), ("communication.yaml", "protocols")):
        document = yaml.safe_load((policy_dir / file_name).read_text(encoding="utf-8"))
        document[key] = {new: document[key][old] for new, old in source_row.items()}
        (policy_dir / file_name).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return policy_dir


def test_works_with_a_five_tier_policy(tmp_path):
    source = five_tier_policy(tmp_path / "source")
    out = tmp_path / "out"
    book = read(write_demo_data(source, out, accounts=150, seed=9, as_of=AS_OF, imperfections=True))
    policy = load_policy(out)
    assert [t.id for t in policy.tiers] == ["p1", "p2", "p3", "p4", "p5"]
    allowed = {"p1", "p2", "p3", "p4", "p5"} | {f"priority {n}" for n in range(1, 6)}
    written = {str(row["Tier"]).lower() for row in book["Escalations"]}
    assert written <= allowed
    assert {term_id(policy.tiers, v) for v in written} == {"p1", "p2", "p3", "p4", "p5"}
    open_tiers = {term_id(policy.tiers, r["Tier"]) for r in book["Escalations"] if r["Resolved On"] is None}
    assert len(open_tiers) >= 4

"""Write small escalation-log workbooks for tests from plain Python rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from macros.workbook.columns import SHEETS


def write_workbook(
    path: Path,
    rows: dict[str, list[dict]],
    *,
    headers: dict[str, list[str]] | None = None,
    formats: dict[str, str] | None = None,
) -> Path:
    """Each sheet of the contract with its headers (or ``headers[sheet]``) and ``rows[sheet]`` as dicts keyed by
    header. ``formats`` maps ``Sheet!Cell`` to a number format."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        names = (headers or {}).get(sheet.name, [c.header for c in sheet.columns])
        worksheet.append(names)
        for row in rows.get(sheet.name, []):
            worksheet.append([row.get(name) for name in names])
        for cell in worksheet.iter_rows(min_row=2):
            for c in cell:
                if isinstance(c.value, dt.datetime):
                    c.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(c.value, dt.date):
                    c.number_format = "yyyy-mm-dd"
    for ref, number_format in (formats or {}).items():
        sheet_name, cell = ref.split("!")
        workbook[sheet_name][cell].number_format = number_format
    workbook.save(path)
    return path


def small_log(as_of: dt.date = dt.date(2026, 6, 30)) -> dict[str, list[dict]]:
    """A tiny valid log for the sample policy: two accounts, three escalations, a few of everything."""
    d = dt.date
    t = dt.datetime
    return {
        "Accounts": [
            {
                "Account ID": "ACC-1",
                "Account Name": "Harbor Logistics",
                "Segment": "Enterprise",
                "Region": "EMEA",
                "ARR": 420000,
                "Renewal Date": d(2026, 8, 15),
                "Health": "Red",
                "CSM": "Priya Raman",
                "AE": "ben.adeyemi@lumenfield.io",
                "Exec Sponsor": "elena-sorensen",
            },
            {
                "Account ID": "ACC-2",
                "Account Name": "Brightwell Foods",
                "Segment": "mid_market",
                "ARR": "$180,000",
                "Renewal Date": "2026-10-01",
                "Health": "yellow",
                "CSM": "Daniel Okafor",
                "AE": "Jordan Kim",
            },
        ],
        "Escalations": [
            {
                "Escalation ID": "ESC-1",
                "Account ID": "ACC-1",
                "Opened On": t(2026, 6, 1, 10, 0),
                "Tier": "Red",
                "Status": "In progress",
                "Issue": "Reporting outage",
                "Impact": "Board reports late",
                "Requested Support": "Engineering fix date",
                "Deadline": d(2026, 7, 10),
                "Owner": "Priya Raman",
                "Blocker Type": "Outage or incident",
                "Acknowledged At": t(2026, 6, 1, 11, 0),
                "Exec Engaged At": t(2026, 6, 3, 9, 0),
                "ARR At Risk": 420000,
                "Talking Points": "- one\n- two",
            },
            {
                "Escalation ID": "ESC-2",
                "Account ID": "ACC-2",
                "Opened On": t(2026, 5, 4, 9, 0),
                "Tier": "yellow",
                "Status": "Resolved",
                "Issue": "Price increase",
                "Impact": "Budget",
                "Requested Support": "Discount",
                "Deadline": d(2026, 5, 30),
                "Owner": "Daniel Okafor",
                "Blocker Type": "pricing",
                "Acknowledged At": t(2026, 5, 4, 12, 0),
                "Resolved On": t(2026, 5, 28, 16, 0),
                "Outcome": "Renewed with concessions",
            },
            {
                "Escalation ID": "ESC-3",
                "Account ID": "ACC-2",
                "Opened On": d(2026, 6, 20),
                "Tier": "green",
                "Status": "Open",
                "Issue": "Champion left",
                "Impact": "No sponsor",
                "Requested Support": "Exec intro",
                "Deadline": d(2026, 7, 20),
                "Owner": "Daniel Okafor",
            },
        ],
        "Actions": [
            {
                "Escalation ID": "ESC-1",
                "Action": "Confirm fix date",
                "Owner": "Ivan Petrov",
                "Due": d(2026, 6, 20),
                "Status": "Open",
                "Next Check-in": d(2026, 7, 2),
            },
            {
                "Escalation ID": "ESC-1",
                "Action": "Exec call",
                "Owner": "Elena Sorensen",
                "Due": d(2026, 7, 5),
                "Status": "Open",
                "Next Check-in": d(2026, 7, 1),
            },
            {
                "Escalation ID": "ESC-2",
                "Action": "Send quote",
                "Owner": "Jordan Kim",
                "Due": d(2026, 5, 20),
                "Status": "Done",
                "Completed On": d(2026, 5, 19),
            },
        ],
        "Commitments": [
            {
                "Commitment ID": "C-1",
                "Escalation ID": "ESC-2",
                "Type": "discount",
                "Description": "8% off",
                "Owner": "Jordan Kim",
                "Due": d(2026, 6, 1),
                "Status": "Fulfilled",
                "Value": "8%",
                "Approved By": "Olivia Grant",
                "Approved On": d(2026, 5, 25),
                "Fulfilled On": d(2026, 5, 29),
            },
        ],
        "Updates": [
            {
                "Escalation ID": "ESC-1",
                "Date": t(2026, 6, 25, 15, 0),
                "Author": "Priya Raman",
                "Summary": "Fix in test",
                "Audience": "Exec staff",
            },
        ],
        "Reviews": [
            {
                "Escalation ID": "ESC-2",
                "Review Date": d(2026, 6, 5),
                "Facilitator": "Marcus Bell",
                "What Worked": "Early quote",
            },
        ],
    }


def set_cached_values(path: Path, sheet_index: int, values: dict[str, object]) -> None:
    """Give formula cells a saved result, as Excel does when it saves (openpyxl cannot calculate formulas)."""
    import re
    import shutil
    import zipfile

    member = f"xl/worksheets/sheet{sheet_index}.xml"
    temporary = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                text = data.decode("utf-8")
                for ref, value in values.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', rf"\g<1><v>{value}</v>", text)
                data = text.encode("utf-8")
            target.writestr(item, data)
    shutil.move(temporary, path)

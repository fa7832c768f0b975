"""Turn raw workbook rows into typed records, checking every cell and every reference between sheets.

Every non-empty row ends up either loaded or counted as in error with at least one located problem; the counts
per sheet (read = loaded + in error) are kept on the result so that nothing can go missing unnoticed.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path

from ..policy.model import Policy
from ..problems import DataError, ProblemLog, did_you_mean
from ..safe_paths import LINK_HINT, link_outside
from . import cells as parse
from .columns import SHEETS, Column
from .reader import RawRow, RawSheet, WorkbookFileError, read_workbook
from .records import RECORD_FOR_SHEET, EscalationLog, Record, SheetCount

WORKBOOK_NAME = "escalations.xlsx"


def vocabulary_terms(policy: Policy, name: str) -> list:
    """Terms a controlled column may hold: tiers and concession types live outside the log-values file."""
    if name == "tiers":
        return policy.tiers
    if name == "concession_types":
        return list(policy.authority.concession_types)
    if name == "roles":
        return list(policy.organisation.roles)
    return policy.vocabulary(name)


_REPEATED_KINDS = frozenset({"person", "term", "date", "datetime", "money", "quantity"})
"""Column kinds whose cells a log repeats (ids and free text are mostly unique, so they are read every time)."""
_UNSEEN = object()


class _RowParser:
    def __init__(self, policy: Policy, log: ProblemLog) -> None:
        self.policy = policy
        self.log = log
        self._seen: dict[tuple, object] = {}
        self.term_index: dict[str, dict[str, str]] = {}
        for sheet in SHEETS:
            for column in sheet.columns:
                if column.vocabulary and column.vocabulary not in self.term_index:
                    index: dict[str, str] = {}
                    for term in vocabulary_terms(policy, column.vocabulary):
                        index[term.name.strip().lower()] = term.id
                    for term in vocabulary_terms(policy, column.vocabulary):
                        index[term.id.lower()] = term.id
                    self.term_index[column.vocabulary] = index

    def parse(self, raw: RawRow, columns: tuple[Column, ...]) -> Record | None:
        record_type = RECORD_FOR_SHEET[raw.sheet]
        values: dict[str, object] = {}
        ok = True
        deferred: list[Column] = []
        for column in columns:
            cell = raw.cells.get(column.field)
            if cell is None or parse.is_blank(cell.value):
                if column.required:
                    where = cell.ref if cell else raw.ref(column.field)
                    self.log.error(
                        where,
                        f"'{column.header}' is required but empty",
                        path=column.header,
                        hint=column.help or "fill in the cell",
                    )
                    ok = False
                continue
            if column.kind == "concession_value":
                deferred.append(column)
                continue
            try:
                values[column.field] = self._value(column, cell.value, cell.number_format)
            except parse.CellError as exc:
                self.log.error(cell.ref, f"expected {exc.message}", path=column.header, hint=exc.hint)
                ok = False
        for column in deferred:
            cell = raw.cells[column.field]
            try:
                values[column.field] = self._concession_value(values.get("type"), cell.value, cell.number_format)
            except parse.CellError as exc:
                self.log.error(cell.ref, f"expected {exc.message}", path=column.header, hint=exc.hint)
                ok = False
        if not ok:
            return None
        cells = {name: cell.ref for name, cell in raw.cells.items()}
        return record_type(row=raw.row, cells=cells, extras=dict(raw.extras), **values)

    def _value(self, column: Column, value, number_format):
        """The typed value of a cell, or :class:`~.cells.CellError`. A log repeats its people, terms, dates and
        amounts thousands of times, and reading one depends only on the cell and the policy: each distinct cell
        of those kinds is read once per load."""
        if column.kind not in _REPEATED_KINDS:
            return self._read_value(column, value, number_format)
        key = (column.kind, column.vocabulary, type(value), value, number_format)
        found = self._seen.get(key, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = self._read_value(column, value, number_format)
            except parse.CellError as exc:
                found = exc
            self._seen[key] = found
        if isinstance(found, parse.CellError):
            raise parse.CellError(found.message, hint=found.hint)
        return found

    def _read_value(self, column: Column, value, number_format):
        kind = column.kind
        if kind == "id":
            return parse.parse_id(value)
        if kind == "text":
            return parse.parse_text(value)
        if kind == "date":
            return parse.parse_date(value)
        if kind == "datetime":
            return parse.parse_datetime(value)
        if kind == "money":
            return parse.parse_money(value)
        if kind == "quantity":
            return parse.parse_quantity(value)
        if kind == "person":
            text = parse.parse_text(value)
            person = self.policy.find_person(text)
            if person is None:
                hint = did_you_mean(text, self.policy.person_refs())
                raise parse.CellError(
                    f"a person from organisation.yaml (id, name or email), got {parse.shown(text)}",
                    hint=hint or "add the person to data/policy/organisation.yaml",
                )
            return person.id
        if kind == "term":
            text = parse.parse_text(value)
            index = self.term_index[column.vocabulary or ""]
            found = index.get(text.strip().lower())
            if found is None:
                names = sorted(set(index.values()))
                raise parse.CellError(
                    f"one of the policy's {column.vocabulary.replace('_', ' ')}, got {parse.shown(text)}",
                    hint=did_you_mean(text, names) or f"allowed: {', '.join(names)}",
                )
            return found
        raise AssertionError(f"unhandled column kind {kind}")  # pragma: no cover - guarded by the Kind literal

    def _concession_value(self, type_id, value, number_format):
        ctype = self.policy.concession_by_id.get(type_id) if isinstance(type_id, str) else None
        if ctype is None:
            raise parse.CellError("a value for a valid Type (fix the Type column first)")
        if ctype.unit == "percent":
            return parse.parse_percent(value, number_format)
        if ctype.unit == "money":
            return parse.parse_money(value)
        if ctype.unit == "none":
            raise parse.CellError(
                f"no value: '{ctype.name}' has no value in the policy",
                hint="leave Value empty, or describe it in the Description column",
            )
        return parse.parse_quantity(value)


def load_log(data_dir: Path, policy: Policy, log: ProblemLog, *, workbook: Path | None = None) -> EscalationLog:
    """Load ``data_dir/escalations.xlsx`` against ``policy``. Raises :class:`DataError` if any error was found."""
    path = workbook or data_dir / WORKBOOK_NAME
    outside = link_outside(path, data_dir, Path.cwd())
    if outside:
        log.error(path.name, outside, hint=LINK_HINT)
        raise DataError(log.errors, log.warnings)
    try:
        raw_sheets = read_workbook(path, log)
    except WorkbookFileError as exc:
        log.error(path.name, exc.message, hint=exc.hint)
        raise DataError(log.errors, log.warnings) from None
    result = build_log(raw_sheets, policy, log)
    log.raise_if_errors()
    return result


def build_log(raw_sheets: dict[str, RawSheet], policy: Policy, log: ProblemLog) -> EscalationLog:
    parser = _RowParser(policy, log)
    result = EscalationLog()
    parsed: dict[str, list[Record]] = {}
    failed: dict[str, dict[str, str]] = {}
    for sheet in SHEETS:
        raw = raw_sheets.get(sheet.name)
        count = SheetCount()
        result.counts[sheet.name] = count
        records: list[Record] = []
        if raw is not None:
            result.extra_headers[sheet.name] = list(raw.extra_headers)
            for raw_row in raw.rows:
                count.read += 1
                record = parser.parse(raw_row, sheet.columns)
                if record is not None:
                    records.append(record)
                elif sheet.key:
                    _remember_failed(failed, sheet.name, raw_row, sheet.key[0])
        parsed[sheet.name] = records
    _check_integrity(parsed, policy, log, failed)
    for sheet in SHEETS:
        rejected = {id(r) for r in parsed.get(f"__rejected__{sheet.name}", [])}
        kept = [r for r in parsed[sheet.name] if id(r) not in rejected]
        count = result.counts[sheet.name]
        count.loaded = len(kept)
        count.in_error = count.read - count.loaded
        setattr(result, _ATTR[sheet.name], kept)
    return result


def _remember_failed(failed: dict[str, dict[str, str]], sheet: str, raw: RawRow, key: str) -> None:
    """Ids of rows that failed to parse, so rows referring to them can say so instead of "unknown"."""
    cell = raw.cells.get(key)
    if cell is not None and not parse.is_blank(cell.value):
        with contextlib.suppress(parse.CellError):
            failed.setdefault(sheet, {})[parse.parse_id(cell.value).lower()] = cell.ref


_ATTR = {
    "Accounts": "accounts",
    "Escalations": "escalations",
    "Actions": "actions",
    "Commitments": "commitments",
    "Updates": "updates",
    "Reviews": "reviews",
    "Approvals": "approvals",
}


def _check_integrity(
    parsed: dict[str, list[Record]], policy: Policy, log: ProblemLog, failed: dict[str, dict[str, str]]
) -> None:
    """Duplicate ids and references between sheets. Rows that fail are marked rejected (and reported)."""

    def reject(sheet: str, record: Record) -> None:
        parsed.setdefault(f"__rejected__{sheet}", []).append(record)

    def duplicates(sheet: str, key: str, header: str) -> None:
        counts = Counter(getattr(r, key).lower() for r in parsed[sheet])
        first: dict[str, str] = {}
        for record in parsed[sheet]:
            value = getattr(record, key).lower()
            if counts[value] > 1:
                if value in first:
                    log.error(
                        record.ref(key),
                        f"duplicate {header} '{getattr(record, key)}' (first at {first[value]})",
                        path=header,
                        hint="ids must be unique; give this row a new id",
                    )
                    reject(sheet, record)
                else:
                    first[value] = record.ref(key)

    duplicates("Accounts", "account_id", "Account ID")
    duplicates("Escalations", "escalation_id", "Escalation ID")
    duplicates("Commitments", "commitment_id", "Commitment ID")

    rejected_ids = {id(r) for s in list(parsed) if s.startswith("__rejected__") for r in parsed[s]}
    accounts = {a.account_id.lower(): a for a in parsed["Accounts"] if id(a) not in rejected_ids}
    all_account_ids = [a.account_id for a in accounts.values()]
    company_currency = policy.organisation.company.currency
    for account in parsed["Accounts"]:
        if account.currency and account.currency.upper() != company_currency:
            log.warning(
                account.ref("currency"),
                f"ARR is in {account.currency}, not {company_currency}; totals add it unconverted",
                path="Currency",
                hint=f"record ARR in {company_currency}",
            )
    for escalation in parsed["Escalations"]:
        if id(escalation) in rejected_ids:
            continue
        account = accounts.get(escalation.account_id.lower())
        broken_account = failed.get("Accounts", {}).get(escalation.account_id.lower())
        if account is None and broken_account:
            log.error(
                escalation.ref("account_id"),
                f"refers to account '{escalation.account_id}', whose row has errors ({broken_account})",
                path="Account ID",
                hint="fix that row first",
            )
            reject("Escalations", escalation)
            continue
        if account is None:
            log.error(
                escalation.ref("account_id"),
                f"unknown account '{escalation.account_id}'",
                path="Account ID",
                hint=did_you_mean(escalation.account_id, all_account_ids) or "add it to the Accounts sheet",
            )
            reject("Escalations", escalation)
            continue
        escalation.account_id = account.account_id
        if not _escalation_dates_ok(escalation, policy, log):
            reject("Escalations", escalation)
    rejected_ids = {id(r) for s in list(parsed) if s.startswith("__rejected__") for r in parsed[s]}
    escalations = {e.escalation_id.lower(): e for e in parsed["Escalations"] if id(e) not in rejected_ids}
    broken = dict(failed.get("Escalations", {}))
    broken.update(
        {e.escalation_id.lower(): e.ref("escalation_id") for e in parsed["Escalations"] if id(e) in rejected_ids}
    )
    all_escalation_ids = [e.escalation_id for e in escalations.values()]
    for sheet in ("Actions", "Commitments", "Updates", "Reviews"):
        for record in parsed[sheet]:
            if id(record) in rejected_ids:
                continue
            if not _resolve_reference(record, "escalation", escalations, broken, all_escalation_ids, log):
                reject(sheet, record)
    _check_approvals(parsed, log, failed, rejected_ids, reject)


def _check_approvals(parsed, log: ProblemLog, failed, rejected_ids, reject) -> None:
    """Approvals rows refer to a commitment; one that is unknown or in error rejects the row."""
    rejected_ids = rejected_ids | {id(r) for s in list(parsed) if s.startswith("__rejected__") for r in parsed[s]}
    commitments = {c.commitment_id.lower(): c for c in parsed["Commitments"] if id(c) not in rejected_ids}
    broken = dict(failed.get("Commitments", {}))
    broken.update(
        {c.commitment_id.lower(): c.ref("commitment_id") for c in parsed["Commitments"] if id(c) in rejected_ids}
    )
    commitment_ids = [c.commitment_id for c in commitments.values()]
    for record in parsed.get("Approvals", []):
        if not _resolve_reference(record, "commitment", commitments, broken, commitment_ids, log):
            reject("Approvals", record)


def _resolve_reference(record, kind: str, known: dict, broken: dict, all_ids: list[str], log: ProblemLog) -> bool:
    """Point ``record.<kind>_id`` at the spelling of the row it names, or log why it cannot (unknown, or that row
    has errors) and return False."""
    field_name = f"{kind}_id"
    value = getattr(record, field_name)
    key = value.lower()
    if key in known:
        setattr(record, field_name, getattr(known[key], field_name))
        return True
    if key in broken:
        log.error(
            record.ref(field_name),
            f"refers to {kind} '{value}', whose row has errors ({broken[key]})",
            path=f"{kind.capitalize()} ID",
            hint="fix that row first",
        )
    else:
        log.error(
            record.ref(field_name),
            f"unknown {kind} '{value}'",
            path=f"{kind.capitalize()} ID",
            hint=did_you_mean(value, all_ids) or f"add it to the {kind.capitalize()}s sheet",
        )
    return False


def _escalation_dates_ok(escalation, policy: Policy, log: ProblemLog) -> bool:
    ok = True
    status = next(s for s in policy.log_values.escalation_statuses if s.id == escalation.status)
    opened = escalation.opened_on
    for field_name, header in (
        ("acknowledged_at", "Acknowledged At"),
        ("exec_engaged_at", "Exec Engaged At"),
        ("resolved_on", "Resolved On"),
    ):
        value = getattr(escalation, field_name)
        if value is not None and opened is not None and value.date() < opened.date():
            log.error(
                escalation.ref(field_name),
                f"'{header}' {value.date()} is before the escalation was opened ({opened.date()})",
                path=header,
                hint="check the day and the year",
            )
            ok = False
    if not status.open and escalation.resolved_on is None:
        log.error(
            escalation.ref("status"),
            f"status '{status.name}' closes the escalation, but 'Resolved On' is empty",
            path="Status",
            hint="fill in Resolved On with the day it was closed",
        )
        ok = False
    if status.open and escalation.resolved_on is not None:
        log.warning(
            escalation.ref("resolved_on"),
            f"'Resolved On' is filled in but the status '{status.name}' is open",
            path="Resolved On",
            hint="set the status to a closed one, or clear Resolved On",
        )
    if status.open and escalation.outcome is not None:
        log.warning(
            escalation.ref("outcome"),
            "an outcome is recorded on an open escalation",
            path="Outcome",
            hint="close the escalation, or clear the outcome",
        )
    return ok

"""The impact report as Markdown, for a pull-request comment, the job summary and the terminal.

Text from the policy and the workbook is data: characters Markdown or HTML would act on are escaped, so a cell
holding ``<script>`` or ``[link](…)`` shows as written.
"""

from __future__ import annotations

from ..analysis.impact import NO_EFFECT, ImpactReport

MARKER = "<!-- escalation-impact -->"
"""Hidden first line of the pull-request comment, by which later runs find it and update it."""

WORKBOOK_ROWS_SHOWN = 200
"""Changed rows listed per sheet; the rest are counted."""

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def md(text: object) -> str:
    """Text for Markdown: special characters escaped, line breaks as spaces."""
    return " ".join(str(text).split()).translate(_ESCAPES)


def _cell(text: object) -> str:
    return md(text) or " "


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def impact_markdown(report: ImpactReport, *, title: str = "What this change does", marker: bool = False) -> str:
    lines: list[str] = [MARKER] if marker else []
    base, head = (name.replace("`", "") for name in (report.base, report.head))
    lines += [f"## {title}", "", f"Comparing `{base}` with `{head}`, as of {report.as_of.isoformat()}.", ""]
    for note in report.notes:
        lines += [f"> {md(note)}", ""]
    if not report.has_effect:
        lines += [f"{NO_EFFECT}.", ""]
        return "\n".join(lines)
    lines += summary_lines(report)
    if report.policy:
        lines += ["### Policy changes"]
        current = None
        for change in report.policy:
            if change.section != current:
                current = change.section
                lines += ["", f"**{md(current)}**", ""]
            lines.append(f"- {md(change.where)}: {md(change.text)}")
        lines.append("")
    if report.decisions:
        lines += ["### Approval-matrix answers that change", ""]
        lines += _table(
            ["Request", "Before", "After", "Rule before → after"],
            [[d.case, d.before, d.after, f"{d.rule_before or '-'} → {d.rule_after or '-'}"] for d in report.decisions],
        )
        lines.append("")
    for heading, effects in (
        ("Open escalations whose obligations change", report.escalations),
        ("Commitments not yet approved whose approvers change", report.commitments),
        ("People whose authority changes", report.people),
    ):
        if effects:
            lines += [f"### {heading}", ""]
            lines += [f"- **{md(e.id)}** ({md(e.title)}): {'; '.join(md(c) for c in e.changes)}" for e in effects]
            lines.append("")
    if report.codeowners:
        lines += ["### CODEOWNERS", "", "```diff", *report.codeowners, "```", ""]
    if report.workbook:
        lines += ["### Workbook changes", ""]
        for sheet in report.workbook:
            counts = ", ".join(f"{sheet.count(k)} {k}" for k in ("added", "removed", "changed") if sheet.count(k))
            lines += [
                f"**{md(sheet.sheet)}**: {md(sheet.note) + '; ' if sheet.note else ''}{counts or 'no row changes'}",
                "",
            ]
            for row in sheet.rows[:WORKBOOK_ROWS_SHOWN]:
                if row.change == "changed":
                    cells = "; ".join(
                        f"{md(c.column)} ({c.cell}): {md(c.before) or '(empty)'} → {md(c.after) or '(empty)'}"
                        for c in row.cells
                    )
                    lines.append(f"- changed {md(row.key)}: {cells}")
                else:
                    lines.append(f"- {row.change} {md(row.key)}: {md(row.text)}")
            if len(sheet.rows) > WORKBOOK_ROWS_SHOWN:
                lines.append(f"- … and {len(sheet.rows) - WORKBOOK_ROWS_SHOWN} more rows")
            lines.append("")
    return "\n".join(lines)


def summary_lines(report: ImpactReport) -> list[str]:
    """One bullet per kind of effect, with its count."""
    parts = [
        (len(report.policy), "policy change", "policy changes"),
        (len(report.decisions), "approval answer changes", "approval answers change"),
        (len(report.escalations), "open escalation affected", "open escalations affected"),
        (len(report.commitments), "open commitment needs other approvers", "open commitments need other approvers"),
        (len(report.people), "person gains or loses authority", "people gain or lose authority"),
        (sum(len(s.rows) for s in report.workbook), "workbook row changes", "workbook rows change"),
    ]
    return [f"- {n:,} {one if n == 1 else many}" for n, one, many in parts if n] + [""]

"""The statistics as tables: what the page shows beside its charts, and what the CSV files and
the Excel workbook hold, built once so that every copy has the same numbers.

Columns are keys (`cases`, `first_response_median_h` …); the page and the downloads put the
user's language on them. Hours are calendar hours unless the key says `working`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from triage.models import Outcome

OUTCOMES = [o.value for o in Outcome]
DURATIONS = [  # (figures key, column prefix)
    ("first_response_hours", "first_response"),
    ("close_hours", "close"),
]


@dataclass(frozen=True)
class Table:
    key: str  # also the CSV file's and the worksheet's name
    columns: list[str]
    rows: list[list[Any]]
    titles: list[str] | None = None  # the columns' headers in the reader's language


def headers_of(table: Table, headers: Mapping[str, str] | None = None) -> list[str]:
    """The table's column headers: its own titles, else each key looked up in `headers`."""
    if table.titles is not None:
        return table.titles
    return [(headers or {}).get(column, column) for column in table.columns]


def month_tables(figures: dict[str, Any]) -> list[Table]:
    """The month's (or range's) figures as four tables: summary, per type, mailbox, language."""
    summary = Table(
        "summary",
        ["metric", "value"],
        [
            ["month", figures["month"]],
            ["to", figures["to"]],
            ["mailbox", figures["mailbox"] or ""],
            ["total", figures["total"]],
            ["reopened", figures["reopened"]],
            ["open_at_end", figures["open_at_end"]],
            ["corrected_share", figures["corrected_share"]["overall"]],
        ],
    )
    columns = ["question_type", "cases"]
    for _, prefix in DURATIONS:
        for clock in ("", "working_"):
            columns += [f"{prefix}_{clock}median_h", f"{prefix}_{clock}p90_h"]
    columns += ["corrected_share", *OUTCOMES]
    rows = [_type_row(figures, kind) for kind in figures["by_type"]]
    rows.append(_type_row(figures, None))
    return [
        summary,
        Table("types", columns, rows),
        Table(
            "mailboxes", ["mailbox", "cases"], [[k, n] for k, n in figures["by_mailbox"].items()]
        ),
        Table("languages", ["language", "cases"], _pairs(figures["by_language"])),
    ]


def _pairs(counts: dict[str, int]) -> list[list[Any]]:
    return [[name, n] for name, n in counts.items()]


def _type_row(figures: dict[str, Any], kind: str | None) -> list[Any]:
    """One type's row; kind None is the row of all types."""
    row: list[Any] = [kind or "all", figures["by_type"][kind] if kind else figures["total"]]
    for key, _ in DURATIONS:
        hours = figures[key]["by_type"][kind] if kind else figures[key]
        for clock in ("calendar", "working"):
            row += [hours[clock]["median"], hours[clock]["p90"]]
    shares = figures["corrected_share"]
    row.append(shares["by_type"][kind] if kind else shares["overall"])
    outcomes = figures["outcomes"]
    for outcome in OUTCOMES:
        row.append(
            outcomes[kind].get(outcome, 0)
            if kind
            else sum(per.get(outcome, 0) for per in outcomes.values())
        )
    return row


def dashboard_tables(board: dict[str, Any]) -> list[Table]:
    """The twelve months per type with first-response times, and the weekly workload."""
    types = board["types"]
    months = Table(
        "months",
        ["month", *types, "total", "first_response_median_h", "first_response_p90_h"],
        [
            [
                month,
                *(board["by_type"][t][i] for t in types),
                board["total"][i],
                board["first_response_hours"]["median"][i],
                board["first_response_hours"]["p90"][i],
            ]
            for i, month in enumerate(board["months"])
        ],
    )
    weeks = board["weeks"]
    boxes = list(weeks["by_mailbox"])
    workload = Table(
        "weeks",
        ["week", *boxes, "total", "previous_week", "previous_total"],
        [
            [
                label,
                *(weeks["by_mailbox"][b][i] for b in boxes),
                weeks["total"][i],
                weeks["previous_labels"][i],
                weeks["previous_total"][i],
            ]
            for i, label in enumerate(weeks["labels"])
        ],
    )
    return [months, workload]


def to_csv(
    table: Table, headers: Mapping[str, str] | None = None, *, decimal_comma: bool = False
) -> str:
    """One table as CSV (UTF-8 text; the caller adds a BOM for Excel if it wants one). With
    `decimal_comma`, as a spreadsheet set to Swedish (or German, French …) reads it: fields
    apart by semicolons and 0,1667 for 0.1667; else commas and decimal points."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if decimal_comma else ",", lineterminator="\r\n")
    writer.writerow(headers_of(table, headers))
    for row in table.rows:
        cells = [_plain(v) for v in row]
        if decimal_comma:
            cells = [str(v).replace(".", ",") if isinstance(v, float) else v for v in cells]
        writer.writerow(cells)
    return out.getvalue()


def to_workbook(
    tables: list[Table],
    headers: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> bytes:
    """The tables as one .xlsx workbook, a worksheet each, bold headers, numbers as numbers."""
    book = Workbook(write_only=True)
    for table in tables:
        sheet: WriteOnlyWorksheet = book.create_sheet(_sheet_title((titles or {}), table.key))
        bold = []
        for title in headers_of(table, headers):
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        shares = [_is_share(column) for column in table.columns]
        for row in table.rows:
            sheet.append(
                [_cell(sheet, value, share) for value, share in zip(row, shares, strict=False)]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(titles: Mapping[str, str], key: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    title = titles.get(key, key)
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or key


def _plain(value: Any) -> Any:
    """A cell for CSV: empty for no value, and text that a spreadsheet would run as a formula
    (=, +, -, @ first) quoted with an apostrophe, since names can come from mail."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _is_share(column: str) -> bool:
    """A column of fractions (0.0667), shown as percentages (6.7 %) as the page shows them."""
    return column == "share" or column.endswith("_share")


def _cell(sheet: WriteOnlyWorksheet, value: Any, share: bool = False) -> Any:
    """A worksheet cell; text is always stored as text, never as a formula; a share is a
    number formatted as a percentage (the spreadsheet's own locale writes it)."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if share and isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.0%"
        return cell
    return value

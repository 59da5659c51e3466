"""Spreadsheets as campaigners keep them: CSV and XLSX read into rows of text, and written back.

Reading turns every way a file can be wrong (not UTF-8, not a workbook, too big) into one
located error. Cells are text: a date cell becomes `YYYY-MM-DD`, a number its digits, a
boolean `true`/`false`, an empty cell "". Rows are numbered as the spreadsheet shows them (the
header is row 1); a CSV cell may hold several lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError
from campaign.files import write_atomically

MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
FORMATS = ("csv", "xlsx")
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Sheet:
    """The first worksheet of a file: its header and its data rows, each with its row number."""

    file: str
    """The file name as shown to the user."""
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    """(row number, cells) for every row that has a value; as many cells as the header."""


def sheet_format(path: Path) -> str:
    """`csv` or `xlsx`, from the file name; an InputError for anything else."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        message = f"cannot read or write '{path.suffix or path.name}' files; use a .csv or .xlsx file"
        raise InputError(message, [Diagnostic(message, "sheet.format", SourceSpan(str(path)))])
    return suffix


def read_sheet(path: Path, shown: str | None = None) -> Sheet:
    """Read a .csv (UTF-8, with or without BOM; comma, semicolon or tab) or .xlsx file."""
    display = shown or str(path)
    kind = sheet_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_SHEET_BYTES:
            message = f"file is {size:,} bytes, more than the limit of {MAX_SHEET_BYTES:,}"
            raise _fail(display, message, "sheet.too-large")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(display, "file not found", "file.missing") from None
    except IsADirectoryError:
        raise _fail(display, "is a folder, not a spreadsheet", "file.is-directory") from None
    except OSError as exc:
        raise _fail(display, f"cannot be read: {exc.strerror}", "file.unreadable") from None
    rows = _csv_rows(raw, display) if kind == "csv" else _xlsx_rows(raw, display)
    return _sheet(display, rows)


def _fail(display: str, message: str, code: str, line: int = 0, column: int = 0) -> InputError:
    return InputError(message, [Diagnostic(message, code, SourceSpan(display, line, column))])


def _csv_rows(raw: bytes, display: str) -> list[tuple[int, list[str]]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(display, "the file is UTF-16; save it as 'CSV UTF-8'", "sheet.encoding", 1, 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as 'CSV UTF-8'"
        raise _fail(display, message, "sheet.encoding", line) from None
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)  # the header's most frequent; a comma on a tie
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise _fail(display, f"more than {MAX_ROWS:,} rows; split the file", "sheet.too-large", number)
            rows.append((number, [cell.strip() for cell in cells]))
    except csv.Error as exc:
        raise _fail(display, f"not a readable CSV file: {exc}", "sheet.syntax", reader.line_num) from None
    return rows


def _xlsx_rows(raw: bytes, display: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        message = f"is not a readable .xlsx workbook ({type(exc).__name__}); save it again as Excel Workbook (.xlsx)"
        raise _fail(display, message, "sheet.syntax") from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise _fail(display, f"more than {MAX_ROWS:,} rows; split the file", "sheet.too-large", number)
            rows.append((number, [_cell_text(value) for value in values]))
        return rows
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the text a campaigner sees in it."""
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case dt.datetime() if value.time() == dt.time():
            return value.date().isoformat()
        case dt.datetime() | dt.date() | dt.time():
            return value.isoformat()
        case float() if value.is_integer():
            return str(int(value))
        case _:
            return str(value).strip()


def _sheet(display: str, rows: list[tuple[int, list[str]]]) -> Sheet:
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise _fail(display, "the sheet is empty; its first row names the columns", "sheet.empty", 1)
    _, header = rows[0]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    data = []
    for number, cells in rows[1:]:
        extra = [i for i, cell in enumerate(cells[width:], start=width + 1) if cell]
        if extra:
            message = "a value in a column without a name in the first row"
            raise _fail(display, message, "sheet.unnamed", number, extra[0])
        data.append((number, tuple(cells[:width]) + ("",) * (width - len(cells))))
    return Sheet(display, tuple(header), tuple(data))


def sheet_bytes(kind: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, bom: bool = True) -> bytes:
    """A .csv (UTF-8 with a BOM, so spreadsheet programs read it as UTF-8) or an .xlsx workbook."""
    if kind == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return text.getvalue().encode("utf-8-sig" if bom else "utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "recipients"
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if not value:
                continue
            cell = sheet.cell(number, column)
            cell.value = value
            cell.data_type = "s"  # text stays text: never a formula, whatever it starts with
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_sheet(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write `path` (.csv or .xlsx, from its name) atomically."""
    write_atomically(path, sheet_bytes(sheet_format(path), header, rows))

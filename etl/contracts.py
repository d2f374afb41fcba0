"""Contracts at the raw -> warehouse boundary: every problem is collected, none stops the check early.

A problem is reported as ``file:row:column: rule``. ``row`` is the line number in the file (the
header is line 1; 0 means the whole file) and ``column`` is the column name ("-" for the whole row).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from indicators.model.economies import ECONOMY_CODES, normalise_code
from indicators.model.vocabulary import CONFIDENCE_LEVELS as VALID_CONFIDENCE  # noqa: E402,F401 - one vocabulary
from indicators.model.vocabulary import SEXES as VALID_SEX  # noqa: E402,F401
from indicators.model.vocabulary import STATUSES as VALID_STATUSES  # noqa: E402,F401

DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
# A number as a spreadsheet writes it: ASCII digits, a decimal point, an optional exponent. Python's float()
# also reads '9_6.82' (96.82), Arabic-Indic and full-width digits: refused here.
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
# Control characters other than tab, line feed and carriage return (a NUL byte in a note, an escape code).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_problem(text: str) -> str | None:
    """The rule broken by a control character in ``text``, or None."""
    m = CONTROL.search(text)
    return None if m is None else f"control character U+{ord(m.group(0)):04X} in the text: remove it"


def check_date(text: str, label: str, line: int, column: str, problems: list[Problem], today: dt.date | None = None):
    """A real calendar date YYYY-MM-DD that is not after the build date (``today``); the date or None."""
    if not DATE.match(text or ""):
        problems.append(Problem(label, line, column, f"must be a date YYYY-MM-DD, got '{text}'"))
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(label, line, column, f"not a calendar date: '{text}'"))
        return None
    if day > (today or dt.date.today()):
        problems.append(
            Problem(label, line, column, f"'{text}' is after the build date: a date cannot be in the future")
        )
        return None
    return day


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int
    column: str
    rule: str

    def __str__(self) -> str:
        # Row 0 is the whole file, or a key of a sidecar or catalog file: ``file:0:path: rule``.
        return f"{self.file}:{self.row}:{self.column}: {self.rule}"


class ValidationFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(dict.fromkeys(problems))  # in the order found, as `etl check` lists them
        super().__init__(f"{len(self.problems)} problem(s) in the raw data")


@dataclass
class CsvTable:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, values by column)


def check_header(header: list[str], label: str, problems: list[Problem], allowed=None, line: int = 1) -> bool:
    """No blank, duplicated or (when ``allowed`` is given) unknown column names. True when clean."""
    before = len(problems)
    seen: set[str] = set()
    for i, col in enumerate(header, start=1):
        if not col:
            problems.append(Problem(label, line, f"#{i}", "column without a name in the header"))
        elif col in seen:
            problems.append(
                Problem(label, line, col, "column appears twice in the header: which one holds the data is ambiguous")
            )
        elif allowed is not None and col not in allowed:
            problems.append(Problem(label, line, col, "unknown column (allowed: " + ", ".join(allowed) + ")"))
        seen.add(col)
    return len(problems) == before


def utf8_error(path: Path, chunk: int = 1 << 20) -> tuple[int, int] | None:
    """(line, byte) of the first byte that is not UTF-8, read in chunks; None when the file is clean."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with open(path, "rb") as fh:
        while True:
            data = fh.read(chunk)
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError as err:
                # err.start is relative to the decoder's buffered bytes plus this chunk
                pending = len(err.object) - len(data)
                pos = err.start - pending
                bad = err.object[err.start]
                return lines + (data[: max(pos, 0)].count(b"\n")), bad
            if not data:
                return None
            lines += data.count(b"\n")


def read_csv(path: Path, label: str, problems: list[Problem], allowed=None) -> CsvTable | None:
    """Read a small CSV strictly: UTF-8, a header with unique (and, given ``allowed``, known) columns,
    at least one data row, no ragged rows, balanced quotes (an unterminated quote is an error, never a
    note that swallows the rest of the file)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(Problem(label, 0, "-", f"cannot read the file: {err.strerror or type(err).__name__}"))
        return None
    if not data.strip():
        problems.append(Problem(label, 0, "-", "empty file: expected a header row and data rows"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(
            Problem(label, line, "-", f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8")
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as err:
        problems.append(Problem(label, 1, "-", f"cannot read the header: {_csv_error(err)}"))
        return None
    if not check_header(header, label, problems, allowed):
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                problems.append(Problem(label, line, "-", f"row has {len(record)} fields, header has {len(header)}"))
                continue
            rows.append((line, {h: cell.strip() for h, cell in zip(header, record)}))
    except csv.Error as err:
        problems.append(Problem(label, start, "-", f"malformed CSV: {_csv_error(err)}"))
        return None
    if not rows and not any(p.file == label and p.row > 1 for p in problems):
        problems.append(Problem(label, 1, "-", "header only: the file has no data rows"))
    if CONTROL.search(text):  # rare: only then look cell by cell
        for line, values in rows:
            for col, cell in values.items():
                if rule := control_problem(cell):
                    problems.append(Problem(label, line, col, rule))
    return CsvTable(header, rows)


def _csv_error(err: csv.Error) -> str:
    text = str(err)
    if "unexpected end of data" in text:
        return 'unterminated quote: a quoted field opened on this line never closes (every " must be paired)'
    if "expected after" in text:
        return 'a quote closes a field but more text follows (write "" for a quote inside a quoted field)'
    if "field larger than field limit" in text:
        return "a field is longer than 131,072 characters (probably an unterminated quote)"
    return text


def require_columns(table: CsvTable, required: tuple[str, ...], label: str, problems: list[Problem]) -> bool:
    missing = [c for c in required if c not in table.header]
    for col in missing:
        problems.append(Problem(label, 1, col, "required column missing"))
    return not missing


def parse_number(text: str, label: str, line: int, column: str, problems: list[Problem]) -> float | None:
    """A number written with a decimal point; empty means no value."""
    if text == "":
        return None
    if DECIMAL_COMMA.match(text):
        problems.append(
            Problem(label, line, column, f"decimal comma in '{text}': write '{text.replace(',', '.')}' (decimal point)")
        )
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(Problem(label, line, column, f"not a number: '{text}'"))
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems.append(Problem(label, line, column, f"not a finite number: '{text}'"))
        return None
    if not NUMBER.fullmatch(text):
        problems.append(
            Problem(label, line, column, f"write '{text}' with the digits 0-9 and a decimal point only (no '_')")
        )
        return None
    return value


def parse_year(text: str, label: str, line: int, column: str, problems: list[Problem]) -> int | None:
    if not re.fullmatch(r"\d{4}", text or "") or not 1990 <= int(text) <= 2100:
        problems.append(Problem(label, line, column, f"must be a year between 1990 and 2100, got '{text}'"))
        return None
    return int(text)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(
    path: Path, label: str, problems: list[Problem], sheet: str | None = None, allowed=None
) -> CsvTable | None:
    """Read one sheet of a workbook like read_csv: header on row 1, row numbers as Excel shows them.

    The sheet named ``sheet`` is used when it exists, otherwise the first sheet. Dates become
    YYYY-MM-DD and whole numbers lose their '.0', so the same checks apply as to a CSV.
    """
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # a corrupt or non-XLSX file is a data problem, not a crash
        problems.append(Problem(label, 0, "-", f"cannot read the workbook: {type(err).__name__}"))
        return None
    try:
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        first = next(it, None)
        if first is None or not any(_cell(v) for v in first):
            problems.append(Problem(label, 0, "-", "empty sheet: expected a header row and data rows"))
            return None
        header = [_cell(h) for h in first]
        while header and not header[-1]:
            header.pop()
        if not check_header(header, label, problems, allowed):
            return None
        rows = []
        for line, values in enumerate(it, start=2):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            extra = [c for c in cells[len(header) :] if c]
            if extra:
                problems.append(Problem(label, line, "-", f"row has values beyond the {len(header)} header columns"))
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append((line, dict(zip(header, cells[: len(header)]))))
    finally:
        wb.close()
    if not rows:
        problems.append(Problem(label, 1, "-", "header only: the sheet has no data rows"))
    return CsvTable(header, rows)


def read_table(
    path: Path, label: str, problems: list[Problem], sheet: str | None = None, allowed=None
) -> CsvTable | None:
    """A CSV or XLSX data file, by extension."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, label, problems, sheet, allowed)
    if path.suffix.lower() == ".csv":
        return read_csv(path, label, problems, allowed)
    problems.append(Problem(label, 0, "-", "unsupported file type: use .csv or .xlsx"))
    return None


def parse_date(text: str, label: str, line: int, column: str, problems: list[Problem]) -> str | None:
    """A calendar date written YYYY-MM-DD (as ISO text)."""
    if not text:
        problems.append(Problem(label, line, column, "missing date: write it as YYYY-MM-DD"))
        return None
    if not DATE.match(text):
        problems.append(Problem(label, line, column, f"not a date in the form YYYY-MM-DD: '{text}'"))
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append(Problem(label, line, column, f"not a calendar date: '{text}'"))
        return None


ACCEPTED_ECONOMY_CODES = ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB", "AL", "BA", "XK", "ME", "MK", "RS")


def check_economy(raw: str, label: str, line: int, problems: list[Problem], column: str = "economy") -> str | None:
    """The project code of an economy, or a problem. ISO 3166 alpha-3 codes (XKX for Kosovo*) and their
    alpha-2 forms (XK) are accepted; informal aliases such as KOS or KSV are refused so that nothing is
    read as Kosovo* by guesswork."""
    text = str(raw or "").strip().upper()
    if text and text not in ACCEPTED_ECONOMY_CODES and normalise_code(text):
        problems.append(
            Problem(
                label,
                line,
                column,
                f"economy code '{raw}' is an informal alias: write {normalise_code(text)} (or its ISO alpha-2 code)",
            )
        )
        return None
    code = normalise_code(raw)
    if code is None:
        problems.append(
            Problem(
                label,
                line,
                column,
                f"unknown economy code '{raw}' (expected {', '.join(ECONOMY_CODES)}; XK is accepted for XKX)",
            )
        )
    return code


def check_provenance(row: dict, known_sources: set[str], label: str, line: int, problems: list[Problem]) -> None:
    """Every row names its confidence and a source listed in its folder's source.yaml."""
    if row["confidence"] not in VALID_CONFIDENCE:
        problems.append(
            Problem(
                label,
                line,
                "confidence",
                f"unknown confidence '{row['confidence']}' (expected {', '.join(VALID_CONFIDENCE)})",
            )
        )
    if row["source_id"] not in known_sources:
        problems.append(
            Problem(label, line, "source_id", f"source '{row['source_id']}' is not listed in the folder's source.yaml")
        )

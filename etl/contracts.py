"""Contracts at the raw -> warehouse boundary: every problem is collected, none stops the check early.

A problem is reported as ``file:row:column: rule``. ``row`` is the line number in the file (the
header is line 1; 0 means the whole file) and ``column`` is the column name ("-" for the whole row).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

VALID_STATUSES = ("observed", "not_covered", "not_assessed", "suppressed", "not_applicable")
VALID_CONFIDENCE = ("verified", "secondary", "synthetic")
VALID_SEX = ("total", "female", "male")
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int
    column: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.rule}"


class ValidationFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the raw data")


@dataclass
class CsvTable:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, values by column)


def read_csv(path: Path, label: str, problems: list[Problem]) -> CsvTable | None:
    """Read a small CSV strictly: UTF-8, a header, at least one data row, no ragged rows."""
    data = path.read_bytes()
    if not data.strip():
        problems.append(Problem(label, 0, "-", "empty file: expected a header row and data rows"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(Problem(label, line, "-", f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); "
                                                  "save the file as UTF-8"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as err:  # pragma: no cover - covered by the empty-file check
        problems.append(Problem(label, 1, "-", f"cannot read the header: {err}"))
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                problems.append(Problem(label, line, "-", f"row has {len(record)} fields, header has "
                                                          f"{len(header)}"))
                continue
            rows.append((line, {h: cell.strip() for h, cell in zip(header, record)}))
    except csv.Error as err:
        problems.append(Problem(label, start, "-", f"malformed CSV: {err}"))
    if not rows and not any(p.file == label and p.row > 1 for p in problems):
        problems.append(Problem(label, 1, "-", "header only: the file has no data rows"))
    return CsvTable(header, rows)


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
        problems.append(Problem(label, line, column, f"decimal comma in '{text}': write "
                                                     f"'{text.replace(',', '.')}' (decimal point)"))
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(Problem(label, line, column, f"not a number: '{text}'"))
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems.append(Problem(label, line, column, f"not a finite number: '{text}'"))
        return None
    return value


def parse_year(text: str, label: str, line: int, column: str, problems: list[Problem]) -> int | None:
    if not re.fullmatch(r"\d{4}", text or "") or not 1990 <= int(text) <= 2100:
        problems.append(Problem(label, line, column, f"must be a year between 1990 and 2100, got '{text}'"))
        return None
    return int(text)

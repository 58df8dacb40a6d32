"""Recipients of numbered copies, from a file: one name a line, or a CSV with a name column.

    Jane Roe                          name,organisation
    John Doe, Treasury                Jane Roe,Cabinet Office
                                      John Doe,Treasury

In a plain list, a line's text after the first comma is the organisation; blank lines and
lines starting with # are skipped. A CSV whose first row names a "name" column is read by
its columns (an "organisation" column is optional, other columns are ignored), and each row
must have as many cells as the header names. A first row that names other columns a
recipients list has (organisation, email, role, ...) but no name column is refused. Any
other CSV takes its first column as the name and its second, if any, as the organisation.
Blank rows are skipped; every other row must give a name. Every bad row is reported, at its
line, in one go.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from brief import gate
from brief.errors import InputError, Problem, RefusedFile
from brief.model.brief import Recipient

NAME = "name"
ORGANISATION = ("organisation", "organization")
# Column names that mark a first row as a header rather than a recipient, though it lacks a name column.
HEADER_WORDS = frozenset({*ORGANISATION, "org", "recipient", "email", "e-mail", "full name", "first name", "last name", "surname"})
HEADER_WORDS |= {"role", "title", "department", "agency", "company"}
NEEDS_NAME = "every recipient needs a name"

Row = tuple[str, str]  # a recipient's name and organisation ("" when none)


@dataclass(frozen=True)
class Record:
    """One CSV record: its number (the header is row 1), the line it starts on, and its cells."""

    number: int
    line: int
    cells: list[str]


def read_recipients(path: Path) -> tuple[Recipient, ...]:
    """The recipients a file lists, in order; raise InputError with every bad row, or when it lists none or cannot be read."""
    try:
        text = gate.read_text(path, gate.RECIPIENTS, None)
    except RefusedFile as error:
        raise InputError([Problem(str(path), None, None, "", f"cannot read the recipients: {error.reason}")]) from error
    rows, problems = _csv_rows(str(path), text) if path.suffix.lower() == ".csv" else _lines(str(path), text)
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([Problem(str(path), None, None, "", "lists no recipients: give one name a line, or a CSV with a name column")])
    return tuple(Recipient(name=name, organisation=organisation or None) for name, organisation in rows)


def _lines(file: str, text: str) -> tuple[list[Row], list[Problem]]:
    """The recipients of a plain list, one a line, and a problem for each line with no name."""
    rows, problems = [], []
    for number, line in enumerate(io.StringIO(text, newline=None), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, organisation = line.partition(",")
            if name.strip():
                rows.append((name.strip(), organisation.strip()))
            else:
                problems.append(Problem(file, number, None, "", f"line {number} has no name before its comma; {NEEDS_NAME}"))
    return rows, problems


def _csv_rows(file: str, text: str) -> tuple[list[Row], list[Problem]]:
    """The recipients of a CSV, by its header's columns or by position, and a problem for each bad row."""
    records, unreadable = _records(file, text)
    records = [record for record in records if any(cell.strip() for cell in record.cells)]
    if not records:
        return [], unreadable
    header = [cell.strip() for cell in records[0].cells]
    columns = [cell.lower() for cell in header]
    if NAME in columns:
        rows, problems = _by_header(file, header, records[1:])
    elif HEADER_WORDS.intersection(columns):
        rows, problems = [], [_no_name_column(file, records[0], header)]
    else:
        rows, problems = _by_position(file, records)
    return rows, problems + unreadable


def _records(file: str, text: str) -> tuple[list[Record], list[Problem]]:
    """Every CSV record with its number and first line; a problem where the CSV stops being readable."""
    reader = csv.reader(io.StringIO(text))
    records: list[Record] = []
    line = 1
    try:
        for cells in reader:
            records.append(Record(len(records) + 1, line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        return records, [Problem(file, reader.line_num, None, "", f"cannot be read as CSV from here on: {error}")]
    return records, []


def _by_header(file: str, header: list[str], records: list[Record]) -> tuple[list[Row], list[Problem]]:
    """The recipients of a CSV read by its header's name and organisation columns."""
    columns = [cell.lower() for cell in header]
    name = columns.index(NAME)
    organisation = next((columns.index(word) for word in ORGANISATION if word in columns), None)
    rows, problems = [], []
    for record in records:
        cells = [cell.strip() for cell in record.cells]
        if len(cells) != len(header):
            message = f"row {record.number} has {_cells(len(cells))}; the header names {len(header)} columns: {', '.join(header)}"
            problems.append(Problem(file, record.line, None, "", message))
        elif not cells[name]:
            problems.append(Problem(file, record.line, None, "", f"row {record.number} has an empty {header[name]} column; {NEEDS_NAME}"))
        else:
            rows.append((cells[name], cells[organisation] if organisation is not None else ""))
    return rows, problems


def _by_position(file: str, records: list[Record]) -> tuple[list[Row], list[Problem]]:
    """The recipients of a CSV without a header: a name, then an organisation."""
    rows, problems = [], []
    for record in records:
        cells = [cell.strip() for cell in record.cells]
        if len(cells) > 2:
            message = (
                f"row {record.number} has {_cells(len(cells))}; without a header row naming a name column, "
                "a row gives a name and an organisation, two cells at most"
            )
            problems.append(Problem(file, record.line, None, "", message))
        elif not cells[0]:
            problems.append(Problem(file, record.line, None, "", f"row {record.number} has an empty first cell, the name; {NEEDS_NAME}"))
        else:
            rows.append((cells[0], cells[1] if len(cells) > 1 else ""))
    return rows, problems


def _no_name_column(file: str, record: Record, header: list[str]) -> Problem:
    """The problem of a header row that names columns but not the name column."""
    message = f"the header names the columns {', '.join(header)} but no name column; a recipients CSV needs one (and may have an organisation column)"
    return Problem(file, record.line, None, "", message)


def _cells(count: int) -> str:
    """'1 cell' or 'N cells'."""
    return f"{count} cell{'' if count == 1 else 's'}"

"""Recipients of numbered copies, from a file: one name a line, or a CSV with a name column.

    Jane Roe                          Name,Role,Organisation,Password,Certificate
    John Doe, Treasury                Jane Roe,Head of Policy,Cabinet Office,,certs/jane.pem
                                      John Doe,,Treasury,correct horse,

In a plain list, a line's text after the first comma is the organisation; blank lines and
lines starting with # are skipped. A CSV whose first row names a "name" column is read by
its header, in any order and any case: name (required), organisation (or organization),
role, and two columns for the encryption of each copy (used by --encrypt): password, and
certificate, the path of the recipient's X.509 certificate (PEM or DER) inside the
recipients file's folder, read through the gate and checked to be a certificate. Other
columns are ignored, and each row must have as many cells as the header names. A first row
that names other columns a recipients list has (organisation, email, role, ...) but no name
column is refused. Any other CSV takes its first column as the name and its second, if
any, as the organisation. Blank rows are skipped; every other row must give a name. Every
bad row is reported, at its line, in one go.

Who a copy is for (a Recipient) and what locks it (a CopyKey) are kept apart: a Recipient
reaches templates, the manifest and the input a PDF carries, so a password or certificate
never goes into one, nor into any message.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from brief import gate
from brief.errors import InputError, Problem, RefusedFile
from brief.model.brief import Recipient

NAME = "name"
ORGANISATION = ("organisation", "organization")
ROLE, PASSWORD, CERTIFICATE = "role", "password", "certificate"
# Column names that mark a first row as a header rather than a recipient, though it lacks a name column.
HEADER_WORDS = frozenset({*ORGANISATION, "org", "recipient", "email", "e-mail", "full name", "first name", "last name", "surname"})
HEADER_WORDS |= {ROLE, "title", "department", "agency", "company", PASSWORD, CERTIFICATE}
NEEDS_NAME = "every recipient needs a name"


@dataclass(frozen=True)
class CopyKey:
    """What one recipient's copy is encrypted to: a password, a certificate (DER bytes), both, or neither."""

    password: str | None = field(default=None, repr=False)  # never printed, not even by a debugger's repr
    certificate: bytes | None = field(default=None, repr=False)


NO_KEY = CopyKey()


@dataclass(frozen=True)
class RecipientList:
    """The recipients a file lists, in order, and the key of each one's copy (the same length)."""

    people: tuple[Recipient, ...]
    keys: tuple[CopyKey, ...]


@dataclass(frozen=True)
class Row:
    """One recipient as a file lists them: who they are, and what locks their copy."""

    person: Recipient
    key: CopyKey = NO_KEY


@dataclass(frozen=True)
class Record:
    """One CSV record: its number (the header is row 1), the line it starts on, and its cells."""

    number: int
    line: int
    cells: list[str]


@dataclass(frozen=True)
class Columns:
    """Where a CSV's header puts each column a recipients list reads (None: not there)."""

    header: list[str]
    name: int
    organisation: int | None
    role: int | None
    password: int | None
    certificate: int | None

    @classmethod
    def of(cls, header: list[str]) -> Columns:
        """The columns of a header that names a name column, found in any order and any case."""
        names = [cell.lower() for cell in header]
        found = [
            next((names.index(word) for word in words if word in names), None)
            for words in (ORGANISATION, (ROLE,), (PASSWORD,), (CERTIFICATE,))
        ]
        return cls(header, names.index(NAME), *found)


def read_recipients(path: Path) -> RecipientList:
    """The recipients a file lists, in order, with their copies' keys; raise InputError with every bad row, or when it lists none or cannot be read."""
    try:
        text = gate.read_text(path, gate.RECIPIENTS, None)
    except RefusedFile as error:
        raise InputError([Problem(str(path), None, None, "", f"cannot read the recipients: {error.reason}")]) from error
    rows, problems = _csv_rows(path, text) if path.suffix.lower() == ".csv" else _lines(str(path), text)
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([Problem(str(path), None, None, "", "lists no recipients: give one name a line, or a CSV with a name column")])
    return RecipientList(tuple(row.person for row in rows), tuple(row.key for row in rows))


def _person(name: str, organisation: str = "", role: str = "") -> Recipient:
    """A recipient from a file's cells; an empty cell is a part not given."""
    return Recipient(name=name, organisation=organisation or None, role=role or None)


def _lines(file: str, text: str) -> tuple[list[Row], list[Problem]]:
    """The recipients of a plain list, one a line, and a problem for each line with no name."""
    rows, problems = [], []
    for number, line in enumerate(io.StringIO(text, newline=None), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, organisation = line.partition(",")
            if name.strip():
                rows.append(Row(_person(name.strip(), organisation.strip())))
            else:
                problems.append(Problem(file, number, None, "", f"line {number} has no name before its comma; {NEEDS_NAME}"))
    return rows, problems


def _csv_rows(path: Path, text: str) -> tuple[list[Row], list[Problem]]:
    """The recipients of a CSV, by its header's columns or by position, and a problem for each bad row."""
    file = str(path)
    records, unreadable = _records(file, text)
    records = [record for record in records if any(cell.strip() for cell in record.cells)]
    if not records:
        return [], unreadable
    header = [cell.strip() for cell in records[0].cells]
    columns = [cell.lower() for cell in header]
    if NAME in columns:
        rows, problems = _by_header(path, Columns.of(header), records[1:])
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


def _by_header(path: Path, columns: Columns, records: list[Record]) -> tuple[list[Row], list[Problem]]:
    """The recipients of a CSV read by its header's columns, and a problem for each bad row."""
    rows, problems = [], []
    for record in records:
        row = _header_row(path, columns, record)
        if isinstance(row, Row):
            rows.append(row)
        else:
            problems.append(Problem(str(path), record.line, None, "", f"row {record.number} {row}"))
    return rows, problems


def _header_row(path: Path, columns: Columns, record: Record) -> Row | str:
    """One row read by the header's columns, or what is wrong with it (never quoting a password)."""
    cells = [cell.strip() for cell in record.cells]
    header = columns.header
    if len(cells) != len(header):
        return f"has {_cells(len(cells))}; the header names {len(header)} columns: {', '.join(header)}"
    if not cells[columns.name]:
        return f"has an empty {header[columns.name]} column; {NEEDS_NAME}"
    named = _cell(cells, columns.certificate)
    certificate = _certificate(path.parent, named) if named else None
    if isinstance(certificate, str):
        return certificate
    person = _person(cells[columns.name], _cell(cells, columns.organisation), _cell(cells, columns.role))
    return Row(person, CopyKey(_cell(cells, columns.password) or None, certificate))


def _cell(cells: list[str], index: int | None) -> str:
    """The cell of a column the header may not have ("" when it has none)."""
    return cells[index] if index is not None else ""


def _certificate(folder: Path, named: str) -> bytes | str:
    """The DER bytes of the X.509 certificate (PEM or DER) a row names inside `folder`, or why it cannot be used."""
    from cryptography import x509  # only when a list names certificates
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        data = gate.read_bytes(folder / named, gate.CERTIFICATE, [folder])
    except RefusedFile as error:
        return f"names the certificate {named}, which cannot be read: {error.reason}"
    try:
        pem = data.lstrip().startswith(b"-----BEGIN")
        certificate = x509.load_pem_x509_certificate(data) if pem else x509.load_der_x509_certificate(data)
    except ValueError:  # cryptography's reasons are about ASN.1; a user needs to know what the file should be
        return f"names the certificate {named}, which is not an X.509 certificate (PEM or DER)"
    return certificate.public_bytes(Encoding.DER)


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
            rows.append(Row(_person(cells[0], cells[1] if len(cells) > 1 else "")))
    return rows, problems


def _no_name_column(file: str, record: Record, header: list[str]) -> Problem:
    """The problem of a header row that names columns but not the name column."""
    message = f"the header names the columns {', '.join(header)} but no name column; a recipients CSV needs one (and may have an organisation column)"
    return Problem(file, record.line, None, "", message)


def _cells(count: int) -> str:
    """'1 cell' or 'N cells'."""
    return f"{count} cell{'' if count == 1 else 's'}"

"""Recipients of numbered copies, from a file: one name a line, or a CSV with a name column.

    Jane Roe                          name,organisation
    John Doe, Treasury                Jane Roe,Cabinet Office
                                      John Doe,Treasury

In a plain list, a line's text after the first comma is the organisation; blank lines and
lines starting with # are skipped. A CSV whose first row names a "name" column is read by
its columns; any other CSV takes its first column as the name and its second as the
organisation.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from brief import gate
from brief.errors import InputError, Problem, RefusedFile
from brief.model import Recipient


def read_recipients(path: Path) -> tuple[Recipient, ...]:
    """The recipients a file lists, in order; raise InputError when it lists none or cannot be read."""
    try:
        text = gate.read_text(path, gate.RECIPIENTS, None)
    except RefusedFile as error:
        raise InputError([Problem(str(path), None, None, "", f"cannot read the recipients: {error.reason}")]) from error
    rows = _csv_rows(text) if path.suffix.lower() == ".csv" else _lines(text)
    recipients = tuple(Recipient(name=name, organisation=organisation or None) for name, organisation in rows if name)
    if not recipients:
        raise InputError([Problem(str(path), None, None, "", "lists no recipients: give one name a line, or a CSV with a name column")])
    return recipients


def _lines(text: str) -> list[tuple[str, str]]:
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, organisation = line.partition(",")
            rows.append((name.strip(), organisation.strip()))
    return rows


def _csv_rows(text: str) -> list[tuple[str, str]]:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and "name" in [cell.strip().lower() for cell in rows[0]]:
        header = [cell.strip().lower() for cell in rows[0]]
        name, organisation = header.index("name"), header.index("organisation") if "organisation" in header else None
        return [
            (row[name].strip(), row[organisation].strip() if organisation is not None and organisation < len(row) else "")
            for row in rows[1:]
        ]
    return [(row[0].strip(), row[1].strip() if len(row) > 1 else "") for row in rows]

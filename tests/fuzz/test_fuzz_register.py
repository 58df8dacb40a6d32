"""The issue register under fuzzing: whatever the records hold, they read back as written, and an edit never passes unseen."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from brief.distribution import register
from tests.fuzz.strategies import fuzz_settings

TEXT = st.text(min_size=1, max_size=40)
COPY = st.none() | st.fixed_dictionaries({"number": st.integers(1, 999), "of": st.integers(1, 999), "recipient": TEXT})
RECORD = st.fixed_dictionaries(
    {
        "brief": TEXT,
        "file": TEXT,
        "format": st.sampled_from(["pdf", "docx", "html"]),
        "sha256": st.text("0123456789abcdef", min_size=64, max_size=64),
    },
    optional={"release_to": st.none() | TEXT, "encrypted": st.none() | st.sampled_from(["password", "certificate"])},
).map(lambda record: record | {"time": "2026-11-26T10:00:00Z", "build": "b" * 16})
RECORDS = st.lists(st.tuples(RECORD, COPY).map(lambda pair: pair[0] | {"copy": pair[1]}), min_size=2, max_size=8)


def _written(records: list[dict[str, Any]]) -> Path:
    """A fresh folder whose register holds `records`, appended two builds' worth at a time."""
    folder = Path(tempfile.mkdtemp())
    for start in range(0, len(records), 2):
        register.append(folder, records[start : start + 2], None)
    return folder / register.NAME


@fuzz_settings(60)
@given(RECORDS)
def test_records_read_back_as_written(records: list[dict[str, Any]]) -> None:
    """Any records, any text in them: the register reads back the same records, in order, with no fault."""
    read = register.read(_written(records))
    assert read.faults == ()
    assert [{key: value for key, value in entry.record.items() if key != "previous"} for entry in read.entries] == records


@fuzz_settings(60)
@given(RECORDS, st.data())
def test_an_edited_line_is_always_seen(records: list[dict[str, Any]], data: st.DataObject) -> None:
    """Changing any byte of any line but the last shows as a fault: the next record no longer follows it."""
    path = _written(records)
    lines = path.read_bytes().split(b"\n")[:-1]
    line = data.draw(st.integers(0, len(lines) - 2))
    position = data.draw(st.integers(0, len(lines[line]) - 1))
    changed = bytearray(lines[line])
    changed[position] = (changed[position] + data.draw(st.integers(1, 255))) % 256
    lines[line] = bytes(changed)
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert register.read(path).faults != ()

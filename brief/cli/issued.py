"""`brief issued`: what the registers in a folder say was issued, when, and to whom, build by build."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from brief import gate
from brief.distribution import register
from brief.distribution.register import BadRegister, Entry, Register
from brief.distribution.verification import printable


def registers(folder: Path) -> list[Path]:
    """The registers in `folder` and the folders below it (a batch mirrors its inputs' folders), outside brief's store."""
    found = [path for path in gate.walk(folder) if path.name == register.NAME and ".brief" not in path.relative_to(folder).parts]
    return sorted(found)


def listing(path: Path) -> tuple[str, bool]:
    """One register as `describe` shows it, and whether it could be read; when not, its path and why."""
    try:
        return "\n".join(describe(register.read(path))), True
    except BadRegister as error:
        return "\n".join(printable([str(path), f"  warning: {error}"])), False


def describe(found: Register) -> list[str]:
    """A register as lines: each build with its time and brief, then each file it issued, its copy and recipient; fit for a terminal."""
    lines = [str(found.path)]
    for _, entries in groupby(found.entries, key=lambda entry: entry.record["build"]):
        batch = list(entries)
        first = batch[0].record
        lines.append(f"  {first['time'].replace('T', ' ').replace('Z', ' UTC')}  {first['brief']}{_release(first)}")
        lines += [f"    {_file(entry)}" for entry in batch]
    return printable(lines + [f"  warning: {fault}" for fault in found.faults])


def _file(entry: Entry) -> str:
    """One issued file: its name, the copy and recipient, and how it was protected."""
    record = entry.record
    copy = record.get("copy")
    parts = [record["file"]]
    parts += [f"copy {copy['number']} of {copy.get('of', '?')}, {copy['recipient']}"] if copy else []
    parts += [f"signed by {record['signed_by']}"] if record.get("signed_by") else []
    parts += [f"encrypted ({record['encrypted']})"] if record.get("encrypted") else []
    parts += [] if entry.signature else ["record unsigned"]
    return "  ".join(parts)


def _release(record: dict[str, object]) -> str:
    """', releasable to LEVEL' for a releasable version."""
    return f", releasable to {record['release_to']}" if record.get("release_to") else ""

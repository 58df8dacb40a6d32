"""`brief new`: a commented starter input that validates and builds as it is."""

from __future__ import annotations

from pathlib import Path

from brief.errors import UsageError
from brief.write.output import write_file

STARTER = Path(__file__).with_name("starter.yaml")


def write_starter(path: Path, *, force: bool = False) -> None:
    """Write the starter input to `path`, refusing to overwrite a file unless `force`."""
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to overwrite it")
    write_file(path, STARTER.read_bytes())

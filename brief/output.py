"""Writing output files atomically: all of a build's files appear together, or none do.

Each file is written to a temporary name beside its target and renamed into place only
once every file of the build is written, so a failed build leaves no half-written file and
an earlier good output stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from brief.errors import OutputError


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write every file, or none of them; raise OutputError naming the one that failed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{error.filename or 'output'}: cannot write it: {error.strerror}") from error


def _stage(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual mode
    return temporary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

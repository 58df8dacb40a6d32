"""The files a brief's outputs carry: its input, and the files the input names, at paths relative to one folder.

A brief rebuilt from its PDF or DOCX needs more than its input: the previous version (for the
changes since it), and the scale and ladder files it names. Each is carried at its path relative
to the folder all of them share, so `brief extract --all DIR` lays them out as they were and
`brief build DIR/<input>` finds them. A releasable version carries its cut input, which names no
previous version (the cut drops it), so no uncut text travels with it.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from brief import gate
from brief.input.loader import LoadedBrief, named_files
from brief.render.document import CarriedFile, InputCopy


def input_copy(loaded: LoadedBrief) -> InputCopy:
    """The input `loaded` was made from (its cut, for a releasable version) with the files it names."""
    name = loaded.path.name if loaded.release is None else f"{loaded.path.stem}-releasable.yaml"
    source = Path(os.path.abspath(loaded.path.parent / name))
    named = [Path(os.path.abspath(path)) for path in named_files(loaded.document, loaded.path, loaded.project)]
    named = [path for path in dict.fromkeys(named) if path != source]  # scale and ladder may be one file
    common = Path(os.path.commonpath([source.parent, *(path.parent for path in named)]))
    files = tuple(CarriedFile(_relative(path, common), gate.read_bytes(path, gate.INPUT, None)) for path in named)
    return InputCopy(name, loaded.document.raw, files, _relative(source, common))


def _relative(path: Path, common: Path) -> str:
    """`path` below `common`, with forward slashes."""
    return PurePath(path).relative_to(common).as_posix()

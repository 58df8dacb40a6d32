"""`brief templates copy`: a set for an editor to customise, whole or thin.

A whole copy holds every file of the set. A thin copy holds only a template.toml that
extends the set, a brief.html to override blocks in, and an empty style.css added after the
parent's, so it keeps getting the parent's fixes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from brief import gate
from brief.errors import UsageError
from brief.render.template_set import METADATA, TemplateSet, builtin_root

THIN_ENTRY = """{{#- The entry template of {name}, a thin set that extends {parent}.
    Override any block of {parent}'s base.html here; docs/templates.md lists them. For example:

    {{% block key_judgements %}}
    <section class="key-judgements">
    <h2>Main judgements</h2>
    ...
    {{% endblock %}}

    To start from the parent's block and change a little, use {{{{ super() }}}}. -#}}
{{% extends "base.html" %}}
"""

THIN_STYLE = """/* Rules for {name}, added after {parent}'s style.css: write only what changes.
   For example, a body font of the set's (declared in template.toml):
   html {{ font-family: "PT Sans", sans-serif; }} */
"""


def copy_template_set(source: TemplateSet, destination: Path, *, thin: bool) -> Path:
    """Copy `source` to `destination`, a new folder, and name the copy after it."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise UsageError(f"{destination} exists and is not empty; choose a new folder")
    name = destination.name
    if thin:
        _write_thin(source, destination, name)
    else:
        _write_whole(read_files(source.folder), destination, name)
    return destination


def read_files(folder: Path) -> dict[Path, bytes]:
    """Every file of a set by its path inside it, read through the gate before anything is written.

    A link whose real path leaves the set, a FIFO or a device stops the copy: a colleague's
    set must not copy a file of this machine into a folder that may be sent on.
    """
    return {path.relative_to(folder): gate.read_bytes(path, gate.SET_FILE, [folder]) for path in gate.walk(folder)}


def _write_whole(files: dict[Path, bytes], destination: Path, name: str) -> None:
    metadata = Path(METADATA)
    if metadata in files:
        text = files[metadata].decode("utf-8", errors="replace")
        files[metadata] = re.sub(r'(?m)^name\s*=\s*".*"$', f'name = "{name}"', text, count=1).encode()
    for relative, data in files.items():
        (destination / relative).parent.mkdir(parents=True, exist_ok=True)
        (destination / relative).write_bytes(data)


def _write_thin(source: TemplateSet, destination: Path, name: str) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    parent = _reference_to(source, destination)
    (destination / METADATA).write_text(
        f"# A thin set: everything not here comes from {parent}. See docs/templates.md.\n"
        f'name = "{name}"\n'
        f'description = "{source.metadata.description} Customised."\n'
        f'extends = "{parent}"\n',
        encoding="utf-8",
    )
    (destination / "brief.html").write_text(THIN_ENTRY.format(name=name, parent=parent), encoding="utf-8")
    (destination / "style.css").write_text(THIN_STYLE.format(name=name, parent=parent), encoding="utf-8")


def _reference_to(source: TemplateSet, destination: Path) -> str:
    """How the copy names its parent: by name when built in, else by path from the copy."""
    if source.folder.parent == builtin_root().resolve():
        return source.name
    return os.path.relpath(source.folder, destination.resolve())

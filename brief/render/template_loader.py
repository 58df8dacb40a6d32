"""The Jinja loader of a template set: templates are read through the gate, never from outside the set.

Jinja's FileSystemLoader follows symlinks, so a set could `{% include %}` any file a link in
it points at. This loader gives each folder of the chain its own gate: a template (and
whatever it includes, imports or extends) must be a regular UTF-8 file whose real path
lies inside the folder it was found in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from brief import gate
from brief.errors import RefusedFile, TemplateError


class GatedLoader(jinja2.BaseLoader):
    """Finds a template in the first of `folders` that has it, and reads it through the gate."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = list(folders)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name, and an up-to-date check (an environment lives for one render)."""
        pieces = split_template_path(template)  # refuses "..": a name never climbs out of a folder
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if gate.present(path):
                return _read(path, folder), str(path), lambda: True
        raise jinja2.TemplateNotFound(template)


def _read(path: Path, folder: Path) -> str:
    try:
        return gate.read_text(path, gate.TEMPLATE, [folder])
    except RefusedFile as error:
        raise TemplateError(str(error)) from error

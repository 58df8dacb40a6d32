"""Which value each project-wide setting takes for one input, and where it came from.

Precedence, highest first: the command line (--template, --out), the input itself, the
project's brief.toml, the built-in default. An input that overrides a value brief.toml sets
does so visibly: the override is noted, and `brief check --explain-config` lists every
setting with its origin.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from brief.input.positions import Positions
from brief.input.project import Project
from brief.model.tables import DEFAULT_SCALE, DEFAULT_TEMPLATE

# Settings an input may give itself, and the built-in default of each.
INPUT_SETTINGS = {"template": DEFAULT_TEMPLATE, "organisation": None, "classification": None, "scale": DEFAULT_SCALE, "ladder": None}
# Settings only a project gives.
PROJECT_SETTINGS = {"logo": None, "footer_line": None, "output": None}


@dataclass(frozen=True)
class Setting:
    """One setting's value and where it came from: a file and line, an option, or the default."""

    name: str
    value: str | None
    origin: str
    source: Literal["command line", "input", "project", "default"] = "default"

    @property
    def from_project(self) -> bool:
        """Whether brief.toml gave the value (so paths are relative to the project)."""
        return self.source == "project"

    @property
    def from_input(self) -> bool:
        """Whether the input itself gave the value."""
        return self.source == "input"


@dataclass(frozen=True)
class Settings:
    """Every setting of one input, with the notes a user should see about overrides."""

    values: dict[str, Setting]
    notes: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> Setting:
        return self.values[name]

    def overridden(self, name: str, value: str, origin: str) -> Settings:
        """These settings with `name` set from the command line."""
        return replace(self, values=self.values | {name: Setting(name, value, origin, "command line")})

    def explain(self) -> list[str]:
        """One line per setting: its value and its origin."""
        return [f"{setting.name} = {setting.value!r}  ({setting.origin})" for setting in self.values.values()]


def layer(data: dict[str, Any], positions: Positions, file: str, project: Project) -> Settings:
    """The settings of the input whose data and positions are given, over its project's."""
    values, notes = {}, []
    for name, default in INPUT_SETTINGS.items():
        configured = getattr(project.settings, name)
        written = data.get(name)
        if isinstance(written, str) and written.strip():
            position = positions.locate((name,))
            values[name] = Setting(name, written.strip(), f"{file}:{position.line if position else 1}", "input")
            if configured is not None and configured != written.strip():
                notes.append(f"{file}: {name}: the input's {written.strip()!r} overrides {configured!r} from {project.origin(name)}")
        elif configured is not None:
            values[name] = Setting(name, configured, project.origin(name), "project")
        else:
            values[name] = Setting(name, default, "default")
    for name, default in PROJECT_SETTINGS.items():
        configured = getattr(project.settings, name)
        values[name] = (
            Setting(name, configured, project.origin(name), "project") if configured is not None else Setting(name, default, "default")
        )
    return Settings(values, tuple(notes))

"""What `brief check` does, and what `brief build` does first: load, choose the template set, review.

Kept apart from the build so that checking an input imports nothing a build needs to render
or write (Jinja, Markdown, the writers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from brief.errors import BriefError, InputError, Problem, TemplateNotFound, UsageError
from brief.input.loader import LoadedBrief, load
from brief.model.tables import DEFAULT_TEMPLATE
from brief.render.template_set import TemplateSet, builtin_names, builtin_root, find_template_set
from brief.review.report import Report, review_brief


@dataclass(frozen=True)
class Checked:
    """An input that loaded, the template set it will use, and its tradecraft review."""

    loaded: LoadedBrief
    template_set: TemplateSet
    report: Report


@dataclass(frozen=True)
class InputCheck:
    """What `brief check` found for one input: its review when it loaded, else the problems that stopped it."""

    path: Path
    checked: Checked | None
    problems: tuple[Problem, ...] = ()
    error: str | None = None  # a problem with no place in the input (a missing template set)

    def fails(self, strict: bool) -> bool:
        """Whether this input fails the check: it did not load, or its review fails."""
        return self.checked is None or self.checked.report.fails(strict)

    def as_dict(self, strict: bool) -> dict[str, Any]:
        """The outcome as JSON-ready data, the shape `brief check --format json` prints for each input."""
        if self.checked is None:
            problems = [asdict(problem) for problem in self.problems] if self.problems else [{"message": self.error}]
            return {"file": str(self.path), "valid": False, "problems": problems}
        settings = self.checked.loaded.settings
        values = {setting.name: {"value": setting.value, "origin": setting.origin} for setting in settings.values.values()}
        head = {"file": str(self.path), "valid": True, "failed": self.fails(strict), "notes": list(settings.notes)}
        return head | {"settings": values} | self.checked.report.as_dict()


def check_inputs(paths: Sequence[Path], template: str | None = None) -> Iterator[InputCheck]:
    """Check each input in turn; a usage error (a bad --template) stops them all."""
    for path in paths:
        try:
            yield InputCheck(path, check_input(path, template))
        except UsageError:
            raise
        except InputError as error:
            yield InputCheck(path, None, error.problems)
        except BriefError as error:
            yield InputCheck(path, None, error=str(error))


def check_input(path: Path, template: str | None = None) -> Checked:
    """Everything a build checks before rendering: the input, its template set, and the tradecraft review."""
    loaded, template_set = prepare_input(path, template)
    return Checked(loaded, template_set, review_brief(loaded))


def prepare_input(path: Path, template: str | None = None) -> tuple[LoadedBrief, TemplateSet]:
    """The input, loaded, and the template set it will use, with a note when that set shadows a built-in one."""
    loaded = load(path)
    if template is not None:
        loaded = replace(loaded, settings=loaded.settings.overridden("template", template, "--template"))
    template_set = choose_template_set(loaded)
    note = shadowing_note(loaded, template_set)
    if note:
        loaded = replace(loaded, settings=replace(loaded.settings, notes=(*loaded.settings.notes, note)))
    return loaded, template_set


def shadowing_note(loaded: LoadedBrief, template_set: TemplateSet) -> str | None:
    """A note when the set an input names by a built-in set's name is another folder's: a set found beside it, say."""
    setting = loaded.settings["template"]
    name = setting.value or ""
    if name not in builtin_names() or template_set.folder == (builtin_root() / name).resolve():
        return None
    return f"{setting.origin}: template set {name!r} comes from {template_set.folder}, not the built-in set of that name"


def choose_template_set(loaded: LoadedBrief) -> TemplateSet:
    """The set the input's settings name; a missing one is reported where it was named."""
    setting = loaded.settings["template"]
    roots = loaded.project.template_roots(loaded.path.parent)
    if setting.source == "command line":
        base = Path.cwd()
    elif setting.from_project and loaded.project.root:
        base = loaded.project.root
    else:
        base = loaded.path.parent
    try:
        return find_template_set(setting.value or DEFAULT_TEMPLATE, base, roots)
    except TemplateNotFound as error:
        if setting.source == "command line":
            raise UsageError(f"--template: {error}") from error
        if setting.from_project:
            raise InputError([loaded.project.problem("template", str(error))]) from error
        raise InputError([loaded.problem(("template",), str(error))]) from error

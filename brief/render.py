"""The render stage: a Brief and a template set become one HTML document.

Both writers read this one document, which is what keeps the PDF and the DOCX of a brief
the same. The Jinja environment is sandboxed (a template set is an editor's, not ours),
autoescapes every value (input is text, never markup), and treats an undefined name as an
error, so a misspelt variable fails the build instead of printing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from brief.context import build_context, format_date, sentence
from brief.errors import TemplateError
from brief.loader import LoadedBrief
from brief.template_set import TemplateSet


@dataclass(frozen=True)
class RenderedDocument:
    """The HTML of one brief, with the folders its resources may come from."""

    html: str
    loaded: LoadedBrief
    template_set: TemplateSet

    @property
    def allowed_folders(self) -> tuple[Path, ...]:
        """Where a writer may read files: the template set and the input's own folder."""
        return (self.template_set.folder, self.loaded.path.parent.resolve())


def render_document(loaded: LoadedBrief, template_set: TemplateSet) -> RenderedDocument:
    """Render the set's entry template for `loaded`; raise TemplateError at the template's line."""
    environment = _environment(template_set)
    try:
        template = environment.get_template(template_set.metadata.entry)
        html = template.render(build_context(loaded, template_set))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{error.filename or error.name}:{error.lineno}: {error.message}") from error
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"{template_set.folder}: the template {error.name!r} does not exist") from error
    except (jinja2.UndefinedError, SecurityError, TypeError, ValueError) as error:
        place = _template_line(error.__traceback__, template_set)
        if place is None:  # not a template's mistake but ours: let it surface as a bug
            raise
        raise TemplateError(f"{place}: {error}") from error
    return RenderedDocument(html, loaded, template_set)


def _environment(template_set: TemplateSet) -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(template_set.folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date"] = format_date
    environment.filters["sentence"] = sentence
    return environment


def _template_line(traceback: TracebackType | None, template_set: TemplateSet) -> str | None:
    """The template file and line a rendering error came from, as Jinja's traceback records it."""
    place = None
    folder = str(template_set.folder)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.startswith(folder):
            place = f"{filename}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return place

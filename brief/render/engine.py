"""The render stage: a Brief and a template set become one HTML document.

Both writers read this one document, which is what keeps the PDF and the DOCX of a brief
the same. The Jinja environment is sandboxed (a template set is an editor's, not ours),
autoescapes every value (input is text, never markup), and treats an undefined name as an
error, so a misspelt variable fails the build instead of printing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from brief.errors import BriefError, TemplateError
from brief.input.loader import LoadedBrief
from brief.render.carried import input_copy
from brief.render.context import build_context
from brief.render.context_types import Copy
from brief.render.document import RenderedDocument, read_metadata
from brief.render.fields import mark_field
from brief.render.loads import refuse_external_loads
from brief.render.template_loader import GatedLoader
from brief.render.template_set import TemplateSet, builtin_names, builtin_root
from brief.render.translations import Translations
from brief.render.typography import typeset
from brief.render.views import sentence
from brief.render.watermarks import draw_watermarks


def render_document(loaded: LoadedBrief, template_set: TemplateSet, copy: Copy | None = None) -> RenderedDocument:
    """Render the set's entry template for `loaded` (as the numbered `copy`, if given); raise TemplateError at the template's line."""
    words = Translations(loaded.brief.language, template_set.folders)
    environment = _environment(template_set, words)
    draft = words.lookup("labels", "draft_watermark") if loaded.brief.status == "draft" else None
    watermarks = draw_watermarks(template_set, draft, copy.recipient.label if copy else None)
    try:
        template = environment.get_template(template_set.metadata.entry)
        html = template.render(build_context(loaded, template_set, words, copy, watermarks))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{error.filename or error.name}:{error.lineno}: {error.message}") from error
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"{template_set.folder}: the template {error.name!r} does not exist") from error
    except (BriefError, MemoryError):
        raise
    except Exception as error:  # a template can make a filter, a method or Python itself fail in many ways
        place = _template_line(error.__traceback__, template_set)
        if place is None:  # not a template's mistake but ours: let it surface as a bug
            raise
        raise TemplateError(f"{place}: {_reason(error)}") from error
    refuse_external_loads(html, template_set.folder.as_uri() + "/", template_set.folders, template_locator(template_set))
    html = typeset(html, loaded.brief.language)
    carried = input_copy(loaded)  # the input (its cut, when releasable) and the files it names
    return RenderedDocument(html, read_metadata(html), carried, template_set, str(loaded.path), tuple(words.warnings), watermarks)


def _environment(template_set: TemplateSet, words: Translations) -> ImmutableSandboxedEnvironment:
    # A set's own templates first, then its ancestors'; "!name/..." names a built-in set's template.
    builtins = {f"!{name}": GatedLoader([builtin_root() / name]) for name in builtin_names()}
    loader = jinja2.ChoiceLoader([GatedLoader(template_set.folders), jinja2.PrefixLoader(builtins, delimiter="/")])
    environment = BoundedSandbox(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date"] = words.date
    environment.filters["sentence"] = sentence
    environment.filters["span"] = lambda text, name: Markup('<span class="{}">{}</span>').format(name, text)
    # A plain field printed where its words show (the title's h1, not its <title>): marked for the DOCX (render.fields).
    environment.filters["field"] = lambda text, name: mark_field(text, (name,))
    return environment


def _reason(error: Exception) -> str:
    """What went wrong in a template, in its own words where they say enough."""
    if isinstance(error, RecursionError):
        return "the template calls itself (or nests expressions) too deeply"
    if isinstance(error, jinja2.UndefinedError | SecurityError | TypeError | ValueError) and str(error):
        return str(error)
    return f"{type(error).__name__}: {error}"


def template_locator(template_set: TemplateSet) -> Callable[..., str]:
    """Where the first of some snippets of the rendered document that a template holds was written, for error messages."""

    def locate(*snippets: str) -> str:
        places = (template_set.find_line(lambda line: snippet in line) for snippet in snippets)  # noqa: B023 - called at once
        return next((place for place in places if place), template_set.unplaced)

    return locate


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with `*` and `**` bounded: "x" * 10**9 would fill the memory of the machine."""

    intercepted_binops = frozenset({"*", "**"})
    LIMIT = 1_000_000  # characters or items a product may make; a brief's longest text is far shorter

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """`left operator right`, refused when the result would be huge."""
        if operator == "**" and isinstance(right, int) and abs(right) > 1000 and isinstance(left, int) and abs(left) > 1:
            raise SecurityError(f"{left} ** {right} is too large a number for a template")
        repeats = isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple)
        if operator == "*" and repeats and _size(left) * _size(right) > self.LIMIT:
            raise SecurityError(f"a template may not make text or lists of more than {self.LIMIT:,} items with *")
        return super().call_binop(context, operator, left, right)


def _size(value: Any) -> int:
    """How many times `*` repeats, or how long the repeated thing is: an int's value, a sequence's length."""
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return abs(value)
    return len(value) if isinstance(value, str | list | tuple) else 1


def _template_line(traceback: TracebackType | None, template_set: TemplateSet) -> str | None:
    """The template file and line a rendering error came from, as Jinja's traceback records it."""
    place = None
    folders = (*map(str, template_set.folders), str(builtin_root()))
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.startswith(folders):
            place = f"{filename}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return place

"""`brief templates check`: what is wrong with a template set, before an analyst meets it.

Five checks, each reported with the file (and line, where there is one): template syntax;
elements, classes and inline styles outside the vocabulary (read from the template source, so
even blocks the sample does not reach are covered); Word styles the vocabulary needs that
reference.docx lacks, and body or heading fonts its styles and the CSS disagree on; fonts that are missing, unreadable, or used but not shipped; and a trial
build of a sample brief in both formats.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2

from brief import gate
from brief.errors import BriefError, Problem, RefusedFile, TemplateError
from brief.render.loads import check_css, refuse_external_loads
from brief.render.stylesheets import print_style
from brief.render.template_set import TemplateSet, read_template_set
from brief.render.translations import read_table
from brief.render.vocabulary import CLASS_STYLES, PARAGRAPHS, ROLE_STYLES, SIZED, Vocabulary, continue_style, list_style

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
STYLE = re.compile(r"""\bstyle\s*=""")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)")
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "inherit", "initial", "unset", "math", "emoji"}
CHARACTER_ROLES = {"hyperlink", "code", "footnote-reference"}
SAMPLE = Path(__file__).parent / "sample" / "sample.yaml"
FURNITURE = {"header": "page-header", "footer": "page-footer"}


def check_template_set(folder: Path, project_roots: Sequence[Path] = ()) -> list[Problem]:
    """Every problem found in the set at `folder`."""
    try:
        template_set = read_template_set(folder, project_roots)
    except TemplateError as error:
        return [Problem.at(str(folder), str(error))]
    problems = [*_files(template_set), *_syntax(template_set), *_vocabulary(template_set), *_loads(template_set)]
    problems += [*_locales(template_set), *_styles(template_set), *_fonts(template_set)]
    if not any(problem.severity == "error" for problem in problems):
        problems += _trial_build(template_set)
    return problems


def _files(template_set: TemplateSet) -> Iterator[Problem]:
    """Every entry of the set's folder that the gate would refuse: a link out of the set, a FIFO, a device, a huge file."""
    for path in gate.walk(template_set.folder):
        try:
            gate.check(path, gate.SET_FILE, [template_set.folder])
        except RefusedFile as error:
            yield Problem.at(str(path), error.reason)


def _own_templates(template_set: TemplateSet) -> Iterator[tuple[Path, str]]:
    """The set's own templates with their text; one the gate refuses is reported by _files."""
    for path in gate.walk(template_set.folder):
        if path.suffix == ".html":
            with contextlib.suppress(RefusedFile):
                yield path, gate.read_text(path, gate.TEMPLATE, [template_set.folder])


def _syntax(template_set: TemplateSet) -> Iterator[Problem]:
    environment = jinja2.Environment()
    for path, text in _own_templates(template_set):
        try:
            environment.parse(text, path.name, str(path))
        except jinja2.TemplateSyntaxError as error:
            yield Problem.at(f"{path}:{error.lineno}", error.message or "template syntax error")


def _loads(template_set: TemplateSet) -> Iterator[Problem]:
    """Anything the set's templates or style sheet would load from outside it, at its file and line."""
    folders = template_set.folders
    for path, text in _own_templates(template_set):
        plain = _without_jinja(text)
        locate = _locator(path, plain)
        try:
            refuse_external_loads(plain, template_set.folder.as_uri() + "/", folders, locate, follow_links=False)
        except TemplateError as error:
            yield _split(error)
    stylesheet = template_set.folder / template_set.metadata.stylesheet
    if gate.present(stylesheet):
        try:
            check_css(gate.read_text(stylesheet, gate.STYLESHEET, [template_set.folder]), stylesheet.as_uri(), folders, str)
        except (TemplateError, RefusedFile) as error:
            yield _split(error)


def _split(error: BaseException) -> Problem:
    """A problem from an error whose text starts with its place: "file:line: message"."""
    place, _, message = str(error).partition(": ")
    return Problem.at(place, message)


def _locator(path: Path, text: str) -> Callable[..., str]:
    def locate(*snippets: str) -> str:
        lines = text.splitlines()
        found = (number for snippet in snippets for number, line in enumerate(lines, 1) if snippet in line)
        return f"{path}:{next(found, 1)}"

    return locate


def _locales(template_set: TemplateSet) -> Iterator[Problem]:
    """Translation tables that cannot be read, or whose labels reach beyond {name} placeholders."""
    for path in gate.walk(template_set.folder / "locales"):
        if path.suffix == ".toml":
            try:
                read_table(path, template_set.folder)
            except (TemplateError, RefusedFile) as error:
                yield Problem.at(str(path), str(error).removeprefix(f"{path}: "))


def _vocabulary(template_set: TemplateSet) -> Iterator[Problem]:
    """Elements, classes and styles the DOCX writer could not map, read from the template source."""
    vocabulary = Vocabulary(template_set.docx_styles)
    for path, text in _own_templates(template_set):
        plain = _without_jinja(text)
        for match in TAG.finditer(plain):
            tag, attributes = match.group(1).lower(), match.group(2)
            place = f"{path}:{plain.count(chr(10), 0, match.start()) + 1}"
            if not vocabulary.knows(tag):
                yield Problem.at(place, f"<{tag}> is not in the template vocabulary, so the DOCX writer cannot map it")
                continue
            classes = CLASS.search(attributes)
            for name in vocabulary.unknown_classes(tag, classes.group(1).split() if classes else []):
                yield Problem.at(
                    place, f'<{tag} class="{name}"> has no Word style: map "{tag}.{name}" under [docx.styles] in template.toml'
                )
            if STYLE.search(attributes) and tag not in SIZED:
                yield Problem.at(place, f"<{tag}> has a style attribute, which only the PDF would follow")


def _without_jinja(text: str) -> str:
    """The template with its Jinja tags blanked out, keeping offsets and lines."""
    return JINJA.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def required_styles(template_set: TemplateSet) -> dict[str, str]:
    """Every Word style the vocabulary may ask reference.docx for, with its kind."""
    styles = {name: "paragraph" for name in PARAGRAPHS.values()}
    for key, name in {**CLASS_STYLES, **template_set.docx_styles}.items():
        styles[name] = "character" if key.split(".")[0] in ("span", "em", "strong", "a", "code") else "paragraph"
    for role, name in ROLE_STYLES.items():
        styles[name] = "table" if role == "table" else "character" if role in CHARACTER_ROLES else "paragraph"
    for depth in (1, 2, 3):
        styles |= {list_style("ul", depth): "paragraph", list_style("ol", depth): "paragraph", continue_style(depth): "paragraph"}
    return styles


def _styles(template_set: TemplateSet) -> Iterator[Problem]:
    from docx.enum.style import WD_STYLE_TYPE

    from brief.write.docx.reference import ignored_parts, open_reference, reference_bytes

    reference = template_set.reference_docx
    try:  # read and rebuilt as a build does, so the check refuses what a build would, with the same message
        data = reference_bytes(template_set)
        document = open_reference(data, str(reference))
    except BriefError as error:
        yield Problem.at(str(reference), str(error).removeprefix(f"{reference}: "))
        return
    if ignored := ignored_parts(data, str(reference)):
        yield Problem.at(str(reference), f"these parts are ignored, only styles are used: {', '.join(ignored)}", "warning")
    kinds = {WD_STYLE_TYPE.PARAGRAPH: "paragraph", WD_STYLE_TYPE.CHARACTER: "character", WD_STYLE_TYPE.TABLE: "table"}
    present = {style.name: kinds.get(style.type) for style in document.styles}
    for name, kind in sorted(required_styles(template_set).items()):
        if present.get(name) != kind:
            yield Problem.at(str(reference), f"lacks the {kind} style {name!r}, which the vocabulary maps to; add it in Word")
    yield from _font_disagreements(template_set, document)


def _font_disagreements(template_set: TemplateSet, document: Any) -> Iterator[Problem]:
    """Body and heading styles whose font is not the one the CSS gives their elements: the formats would differ."""
    try:
        style = print_style(template_set)
    except (RefusedFile, TemplateError):
        return  # reported by _files or _loads
    for tag in ("p", "h2", "h3", "h4"):  # the body and the section headings (the title's h1 is its own matter)
        name = PARAGRAPHS[tag]
        css, word = style.font(tag, []), _word_font(document, name)
        if css and word and css.casefold() != word.casefold():
            message = f"its style {name!r} is in {word!r}, but the CSS sets <{tag}> in {css!r}: the DOCX and PDF differ; change one"
            yield Problem.at(str(template_set.reference_docx), message, "warning")


def _word_font(document: Any, name: str) -> str | None:
    """The font Word draws style `name` in: its own, its base style's, else the document default (theme fonts unread)."""
    from docx.oxml.ns import qn

    style = document.styles[name] if name in [item.name for item in document.styles] else None
    while style is not None:
        if style.font.name:
            return str(style.font.name)
        style = style.base_style
    default = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    return default.get(qn("w:ascii")) if default is not None else None


def _fonts(template_set: TemplateSet) -> Iterator[Problem]:
    from fontTools.ttLib import TTFont, TTLibError

    declared = {font.family for font in template_set.fonts}
    for font in template_set.fonts:
        for face, path in font.faces.items():
            if not gate.present(path):
                yield Problem.at(str(template_set.folder / "template.toml"), f"{font.family} {face}: {path} does not exist")
                continue
            try:
                TTFont(io.BytesIO(font.read(face)), lazy=True).close()
            except RefusedFile as error:
                yield Problem.at(str(path), error.reason)
            except (TTLibError, OSError, ValueError, AssertionError) as error:
                yield Problem.at(str(path), f"is not a font file fontTools can read: {error}")
    for stylesheet in template_set.stylesheets:
        try:
            css = gate.read_text(stylesheet, gate.STYLESHEET, template_set.folders)
        except RefusedFile:
            continue  # reported by _files, or by the set it comes from
        for family in _css_families(css):
            if family not in declared and family.lower() not in GENERIC_FAMILIES:
                message = f"uses the font {family!r}, which the set does not ship; machines without it will print another"
                yield Problem.at(str(stylesheet), message, "warning")


def _css_families(css: str) -> Iterator[str]:
    for match in FONT_FAMILY.finditer(css):
        for family in match.group(1).split(","):
            name = family.strip().strip("\"'")
            if name and "var(" not in name:
                yield name


def _trial_build(template_set: TemplateSet) -> list[Problem]:
    """Build the sample brief with the set, in PDF and DOCX, in memory."""
    from brief.input.loader import load
    from brief.input.project import Project
    from brief.render.engine import render_document
    from brief.write.docx.writer import write_docx
    from brief.write.pdf import write_pdf

    loaded = load(SAMPLE, project=Project())
    try:
        document = render_document(loaded, template_set)
        _, warnings = write_pdf(replace(document, template_set=_without_page_limit(template_set)))
        write_docx(document)
    except BriefError as error:
        return [Problem.at(str(template_set.folder), f"the trial build of the sample brief failed: {error}")]
    problems = [Problem.at(str(template_set.folder), f"the trial PDF: {warning}", "warning") for warning in warnings]
    return problems + list(_furniture(template_set, document.html))


def _furniture(template_set: TemplateSet, html: str) -> Iterator[Problem]:
    """A second page header or footer: the DOCX's holds both, but the PDF's running element prints one per page."""
    import tinyhtml5

    root = tinyhtml5.parse(html, namespace_html_elements=False)
    for tag, name in FURNITURE.items():
        if len([element for element in root.iter(tag) if name in (element.get("class") or "").split()]) > 1:
            message = (
                f'{tag}: the set adds a second <{tag} class="{name}">, so the PDF will not print it on every page while the DOCX does;'
                f" put the line inside the one {tag}" + (" (the house_line block)" if tag == "footer" else "")
            )
            yield Problem.at(_place_of(template_set, name), message)


def _place_of(template_set: TemplateSet, snippet: str) -> str:
    """The file and line of the set's own templates where `snippet` is written, or the set's folder."""
    for path, text in _own_templates(template_set):
        if snippet in text:
            return _locator(path, text)(snippet)
    return str(template_set.folder)


def _without_page_limit(template_set: TemplateSet) -> TemplateSet:
    """The set without max_pages: the sample is longer than a memo by design."""
    return replace(template_set, metadata=template_set.metadata.model_copy(update={"max_pages": None}))

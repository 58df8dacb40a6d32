"""What a template set's stylesheets give one class, for a writer that cannot apply CSS itself.

The DOCX draws its watermarks in the family the PDF's CSS gives them, so both formats show
the same letters. Stylesheets are read through the gate and parsed with tinycss2, as
WeasyPrint parses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2

from brief import gate
from brief.render.template_set import TemplateSet


def class_font(template_set: TemplateSet, class_name: str) -> str | None:
    """The family the set's stylesheets draw `.class_name` in (the last rule wins, a child set's over its parent's); else the set's first font."""
    family = None
    for stylesheet in template_set.stylesheets:
        css = gate.read_text(stylesheet, gate.STYLESHEET, template_set.folders)
        family = _family(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), class_name) or family
    fonts = template_set.fonts
    return family or (fonts[0].family if fonts else None)


def _family(rules: Iterable[object], class_name: str) -> str | None:
    """The first family of the last font-family that rules (at any @media depth) give a selector naming `.class_name`."""
    selector = re.compile(rf"\.{re.escape(class_name)}(?![\w-])")
    family = None
    for rule in rules:
        if isinstance(rule, tinycss2.ast.AtRule) and rule.content is not None:
            found = _family(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), class_name)
        elif isinstance(rule, tinycss2.ast.QualifiedRule) and selector.search(tinycss2.serialize(rule.prelude)):
            declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            found = next((_first_family(item.value) for item in declarations if _is_font_family(item)), None)
        else:
            continue
        family = found or family
    return family


def _is_font_family(item: object) -> bool:
    return isinstance(item, tinycss2.ast.Declaration) and item.lower_name == "font-family"


def _first_family(tokens: list[tinycss2.ast.Node]) -> str | None:
    """The first family of a font-family value: a quoted name, or unquoted words up to the first comma."""
    words: list[str] = []
    for token in tokens:
        if isinstance(token, tinycss2.ast.StringToken) and not words:
            return str(token.value)
        if isinstance(token, tinycss2.ast.LiteralToken) and token.value == ",":
            break
        if isinstance(token, tinycss2.ast.IdentToken):
            words.append(token.value)
    return " ".join(words) or None

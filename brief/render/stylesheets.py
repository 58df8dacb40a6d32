"""What a template set's stylesheets give an element, for a writer that cannot apply CSS itself.

The DOCX draws its watermarks in the family the PDF's CSS gives them, and its boxes, list
indents, table widths and page breaks as the print rules say (`PrintStyle`), so both formats
look like one publication. Stylesheets are read through the gate and parsed with tinycss2, as
WeasyPrint parses them. Only what the DOCX needs is understood: rules whose selectors are one
compound (`section.summary`, `.summary`, `table`), at the top level or under `@media print`,
with their `var()`s filled in and the box shorthands spelt out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import tinycss2

from brief import gate
from brief.render.template_set import TemplateSet

# WeasyPrint's own rule (html5_ua.css): lists are indented when a set's CSS says nothing.
USER_AGENT = "ol, ul { padding-left: 40px; }"
COMPOUND = re.compile(r"^([a-zA-Z][\w-]*|\*)?((?:\.[\w-]+)*)$")
VARIABLE = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)")
SIDES = ("top", "right", "bottom", "left")


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


@dataclass(frozen=True)
class Rule:
    """One compound selector of a rule, with the rule's declarations (longhands, variables filled in)."""

    tag: str | None
    classes: frozenset[str]
    order: int
    values: dict[str, str]

    def matches(self, tag: str, classes: Iterable[str]) -> bool:
        """Whether the selector names an element with this tag and these classes."""
        return self.tag in (None, tag) and self.classes <= set(classes)

    def rank(self) -> tuple[int, int, int]:
        """Specificity (classes, then the tag), then place: the cascade's order for one element."""
        return len(self.classes), int(self.tag is not None), self.order


class PrintStyle:
    """What the set's print rules (and WeasyPrint's list indent) give an element, by its tag and classes."""

    def __init__(self, stylesheets: Sequence[str]) -> None:
        self.variables: dict[str, str] = {}
        self.rules: list[Rule] = []
        for css in (USER_AGENT, *stylesheets):
            self._read(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))

    def value(self, tag: str, classes: Iterable[str], name: str) -> str | None:
        """The value of property `name` the cascade gives the element, or None when no rule sets it."""
        named = list(classes)
        found = [rule for rule in self.rules if name in rule.values and rule.matches(tag, named)]
        return max(found, key=Rule.rank).values[name] if found else None

    def font(self, tag: str, classes: Iterable[str]) -> str | None:
        """The first family the element is drawn in: its own rules', else the page's (html, body)."""
        value = self.value(tag, classes, "font-family") or self.value("body", [], "font-family") or self.value("html", [], "font-family")
        return _first_family(list(tinycss2.parse_component_value_list(value))) if value else None

    def _read(self, rules: Iterable[object]) -> None:
        for rule in rules:
            if isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "media" and rule.content is not None:
                if "screen" not in tinycss2.serialize(rule.prelude).lower():
                    self._read(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            elif isinstance(rule, tinycss2.ast.QualifiedRule):
                self._rule(
                    tinycss2.serialize(rule.prelude),
                    tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True),
                )

    def _rule(self, prelude: str, declarations: list[object]) -> None:
        values: dict[str, str] = {}
        for item in declarations:
            if isinstance(item, tinycss2.ast.Declaration):
                value = VARIABLE.sub(self._variable, tinycss2.serialize(item.value)).strip()
                if item.name.startswith("--"):
                    self.variables[item.name] = value
                else:
                    values |= dict(_longhands(item.lower_name, value))
        for selector in prelude.split(","):
            if match := COMPOUND.match(selector.strip()):
                tag = None if match.group(1) in (None, "*") else match.group(1).lower()
                self.rules.append(Rule(tag, frozenset(match.group(2).split(".")[1:]), len(self.rules), values))

    def _variable(self, match: re.Match[str]) -> str:
        return self.variables.get(match.group(1), match.group(2) or "")


def print_style(template_set: TemplateSet) -> PrintStyle:
    """The print rules of the set's stylesheets, the parent's first."""
    return PrintStyle([gate.read_text(path, gate.STYLESHEET, template_set.folders) for path in template_set.stylesheets])


def _longhands(name: str, value: str) -> Iterator[tuple[str, str]]:
    """A declaration as the longhands the DOCX reads: box shorthands per side, background as its colour."""
    words = value.split()
    if name in ("padding", "margin") and 0 < len(words) <= 4:
        top, right, bottom = words[0], words[min(1, len(words) - 1)], words[2 if len(words) > 2 else 0]
        sizes = (top, right, bottom, words[3] if len(words) > 3 else right)
        yield from ((f"{name}-{side}", size) for side, size in zip(SIDES, sizes, strict=True))
    elif name == "border":
        yield from ((f"border-{side}", value) for side in SIDES)
    elif name == "background":
        yield "background-color", next((word for word in words if word.startswith("#")), "transparent")
    else:
        yield name, value.removesuffix("!important").strip()

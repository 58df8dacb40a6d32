"""The template vocabulary: the HTML a template set may use, and what each part becomes in Word.

This table is the contract between editors and the DOCX writer, documented in
docs/templates.md. The PDF can print any HTML, but the DOCX writer maps element by element,
so a template that strays outside this vocabulary is stopped with the element, its class and
the template line it came from, rather than losing part of the brief in Word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Elements read for document properties and otherwise skipped.
HEAD = frozenset({"head", "title", "meta", "link", "style"})
# Elements that only group blocks; their classes are for CSS and need no Word style.
CONTAINERS = frozenset({"html", "body", "main", "section", "div", "aside", "article", "nav", "header", "footer", "figure", "blockquote"})
# Elements that become one Word paragraph each, with their default Word style.
# The page's one h1 is the document's title; sections start at h2, Word's Heading 1.
PARAGRAPHS: Mapping[str, str] = {
    "p": "Normal",
    "h1": "Title",
    "h2": "Heading 1",
    "h3": "Heading 2",
    "h4": "Heading 3",
    "figcaption": "Caption",
}
LISTS = frozenset({"ul", "ol", "li"})
TABLES = frozenset({"table", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col", "caption"})
# Inline elements and the run formatting each gives.
INLINES = frozenset({"span", "em", "i", "strong", "b", "a", "code", "br", "sup", "sub", "img"})
# Elements that may carry an inline style, and the one property each may set (both writers follow it).
SIZED = {"col": ("width",), "img": ("width", "height")}

# Classes that choose a Word style: "tag.class" -> style name.
CLASS_STYLES: Mapping[str, str] = {
    "h1.title": "Title",
    "h2.toc-heading": "TOC Heading",
    "p.toc-entry": "TOC 1",
    "p.subtitle": "Subtitle",
    "p.organisation": "Brief Organisation",
    "p.meta": "Brief Meta",
    "p.classification": "Brief Classification",
    "p.page-number": "Footer",
    "p.estimate": "Brief Estimate",
    "p.references": "Brief References",
    "p.note": "Brief Note",
    "span.likelihood": "Brief Likelihood",
    "span.confidence": "Brief Confidence",
    "span.portion": "Brief Portion",
    "p.release": "Brief Release",
    "p.tlp": "Brief TLP",
    "p.copy-line": "Footer",
    "span.tlp-red": "TLP Red",
    "span.tlp-amber-strict": "TLP Amber",
    "span.tlp-amber": "TLP Amber",
    "span.tlp-green": "TLP Green",
    "span.tlp-clear": "TLP Clear",
}
# Classes with a meaning of their own to the writers, beyond a style.
SPECIAL_CLASSES = frozenset(
    {
        "header.page-header",
        "footer.page-footer",
        "span.footnote",
        "span.page-counter",
        "span.pages-counter",
        "img.logo",
        "a.page-link",
        "div.watermark",
        "div.copy-watermark",
    }
)

# Word styles the writer uses for roles rather than for one element.
ROLE_STYLES: Mapping[str, str] = {
    "table": "Brief Table",
    "th": "Brief Table Heading",
    "td": "Brief Table Text",
    "caption": "Caption",
    "quote": "Quote",
    "page-header": "Header",
    "page-footer": "Footer",
    "footnote-text": "Footnote Text",
    "footnote-reference": "Footnote Reference",
    "hyperlink": "Hyperlink",
    "code": "Brief Code",
}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
LIST_CONTINUE = "List Continue"
LIST_DEPTH = 3


@dataclass(frozen=True)
class Vocabulary:
    """The built-in vocabulary extended by a template set's own [docx.styles] mappings."""

    extra_styles: Mapping[str, str] = field(default_factory=dict)

    def class_style(self, tag: str, classes: Iterable[str]) -> str | None:
        """The Word style a class on this element chooses, if any."""
        for name in classes:
            key = f"{tag}.{name}"
            if key in self.extra_styles:
                return self.extra_styles[key]
            if key in CLASS_STYLES:
                return CLASS_STYLES[key]
        return None

    def unknown_classes(self, tag: str, classes: Iterable[str]) -> list[str]:
        """Classes on a paragraph or inline element that map to nothing the writer knows."""
        if tag in CONTAINERS or tag in LISTS or tag in TABLES:
            return []  # container classes are for CSS
        known = set(self.extra_styles) | set(CLASS_STYLES) | SPECIAL_CLASSES
        return [name for name in classes if f"{tag}.{name}" not in known]

    def knows(self, tag: str) -> bool:
        """Whether the element is in the vocabulary at all."""
        return tag in HEAD or tag in CONTAINERS or tag in PARAGRAPHS or tag in LISTS or tag in TABLES or tag in INLINES


def list_style(kind: str, depth: int) -> str:
    """The Word style of a list item's first paragraph: List Bullet, List Number 2, ..."""
    return _level(LIST_STYLES[kind], depth)


def continue_style(depth: int) -> str:
    """The Word style of a list item's later paragraphs: List Continue, List Continue 2, ..."""
    return _level(LIST_CONTINUE, depth)


def _level(style: str, depth: int) -> str:
    depth = min(depth, LIST_DEPTH)
    return style if depth == 1 else f"{style} {depth}"

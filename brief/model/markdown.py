"""The input's Markdown dialect: what a text field may use, which links it may make, how deep it may nest.

Only what both writers can reproduce is switched on: paragraphs, emphasis, strong, inline
code, links, lists, block quotes and hard line breaks. Raw HTML, headings, code blocks and
rules stay literal text. A link keeps its target only for http, https and mailto.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

ALLOWED_LINK = re.compile(r"^(https?|mailto):", re.IGNORECASE)
# "reference" too: a link reference definition ("[x]: https://…") prints nothing, and every word must arrive.
DISABLED = ["code", "fence", "hr", "html_block", "heading", "lheading", "html_inline", "reference"]


def allowed_link(url: str) -> bool:
    """Whether a link may keep its target: http, https and mailto only."""
    return bool(ALLOWED_LINK.match(url))


def parser() -> MarkdownIt:
    """A parser of the dialect; the render stage adds how each token prints."""
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    markdown.disable(DISABLED)
    markdown.validateLink = allowed_link  # type: ignore[method-assign]
    return markdown


# The renderer silently drops what lies deeper than its maxNesting (20) as `depth` counts it.
_MEASURE = parser()
MAX_DEPTH: int = _MEASURE.options["maxNesting"]
_MEASURE.options["maxNesting"] = MAX_DEPTH + 10  # deep enough to see past the limit, shallow enough to stay quick


def depth(text: str) -> int:
    """How deep the markup of `text` nests: a list item's paragraph is two levels below its list; emphasis counts inline."""
    tokens = _MEASURE.parse(text)
    return max([token.level for token in tokens] + [child.level for token in tokens for child in token.children or ()], default=0)

"""The one Markdown renderer for text fields: input text in, safe HTML out.

Only what both writers can reproduce is switched on: paragraphs, emphasis, strong, inline
code, links, lists, block quotes and hard line breaks. Raw HTML is shown as literal text,
and a link keeps its target only for http, https and mailto; any other link is shown as the
text the analyst typed. Headings, images, code blocks and rules stay literal text too: an
image is never fetched, whatever its address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

ALLOWED_LINK = re.compile(r"^(https?|mailto):", re.IGNORECASE)
# "reference" too: a link reference definition ("[x]: https://…") prints nothing, and every word must arrive.
DISABLED = ["code", "fence", "hr", "html_block", "heading", "lheading", "html_inline", "reference"]


def _allowed_link(url: str) -> bool:
    return bool(ALLOWED_LINK.match(url))


def _literal_image(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """An image as the text the analyst typed, so nothing is ever fetched for it."""
    token = tokens[index]
    return str(escape(f"![{token.content}]({token.attrGet('src') or ''})"))


def _link_open(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """A link, or only its text when it has no target ("[text]()"): an empty href would point at nothing."""
    token = tokens[index]
    if not token.attrGet("href"):
        _closing(tokens, index).meta["bare"] = True
        return ""
    return str(renderer.renderToken(tokens, index, options, env))


def _link_close(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    return "" if tokens[index].meta.get("bare") else str(renderer.renderToken(tokens, index, options, env))


def _closing(tokens: Sequence[Token], index: int) -> Token:
    """The link_close that ends the link opened at `index` (links do not nest)."""
    return next(token for token in tokens[index + 1 :] if token.type == "link_close")


def _renderer() -> MarkdownIt:
    renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    renderer.disable(DISABLED)
    renderer.validateLink = _allowed_link  # type: ignore[method-assign]
    renderer.add_render_rule("image", _literal_image)
    renderer.add_render_rule("link_open", _link_open)
    renderer.add_render_rule("link_close", _link_close)
    return renderer


_RENDERER = _renderer()
# The renderer silently drops what lies deeper than its maxNesting (20) as `depth` counts it.
MAX_DEPTH = _RENDERER.options["maxNesting"]
_MEASURE = _renderer()
_MEASURE.options["maxNesting"] = MAX_DEPTH + 10  # deep enough to see past the limit, shallow enough to stay quick


def depth(text: str) -> int:
    """How deep the markup of `text` nests: a list item's paragraph is two levels below its list; emphasis counts inline."""
    tokens = _MEASURE.parse(text)
    return max([token.level for token in tokens] + [child.level for token in tokens for child in token.children or ()], default=0)


def render_markdown(text: str) -> Markup:
    """Block-level HTML for a Markdown field: paragraphs, lists and quotes."""
    return Markup(_RENDERER.render(text).strip())

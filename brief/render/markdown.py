"""The one Markdown renderer for text fields: input text in, safe HTML out.

The dialect (what is switched on, which links keep their target) is the model's; this module
decides how each part prints. An image is shown as the text the analyst typed, so it is never
fetched, whatever its address; a link without a target prints its text alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from brief.model.markdown import parser


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
    renderer = parser()
    renderer.add_render_rule("image", _literal_image)
    renderer.add_render_rule("link_open", _link_open)
    renderer.add_render_rule("link_close", _link_close)
    return renderer


_RENDERER = _renderer()


def render_markdown(text: str) -> Markup:
    """Block-level HTML for a Markdown field: paragraphs, lists and quotes."""
    return Markup(_RENDERER.render(text).strip())

"""The HTML writer: the rendered document as one standalone file that opens in any browser.

Linked stylesheets are inlined, and every url() in the document's styles (the set's fonts)
becomes a data: URL, so the file needs nothing beside it. Files are read through the same
confinement as the PDF's, so the HTML output reads nothing the PDF could not.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urljoin

from brief.errors import TemplateError
from brief.render.document import RenderedDocument
from brief.render.engine import template_locator
from brief.render.loads import refuse_external_loads
from brief.render.resources import RefusedResource, read_resource

LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
STYLE_END = re.compile(r"</(style)", re.IGNORECASE)
STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
IMPORT = re.compile(r"@import\b", re.IGNORECASE)


def write_html(document: RenderedDocument) -> bytes:
    """The standalone HTML of `document`, as UTF-8 bytes."""
    base = document.template_set.folder.as_uri() + "/"
    allowed = document.allowed_folders
    html = LINK.sub(lambda match: _inline_link(match.group(0), base, allowed), document.html)
    html = STYLE.sub(lambda match: match.group(1) + _inline_urls(match.group(2), base, allowed) + match.group(3), html)
    # What a browser will parse is checked once more, as a browser parses it: nothing may load from anywhere.
    refuse_external_loads(html, base, (), template_locator(document.template_set), follow_links=False)
    return html.encode("utf-8")


def _inline_link(tag: str, base: str, allowed: Sequence[Path]) -> str:
    attributes = {name.lower(): first or second or bare for name, first, second, bare in reversed(ATTRIBUTE.findall(tag))}
    if attributes.get("rel", "").lower() != "stylesheet":
        return tag
    url = urljoin(base, attributes.get("href", ""))
    css = _read(url, allowed).decode("utf-8")
    if IMPORT.search(css):
        raise TemplateError(f"{url}: @import is not supported; link each stylesheet from the template instead")
    # A stylesheet's text must not end the <style> it is put in ("/* </style><img …> */"): "<\/style" is the same CSS.
    inlined = STYLE_END.sub(r"<\\/\1", _inline_urls(css, url, allowed))
    return f"<style>\n{inlined}\n</style>"


def _inline_urls(css: str, base: str, allowed: Sequence[Path]) -> str:
    def data_url(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.lower().startswith("data:"):
            return match.group(0)
        url = urljoin(base, target)
        resource = read_resource(url, allowed) if url.startswith("file:") else None
        if resource is None:
            raise TemplateError(f"{base}: {target!r} is refused: a template may only use files inside its own folder or the input's")
        return f'url("data:{resource.media_type};base64,{base64.b64encode(resource.data).decode("ascii")}")'

    try:
        return URL.sub(data_url, css)
    except RefusedResource as error:
        raise TemplateError(f"{base}: {error}") from error


def _read(url: str, allowed: Sequence[Path]) -> bytes:
    try:
        return read_resource(url, allowed).data
    except RefusedResource as error:
        raise TemplateError(f"{url}: {error}") from error

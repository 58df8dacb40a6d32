"""What in a rendered document would load something: only the set's own files and inline data may.

A template set is someone else's, and a reader opens the brief in a browser, in Word, or in
the preview: an <img> or a CSS url() pointing at a web address would tell that address who
read the brief and when. So before any writer runs, the render stage lists everything in the
document that a browser or a PDF engine would fetch (elements, URL attributes, inline styles,
<style> blocks and the stylesheets the document links) and stops the build at the first one
that is not a file of the template set or a data: image, naming the template file and line.
Links a reader clicks (<a href>) may be web or mail addresses; nothing else may name a scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import tinycss2

from brief import gate
from brief.errors import RefusedFile, TemplateError

# Elements whose whole purpose is to load or run something; none belongs in a brief.
LOADING = frozenset(
    [
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "audio",
        "video",
        "source",
        "track",
        "base",
        "portal",
        "form",
        "input",
        "button",
        "picture",
        "noscript",
        "template",
        "slot",
        "dialog",
    ]
)
# Attributes a browser fetches (or navigates to, or runs) wherever they appear.
URL_ATTRIBUTES = frozenset(
    [
        "src",
        "href",
        "srcset",
        "data",
        "poster",
        "background",
        "action",
        "formaction",
        "cite",
        "longdesc",
        "manifest",
        "ping",
        "codebase",
        "archive",
        "lowsrc",
        "dynsrc",
        "profile",
        "usemap",
        "icon",
        "imagesrcset",
    ]
)
CLICKABLE = ("http:", "https:", "mailto:", "#")
# A string that names a place to load from ("https://…", "//host/…"); "Note: " and "TLP:CLEAR" are text.
ADDRESS = re.compile(r"\s*((?:https?|ftps?|file|blob|wss?|javascript):|//)", re.IGNORECASE)
CSS_URL_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"})

Locate = Callable[..., str]  # the template file and line of the first snippet found there


def refuse_external_loads(html: str, base: str, folders: Sequence[Path], locate: Locate, *, follow_links: bool = True) -> None:
    """Raise TemplateError, at the template line `locate` finds for a snippet, for the first outside load in `html`.

    `base` is the document's own address (the set's folder), against which relative URLs
    resolve; with `follow_links` the stylesheets the document links are read and checked too.
    """
    for tag, attributes, text in _elements(html):
        _check_element(tag, attributes, base, folders, locate)
        if tag == "link" and follow_links:
            url = urljoin(base, dict(attributes).get("href", ""))
            check_css(gate.read_text(Path(url_path(url)), gate.STYLESHEET, folders), url, folders, locate)
        if tag == "style":
            check_css(text, base, folders, locate, inline=True)


def check_css(css: str, url: str, folders: Sequence[Path], locate: Locate, *, inline: bool = False) -> None:
    """Refuse @import, and any url() that is not data: or a file of the set; `url` is the stylesheet's own address."""
    for line, kind, target in css_loads(css):
        place = locate(target) if inline else f"{url_path(url)}:{line}"
        if kind == "import":
            raise TemplateError(f"{place}: @import {target!r} is refused; link each stylesheet of the set from the template instead")
        _check_target(target, url, folders, place, "a CSS url()")


def css_loads(css: str) -> Iterator[tuple[int, str, str]]:
    """Every (line, "import" or "url", address) in a stylesheet, however it is written (escapes, unquoted, nested)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    yield from _walk(rules)


def url_path(url: str) -> str:
    """A file: URL as the path a user knows; anything else as it is."""
    return url2pathname(unquote(urlsplit(url).path)) if url.startswith("file:") else url


def _walk(nodes: Sequence[object]) -> Iterator[tuple[int, str, str]]:
    """Loads among raw CSS nodes, at any depth: a rule's block is walked as tokens, so @media and @font-face are too."""
    for node in nodes:
        line = getattr(node, "source_line", 0)
        if isinstance(node, tinycss2.ast.AtRule) and node.lower_at_keyword == "import":
            yield line, "import", tinycss2.serialize(node.prelude).strip()
        elif isinstance(node, tinycss2.ast.AtKeywordToken) and node.lower_value == "import":
            yield line, "import", "(nested)"
        elif isinstance(node, tinycss2.ast.URLToken):
            yield line, "url", node.value
        elif isinstance(node, tinycss2.ast.FunctionBlock) and node.lower_name in CSS_URL_FUNCTIONS:
            yield from ((line, "url", arg.value) for arg in node.arguments if isinstance(arg, tinycss2.ast.StringToken))
        elif isinstance(node, tinycss2.ast.StringToken) and ADDRESS.match(node.value):
            yield line, "url", node.value  # "http://…" kept in a custom property, for image-set(var(--u)) to load
        for name in ("prelude", "content", "arguments"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                yield from _walk(children)


def _check_element(tag: str, attributes: list[tuple[str, str]], base: str, folders: Sequence[Path], locate: Locate) -> None:
    if tag in LOADING or (tag == "meta" and "http-equiv" in dict(attributes)):
        raise TemplateError(f"{locate('<' + tag)}: <{tag}> is refused: a brief loads and runs nothing")
    for name, value in attributes:
        if name != "style" and "url(" in value.lower():  # SVG paints, masks, markers, cursors: fill="url(…)"
            check_css(f"x{{{name}:{value}}}", base, folders, lambda target: locate(value, f"<{tag}"), inline=True)  # noqa: B023
        if name == "style":
            check_css(f"x{{{value}}}", base, folders, lambda target: locate(value, f"<{tag}"), inline=True)  # noqa: B023 - called at once
        elif name in URL_ATTRIBUTES or name.startswith("on"):
            _check_attribute(tag, name, value, base, folders, locate)


def _check_attribute(tag: str, name: str, value: str, base: str, folders: Sequence[Path], locate: Locate) -> None:
    place = locate(value, f"<{tag}") if value else locate(f"<{tag}")
    if name.startswith("on"):
        raise TemplateError(f"{place}: <{tag} {name}> is refused: a brief runs no scripts")
    if tag == "a" and name == "href":
        if not value.strip().lower().startswith(CLICKABLE):
            raise TemplateError(f"{place}: <a href={value!r}> is refused; links may be http, https, mailto or #anchors")
        return
    if (tag, name) == ("img", "src") and value.strip().lower().startswith("data:image/"):
        _check_svg(value.strip(), base, folders, place, f"<{tag} {name}>")
        return
    if (tag, name) in (("img", "src"), ("link", "href")):
        _check_target(value, base, folders, place, f"<{tag} {name}>")
        return
    raise TemplateError(f"{place}: <{tag} {name}={value!r}> is refused: a brief loads nothing from outside its template set")


def _check_target(target: str, base: str, folders: Sequence[Path], place: str, what: str) -> None:
    """A URL must be inline data, a #fragment, or a file whose real path is in the set's folders; an SVG must be drawable."""
    stripped = target.strip()
    if stripped.startswith("#"):
        return
    if stripped.lower().startswith("data:"):
        _check_svg(stripped, base, folders, place, what)
        return
    if not folders:
        raise TemplateError(f"{place}: {what} {target!r} is refused: the standalone HTML carries everything inline")
    parts = urlsplit(urljoin(base, stripped))
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):  # //host/path is another machine
        raise TemplateError(f"{place}: {what} {target!r} is refused: a brief loads nothing from outside its template set")
    try:
        gate.real_path(Path(url2pathname(unquote(parts.path))), gate.SET_FILE, folders)
    except RefusedFile as error:
        raise TemplateError(f"{place}: {what} {target!r} is refused: {error.reason}") from error
    _check_svg(urljoin(base, stripped), base, folders, place, what)


def _check_svg(url: str, base: str, folders: Sequence[Path], place: str, what: str) -> None:
    """An SVG image (inline or a set's file) whose structure would make a renderer draw for ever is refused."""
    from brief.input.images import svg_structure_problem
    from brief.render.resources import RefusedResource, read_resource

    is_svg = url.lower().startswith("data:image/svg") or urlsplit(url).path.lower().endswith(".svg")
    if not is_svg:
        return
    try:
        problem = svg_structure_problem(read_resource(url, folders).data)
    except RefusedResource as error:
        raise TemplateError(f"{place}: {what} is refused: {error}") from error
    if problem:
        raise TemplateError(f"{place}: {what} is refused: the SVG image {problem}")


def _elements(html: str) -> Iterator[tuple[str, list[tuple[str, str]], str]]:
    """Every element (tag, attributes, text), parsed as a browser parses it: the HTML5 algorithm, not a simpler one.

    A simpler parser reads `<!-->`, an unclosed `<style>` or `<title><style>` otherwise than a
    browser does, and whatever it misses a browser would load.
    """
    import tinyhtml5

    root = tinyhtml5.parse(html, namespace_html_elements=False)
    for element in root.iter():
        if isinstance(element.tag, str):  # comments and processing instructions are not elements
            # All of a <style>'s text, around comments and child elements too: in SVG a browser applies it all.
            text = "".join(element.itertext())
            yield _local(element.tag), [(_local(name), value) for name, value in element.attrib.items()], text


def _local(name: str) -> str:
    """A tag or attribute without its namespace (svg:image is image, xlink:href is href), in lower case."""
    return name.rsplit("}", 1)[-1].lower()

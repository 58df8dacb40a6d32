"""An image a project names (its logo) must be one both formats can draw: decoded here as the writers will.

The PDF (WeasyPrint) drops an image it cannot decode with a warning, and the DOCX writer
could not embed it at all, so the two formats would differ. `check` and `build` both refuse
it instead, at the line of brief.toml that names it.
"""

from __future__ import annotations

import io

MAX_PIXELS = 25_000_000  # a logo is small; a larger picture is a decompression bomb, not a logo
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_USES = 200
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def image_problem(data: bytes, suffix: str) -> str | None:
    """Why `data` cannot be drawn as a `suffix` (".png" or ".svg") image in both formats, or None."""
    return _png_problem(data) if suffix == ".png" else _svg_problem(data)


def _png_problem(data: bytes) -> str | None:
    from PIL import ImageFile

    # WeasyPrint, once imported, tells Pillow to draw truncated files as far as they go; a logo must be whole.
    truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        return _decode_problem(data)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated


def _decode_problem(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return f"is a {image.format} image, not a PNG; save it as PNG or SVG"
            if image.width * image.height > MAX_PIXELS:
                return f"is {image.width} by {image.height} pixels; a logo may have at most {MAX_PIXELS:,}"
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"is not a PNG image that can be drawn ({error}); save it again from an image editor"
    return None


def svg_structure_problem(data: bytes) -> str | None:
    """Why an SVG would take a renderer for ever (or is not SVG), read from its structure without drawing it.

    A <use> of a group of <use>s of a group of <use>s … multiplies: eleven levels of ten is
    a hundred billion shapes. Each renderer would try to draw them, so such an SVG is refused
    before any renderer sees it.
    """
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is not SVG: {error}"
    if root.getroottree().docinfo.doctype or root.tag != f"{SVG}svg":
        return "is not SVG (its root must be <svg>, without a DOCTYPE)"
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    uses = [element for element in elements if element.tag == f"{SVG}use"]
    if len(elements) > MAX_SVG_ELEMENTS or len(uses) > MAX_SVG_USES:
        return f"has {len(elements):,} elements and {len(uses):,} <use>; an image may have {MAX_SVG_ELEMENTS:,} and {MAX_SVG_USES:,}"
    by_id = {element.get("id"): element for element in elements if element.get("id")}
    for use in uses:
        target = by_id.get((use.get("href") or use.get(XLINK_HREF) or "").lstrip("#"))
        if target is not None and any(child.tag == f"{SVG}use" for child in target.iter()):
            return "has a <use> of shapes that themselves <use> others, which multiplies without bound; flatten it"
    return None


def _svg_problem(data: bytes) -> str | None:
    import cairosvg

    if problem := svg_structure_problem(data):
        return problem
    try:
        cairosvg.svg2png(bytestring=data, output_width=64, unsafe=False)
    except Exception as error:  # cairosvg raises many kinds for a broken file; each means the same to a user
        return f"is not an SVG image that can be drawn ({type(error).__name__}: {error}); save it again from an image editor"
    return None

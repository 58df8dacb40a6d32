"""An image a project names (its logo) must be one both formats can draw: decoded here as the writers will.

The PDF (WeasyPrint) drops an image it cannot decode with a warning, and the DOCX writer
could not embed it at all, so the two formats would differ. `check` and `build` both refuse
it instead, at the line of brief.toml that names it.
"""

from __future__ import annotations

import io

MAX_PIXELS = 25_000_000  # a logo is small; a larger picture is a decompression bomb, not a logo


def image_problem(data: bytes, suffix: str) -> str | None:
    """Why `data` cannot be drawn as a `suffix` (".png" or ".svg") image in both formats, or None."""
    return _png_problem(data) if suffix == ".png" else _svg_problem(data)


def _png_problem(data: bytes) -> str | None:
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


def _svg_problem(data: bytes) -> str | None:
    import cairosvg

    try:
        cairosvg.svg2png(bytestring=data, output_width=64, unsafe=False)
    except Exception as error:  # cairosvg raises many kinds for a broken file; each means the same to a user
        return f"is not an SVG image that can be drawn ({type(error).__name__}: {error}); save it again from an image editor"
    return None

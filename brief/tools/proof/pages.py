"""PDF pages as pictures, drawn by PDFium at one resolution, so both formats' pages compare at the same size."""

from __future__ import annotations

from typing import Any

from PIL import Image

DPI = 60  # an A4 page is 496 by 702 pixels: a whole page is readable for layout, and a long brief's sheet stays small


def page_images(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Each page of `pdf`, in order, as an RGB picture at `dpi`."""
    import pypdfium2  # here: `brief --help` need not load PDFium

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_draw(document[index], dpi) for index in range(len(document))]
    finally:
        document.close()


def _draw(page: Any, dpi: int) -> Image.Image:
    image: Image.Image = page.render(scale=dpi / 72).to_pil()
    return image.convert("RGB")

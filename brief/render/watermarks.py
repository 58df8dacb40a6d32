"""Watermarks as pictures: DRAFT, and a numbered copy's recipient, drawn once for both formats.

Text would sit in the reading order: a reader copying a paragraph would get stray letters,
and a screen reader would read DRAFT aloud. A picture is never text, and drawn above the
content it shows through shaded boxes too. Each is a translucent PNG of the text turned
diagonally, in the font the set's CSS gives the watermark's class, fitted into its band of
the page: DRAFT in the upper half, the recipient's label below it, so the two never meet; a
label too long to print legibly on one line breaks after its commas onto two or three. The PNG is
made the same, byte for byte, from the same text and font: builds are reproducible.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brief.render.stylesheets import class_font
from brief.render.template_set import Font, TemplateSet

if TYPE_CHECKING:
    import PIL.Image
    from PIL.ImageFont import FreeTypeFont, ImageFont

ANGLE = 35  # degrees, rising from left to right
# A recipient's label too long to print SMALLEST points or more on one line breaks after its commas onto
# up to three lines rather than shrink to a thread across the band; one of more than MOST_PARTS parts
# stays one line (the ways to break it grow fast).
SMALLEST = 12
MOST_LINES = 3
MOST_PARTS = 12
DPI = 200
MM = DPI / 25.4  # pixels per millimetre


@dataclass(frozen=True)
class Style:
    """How one kind of watermark looks and where on the page area it goes (as fractions of its height)."""

    class_name: str  # the element the picture fills, whose CSS font-family it is drawn in
    colour: tuple[int, int, int]
    opacity: float
    largest: float  # the font size in points, when the text is short enough
    width_mm: float
    height_mm: float
    top: float  # style.css places the element at the same fractions: top and height of the page area
    height: float


# The page area of an A4 page with the set's margins is 170 by 251 mm; the bands are 50% and 24% of its height.
DRAFT = Style("watermark", (163, 0, 0), 0.11, 120, 170, 125, 0.10, 0.50)
RECIPIENT = Style("copy-watermark", (0, 0, 0), 0.10, 34, 170, 60, 0.66, 0.24)


@dataclass(frozen=True)
class Watermark:
    """One watermark picture: a PNG and the style (band, colour) it was drawn in."""

    png: bytes
    style: Style

    def data_url(self) -> str:
        """The picture inline, as a data: URL a stylesheet can name."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class Watermarks:
    """The watermarks of one rendering: DRAFT when the brief is a draft, the recipient on a numbered copy."""

    draft: Watermark | None = None
    recipient: Watermark | None = None


NO_WATERMARKS = Watermarks()


def draw_watermarks(template_set: TemplateSet, draft: str | None, recipient: str | None) -> Watermarks:
    """The pictures of the `draft` word and the `recipient`'s label (None or blank: not drawn), in the set's fonts."""
    return Watermarks(
        draft=draw_watermark(template_set, draft, DRAFT) if draft and draft.strip() else None,
        recipient=draw_watermark(template_set, recipient, RECIPIENT) if recipient and recipient.strip() else None,
    )


def draw_watermark(template_set: TemplateSet, text: str, style: Style) -> Watermark:
    """`text` turned diagonally and fitted into `style`'s band, as a translucent PNG."""
    from PIL import Image  # only when a watermark is drawn: Pillow comes with WeasyPrint

    font_bytes = watermark_font(template_set, style.class_name)
    size, text = _layout(font_bytes, " ".join(text.split()), style)
    mask = _turned_text(text, _font(font_bytes, size))
    band = (round(style.width_mm * MM), round(style.height_mm * MM))
    alpha = Image.new("L", band, 0)
    alpha.paste(mask.point(lambda value: round(value * style.opacity)), ((band[0] - mask.width) // 2, (band[1] - mask.height) // 2))
    picture = Image.new("RGBA", band, (*style.colour, 0))  # one colour throughout, its alpha the letters: it packs small
    picture.putalpha(alpha)
    out = io.BytesIO()
    picture.save(out, format="PNG", dpi=(DPI, DPI))  # Pillow writes no time or path: the same text, the same bytes
    return Watermark(out.getvalue(), style)


def watermark_font(template_set: TemplateSet, class_name: str) -> bytes | None:
    """The face the set's CSS draws `.class_name` in (bold where the family has it), read through the gate; None if the set ships no font."""
    family = (class_font(template_set, class_name) or "").casefold()
    fonts = template_set.fonts
    chosen: Font | None = next((font for font in fonts if font.family.casefold() == family), fonts[0] if fonts else None)
    if chosen is None:
        return None
    return chosen.read("bold" if "bold" in chosen.faces else "regular")


def _layout(font_bytes: bytes | None, text: str, style: Style) -> tuple[int, str]:
    """The size and lines to draw `text` in: one line if legible so, else the layout that draws it largest."""
    sized = [(_fitted_size(font_bytes, layout, style), -index, layout) for index, layout in enumerate(_layouts(text))]
    if sized[0][0] >= SMALLEST * DPI / 72:
        return sized[0][0], text
    size, _, layout = max(sized)  # of equal sizes, the fewest lines
    return size, layout


def _layouts(text: str) -> list[str]:
    """`text` on one line, then broken after its commas onto two and three lines, each as even as may be."""
    parts = text.split(", ")
    if len(parts) > MOST_PARTS:
        return [text]
    layouts = [text]
    for count in range(2, min(MOST_LINES, len(parts)) + 1):
        cuts = min(itertools.combinations(range(1, len(parts)), count - 1), key=lambda cuts: _longest(parts, cuts))
        layouts.append("\n".join(_broken(parts, cuts)))
    return layouts


def _broken(parts: list[str], cuts: tuple[int, ...]) -> list[str]:
    """The lines of `parts` broken before each index in `cuts`, each line but the last keeping its comma."""
    edges = (0, *cuts, len(parts))
    return [", ".join(parts[start:end]) + ("," if end < len(parts) else "") for start, end in itertools.pairwise(edges)]


def _longest(parts: list[str], cuts: tuple[int, ...]) -> int:
    """The length of the longest line of `parts` broken at `cuts`."""
    return max(len(line) for line in _broken(parts, cuts))


def _box(text: str, font: FreeTypeFont | ImageFont) -> tuple[int, int, int, int]:
    """The box the letters of `text` take, its lines centred one under another, drawn at the origin."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).multiline_textbbox((0, 0), text, font=font, align="center")
    return math.floor(left), math.floor(top), math.floor(right), math.floor(bottom)


def _fitted_size(font_bytes: bytes | None, text: str, style: Style) -> int:
    """The largest font size, in pixels, at which `text` turned by ANGLE fits the band with a margin."""
    probe = 100
    left, top, right, bottom = _box(text, _font(font_bytes, probe))
    width, height = right - left, bottom - top
    turn = math.radians(ANGLE)
    turned_width = width * math.cos(turn) + height * math.sin(turn)
    turned_height = width * math.sin(turn) + height * math.cos(turn)
    room = 0.94  # the turned text keeps clear of the band's edges
    fit = min(style.width_mm * MM * room / turned_width, style.height_mm * MM * room / turned_height)
    return max(1, min(round(style.largest * DPI / 72), math.floor(probe * fit)))


def _turned_text(text: str, font: FreeTypeFont | ImageFont) -> PIL.Image.Image:
    """The letters of `text` as a mask (255 where ink falls), turned by ANGLE."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = _box(text, font)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).multiline_text((-left, -top), text, font=font, fill=255, align="center")
    return mask.rotate(ANGLE, resample=Image.Resampling.BICUBIC, expand=True)


def _font(font_bytes: bytes | None, size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    if font_bytes is None:  # a set with no fonts of its own: Pillow's built-in face (Latin only)
        return ImageFont.load_default(size)
    return ImageFont.truetype(io.BytesIO(font_bytes), size)

"""The proof sheet: a brief's pages in rows, the PDF's page N beside the DOCX's page N, labelled, as one PNG.

The PNG carries no time or software chunk, so the same brief gives the same bytes.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

BACKGROUND = (72, 72, 72)  # dark, so white pages and empty slots stand out; tests count columns against it
INK = (240, 240, 240)
NOTE_INK = (255, 200, 80)  # a note says what the sheet leaves out: it must not be missed
SLOT = (140, 140, 140)
MARGIN = 24
LABEL = 26
LINE = 24
TEXT_SIZE = 16


@dataclass(frozen=True)
class Column:
    """One format's pages, under the name each of its labels starts with."""

    name: str
    pages: Sequence[Image.Image]


@dataclass(frozen=True)
class Grid:
    """Where things go: the size of a cell (the largest page) and the height of the heading."""

    cell: tuple[int, int]
    heading: int

    def origin(self, row: int, column: int) -> tuple[int, int]:
        """The top left of a cell's label; its page starts LABEL below."""
        return MARGIN + column * (self.cell[0] + MARGIN), self.heading + row * (LABEL + self.cell[1] + MARGIN)


def compose(title: str, columns: Sequence[Column], notes: Sequence[str] = ()) -> bytes:
    """The sheet as PNG bytes: a heading (the title, then each note), then one row per page number."""
    pages = [page for column in columns for page in column.pages]
    cell = (max(page.width for page in pages), max(page.height for page in pages))
    width = Grid(cell, 0).origin(0, len(columns))[0]
    heading = [(line, INK) for line in _wrap(title, width)] + [(line, NOTE_INK) for note in notes for line in _wrap(note, width)]
    grid, rows = Grid(cell, MARGIN + LINE * len(heading) + MARGIN // 2), max(len(column.pages) for column in columns)
    sheet = Image.new("RGB", grid.origin(rows, len(columns)), BACKGROUND)
    for number, (text, ink) in enumerate(heading):
        ImageDraw.Draw(sheet).text((MARGIN, MARGIN + number * LINE), text, fill=ink, font=_font())
    for index, column in enumerate(columns):
        for row in range(rows):
            _cell(sheet, grid, (row, index), column)
    return _png(sheet)


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines that fit a sheet `width` pixels wide, between its margins."""
    lines = [""]
    for word in text.split():
        joined = f"{lines[-1]} {word}".strip()
        if lines[-1] and _font().getlength(joined) > width - 2 * MARGIN:
            lines.append(word)
        else:
            lines[-1] = joined
    return lines


def _cell(sheet: Image.Image, grid: Grid, place: tuple[int, int], column: Column) -> None:
    """One page with its label, or an empty slot where this format has no page of that number."""
    row, index = place
    x, y = grid.origin(row, index)
    draw = ImageDraw.Draw(sheet)
    if row < len(column.pages):
        draw.text((x, y + 4), f"{column.name} · page {row + 1} of {len(column.pages)}", fill=INK, font=_font())
        sheet.paste(column.pages[row], (x, y + LABEL))
        return
    draw.text((x, y + 4), f"{column.name} · no page {row + 1}", fill=NOTE_INK, font=_font())
    draw.rectangle((x, y + LABEL, x + grid.cell[0] - 1, y + LABEL + grid.cell[1] - 1), outline=SLOT, width=2)


@functools.cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own scalable font: the same letters on every machine, so the same sheet bytes."""
    return ImageFont.load_default(size=TEXT_SIZE)


def _png(sheet: Image.Image) -> bytes:
    """PNG bytes with no metadata: Pillow adds a time or text chunk only when asked."""
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()

"""Watermarks in Word: the render stage's picture, floating over the text of every page.

The header is the one story Word repeats on every page, so the picture is anchored there,
centred, in the band of the page area the PDF's CSS gives it (render/watermarks.py). It is a
picture, not text: nothing of it is copied, found or read aloud, and it is marked decorative
so a screen reader passes it by. It floats in front of text (behindDoc="0"), yet Word and
LibreOffice draw a header's contents beneath the body's, so a shaded box (page one's bottom
line) would cover it. Page one therefore floats a copy anchored in the body, at the same place,
and has a first-page header of the same furniture without the picture: one watermark per page.
"""

from __future__ import annotations

import io

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.section import Section
from docx.text.paragraph import Paragraph

from brief.render.watermarks import Watermark

FIRST_ID = 30000  # drawing ids of their own, clear of the ids python-docx gives the body's pictures
DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>'
)
ANCHOR = (
    '<w:r {ns}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}" behindDoc="0" '
    'locked="1" layoutInCell="0" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>{left}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="{name}">{decorative}</wp:docPr>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
)


def add_watermark(paragraph: Paragraph, watermark: Watermark, number: int, section: Section) -> None:
    """Float `watermark` over the pages `paragraph` is on (every page, for a header's), in its band of `section`'s page area."""
    rid, _ = paragraph.part.get_or_add_image(io.BytesIO(watermark.png))
    left, top, width, height = _placement(watermark, section)
    # Named as Word names its own picture watermarks, so whoever edits the file sees what it is.
    name = f"WordPictureWatermark{number}"
    xml = ANCHOR.format(
        ns=nsdecls("w", "wp", "a", "pic", "r"),
        z=251659264 + number,
        left=left,
        top=top,
        cx=width,
        cy=height,
        id=FIRST_ID + number,
        name=name,
        decorative=DECORATIVE,
        rid=rid,
    )
    paragraph._p.append(parse_xml(xml))


def _placement(watermark: Watermark, section: Section) -> tuple[int, int, int, int]:
    """The picture's offsets from the page's left and top edges, width and height, in EMU: as large as its band allows, centred in it.

    Measured from the page, not the margins, so a copy anchored in the body lands where the header's does,
    even in a table cell.
    """
    style = watermark.style
    area_width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    area_height = (section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0)
    band = round(area_height * style.height)
    width = min(area_width, round(band * style.width_mm / style.height_mm))
    height = round(width * style.height_mm / style.width_mm)
    left = (section.left_margin or 0) + (area_width - width) // 2
    return left, (section.top_margin or 0) + round(area_height * style.top) + (band - height) // 2, width, height

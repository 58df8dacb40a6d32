"""Watermarks in Word: the render stage's picture, floating in the page header over the text.

The header is the one story Word repeats on every page, so the picture is anchored there,
centred, in the band of the page area the PDF's CSS gives it (render/watermarks.py). It is a
picture, not text: nothing of it is copied, found or read aloud, and it is marked decorative
so a screen reader passes it by. It floats in front of text (behindDoc="0"), which LibreOffice
draws above shaded boxes; Word draws a header's contents beneath the body's whatever their
order, so there a shaded box covers it, as it covered Word's own watermark shape.
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
    '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="margin"><wp:posOffset>{top}</wp:posOffset></wp:positionV>'
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
    """Float `watermark` over every page whose header holds `paragraph`, in its band of `section`'s page area."""
    rid, _ = paragraph.part.get_or_add_image(io.BytesIO(watermark.png))
    top, width, height = _placement(watermark, section)
    # Named as Word names its own picture watermarks, so whoever edits the file sees what it is.
    name = f"WordPictureWatermark{number}"
    xml = ANCHOR.format(
        ns=nsdecls("w", "wp", "a", "pic", "r"),
        z=251659264 + number,
        top=top,
        cx=width,
        cy=height,
        id=FIRST_ID + number,
        name=name,
        decorative=DECORATIVE,
        rid=rid,
    )
    paragraph._p.append(parse_xml(xml))


def _placement(watermark: Watermark, section: Section) -> tuple[int, int, int]:
    """The picture's offset from the top margin, width and height, in EMU: as large as its band allows, centred in it."""
    style = watermark.style
    area_width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    area_height = (section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0)
    band = round(area_height * style.height)
    width = min(area_width, round(band * style.width_mm / style.height_mm))
    height = round(width * style.height_mm / style.width_mm)
    return round(area_height * style.top) + (band - height) // 2, width, height

"""Watermarks: text across every page, as Word draws its own (a VML text shape in the header).

Word's Design > Watermark makes exactly this shape, named PowerPlusWaterMarkObject, and
LibreOffice reads it as a watermark too. Its font is the one the set's style.css gives the
watermark in the PDF (render/stylesheets.py), so both formats draw it in the same family.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph
from markupsafe import escape

SHAPE_TYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>'
    '<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>'
    '<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>'
    '<v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
)


def add_watermark(paragraph: Paragraph, text: str, number: int, *, light: bool, font: str | None) -> None:
    """Draw `text` diagonally across every page whose header holds `paragraph`, in the family `font` (Word's default if None)."""
    colour, opacity, height = ("#000000", ".08", 60) if light else ("#A30000", ".12", 150)
    width = max(150, min(480, 60 * len(text)))
    family = f"font-family:&quot;{escape(font)}&quot;;" if font else ""
    shape = (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        f"<w:pict>{SHAPE_TYPE if number == 1 else ''}"
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" type="#_x0000_t136" '
        f'style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;rotation:315;z-index:-251654144;'
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        f'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="{colour}" stroked="f">'
        f'<v:fill opacity="{opacity}"/><v:textpath style="{family}font-size:1pt" string="{escape(text)}"/>'
        "</v:shape></w:pict></w:r>"
    )
    paragraph._p.append(parse_xml(shape))

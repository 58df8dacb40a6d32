"""Make templates/policy-brief/reference.docx: the Word styles of the policy-brief set.

Run once to (re)create the file from python-docx's default template:

    python scripts/make_reference_docx.py templates/policy-brief/reference.docx

After that the file belongs to editors, who restyle it in Word; this script records how the
shipped version was made and matches the look of style.css. It defines every style the
template vocabulary names (docs/templates.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from brief.write.docx.package import save

SERIF, SANS, MONO = "PT Serif", "PT Sans", "PT Mono"
INK, MUTED, ACCENT, MARKING, RULE, SHADE = "1B1F24", "59636E", "1F4E79", "A30000", "C8CED6", "EEF2F6"
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_font(
    style, name: str, size: float | None = None, color: str | None = None, bold: bool | None = None, italic: bool | None = None
) -> None:
    """Give a style explicit fonts: theme fonts would override the names Word is told."""
    font = style.font
    font.name = name
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(attribute), None)
    rfonts.set(qn("w:cs"), name)
    rfonts.set(qn("w:eastAsia"), name)
    if size is not None:
        font.size = Pt(size)
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def spacing(style, before: float = 0, after: float = 6) -> None:
    """Paragraph spacing in points."""
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)


def paragraph_style(document, name: str, base: str = "Normal"):
    """A paragraph style, created when the template lacks it."""
    styles = document.styles
    if name in [style.name for style in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def character_style(document, name: str):
    """A character style, created when the template lacks it."""
    styles = document.styles
    if name in [style.name for style in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.base_style = styles["Default Paragraph Font"]
    return style


def table_style(document) -> None:
    """Brief Table: thin rules round every cell, a shaded heading row that repeats."""
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    xml = (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefTable">'
        '<w:name w:val="Brief Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{SANS}" w:hAnsi="{SANS}" w:cs="{SANS}" w:eastAsia="{SANS}"/><w:sz w:val="18"/></w:rPr>'
        f"<w:tblPr><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>"
        f"<w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:tcPr></w:tblStylePr>'
        "</w:style>"
    )
    document.styles.element.append(parse_xml(xml))


def bullets(document) -> None:
    """Bullet lists use a plain bullet in the body font instead of a Symbol-font glyph."""
    numbering = document.part.numbering_part.element
    for style_name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        num_id = int(document.styles[style_name].element.pPr.numPr.numId.val)
        abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
        abstract = numbering.find(f'{qn("w:abstractNum")}[@{qn("w:abstractNumId")}="{abstract_id}"]')
        level = abstract.find(qn("w:lvl"))
        level.find(qn("w:lvlText")).set(qn("w:val"), "•")
        run_properties = level.find(qn("w:rPr"))
        if run_properties is not None:
            level.remove(run_properties)
        run_properties = OxmlElement("w:rPr")
        run_properties.append(OxmlElement("w:rFonts", {qn("w:ascii"): SERIF, qn("w:hAnsi"): SERIF}))
        level.append(run_properties)


def page(document) -> None:
    """A4 with the margins of style.css."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    section.header_distance, section.footer_distance = Mm(8), Mm(8)


def styles(document) -> None:
    """Every style the vocabulary names, in the look of style.css."""
    normal = document.styles["Normal"]
    set_font(normal, SERIF, 10.5, INK)
    spacing(normal, 0, 6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True  # as WeasyPrint keeps two lines together (orphans, widows)
    title = document.styles["Title"]
    set_font(title, SANS, 22, ACCENT, bold=True)
    title.element.get_or_add_pPr().remove_all("w:pBdr")
    spacing(title, 0, 4)
    subtitle = document.styles["Subtitle"]
    set_font(subtitle, SERIF, 13, MUTED, italic=False)  # .subtitle has no family of its own: the body's
    subtitle.element.rPr.remove_all("w:spacing")  # nor any letter-spacing
    subtitle.element.get_or_add_pPr().remove_all("w:numPr")  # python-docx's Subtitle names a list level, of no list
    for level, size in ((1, 13), (2, 11), (3, 10.5)):
        heading = document.styles[f"Heading {level}"]
        # h4 (Heading 3) is not in style.css's sans-serif list, so it is set in the body's serif, as the PDF does
        set_font(heading, SERIF if level == 3 else SANS, size, ACCENT if level == 1 else INK, bold=True, italic=False)
        spacing(heading, 14 if level == 1 else 10, 4)
        heading.paragraph_format.keep_with_next = True  # h2, h3 { break-after: avoid }
    for name in ("Header", "Footer"):
        style = document.styles[name]
        set_font(style, SANS, 8.5, MUTED)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(style, 0, 0)
    quote = document.styles["Quote"]
    set_font(quote, SERIF, italic=True)
    quote.paragraph_format.left_indent = Mm(5)
    for name in (
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "List Number",
        "List Number 2",
        "List Number 3",
        "List Continue",
        "List Continue 2",
        "List Continue 3",
    ):
        spacing(document.styles[name], 0, 3)
        document.styles[name].element.get_or_add_pPr().remove_all("w:contextualSpacing")
    custom = {
        "Brief Organisation": (SANS, 9, MUTED, None),
        "Brief Meta": (SANS, 9.5, MUTED, None),
        "Brief Classification": (SANS, 10, MARKING, True),
        "Brief Estimate": (SANS, 9.5, ACCENT, None),
        "Brief References": (SANS, 9, MUTED, None),
        "Brief Note": (SANS, 8.5, MUTED, None),
        "Brief Table Heading": (SANS, 9, INK, True),
        "Brief Table Text": (SANS, 9, INK, None),
        "Footnote Text": (SERIF, 8, INK, None),
    }
    for name, (font, size, color, bold) in custom.items():
        style = paragraph_style(document, name)
        set_font(style, font, size, color, bold=bold)
        spacing(style, 0, 0 if name.startswith(("Brief Table", "Footnote", "Brief Classification")) else 3)
    toc = paragraph_style(document, "TOC 1")
    set_font(toc, SANS, 10, INK)
    spacing(toc, 0, 3)
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    toc.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    set_font(document.styles["TOC Heading"], SANS, 13, ACCENT, bold=True, italic=False)
    document.styles["Brief Classification"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.styles["Brief Organisation"].font.all_caps = True
    for name in ("Brief Likelihood", "Brief Confidence"):
        character_style(document, name).font.bold = True
    portion = character_style(document, "Brief Portion")
    portion.font.bold = True
    portion.font.name = SANS
    release = paragraph_style(document, "Brief Release")
    set_font(release, SANS, 10, MARKING, bold=True)
    tlp = paragraph_style(document, "Brief TLP")
    set_font(tlp, SANS, 8.5, INK)
    spacing(tlp, 0, 0)
    tlp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, colour in (("TLP Red", "FF2B2B"), ("TLP Amber", "FFC000"), ("TLP Green", "33FF00"), ("TLP Clear", "FFFFFF")):
        label = character_style(document, name)
        label.font.bold = True
        label.font.name = SANS
        label.font.color.rgb = RGBColor.from_string(colour)
        label.element.get_or_add_rPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="000000"/>'))
    reference = character_style(document, "Footnote Reference")
    reference.font.superscript = True
    link = character_style(document, "Hyperlink")
    link.font.color.rgb = RGBColor.from_string(ACCENT)
    link.font.underline = True
    code = character_style(document, "Brief Code")
    code.font.name = MONO
    code.font.size = Pt(9.5)
    table_style(document)


def drop_thumbnail(document) -> None:
    """python-docx's template carries a preview image of another document: not ours."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def main(target: str) -> None:
    document = docx.Document()
    page(document)
    styles(document)
    bullets(document)
    drop_thumbnail(document)
    properties = document.core_properties
    properties.title = properties.subject = properties.comments = properties.keywords = ""
    properties.author = properties.last_modified_by = "brief"
    Path(target).write_bytes(save(document))


if __name__ == "__main__":
    main(sys.argv[1])

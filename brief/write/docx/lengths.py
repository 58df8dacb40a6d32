"""CSS lengths from a template's inline style, as Word lengths: the one sizing both writers share."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from docx.shared import Length, Mm, Pt

LENGTH = re.compile(r"(?:^|;)\s*{property}\s*:\s*([0-9.]+)\s*(mm|cm|pt|px|in)\s*(?:;|$)")
UNITS = {"mm": Mm(1), "cm": Mm(10), "pt": Pt(1), "px": Pt(0.75), "in": Mm(25.4)}


def css_length(element: Element, property_name: str) -> Length | None:
    """The element's `width` or `height` from its style attribute, if it gives one in an absolute unit."""
    match = re.search(LENGTH.pattern.format(property=re.escape(property_name)), element.get("style") or "")
    if match is None:
        return None
    return Length(int(float(match.group(1)) * UNITS[match.group(2)]))

"""Field markers: invisible HTML comments around the text each input field prints.

`<!--brief-field key_judgements[0].statement-->` opens a field and `<!--/brief-field-->` closes
it. The PDF never prints a comment, so it stays as it was; the DOCX writer turns each pair
into a hidden Word bookmark (brief.write.docx.field_marks), which is how a reviewed DOCX tells
`brief absorb` which field each of its words belongs to. A path names the field as the model
does, indexes from 0: `summary`, `implications[2]`, `sections[1].heading`.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from brief.input.positions import FieldPath

START = "<!--brief-field {}-->"
END = "<!--/brief-field-->"
# A path holds names, digits, dots and brackets only, so it can never close the comment early.
MARKER = re.compile(r"<!--brief-field ([A-Za-z0-9_.\[\]]+)-->|<!--/brief-field-->")


def path_text(path: FieldPath) -> str:
    """A field path as the markers write it: ("key_judgements", 0, "statement") is key_judgements[0].statement."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def mark_field(html: Markup | str, path: FieldPath) -> Markup:
    """`html` (plain text is escaped) between the markers of the field at `path`."""
    start = Markup(START.format(path_text(path)))
    return start + escape(html) + Markup(END)


def strip_markers(html: str) -> str:
    """`html` without its field markers."""
    return MARKER.sub("", html)

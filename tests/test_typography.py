"""Typography: quotation marks by language, en dashes in ranges, weights where they belong, no page emptied by a forced break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brief.build import build
from brief.check import check_input
from brief.render.engine import render_document
from brief.render.typography import typeset
from tests.readers import pdf_pages, read_docx
from tests.samples import BUILT_IN_SETS, CLEAN, DISTRIBUTED

QUOTED = CLEAN.replace(
    "summary: The bottom line.",
    "summary: 'The minister said \"no\" and it''s the analysts'' view for 2024-2025, as of 2025-03-14; see `\"raw\"`.'",
)


@pytest.mark.parametrize(
    ("html", "language", "expected"),
    [
        ('<p>"a" b</p>', "en", "<p>\u201ca\u201d b</p>"),
        ('<p>"a" b</p>', "ru", "<p>\u00aba\u00bb b</p>"),
        ("<p>it's</p>", "en", "<p>it\u2019s</p>"),
        ("<p>'it'</p>", "en", "<p>\u2018it\u2019</p>"),
        ("<p>the analysts' view</p>", "en", "<p>the analysts\u2019 view</p>"),
        ('<p>("a")</p>', "en", "<p>(\u201ca\u201d)</p>"),
        ("<p>1990-1995</p>", "en", "<p>1990\u20131995</p>"),
        ("<p>2025-03-14</p>", "en", "<p>2025-03-14</p>"),
        ("<p>1.5-2</p>", "en", "<p>1.5-2</p>"),
        ("<p>a -- b</p>", "en", "<p>a \u2013 b</p>"),
        ('<code>"x" 1-2</code>', "en", '<code>"x" 1-2</code>'),
        ('<a title="&#34;t&#34;">"x"</a>', "en", '<a title="&#34;t&#34;">\u201cx\u201d</a>'),
        ("<p>&#34;a&#34;</p>", "fr", "<p>\u201ca\u201d</p>"),
    ],
)
def test_typesetting_rules_on_both_sides(html: str, language: str, expected: str) -> None:
    """Quotes open after a space or bracket and close after a letter; apostrophes inside and after words; ranges, not dates."""
    assert typeset(html, language) == expected


@pytest.mark.parametrize(("language", "quoted"), [("en", "\u201cno\u201d"), ("ru", "\u00abno\u00bb")])
def test_both_formats_print_the_languages_quotes(tmp_path: Path, language: str, quoted: str) -> None:
    """The PDF and the DOCX print the language's quotes, the apostrophe and the en dash; a date and code keep their characters."""
    (tmp_path / "brief.yaml").write_text(QUOTED + f"language: {language}\n")
    result = build(tmp_path / "brief.yaml", tmp_path / "out", ["pdf", "docx"])
    for text in (" ".join(pdf_pages(result.output("pdf"))), " ".join(read_docx(result.output("docx")).body)):
        assert f"said {quoted} and it\u2019s the analysts\u2019 view for 2024\u20132025, as of 2025-03-14" in text
        assert '"raw"' in text


def computed(html: str, base: Path, selector: tuple[str, str]) -> list[Any]:
    """The computed styles WeasyPrint gives the boxes of elements with tag and class `selector`, laid out as printed."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/").render()
    found = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and element.tag == selector[0] and selector[1] in (element.get("class") or "").split():
                found.append(box.style)
            stack.extend(getattr(box, "children", []))
    return found


@pytest.mark.parametrize("template", BUILT_IN_SETS)
def test_only_the_terms_are_bold_not_the_confidence_table(write_input: Any, template: str) -> None:
    """The confidence level in a judgement's sentence is bold; the table of confidence levels is not."""
    checked = check_input(write_input(CLEAN), template)
    document = render_document(checked.loaded, checked.template_set)
    assert {style["font_weight"] for style in computed(document.html, checked.template_set.folder, ("span", "confidence"))} == {700}
    table = {style["font_weight"] for style in computed(document.html, checked.template_set.folder, ("table", "confidence"))}
    assert table == ({400} if template != "memo" else set())  # the one-page memo prints no table of confidence levels


@pytest.mark.parametrize("template", BUILT_IN_SETS)
def test_no_forced_page_break_before_the_distribution_list(write_input: Any, template: str) -> None:
    """The distribution list follows on the same page when it fits, in the PDF and the DOCX."""
    checked = check_input(write_input(DISTRIBUTED), template)
    document = render_document(checked.loaded, checked.template_set)
    assert {style["break_before"] for style in computed(document.html, checked.template_set.folder, ("section", "distribution"))} == {
        "auto"
    }

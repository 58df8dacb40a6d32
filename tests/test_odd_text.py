"""Text no format can hold is refused at its line; text nested deeper than Markdown prints is refused, not lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from brief.build import build
from brief.errors import InputError
from brief.input.loader import load
from tests.readers import pdf_pages, read_docx
from tests.samples import MINIMAL


@pytest.mark.parametrize(
    "escape, code, what",
    [
        ("\\x01", "0001", "a control character"),
        ("\\0", "0000", "a control character"),
        ("\\e", "001B", "a control character"),
        ("\\x85", "0085", "a control character"),
        ("\\uFFFE", "FFFE", "not a character"),
        ("\\uFDD0", "FDD0", "not a character"),
    ],
)
def test_unprintable_character_is_refused_at_its_line(write_input: Callable[..., Path], escape: str, code: str, what: str) -> None:
    """A YAML escape that makes a character no output can hold is refused at its field's line, by check and build alike."""
    path = write_input(MINIMAL.replace("summary: The bottom line.", f'summary: "The {escape} line."'))
    with pytest.raises(InputError) as refused:
        load(path)
    [problem] = refused.value.problems
    assert (problem.line, problem.field) == (3, "summary")
    assert problem.message.startswith(f"holds U+{code} ({what}), which cannot appear in a brief")


def test_tabs_line_breaks_and_any_printable_character_are_kept(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """The other side of the rule: tabs, line breaks, non-breaking spaces and Cyrillic with accents build as written."""
    path = write_input(MINIMAL.replace("summary: The bottom line.", 'summary: "Tab\\there,\\u00a0nbsp, ру́сский, café."'))
    result = build(path, tmp_path / "out", ["pdf", "docx"])
    docx = " ".join(read_docx(result.output("docx")).body)
    assert "ру́сский" in docx and "café" in docx
    assert "nbsp" in "".join(pdf_pages(result.output("pdf")))


@pytest.mark.parametrize("levels, accepted", [(19, True), (20, False)])
def test_markdown_nested_past_what_prints_is_refused(write_input: Callable[..., Path], tmp_path: Path, levels: int, accepted: bool) -> None:
    """Quotes 19 deep still print every word in every format; 20 deep would lose them, so the input is refused at its line."""
    nested = "> " * levels + "deepest words"
    path = write_input(MINIMAL.replace("summary: The bottom line.", f'summary: "{nested}"'))
    if not accepted:
        with pytest.raises(InputError) as refused:
            load(path)
        [problem] = refused.value.problems
        assert (problem.line, problem.field) == (3, "summary")
        assert "nest 21 levels deep, and words past 20 levels would not print; flatten it" in problem.message
        return
    result = build(path, tmp_path / "out", ["pdf", "docx", "html"])
    assert "deepest words" in " ".join(read_docx(result.output("docx")).body)
    assert "deepest words" in "".join(pdf_pages(result.output("pdf")))
    assert "deepest words" in result.output("html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "summary, words",
    [
        ("[text]() and [more]( )", ["text", "more"]),
        ("[zeta]: https://example.org/q", ["[zeta]:", "https://example.org/q"]),
    ],
    ids=["empty-link-target", "link-reference-definition"],
)
def test_markdown_brief_does_not_link_keeps_its_words(
    write_input: Callable[..., Path], tmp_path: Path, summary: str, words: list[str]
) -> None:
    """A link with no target prints its text, and a link reference definition prints as typed: no word is lost."""
    path = write_input(MINIMAL.replace("summary: The bottom line.", f'summary: "{summary}"'))
    result = build(path, tmp_path / "out", ["docx", "html"])
    body = " ".join(read_docx(result.output("docx")).body)
    assert all(word in body for word in words)
    assert 'href=""' not in result.output("html").read_text(encoding="utf-8")


@pytest.mark.parametrize("length", [255, 256])
def test_a_long_title_builds_and_fills_the_properties_to_their_limit(write_input: Callable[..., Path], tmp_path: Path, length: int) -> None:
    """A title of 255 characters is the DOCX's title property as it is; one longer is cut there with an ellipsis, and prints whole."""
    title = "a" * length
    result = build(write_input(MINIMAL.replace("Minimal brief", title)), tmp_path / "out", ["docx"])
    properties = docx.Document(str(result.output("docx"))).core_properties
    assert properties.title == (title if length == 255 else "a" * 254 + "…")
    assert title in " ".join(read_docx(result.output("docx")).body)

"""The DOCX knows where each field came from: bookmarks around each field's text, a snapshot of it, and a reader of both."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from brief.build import build
from brief.check import check_input
from brief.errors import UnreadableDocx
from brief.input.loader import load
from brief.model.brief import Brief
from brief.render.engine import render_document
from brief.render.fields import strip_markers
from brief.write.docx.field_text import Reading, read_docx_fields
from brief.write.pdf import write_pdf
from tests.docx_edits import NS, part, q, reviewed, rezip
from tests.samples import CLEAN, EXAMPLE, MINIMAL

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def expected_paths(brief: Brief) -> list[str]:
    """Every field path the brief's input has that the policy-brief set prints, in no particular order."""
    paths = ["title", "summary"] + (["subtitle"] if brief.subtitle else []) + (["scope_note"] if brief.scope_note else [])
    for index, judgement in enumerate(brief.key_judgements):
        paths += [f"key_judgements[{index}].statement"] + ([f"key_judgements[{index}].basis"] if judgement.basis else [])
    for index, view in enumerate(brief.alternative_views):
        paths += [f"alternative_views[{index}].view"] + ([f"alternative_views[{index}].basis"] if view.basis else [])
    paths += [f"sections[{index}].{part}" for index in range(len(brief.sections)) for part in ("heading", "body")]
    paths += [f"evidence[{index}].text" for index in range(len(brief.evidence))]
    paths += [f"implications[{index}]" for index in range(len(brief.implications))]
    return paths + [f"indicators[{index}].text" for index in range(len(brief.indicators))]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """CLEAN and MINIMAL, each built into a DOCX."""
    folder = tmp_path_factory.mktemp("small")
    built = {}
    for name, text in (("clean", CLEAN), ("minimal", MINIMAL)):
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        built[name] = build(path, folder, ["docx"]).output("docx")
    return built


@pytest.fixture
def docx_of(tmp_path: Path) -> Callable[[str], bytes]:
    """Build YAML text (dedented) into a DOCX and give its bytes."""

    def make(text: str) -> bytes:
        path = tmp_path / "brief.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return build(path, tmp_path, ["docx"]).output("docx").read_bytes()

    return make


def inputs_and_docx(example_outputs: dict[str, Path], small: dict[str, Path]) -> list[tuple[Path, Path]]:
    return [(EXAMPLE, example_outputs["docx"]), *((path.with_suffix(".yaml"), path) for path in small.values())]


def test_every_field_is_one_bookmark_with_its_path(example_outputs: dict[str, Path], small: dict[str, Path]) -> None:
    """Each field the input has is one hidden bookmark, named _brief_fN, whose snapshot entry names its path."""
    for source, docx in inputs_and_docx(example_outputs, small):
        reading = read_docx_fields(docx.read_bytes())
        assert reading.snapshot is not None
        assert sorted(field.path for field in reading.fields) == sorted(expected_paths(load(source).brief)), source
        assert all(re.fullmatch(r"_brief_f\d+", field.bookmark) for field in reading.fields)
        assert [field.bookmark for field in reading.fields] == list(reading.snapshot.fields)


def test_a_fresh_docx_reads_back_equal_to_its_snapshot(example_outputs: dict[str, Path], small: dict[str, Path]) -> None:
    """Read back as built, every field equals its snapshot, nothing is tracked, and the loose paragraphs are the snapshot's."""
    for _, docx in inputs_and_docx(example_outputs, small):
        reading = read_docx_fields(docx.read_bytes())
        assert reading.snapshot is not None
        for field in reading.fields:
            assert (field.path, field.accepted) == reading.snapshot.fields[field.bookmark]
            assert field.rejected == field.accepted and field.tracked == ()
        assert tuple(paragraph.accepted for paragraph in reading.loose) == reading.snapshot.loose
        assert reading.comments == ()


def test_the_example_fields_read_as_their_input(example_outputs: dict[str, Path]) -> None:
    """Fields read back as the input's text: emphasis as Markdown, the portion marking and the template's numbering left out."""
    fields = {field.path: field.accepted for field in read_docx_fields(example_outputs["docx"].read_bytes()).fields}
    brief = load(EXAMPLE).brief
    assert fields["title"] == brief.title
    assert fields["key_judgements[0].statement"] == brief.key_judgements[0].statement
    assert fields["summary"].startswith("Minsk is **hedging, not defecting**. Lukashenko")
    assert fields["implications[0]"] == brief.implications[0]


def test_the_pdf_is_unchanged_by_the_markers() -> None:
    """The example's PDF is byte for byte the PDF of its HTML with the field markers taken out, and holds none of them."""
    checked = check_input(EXAMPLE, None)
    document = render_document(checked.loaded, checked.template_set)
    assert "<!--brief-field summary-->" in document.html
    marked, _ = write_pdf(document)
    unmarked, _ = write_pdf(replace(document, html=strip_markers(document.html)))
    assert marked == unmarked
    assert b"brief-field" not in marked


def test_the_docx_with_its_snapshot_is_reproducible(docx_of: Callable[[str], bytes]) -> None:
    """The same input gives the same DOCX bytes, snapshot included."""
    assert docx_of(CLEAN) == docx_of(CLEAN)


def test_a_portion_marking_stands_outside_its_field(docx_of: Callable[[str], bytes]) -> None:
    """A portion's marking, printed before its text, is not part of the field's text."""
    marked = CLEAN.replace("    confidence: moderate\n", "    confidence: moderate\n    portion: S\n", 1) + "summary_portion: C\n"
    fields = {field.path: field.accepted for field in read_docx_fields(docx_of(marked)).fields}
    assert (fields["summary"], fields["key_judgements[0].statement"]) == (
        "The bottom line.",
        "The government will fall before the election.",
    )


def test_a_field_printed_twice_is_two_bookmarks(docx_of: Callable[[str], bytes]) -> None:
    """The assessment prints a section's heading in its contents and over the section: two bookmarks, one path."""
    source = MINIMAL + "template: assessment\nsections:\n  - {heading: Background, body: Some text.}\n"
    reading = read_docx_fields(docx_of(source))
    headings = [field for field in reading.fields if field.path == "sections[0].heading"]
    assert [field.accepted for field in headings] == ["Background", "Background"]
    assert len({field.bookmark for field in headings}) == 2


@pytest.fixture(scope="module")
def review(example_outputs: dict[str, Path]) -> Reading:
    """The reading of the example's DOCX after a program edited it as a reviewer would."""
    return read_docx_fields(reviewed(example_outputs["docx"].read_bytes()))


def test_a_changed_word_reads_back_in_its_field(review: Reading) -> None:
    """A word changed in a key judgement is in that field's text, accepted or rejected (it was not tracked)."""
    field = next(field for field in review.fields if field.path == "key_judgements[0].statement")
    assert field.accepted == field.rejected == "Lukashenko is balancing between Moscow, Kyiv and the West rather than breaking with Russia."
    assert review.snapshot is not None and field.accepted != review.snapshot.fields[field.bookmark][1]


def test_tracked_changes_read_accepted_rejected_and_by_whom(review: Reading) -> None:
    """A tracked insertion and deletion in the summary: both texts, and each change with its author and date."""
    field = next(field for field in review.fields if field.path == "summary")
    assert field.accepted.startswith("Belarus is **hedging, not defecting**.")
    assert field.rejected.startswith("Minsk is **hedging, not defecting**.")
    assert [(change.kind, change.text, change.author, change.date) for change in field.tracked] == [
        ("delete", "Minsk is", "Ann Reviewer", "2026-11-25T10:00:00Z"),
        ("insert", "Belarus is", "Ann Reviewer", "2026-11-25T10:00:00Z"),
    ]


def test_a_comment_names_the_field_it_is_anchored_in(review: Reading) -> None:
    """A comment on a judgement's basis names that field, its author, date, text and where it stands."""
    [comment] = review.comments
    assert (comment.field, comment.author, comment.date, comment.text) == (
        "key_judgements[1].basis",
        "Ann Reviewer",
        "2026-11-25T11:00:00Z",
        "Is this still true?",
    )
    basis = next(field for field in review.fields if field.path == "key_judgements[1].basis")
    assert (comment.paragraph, comment.page) == (basis.paragraph, basis.page)


def test_an_edit_outside_every_field_is_a_loose_difference(review: Reading) -> None:
    """A heading the template prints, edited, shows as a loose paragraph that differs from the snapshot's."""
    assert review.snapshot is not None
    now = [paragraph.accepted for paragraph in review.loose]
    assert len(now) == len(review.snapshot.loose)
    assert [(before, after) for before, after in zip(review.snapshot.loose, now, strict=True) if before != after] == [
        ("Key judgements", "Key findings")
    ]


def test_words_typed_after_a_field_show_as_a_loose_difference(docx_of: Callable[[str], bytes]) -> None:
    """Text after a field's bookmark, in its paragraph (where Word puts what is typed at a field's end), is not lost."""
    data = docx_of(CLEAN)
    root = etree.fromstring(part(data, "word/document.xml"))
    start = root.find(".//w:bookmarkStart[@w:name='_brief_f3']", NS)
    end = root.find(f".//w:bookmarkEnd[@w:id='{start.get(q('id'))}']", NS)
    run = etree.Element(q("r"))
    etree.SubElement(run, q("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = " Also this."
    end.addnext(run)
    reading = read_docx_fields(rezip(data, {"word/document.xml": etree.tostring(root)}))
    assert reading.snapshot is not None and reading.snapshot.fields["_brief_f3"][0] == "key_judgements[0].statement"
    assert [field.accepted for field in reading.fields if field.bookmark == "_brief_f3"] == [
        "The government will fall before the election."
    ]
    added = [paragraph.accepted for paragraph in reading.loose if paragraph.accepted not in reading.snapshot.loose]
    assert added == ["1. Also this."]


def test_a_link_word_writes_as_a_field_reads_as_a_link(docx_of: Callable[[str], bytes]) -> None:
    """A HYPERLINK field (as some Word versions save a link) reads as a Markdown link; a page number field is left out."""
    data = docx_of(CLEAN)
    root = etree.fromstring(part(data, "word/document.xml"))
    start = root.find(".//w:bookmarkStart[@w:name='_brief_f3']", NS)
    codes = [("fldChar", "begin"), ("instrText", ' HYPERLINK "https://example.org/x" \\o "tip" '), ("fldChar", "separate")]
    codes += [("t", "see"), ("fldChar", "end"), ("fldChar", "begin"), ("instrText", " PAGE "), ("fldChar", "separate"), ("t", "7")]
    for name, value in reversed([*codes, ("fldChar", "end")]):
        run = etree.Element(q("r"))
        if name == "fldChar":
            etree.SubElement(run, q(name), {q("fldCharType"): value})
        else:
            etree.SubElement(run, q(name)).text = value
        start.addnext(run)
    fields = {field.path: field.accepted for field in read_docx_fields(rezip(data, {"word/document.xml": etree.tostring(root)})).fields}
    assert fields["key_judgements[0].statement"] == "[see](https://example.org/x)The government will fall before the election."


# Markdown and languages


ROUND_TRIP = (
    "The **bold** and *italic* words, ***both***, `code`, a [link](https://example.org) and a [**strong link**](https://example.org/a).\n\n"
    "- first item\n- second *item*\n  - nested item\n- third item\n\n"
    "1. one\n2. two\n\n"
    "> A quote.\n\n"
    "A line\\\nbroken, 3 \\* 4 and snake_case\\_."
)


def indented(text: str) -> str:
    return textwrap.indent(text, "  ")


def test_markdown_reads_back_as_written(docx_of: Callable[[str], bytes]) -> None:
    """Bold, italic, code, links, lists, a quote and a line break read back as the same Markdown, and again once rebuilt from it."""
    source = MINIMAL.replace("summary: The bottom line.", "summary: |\n" + indented(ROUND_TRIP))
    fields = {field.path: field.accepted for field in read_docx_fields(docx_of(source)).fields}
    assert fields["summary"] == ROUND_TRIP
    again = MINIMAL.replace("summary: The bottom line.", "summary: |\n" + indented(fields["summary"]))
    assert {field.path: field.accepted for field in read_docx_fields(docx_of(again)).fields}["summary"] == ROUND_TRIP


def test_a_list_in_a_judgement_is_the_fields_own(docx_of: Callable[[str], bytes]) -> None:
    """A list inside a key judgement (itself an item of the template's numbered list) reads as the field's list."""
    statement = "Something will happen:\n\n- first\n- second"
    source = MINIMAL.replace("statement: Something will happen.", "statement: |\n" + textwrap.indent(statement, "      "))
    fields = {field.path: field.accepted for field in read_docx_fields(docx_of(source)).fields}
    assert fields["key_judgements[0].statement"] == statement


def test_russian_text_reads_back_unchanged(docx_of: Callable[[str], bytes]) -> None:
    """Cyrillic text, with emphasis, reads back as written."""
    summary = "Минск **балансирует** между Москвой и Киевом, а не порывает с *Россией*."
    source = MINIMAL.replace("summary: The bottom line.", f"language: ru\nsummary: {summary}").replace(
        "title: Minimal brief", "title: Беларусь и Россия"
    )
    fields = {field.path: field.accepted for field in read_docx_fields(docx_of(source)).fields}
    assert (fields["summary"], fields["title"]) == (summary, "Беларусь и Россия")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
@pytest.mark.parametrize("template", ["policy-brief", "assessment", "memo"])
def test_libreoffice_keeps_the_bookmarks_and_the_snapshot(tmp_path: Path, template: str) -> None:
    """Saved again by LibreOffice, the DOCX still has every field's bookmark, its snapshot, and unchanged fields equal to it."""
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE.parent, folder)
    source = folder / EXAMPLE.name
    source.write_text(source.read_text(encoding="utf-8").replace("language: en", f"language: en\ntemplate: {template}"), encoding="utf-8")
    built = build(source, tmp_path / "built", ["docx"]).output("docx")
    profile = (tmp_path / "profile").as_uri()
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir", str(tmp_path / "lo")]
    subprocess.run([*command, str(built)], check=True, capture_output=True, timeout=240)
    before, after = read_docx_fields(built.read_bytes()), read_docx_fields((tmp_path / "lo" / built.name).read_bytes())
    assert after.snapshot == before.snapshot and after.snapshot is not None
    assert [(field.bookmark, field.path) for field in after.fields] == [(field.bookmark, field.path) for field in before.fields]
    for field in after.fields:
        assert (field.path, field.accepted) == after.snapshot.fields[field.bookmark]
        assert field.rejected == field.accepted
    assert tuple(paragraph.accepted for paragraph in after.loose) == after.snapshot.loose


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_libreoffice_keeps_a_reviewers_changes(example_outputs: dict[str, Path], review: Reading, tmp_path: Path) -> None:
    """A reviewed DOCX saved again by LibreOffice reads the same: fields both ways, tracked changes, comments, loose paragraphs."""
    (tmp_path / "reviewed.docx").write_bytes(reviewed(example_outputs["docx"].read_bytes()))
    profile = (tmp_path / "profile").as_uri()
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir", str(tmp_path / "lo")]
    subprocess.run([*command, str(tmp_path / "reviewed.docx")], check=True, capture_output=True, timeout=240)
    saved = read_docx_fields((tmp_path / "lo" / "reviewed.docx").read_bytes())
    assert [(field.path, field.accepted, field.rejected, field.tracked) for field in saved.fields] == [
        (field.path, field.accepted, field.rejected, field.tracked) for field in review.fields
    ]
    assert (saved.comments, saved.snapshot) == (review.comments, review.snapshot)
    assert [paragraph.accepted for paragraph in saved.loose] == [paragraph.accepted for paragraph in review.loose]


# Hostile files


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    b' Target="word/document.xml"/></Relationships>'
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t>'
    b"</w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"%PDF-1.7 not a zip", "not a zip archive"),
        (zipped({"_rels/.rels": RELS, "word/document.xml": b"<w:document/>" + b" " * (40 * 1024 * 1024)}), "inflates to"),
        (zipped({"_rels/.rels": RELS, "word/document.xml": LAUGHS}), "DTD"),
        (zipped({"_rels/.rels": RELS}), "no main document part"),
        (zipped({"word/document.xml": b"<w:document/>"}), "no main document part"),
    ],
    ids=["not-a-zip", "zip-bomb", "entity-expansion", "missing-document", "missing-relationships"],
)
def test_hostile_docx_files_are_refused_in_one_line(data: bytes, said: str) -> None:
    """Not a zip, a zip bomb, entity expansion or a missing part: an UnreadableDocx naming the file and the reason."""
    with pytest.raises(UnreadableDocx, match=said) as refused:
        read_docx_fields(data, "reviewed.docx")
    assert str(refused.value).startswith("reviewed.docx: ") and "\n" not in str(refused.value)

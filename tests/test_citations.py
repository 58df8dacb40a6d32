"""Citations as an editor expects them: full once, short after, live links, and notes whose number stays with their text."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest

from brief.build import build
from tests.readers import pdf_dictionary, pdf_pages, read_docx
from tests.samples import CLEAN

LONG_URL = "https://example.org/" + "a-very-long-path-segment-without-spaces" * 3
CITED_THRICE = (
    CLEAN.replace("evidence: [E1, E2]", "evidence: [E1, E2, E3]")
    .replace("source: S2, credibility: 2}", "source: S1, credibility: 2}")
    .replace(
        "  - {id: E2, text: Coalition talks stalled., source: S1, credibility: 2}\n",
        "  - {id: E2, text: Coalition talks stalled., source: S1, credibility: 2}\n  - {id: E3, text: Talks resumed., source: S2}\n",
    )
    .replace(
        "  - {id: S1, title: Wire report, reliability: B, date: 2025-03-01, accessed: 2025-03-02}",
        f"  - {{id: S1, title: 'Wire report: the coalition in crisis', reliability: B, url: '{LONG_URL}', accessed: 2025-03-02}}",
    )
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A brief citing one source twice (E1, E2) with a long address, and another once (E3), in both formats."""
    folder = tmp_path_factory.mktemp("citations")
    (folder / "brief.yaml").write_text(CITED_THRICE)
    result = build(folder / "brief.yaml", folder / "out", ["pdf", "docx"])
    return {name: result.output(name) for name in ("pdf", "docx")}


def test_a_source_is_cited_in_full_once_and_short_after(built: dict[str, Path]) -> None:
    """The first note gives the source in full; the second names its short title and the first note's number; in both formats."""
    notes = read_docx(built["docx"]).footnotes
    assert notes[0].startswith("Wire report: the coalition in crisis.") and LONG_URL in notes[0]
    assert notes[1] == "Wire report, n. 1"
    assert notes[2].startswith("Embassy cable")
    text = " ".join(pdf_pages(built["pdf"]))
    assert "2. Wire report, n. 1" in text
    assert text.count(LONG_URL[:40]) == 2  # the first note and the sources list, never the later note


def test_a_short_title_given_in_the_input_is_the_one_later_notes_use(tmp_path: Path) -> None:
    """`short_title` on a source names it in every note after the first."""
    (tmp_path / "brief.yaml").write_text(CITED_THRICE.replace("reliability: B, url:", "short_title: Wire, reliability: B, url:"))
    notes = read_docx(build(tmp_path / "brief.yaml", tmp_path / "out", ["docx"]).output("docx")).footnotes
    assert notes[1] == "Wire, n. 1"


def test_addresses_are_live_links_in_both_formats(built: dict[str, Path]) -> None:
    """The source's address is a link to it in the PDF (a URI annotation) and in the DOCX (an external hyperlink)."""
    uris = {pdf_dictionary(annotation.get("/A")).get("/URI") for annotation in _annotations(built["pdf"]) if "/A" in annotation}
    assert LONG_URL in uris
    with zipfile.ZipFile(built["docx"]) as package:
        relationships = package.read("word/_rels/footnotes.xml.rels").decode() + package.read("word/_rels/document.xml.rels").decode()
    assert f'Target="{LONG_URL}" TargetMode="External"' in relationships


def test_evidence_ids_and_citations_link_inside_the_document(built: dict[str, Path]) -> None:
    """Evidence ids lead to the evidence table and source titles to the sources list, in the PDF and in the DOCX."""
    internal = [annotation for annotation in _annotations(built["pdf"]) if "/Dest" in annotation or "/GoTo" in str(annotation.get("/A"))]
    assert len(internal) >= 6  # E1 E2 in the judgement, three source titles, the matrix's E1 E2 E3
    with zipfile.ZipFile(built["docx"]) as package:
        document = package.read("word/document.xml").decode()
    anchors = set(re.findall(r'w:hyperlink w:anchor="([^"]+)"', document))
    bookmarks = set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"', document))
    assert {"ref_evidence_E1", "ref_evidence_E2", "ref_source_S1", "ref_source_S2"} <= anchors
    assert anchors <= bookmarks


@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0, reason="pdftotext is not installed")
def test_a_note_starting_with_a_long_address_keeps_its_number_on_its_line(built: dict[str, Path]) -> None:
    """The address breaks inside the note, so no note number stands alone on a line."""
    layout = subprocess.run(["pdftotext", "-layout", str(built["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert not re.search(r"^\s*\d+\.\s*$", layout, re.MULTILINE)
    assert re.search(r"^\s*1\. Wire report: the coalition in crisis\.", layout, re.MULTILINE)


def _annotations(path: Path) -> list[pypdf.generic.DictionaryObject]:
    """Every link annotation of every page."""
    found = []
    for page in pypdf.PdfReader(path).pages:
        found += [annotation.get_object() for annotation in page.get("/Annots", []) or []]
    return found

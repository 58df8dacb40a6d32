"""Numbered copies, manifests, verify and extract: proving which copy a file is, and rebuilding from a PDF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from brief import __version__
from brief.cli import app
from brief.distribution.manifest import sha256
from tests.readers import pdf_array, pdf_catalog, pdf_dictionary, pdf_pages, read_docx
from tests.samples import CLEAN, DISTRIBUTED, EXAMPLE, RECIPIENTS

runner = CliRunner()


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief with a distribution list, built with numbered copies."""
    folder = tmp_path_factory.mktemp("issued")
    (folder / "brief.yaml").write_text(DISTRIBUTED)
    result = runner.invoke(app, ["build", str(folder / "brief.yaml"), "--out", str(folder / "out"), "--copies"])
    assert result.exit_code == 0, result.output
    return folder


def test_one_pdf_per_recipient_naming_them_on_every_page(issued: Path) -> None:
    """Each copy's every page says which copy it is and who it is for (tests/test_watermark.py: and draws the name)."""
    for number, name in enumerate(RECIPIENTS, 1):
        pages = pdf_pages(issued / "out" / f"brief-copy-0{number}.pdf")
        for index, page in enumerate(pages, 1):
            lines = page.splitlines()
            assert lines[-2:] == [f"Copy {number} of 3 — prepared for {name}", f"Page {index} of {len(pages)}"]


def test_master_carries_the_distribution_list(issued: Path) -> None:
    """The master PDF ends with a distribution list page; the DOCX master carries the list too."""
    last = pdf_pages(issued / "out" / "brief.pdf")[-1]
    assert last.splitlines()[0] == "Distribution" or "\nDistribution\n" in last
    assert "2 John Doe, Treasury" in last and "3 Ann Example" in last
    body = read_docx(issued / "out" / "brief.docx").body
    assert "Distribution" in body and "John Doe, Treasury" in body


def test_manifest_lists_every_file_with_its_hash(issued: Path) -> None:
    """The manifest holds every file with its SHA-256, the input's and template set's hashes, and the tool version."""
    manifest = json.loads((issued / "out" / "brief.manifest.json").read_text())
    files = {entry["file"]: entry for entry in manifest["files"]}
    assert sorted(files) == ["brief-copy-01.pdf", "brief-copy-02.pdf", "brief-copy-03.pdf", "brief.docx", "brief.pdf"]
    for name, entry in files.items():
        assert entry["sha256"] == sha256((issued / "out" / name).read_bytes())
    copy = {"number": 2, "of": 3, "recipient": "John Doe, Treasury", "name": "John Doe", "organisation": "Treasury", "role": None}
    assert files["brief-copy-02.pdf"]["copy"] == copy
    assert manifest["input"] == {"file": "brief.yaml", "sha256": sha256((issued / "brief.yaml").read_bytes())}
    assert manifest["template_set"]["name"] == "policy-brief" and len(manifest["template_set"]["sha256"]) == 64
    assert manifest["brief"] == __version__


def test_verify_names_the_copy(issued: Path) -> None:
    """`brief verify` accepts an issued copy and says which it is."""
    result = runner.invoke(app, ["verify", str(issued / "out" / "brief-copy-02.pdf")])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{issued / 'out' / 'brief-copy-02.pdf'}: copy 2 of 3, prepared for John Doe, Treasury, of brief.yaml")


def test_verify_rejects_a_changed_copy(issued: Path, tmp_path: Path) -> None:
    """A copy changed by one byte is rejected, and the message says it changed since it was issued."""
    changed = tmp_path / "out"
    changed.mkdir()
    (changed / "register.jsonl").write_bytes((issued / "out" / "register.jsonl").read_bytes())
    data = bytearray((issued / "out" / "brief-copy-02.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (changed / "brief-copy-02.pdf").write_bytes(bytes(data))
    result = runner.invoke(app, ["verify", str(changed / "brief-copy-02.pdf")])
    assert result.exit_code == 1
    assert "changed since it was issued" in result.stderr


def test_verify_rejects_a_file_no_register_lists(tmp_path: Path) -> None:
    """A file with no register beside it, and none given, is rejected, saying where to give one."""
    (tmp_path / "stray.pdf").write_bytes(b"%PDF-1.7 not ours")
    result = runner.invoke(app, ["verify", str(tmp_path / "stray.pdf")])
    assert result.exit_code == 1
    assert "no issue register found beside it" in result.stderr and "--register FILE" in result.stderr


def test_extract_gives_the_input_back_byte_for_byte(issued: Path, tmp_path: Path) -> None:
    """`brief extract` prints the input a PDF carries, exactly as it was; --out writes it to a file."""
    process = subprocess.run(
        [sys.executable, "-m", "brief", "extract", str(issued / "out" / "brief-copy-03.pdf")], capture_output=True, check=True
    )
    assert process.stdout == (issued / "brief.yaml").read_bytes()
    result = runner.invoke(app, ["extract", str(EXAMPLE)])
    assert result.exit_code == 1
    assert runner.invoke(app, ["extract", str(issued / "out" / "brief.pdf"), "--out", str(tmp_path / "again.yaml")]).exit_code == 0
    assert (tmp_path / "again.yaml").read_bytes() == (issued / "brief.yaml").read_bytes()


def test_a_brief_rebuilds_from_its_pdf_alone(issued: Path, tmp_path: Path) -> None:
    """The extracted input builds the same brief, byte for byte."""
    runner.invoke(app, ["extract", str(issued / "out" / "brief.pdf"), "--out", str(tmp_path / "brief.yaml")])
    assert runner.invoke(app, ["build", str(tmp_path / "brief.yaml"), "--out", str(tmp_path / "out"), "--format", "pdf"]).exit_code == 0
    assert (tmp_path / "out" / "brief.pdf").read_bytes() == (issued / "out" / "brief.pdf").read_bytes()


def test_recipients_file_replaces_the_distribution(tmp_path: Path) -> None:
    """--recipients gives the list: one name a line, or a CSV with a name column."""
    (tmp_path / "brief.yaml").write_text(CLEAN)
    (tmp_path / "list.txt").write_text("# the board\nAlice Board\n\nBob Board, Audit\n")
    (tmp_path / "list.csv").write_text("organisation,name\nAudit,Carol Csv\n")
    for listing, names in (("list.txt", ["Alice Board", "Bob Board"]), ("list.csv", ["Carol Csv"])):
        out = tmp_path / listing.replace(".", "-")
        result = runner.invoke(
            app,
            [
                "build",
                str(tmp_path / "brief.yaml"),
                "--out",
                str(out),
                "--copies",
                "--recipients",
                str(tmp_path / listing),
                "--format",
                "pdf",
            ],
        )
        assert result.exit_code == 0, result.output
        copies = sorted(out.glob("brief-copy-*.pdf"))
        assert [pdf_pages(copy)[0].count(name) >= 1 for copy, name in zip(copies, names, strict=True)] == [True] * len(names)
    assert "Bob Board, Audit" in pdf_pages(tmp_path / "list-txt" / "brief.pdf")[-1]


def test_copies_need_recipients(tmp_path: Path) -> None:
    """--copies with nobody to send to is bad usage, and nothing is written."""
    (tmp_path / "brief.yaml").write_text(CLEAN)
    result = runner.invoke(app, ["build", str(tmp_path / "brief.yaml"), "--out", str(tmp_path / "out"), "--copies"])
    assert result.exit_code == 2
    assert "--copies needs recipients" in result.stderr
    assert not (tmp_path / "out").exists()


def test_pdf_a_is_archival_and_keeps_the_input(tmp_path: Path) -> None:
    """--pdf-a makes a PDF/A-3b whose embedded input is marked as its source."""
    (tmp_path / "brief.yaml").write_text(CLEAN)
    # in a process of its own: WeasyPrint leaves its colour profile file open when it writes PDF/A
    command = [
        sys.executable,
        "-m",
        "brief",
        "build",
        str(tmp_path / "brief.yaml"),
        "--out",
        str(tmp_path / "out"),
        "--format",
        "pdf",
        "--pdf-a",
    ]
    subprocess.run(command, check=True, capture_output=True)
    reader = pypdf.PdfReader(tmp_path / "out" / "brief.pdf")
    xmp = reader.xmp_metadata
    assert xmp is not None
    xml = xmp.rdf_root.toxml()
    assert 'pdfaid:part="3"' in xml and 'pdfaid:conformance="B"' in xml
    names = pdf_array(pdf_dictionary(pdf_dictionary(pdf_catalog(tmp_path / "out" / "brief.pdf")["/Names"])["/EmbeddedFiles"])["/Names"])
    spec = pdf_dictionary(names[1])
    assert str(spec["/AFRelationship"]) == "/Source"
    assert reader.attachments["brief.yaml"][0] == (tmp_path / "brief.yaml").read_bytes()

"""Both formats carry their input and the files it names: `brief extract` gives them back, and the brief rebuilds from them."""

from __future__ import annotations

import base64
import io
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from brief.distribution.attachment import carried_files
from brief.distribution.carried import name_fault
from brief.render.document import CarriedFile
from brief.write.docx.carried_part import item_xml
from tests.samples import ARCHIVE, EARLIER_EXAMPLE, EXAMPLE

runner = CliRunner()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
INPUT = b"title: T\n"
CARRIED = [("belarus.yaml", EXAMPLE.read_bytes()), ("archive/belarus-2026-09.yaml", EARLIER_EXAMPLE.read_bytes())]

MARKED = """\
title: Release test
date: 2025-03-14
status: final
summary: Parliament will sit.
summary_portion: U
key_judgements:
  - {id: KJ1, statement: Parliament will sit., likelihood: likely, confidence: moderate, portion: U}
  - {id: KJ2, statement: The SECRETPLAN proceeds., likelihood: likely, confidence: low, portion: S}
previous: old.yaml
"""
OLD = """\
title: Old
date: 2025-01-10
summary: Old line.
key_judgements:
  - {id: KJ1, statement: Parliament will sit., likelihood: unlikely, confidence: low, portion: U}
  - {id: KJ2, statement: The OLDSECRET plan., likelihood: likely, confidence: low, portion: S}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example, with its previous version and no project, built into PDF and DOCX in a folder of its own."""
    folder = tmp_path_factory.mktemp("carried")
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    shutil.copytree(ARCHIVE, folder / ARCHIVE.name)
    result = build(folder / EXAMPLE.name, folder / "out", ["pdf", "docx"])
    return {name: result.output(name) for name in ("pdf", "docx")}


def pairs(files: tuple[CarriedFile, ...]) -> list[tuple[str, bytes]]:
    """The carried files as (path, bytes) pairs, in order."""
    return [(carried.path, carried.data) for carried in files]


def docx_with(items: list[bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """A zip holding `items` as custom XML parts (all a DOCX needs here), and any `extra` members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "<document/>")
        for number, item in enumerate(items, start=1):
            package.writestr(f"customXml/item{number}.xml", item)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def docx_carrying(names: list[str]) -> bytes:
    """A DOCX whose parts carry INPUT under each of `names`, the first as the input."""
    return docx_with([item_xml(CarriedFile(name, INPUT), number) for number, name in enumerate(names)])


def pdf_carrying(names: list[str]) -> bytes:
    """A PDF embedding INPUT under each of `names`."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for name in names:
        writer.add_attachment(name, INPUT)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def extract_all(source: Path, folder: Path, *options: str) -> tuple[int, str]:
    """Run `brief extract SOURCE --all FOLDER`; its exit code and what it said on standard error."""
    result = runner.invoke(app, ["extract", str(source), "--all", str(folder), *options])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("format_name", ["pdf", "docx"])
def test_each_format_carries_the_input_and_its_previous_version(built: dict[str, Path], format_name: str) -> None:
    """The PDF and the DOCX each carry the input first, then its previous version at its relative path, byte for byte."""
    assert pairs(carried_files(built[format_name])) == CARRIED


@pytest.mark.parametrize("format_name", ["pdf", "docx"])
def test_a_brief_rebuilds_byte_for_byte_from_what_either_format_carries(built: dict[str, Path], tmp_path: Path, format_name: str) -> None:
    """`extract --all` lays out the carried files so `build` makes the same PDF and DOCX again, changes section included."""
    assert extract_all(built[format_name], tmp_path / "files")[0] == 0
    assert sorted(str(path.relative_to(tmp_path / "files")) for path in (tmp_path / "files").rglob("*.yaml")) == sorted(
        name for name, _ in CARRIED
    )
    again = build(tmp_path / "files" / "belarus.yaml", tmp_path / "out", ["pdf", "docx"])
    for name in ("pdf", "docx"):
        assert again.output(name).read_bytes() == built[name].read_bytes(), name


def test_extract_prints_the_input_a_docx_carries(built: dict[str, Path]) -> None:
    """`brief extract FILE.docx` prints the input to standard output, exactly as it was."""
    process = subprocess.run([sys.executable, "-m", "brief", "extract", str(built["docx"])], capture_output=True, check=True)
    assert process.stdout == EXAMPLE.read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_libreoffice_keeps_the_carried_files(built: dict[str, Path], tmp_path: Path) -> None:
    """A DOCX saved again by LibreOffice still carries the input and its previous version."""
    profile = (tmp_path / "profile").as_uri()  # a private profile: parallel runs must not share one
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(built["docx"])], check=True, capture_output=True, timeout=180)
    saved = tmp_path / built["docx"].name
    assert saved.read_bytes() != built["docx"].read_bytes()
    assert pairs(carried_files(saved)) == CARRIED


def test_a_releasable_version_carries_its_cut_input_alone(tmp_path: Path) -> None:
    """A releasable PDF and DOCX carry the cut input and not the previous version, which holds uncut text."""
    (tmp_path / "brief.yaml").write_text(MARKED)
    (tmp_path / "old.yaml").write_text(OLD)
    result = build(tmp_path / "brief.yaml", tmp_path / "out", ["pdf", "docx"], release_to="UNCLASSIFIED")
    for name in ("pdf", "docx"):
        files = carried_files(result.output(name))
        assert [carried.path for carried in files] == ["brief-releasable.yaml"], name
        assert b"SECRETPLAN" not in files[0].data and b"OLDSECRET" not in files[0].data
        assert b"Parliament will sit." in files[0].data


@pytest.mark.parametrize("name", ["../x.yaml", "/etc/x.yaml", "a\\x.yaml", "C:x.yaml", "a//x.yaml", "./x.yaml"])
@pytest.mark.parametrize("carrier", ["docx", "pdf"])
def test_hostile_carried_names_are_refused(tmp_path: Path, name: str, carrier: str) -> None:
    """A carried file named outside DIR (or not as an input) is refused in one line, and nothing outside DIR is touched."""
    source = tmp_path / "hostile" / f"brief.{carrier}"
    source.parent.mkdir()
    source.write_bytes((docx_carrying if carrier == "docx" else pdf_carrying)(["brief.yaml", name]))
    canary = tmp_path / "x.yaml"
    canary.write_text("canary\n")
    code, said = extract_all(source, tmp_path / "hostile" / "dir")
    assert code == 1
    assert said == f"error: {source}: carries a file named {name!r}, refused: {name_fault(name)}\n"
    assert canary.read_text() == "canary\n"
    assert not (tmp_path / "hostile" / "dir").exists()


def test_names_with_nul_or_control_characters_or_not_an_input_are_refused() -> None:
    """NUL and other control characters (which XML cannot hold but a PDF name can), or a name unlike an input's, make a name unwritable."""
    assert name_fault("a\0.yaml") == name_fault("a\n.yaml") == "it holds a NUL or another control character"
    assert name_fault("x.sh") == "it is not a .yaml, .yml or .json file"
    assert name_fault("archive/belarus-2026-09.yaml") == ""


@pytest.mark.parametrize("format_name", ["pdf", "docx"])
def test_a_symbolic_link_in_dir_is_not_written_through(built: dict[str, Path], tmp_path: Path, format_name: str) -> None:
    """A link in DIR where a carried file's folder goes is refused; the folder it points at stays as it was."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "canary.txt").write_text("canary\n")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "archive").symlink_to(outside)
    code, said = extract_all(built[format_name], tmp_path / "dir")
    assert code == 1
    assert (
        said
        == f"error: {tmp_path / 'dir' / 'archive'}: is a symbolic link; brief extract does not write through links (nothing was written)\n"
    )
    assert sorted(path.name for path in outside.iterdir()) == ["canary.txt"]
    assert not (tmp_path / "dir" / "belarus.yaml").exists()


def test_existing_files_are_refused_without_force(built: dict[str, Path], tmp_path: Path) -> None:
    """Files already in DIR are listed and left alone; --force replaces them."""
    (tmp_path / "dir" / "archive").mkdir(parents=True)
    for name, _ in CARRIED:
        (tmp_path / "dir" / name).write_text("mine\n")
    code, said = extract_all(built["docx"], tmp_path / "dir")
    assert (code, said) == (
        1,
        f"error: {tmp_path / 'dir'}: already holds {', '.join(name for name, _ in CARRIED)}; pass --force to replace them (nothing was written)\n",
    )
    assert (tmp_path / "dir" / "belarus.yaml").read_text() == "mine\n"
    assert extract_all(built["docx"], tmp_path / "dir", "--force")[0] == 0
    assert [(name, (tmp_path / "dir" / name).read_bytes()) for name, _ in CARRIED] == CARRIED


def test_extract_never_writes_over_the_file_it_reads(built: dict[str, Path], tmp_path: Path) -> None:
    """--output naming the DOCX itself is refused, and the DOCX stays whole."""
    source = tmp_path / "brief.docx"
    shutil.copy(built["docx"], source)
    result = runner.invoke(app, ["extract", str(source), "--output", str(source)])
    assert result.exit_code == 1
    assert "which it was read from" in result.stderr
    assert source.read_bytes() == built["docx"].read_bytes()


def test_all_and_output_together_are_a_usage_error(built: dict[str, Path], tmp_path: Path) -> None:
    """--all and --output ask for two things at once: exit 2, nothing written."""
    result = runner.invoke(app, ["extract", str(built["pdf"]), "--all", str(tmp_path / "dir"), "--output", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert not (tmp_path / "dir").exists() and not (tmp_path / "x.yaml").exists()


def test_a_docx_zip_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A custom XML part that inflates to 200 MB is refused by its declared size, without inflating it."""
    bomb = b"<file xmlns='urn:x-brief:carried:1' index='0' role='input' path='a.yaml'>" + b"A" * 200_000_000 + b"</file>"
    (tmp_path / "bomb.docx").write_bytes(docx_with([bomb]))
    started = time.monotonic()
    result = runner.invoke(app, ["extract", str(tmp_path / "bomb.docx")])
    assert time.monotonic() - started < 2
    assert result.exit_code == 1
    assert "customXml/item1.xml inflates to 200,000,0" in result.stderr and "an issued DOCX" in result.stderr


def lying(package: bytes, size: int) -> bytes:
    """`package` with every entry's uncompressed size, in its local header and the zip directory, claimed to be `size`."""
    data = bytearray(package)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        while start >= 0:
            struct.pack_into("<L", data, start + offset, size)
            start = data.find(signature, start + 4)
    return bytes(data)


def test_a_docx_zip_bomb_that_lies_about_its_size_is_refused_quickly(tmp_path: Path) -> None:
    """A part claiming 100 bytes that inflates to 200 MB is cut off at its claim and refused as damaged, after little work."""
    bomb = b"<file xmlns='urn:x-brief:carried:1' index='0' role='input' path='a.yaml'>" + b"A" * 200_000_000 + b"</file>"
    (tmp_path / "bomb.docx").write_bytes(lying(docx_with([bomb]), 100))
    started = time.monotonic()
    result = runner.invoke(app, ["extract", str(tmp_path / "bomb.docx")])
    assert time.monotonic() - started < 2
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "customXml/item1.xml cannot be read: Bad CRC-32" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("items", "said"),
    [
        ([b"<file xmlns='urn:x-brief:carried:1' index='0' role='input' path='a.yaml'>not base64!</file>"], "its base64 cannot be decoded"),
        (
            [b"<file xmlns='urn:x-brief:carried:1' index='0' role='input' path='a.yaml'>" + b"A" * 6_666_672 + b"</file>"],
            "an input may be at most",
        ),
        ([item_xml(CarriedFile("a.yaml", INPUT), 0)] * 9, "carries 9 files; a brief carries at most 8"),
        ([item_xml(CarriedFile("a.yaml", INPUT), 1)], "are not numbered as brief numbers them"),
        ([b"<other xmlns='urn:else'/>"], "carries no brief input (no custom XML part of urn:x-brief:carried:1)"),
    ],
    ids=["bad base64", "too large", "too many", "no input first", "none"],
)
def test_bad_docx_parts_are_refused_in_one_line(tmp_path: Path, items: list[bytes], said: str) -> None:
    """Bad base64, a file larger than an input, too many files, a misnumbered set or none at all: one line each."""
    (tmp_path / "bad.docx").write_bytes(docx_with(items))
    result = runner.invoke(app, ["extract", str(tmp_path / "bad.docx")])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and said in result.stderr, result.stderr


def test_too_many_custom_xml_parts_are_refused(tmp_path: Path) -> None:
    """A DOCX with a flood of custom XML parts is refused before any is parsed."""
    (tmp_path / "flood.docx").write_bytes(docx_with([b"<x/>"] * 65))
    result = runner.invoke(app, ["extract", str(tmp_path / "flood.docx")])
    assert result.exit_code == 1
    assert "has 65 custom XML parts; brief reads a DOCX with at most 64" in result.stderr


def test_the_docx_carries_its_files_reproducibly(built: dict[str, Path]) -> None:
    """Each carried file is a custom XML part, base64 in brief's namespace, with an item ID made from the file (no random GUID)."""
    with zipfile.ZipFile(built["docx"]) as package:
        items = sorted(name for name in package.namelist() if name.startswith("customXml/item") and "Props" not in name)
        items = [name for name in items if b"urn:x-brief:carried:1" in package.read(name)]  # not the fields' snapshot
        texts = [package.read(name) for name in items]
        properties = [package.read(name.replace("item", "itemProps")) for name in items]
    assert texts == [item_xml(CarriedFile(name, data), number) for number, (name, data) in enumerate(CARRIED)]
    assert base64.b64decode(texts[0].rsplit(b">", 2)[1].split(b"<")[0]) == CARRIED[0][1]
    assert all(b'ds:itemID="{' in data and b"urn:x-brief:carried:1" in data for data in properties)
    assert properties[0] != properties[1]

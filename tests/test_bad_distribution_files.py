"""Bad files met in distribution: hostile PDFs to extract, malformed registers to verify against, bad recipients lists.

Each answer is one clear message naming the file and what is wrong in it, exit status 1 and no traceback.
"""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from brief.cli import app
from brief.distribution.manifest import sha256
from brief.distribution.recipients import read_recipients
from tests.samples import CLEAN

runner = CliRunner()
MiB = 1024 * 1024
BOMB_SIZE = 2 * 1024 * MiB  # inflates to 2 GiB of zeros
INPUT = b"title: Carried brief\n"


def refused(arguments: list[str]) -> str:
    """The stderr of a command that must fail with exit status 1 and no traceback."""
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # the CLI's own exit, not an exception escaping it
    return result.stderr


def raw_pdf(entries: bytes, stream: bytes, name: bytes = b"brief.yaml", names: bytes | None = None) -> bytes:
    """A small PDF, written byte by byte, whose one embedded file has the stream dictionary `entries` and the stored bytes `stream`."""
    tree = names if names is not None else b"<< /Names [(" + name + b") 4 0 R] >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        tree,
        b"<< /Type /Filespec /F (" + name + b") /UF (" + name + b") /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d " % len(stream) + entries + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    pdf, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def pypdf_pdf(attachments: dict[str, bytes]) -> bytes:
    """A one-page PDF carrying `attachments`, written by pypdf."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    for name, data in attachments.items():
        writer.add_attachment(name, data)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """zlib data that inflates to 2 GiB of zeros, about 2 MB of it.

    compressobj makes it a chunk at a time; after a full flush the compressor starts afresh,
    so every further chunk compresses to the same bytes, and is copied rather than recompressed.
    The trailer is the Adler-32 of 2 GiB of zeros: 1, and the count modulo 65521.
    """
    chunk, compressor = bytes(16 * MiB), zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]
    checksum = ((BOMB_SIZE % 65521) << 16) | 1
    return first + again * (BOMB_SIZE // len(chunk) - 1) + end + checksum.to_bytes(4, "big")


def extract_error(tmp_path: Path, pdf: bytes) -> tuple[Path, str]:
    """Write `pdf` and run `brief extract` on it, which must fail; the file and what it said."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    return path, refused(["extract", str(path)])


def test_extract_refuses_a_bomb_that_lies_about_its_size_without_inflating_it(tmp_path: Path, bomb: bytes) -> None:
    """A FlateDecode bomb declaring 100 bytes is refused after inflating the input limit and one byte, in little memory."""
    pdf = raw_pdf(b"/Filter /FlateDecode /Params << /Size 100 >>", bomb)
    tracemalloc.start()
    try:
        path, said = extract_error(tmp_path, pdf)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert said == (
        f"error: {path}: its embedded input 'brief.yaml' inflates to more than 5,000,000 bytes; "
        "an input may be at most 5,000,000 bytes (refused without inflating the rest)\n"
    )
    assert peak < 32 * MiB  # the file, a copy or two of its 2 MB, and at most 5 MB inflated; never the 2 GiB


def test_extract_refuses_a_bomb_by_its_declared_size(tmp_path: Path, bomb: bytes) -> None:
    """A bomb that declares its true size is refused by that size, before any inflating."""
    path, said = extract_error(tmp_path, raw_pdf(b"/Filter /FlateDecode /Params << /Size %d >>" % BOMB_SIZE, bomb))
    assert (
        said
        == f"error: {path}: its embedded input 'brief.yaml' declares 2,147,483,648 bytes (/Params /Size); an input may be at most 5,000,000 bytes\n"
    )


def test_extract_refuses_a_huge_attachment(tmp_path: Path) -> None:
    """An unencoded embedded input one byte over the input limit is refused by its length."""
    path, said = extract_error(tmp_path, pypdf_pdf({"brief.yaml": b"x" * 5_000_001}))
    assert said == f"error: {path}: its embedded input 'brief.yaml' is 5,000,001 bytes; an input may be at most 5,000,000 bytes\n"


def test_extract_refuses_compressed_data_no_input_could_make(tmp_path: Path) -> None:
    """FlateDecode data longer than any input of the limit deflates to is refused by its length, not inflated."""
    stored = os.urandom(5_002_000)
    path, said = extract_error(tmp_path, raw_pdf(b"/Filter /FlateDecode", stored))
    assert said == (
        f"error: {path}: its embedded input 'brief.yaml' is 5,002,000 bytes compressed, "
        "more than any input of at most 5,000,000 bytes compresses to\n"
    )


@pytest.mark.parametrize(
    "entries, encoding",
    [
        (b"/Filter /LZWDecode", "/LZWDecode"),
        (b"/Filter [/ASCIIHexDecode /FlateDecode]", "/ASCIIHexDecode /FlateDecode"),
        (b"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>", "/FlateDecode with /DecodeParms"),
    ],
    ids=["lzw", "two-filters", "predictor"],
)
def test_extract_refuses_other_encodings(tmp_path: Path, entries: bytes, encoding: str) -> None:
    """Only FlateDecode, without parameters, or no filter is read; anything else is named and refused."""
    path, said = extract_error(tmp_path, raw_pdf(entries, zlib.compress(INPUT)))
    assert said == (
        f"error: {path}: its embedded input 'brief.yaml' is encoded with {encoding}; "
        "brief reads an input stored with FlateDecode or no filter only\n"
    )


@pytest.mark.parametrize(
    "stream, damage",
    [
        (b"not zlib at all", "its FlateDecode data cannot be inflated (Error -3 while decompressing data: incorrect header check)"),
        (zlib.compress(INPUT * 50)[:-20], "its FlateDecode data ends before its end marker"),
    ],
    ids=["garbage", "cut-short"],
)
def test_extract_refuses_damaged_compressed_data(tmp_path: Path, stream: bytes, damage: str) -> None:
    """FlateDecode data that is not zlib, or stops short, is reported as damaged."""
    path, said = extract_error(tmp_path, raw_pdf(b"/Filter /FlateDecode", stream))
    assert said == f"error: {path}: its embedded input 'brief.yaml' is damaged: {damage}\n"


def test_extract_refuses_a_non_numeric_declared_size(tmp_path: Path) -> None:
    """A /Params /Size that is not a count of bytes is refused."""
    path, said = extract_error(tmp_path, raw_pdf(b"/Params << /Size (huge) >>", INPUT))
    assert said == f"error: {path}: its embedded input 'brief.yaml' declares its size (/Params /Size) as 'huge', not a number of bytes\n"


def test_extract_reads_flate_and_plain_attachments(tmp_path: Path) -> None:
    """A FlateDecode input with its true size, and pypdf's unencoded one, come back byte for byte."""
    for pdf in (raw_pdf(b"/Filter /FlateDecode /Params << /Size %d >>" % len(INPUT), zlib.compress(INPUT)), pypdf_pdf({"in.yml": INPUT})):
        (tmp_path / "brief.pdf").write_bytes(pdf)
        result = runner.invoke(app, ["extract", str(tmp_path / "brief.pdf"), "--out", str(tmp_path / "again.yaml")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "again.yaml").read_bytes() == INPUT


def test_extract_refuses_a_pdf_with_no_attachment(tmp_path: Path) -> None:
    """A PDF that embeds no file says so."""
    path, said = extract_error(tmp_path, pypdf_pdf({}))
    assert said == f"error: {path}: carries no embedded file, so no brief input; was it built by brief?\n"


def test_extract_refuses_an_attachment_not_named_as_an_input(tmp_path: Path) -> None:
    """A PDF whose embedded files are not .yaml, .yml or .json names them and says what is accepted."""
    path, said = extract_error(tmp_path, pypdf_pdf({"notes.txt": INPUT, "brief.yaml.exe": INPUT}))
    assert said == (
        f"error: {path}: carries no brief input: its embedded files ('brief.yaml.exe', 'notes.txt') are not .yaml, .yml or .json files\n"
    )


def test_extract_refuses_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    """A file with no PDF header that is no zip either is refused as neither a PDF nor a DOCX."""
    path, said = extract_error(tmp_path, b"title: a brief, not a PDF\n")
    assert said == (
        f"error: {path}: is neither a PDF (it has no %PDF- header) nor a DOCX (it is not a zip); brief extract reads the PDFs and DOCX files brief builds\n"
    )


def test_extract_refuses_a_truncated_pdf(tmp_path: Path) -> None:
    """A PDF cut in half is reported as unreadable, with pypdf's reason, and pypdf's own log stays quiet."""
    pdf = pypdf_pdf({"brief.yaml": INPUT})
    path, said = extract_error(tmp_path, pdf[: len(pdf) // 2])
    assert said == f"error: {path}: cannot read it as a PDF (is it damaged or cut short?): Stream has ended unexpectedly\n"


def test_extract_refuses_a_name_tree_that_loops(tmp_path: Path) -> None:
    """A name tree whose node lists itself as its kid is walked within a budget, not for ever."""
    path, said = extract_error(tmp_path, raw_pdf(b"", INPUT, names=b"<< /Kids [3 0 R 3 0 R] >>"))
    assert (
        said
        == f"error: {path}: cannot read it as a PDF (is it damaged or cut short?): its embedded files' name tree has more than 1000 nodes\n"
    )


# --- brief verify against a malformed register -------------------------------------------------

ISSUED = b"%PDF-1.7 an issued brief"


def good_record(**change: object) -> dict[str, object]:
    """A register record as a build writes it, for ISSUED as copy 2 of 3, with fields changed (None removes one)."""
    copy = {"number": 2, "of": 3, "recipient": "John Doe"}
    record: dict[str, object] = {"register": 1, "brief": "brief.yaml", "file": "brief-copy-02.pdf", "format": "pdf"}
    record |= {"sha256": sha256(ISSUED), "time": "2026-11-26T10:00:00Z", "build": "0" * 16, "copy": copy, "previous": None}
    record |= change
    return {key: value for key, value in record.items() if value is not None or (key in ("previous", "copy") and key not in change)}


def issued_with_register(folder: Path, text: str) -> Path:
    """ISSUED as brief-copy-02.pdf in `folder`, beside a register holding `text`."""
    (folder / "brief-copy-02.pdf").write_bytes(ISSUED)
    (folder / "register.jsonl").write_text(text)
    return folder / "brief-copy-02.pdf"


@pytest.mark.parametrize(
    "line, fault",
    [
        ("{not json", "line 1 is not JSON"),
        ("[]", "line 1 is not a record brief writes: it is not an object"),
        ("[" * 100_000, "line 1 is not JSON"),
        (json.dumps(good_record(sha256=5)), "its 'sha256' is missing or of the wrong type"),
        (json.dumps(good_record(sha256=None)), "its 'sha256' is missing or of the wrong type"),
        (json.dumps(good_record(copy="John Doe")), "its 'copy' is missing or of the wrong type"),
        (
            json.dumps(good_record(copy={"number": True, "of": 3, "recipient": "John Doe"})),
            "its 'copy' has no number, count (of) or recipient",
        ),
        (json.dumps(good_record(time=1)), "its 'time' is missing or of the wrong type"),
        (json.dumps(good_record(signature="not base64!")), "line 1 has a signature that is not base64"),
    ],
    ids=["not-json", "list", "nested", "sha-number", "sha-missing", "copy-string", "copy-number-bool", "time-number", "signature"],
)
def test_verify_names_what_is_wrong_in_a_register(tmp_path: Path, line: str, fault: str) -> None:
    """A register line that is not a record is named with its line and what is wrong; the file is not vouched for."""
    said = refused(["verify", str(issued_with_register(tmp_path, line + "\n"))])
    assert f"{tmp_path / 'register.jsonl'}:line 1" in said and fault in said


def test_verify_refuses_a_register_over_the_limit_and_a_fifo(tmp_path: Path) -> None:
    """An oversized register is refused by its size, unread; a FIFO is refused without blocking."""
    (tmp_path / "brief-copy-02.pdf").write_bytes(ISSUED)
    big, pipe = tmp_path / "big.jsonl", tmp_path / "pipe.jsonl"
    with big.open("wb") as file:
        file.truncate(256 * MiB + 1)
    os.mkfifo(pipe)
    for register, reason in (
        (big, "it is 268,435,457 bytes; an issue register may be at most 268,435,456 bytes"),
        (pipe, "it is a FIFO (named pipe); an issue register must be a regular file"),
    ):
        said = refused(["verify", str(tmp_path / "brief-copy-02.pdf"), "--register", str(register)])
        assert said == f"error: {register}: cannot read this issue register: {reason}\n"


def test_verify_reads_a_hand_written_record_as_unsigned(tmp_path: Path) -> None:
    """A well-formed record names the copy, and says it is unsigned: anyone could have written it."""
    result = runner.invoke(app, ["verify", str(issued_with_register(tmp_path, json.dumps(good_record()) + "\n"))])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"{tmp_path / 'brief-copy-02.pdf'}: copy 2 of 3, prepared for John Doe, of brief.yaml, issued 2026-11-26 10:00:00 UTC\n"
    )
    assert "unsigned: anyone who can write to its folder could have written this record" in result.stdout


def test_verify_reports_a_malformed_line_beside_a_good_one(tmp_path: Path) -> None:
    """A malformed line is reported as a warning even when a good record, after it, vouches for the file."""
    text = "[]\n" + json.dumps(good_record()) + "\n"
    result = runner.invoke(app, ["verify", str(issued_with_register(tmp_path, text))])
    assert result.exit_code == 0, result.output
    assert f"warning: {tmp_path / 'register.jsonl'}:line 1 is not a record brief writes: it is not an object" in result.stdout


# --- recipients files ------------------------------------------------------------------------


def recipients_error(tmp_path: Path, name: str, text: str) -> tuple[Path, list[str]]:
    """Build with --copies from a recipients file that must be refused; the file and the lines said."""
    (tmp_path / "brief.yaml").write_text(CLEAN)
    listing = tmp_path / name
    listing.write_text(text)
    out = tmp_path / "out"
    said = refused(["build", str(tmp_path / "brief.yaml"), "--out", str(out), "--copies", "--recipients", str(listing), "--format", "pdf"])
    assert not out.exists()
    return listing, said.splitlines()


def test_recipients_csv_reports_every_bad_row_at_its_line(tmp_path: Path) -> None:
    """Short rows, long rows, a missing and an empty name are each reported at their line, all at once."""
    text = 'name,organisation\nJane Roe,Cabinet Office\nJohn Doe\n,Treasury\nAnn,Audit,extra\n\n  ,  \n"Multi\nline",Audit\nOrg Only\n'
    listing, said = recipients_error(tmp_path, "board.csv", text)
    assert said == [
        f"{listing}:3: row 3 has 1 cell; the header names 2 columns: name, organisation",
        f"{listing}:4: row 4 has an empty name column; every recipient needs a name",
        f"{listing}:5: row 5 has 3 cells; the header names 2 columns: name, organisation",
        f"{listing}:10: row 9 has 1 cell; the header names 2 columns: name, organisation",
        "4 problem(s) found; nothing written",
    ]


def test_recipients_csv_with_a_header_but_no_name_column(tmp_path: Path) -> None:
    """A header naming other columns but no name column is refused, not read as a recipient called "organisation"."""
    listing, said = recipients_error(tmp_path, "board.csv", "organisation,email\nTreasury,jane@example.org\n")
    assert said == [
        f"{listing}:1: the header names the columns organisation, email but no name column; "
        "a recipients CSV needs one (and may have an organisation column)",
        "1 problem(s) found; nothing written",
    ]


def test_recipients_csv_without_a_header(tmp_path: Path) -> None:
    """Without a header, a row gives a name and an organisation; more cells, or no name, are reported."""
    listing, said = recipients_error(tmp_path, "board.csv", "Jane Roe,Cabinet Office\n,Treasury\nAnn,Audit,extra\n")
    assert said == [
        f"{listing}:2: row 2 has an empty first cell, the name; every recipient needs a name",
        f"{listing}:3: row 3 has 3 cells; without a header row naming a name column, a row gives a name and an organisation, two cells at most",
        "2 problem(s) found; nothing written",
    ]


def test_recipients_plain_list_line_without_a_name(tmp_path: Path) -> None:
    """A plain list's line with an organisation but no name is reported at its line."""
    listing, said = recipients_error(tmp_path, "board.txt", "# the board\nJane Roe\n, Treasury\n")
    assert said == [
        f"{listing}:3: line 3 has no name before its comma; every recipient needs a name",
        "1 problem(s) found; nothing written",
    ]


def test_recipients_good_files_still_read(tmp_path: Path) -> None:
    """Plain lists, CSVs by header (either spelling of organisation) and CSVs by position give the same recipients."""
    listings = {
        "a.txt": "# the board\nJane Roe\n\nJohn Doe, Treasury\n",
        "b.csv": "organisation,name,email\n,Jane Roe,j@example.org\nTreasury,John Doe,\n",
        "c.csv": "Name,Organization\nJane Roe,\nJohn Doe,Treasury\n",
        "d.csv": "Jane Roe\nJohn Doe,Treasury\n\n",
    }
    for name, text in listings.items():
        (tmp_path / name).write_text(text)
        recipients = read_recipients(tmp_path / name).people
        assert [(r.name, r.organisation) for r in recipients] == [("Jane Roe", None), ("John Doe", "Treasury")], name

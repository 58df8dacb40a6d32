"""Recipients of numbered copies are people: name, role and organisation print on every copy, and their keys stay out of sight."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import docx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from brief.build import build
from brief.distribution.recipients import CopyKey, read_recipients
from brief.errors import InputError
from brief.input.loader import load
from brief.model.brief import Recipient
from brief.render.context_types import Copy
from brief.render.engine import render_document
from brief.render.template_set import find_template_set
from brief.render.watermarks import draw_watermarks
from brief.write.docx.writer import write_docx
from tests.readers import pdf_pages, read_docx
from tests.samples import BUILT_IN_SETS, CLEAN, ROOT

PEOPLE = """\
distribution:
  - {name: Jane Roe, role: Head of Policy, organisation: Cabinet Office}
  - {name: John Doe, organization: Treasury}
  - Ann Example
"""
LABELS = ("Jane Roe, Head of Policy, Cabinet Office", "John Doe, Treasury", "Ann Example")
PASSWORDS = ("correct horse battery", "tr0ub4dor&3")


def copy_line(number: int, total: int, label: str) -> str:
    """The line every page of copy `number` ends its footer with, before the page number."""
    return f"Copy {number} of {total} — prepared for {label}"


def certificate(common_name: str) -> x509.Certificate:
    """A self-signed certificate for `common_name`, as a recipient's would be."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
    return builder.sign(key, hashes.SHA256())


@pytest.fixture(scope="module")
def from_yaml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief whose distribution gives roles and organisations, built as PDF and DOCX with numbered copies."""
    folder = tmp_path_factory.mktemp("people")
    (folder / "brief.yaml").write_text(CLEAN + PEOPLE, encoding="utf-8")
    build(folder / "brief.yaml", folder / "out", ["pdf", "docx"], copies=True)
    return folder


def test_yaml_copies_print_the_full_label_on_every_page(from_yaml: Path) -> None:
    """Each copy's every page names its recipient by name, role and organisation (either spelling)."""
    for number, label in enumerate(LABELS, 1):
        for page in pdf_pages(from_yaml / "out" / f"brief-copy-0{number}.pdf"):
            assert page.splitlines()[-2] == copy_line(number, 3, label)


def test_yaml_distribution_list_prints_labels_in_pdf_and_docx(from_yaml: Path) -> None:
    """The master's distribution list gives each recipient's label, in the PDF and the DOCX."""
    last = pdf_pages(from_yaml / "out" / "brief.pdf")[-1]
    assert all(f"{number} {label}" in last for number, label in enumerate(LABELS, 1))
    rows = [
        [cell.text for cell in row.cells] for table in docx.Document(str(from_yaml / "out" / "brief.docx")).tables for row in table.rows
    ]
    assert rows[-3:] == [[str(number), label] for number, label in enumerate(LABELS, 1)]


def test_yaml_manifest_gives_label_and_parts(from_yaml: Path) -> None:
    """A copy's manifest entry keeps its label as "recipient" and gives name, organisation and role, null where not given."""
    files = {entry["file"]: entry for entry in json.loads((from_yaml / "out" / "brief.manifest.json").read_text())["files"]}
    assert files["brief-copy-01.pdf"]["copy"] == {
        "number": 1,
        "of": 3,
        "recipient": LABELS[0],
        "name": "Jane Roe",
        "organisation": "Cabinet Office",
        "role": "Head of Policy",
    }
    assert files["brief-copy-03.pdf"]["copy"] == {
        "number": 3,
        "of": 3,
        "recipient": "Ann Example",
        "name": "Ann Example",
        "organisation": None,
        "role": None,
    }


@pytest.mark.parametrize("set_name", BUILT_IN_SETS)
def test_every_set_prints_and_draws_the_label(set_name: str, tmp_path: Path) -> None:
    """Every built-in set prints the label in a copy's footer, in the DOCX too, and draws it as the watermark."""
    (tmp_path / "brief.yaml").write_text(CLEAN + PEOPLE, encoding="utf-8")
    loaded = load(tmp_path / "brief.yaml")
    template_set = find_template_set(set_name, ROOT)
    document = render_document(loaded, template_set, Copy.of(1, 3, loaded.brief.distribution[0]))
    (tmp_path / "copy.docx").write_bytes(write_docx(document))
    assert copy_line(1, 3, LABELS[0]) in read_docx(tmp_path / "copy.docx").footer
    assert document.watermarks.recipient == draw_watermarks(template_set, None, LABELS[0]).recipient


def test_a_long_label_still_draws_within_its_band(tmp_path: Path) -> None:
    """A label too long for one legible line is drawn on more lines, in the same band as a short one."""
    template_set = find_template_set("policy-brief", ROOT)
    person = Recipient(
        name="Dr Alexandra Montgomery-Fitzwilliam", role="Deputy Director of Strategic Policy", organisation="Department for Food"
    )
    long, short = (draw_watermarks(template_set, None, label).recipient for label in (person.label, "Ann Example"))
    assert long is not None and short is not None and long.style == short.style
    assert long.png != short.png


def test_yaml_refuses_both_spellings_of_organisation(tmp_path: Path) -> None:
    """A recipient giving organisation and organization both is refused, not silently one of them."""
    (tmp_path / "brief.yaml").write_text(
        CLEAN + "distribution:\n  - {name: Jane Roe, organisation: A, organization: B}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="organization"):
        load(tmp_path / "brief.yaml")


def test_csv_header_in_any_order_and_case(tmp_path: Path) -> None:
    """A CSV's columns are found by their header, in any order and case; other columns are ignored."""
    (tmp_path / "brief.yaml").write_text(CLEAN, encoding="utf-8")
    listing = tmp_path / "board.csv"
    listing.write_text(
        "Email,ROLE,Organization,Name\nj@example.org,Head of Policy,Cabinet Office,Jane Roe\n,,Treasury,John Doe\n,,,Ann Example\n"
    )
    build(tmp_path / "brief.yaml", tmp_path / "out", ["pdf"], copies=True, recipients=listing)
    for number, label in enumerate(LABELS, 1):
        assert pdf_pages(tmp_path / "out" / f"brief-copy-0{number}.pdf")[0].splitlines()[-2] == copy_line(number, 3, label)
    files = {entry["file"]: entry for entry in json.loads((tmp_path / "out" / "brief.manifest.json").read_text())["files"]}
    copy = files["brief-copy-02.pdf"]["copy"]
    assert copy == {"number": 2, "of": 3, "recipient": "John Doe, Treasury", "name": "John Doe", "organisation": "Treasury", "role": None}


def test_csv_password_and_certificate_columns_become_keys(tmp_path: Path) -> None:
    """Password and certificate (PEM or DER, relative to the list's folder) are read into keys, the certificate as DER."""
    pem, der = certificate("Jane Roe"), certificate("John Doe")
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "jane.pem").write_bytes(pem.public_bytes(Encoding.PEM))
    (tmp_path / "certs" / "john.cer").write_bytes(der.public_bytes(Encoding.DER))
    listing = tmp_path / "board.csv"
    listing.write_text(
        f"name,password,certificate\nJane Roe,{PASSWORDS[0]},certs/jane.pem\nJohn Doe,,certs/john.cer\nAnn Example,{PASSWORDS[1]},\n"
    )
    read = read_recipients(listing)
    assert [person.name for person in read.people] == ["Jane Roe", "John Doe", "Ann Example"]
    assert read.keys == (
        CopyKey(PASSWORDS[0], pem.public_bytes(Encoding.DER)),
        CopyKey(None, der.public_bytes(Encoding.DER)),
        CopyKey(PASSWORDS[1], None),
    )
    assert PASSWORDS[0] not in repr(read)


def test_plain_list_has_no_keys(tmp_path: Path) -> None:
    """A plain list reads as before, a name and an organisation a line, with an empty key for each."""
    listing = tmp_path / "board.txt"
    listing.write_text("Jane Roe\nJohn Doe, Treasury\n")
    read = read_recipients(listing)
    assert [person.label for person in read.people] == ["Jane Roe", "John Doe, Treasury"]
    assert read.keys == (CopyKey(), CopyKey())


def test_bad_rows_are_each_reported_at_their_line(tmp_path: Path) -> None:
    """A missing certificate, one outside the folder, one that is no certificate, and a short row: each at its line, at once."""
    folder = tmp_path / "lists"
    folder.mkdir()
    (tmp_path / "outside.pem").write_bytes(certificate("Eve").public_bytes(Encoding.PEM))
    (folder / "notes.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    (folder / "good.der").write_bytes(certificate("Jane Roe").public_bytes(Encoding.DER))
    listing = folder / "board.csv"
    rows = [
        "Jane Roe,secret-one,good.der",
        "John Doe,secret-two,missing.pem",
        "Eve,secret-three,../outside.pem",
        "Mallory,secret-four,notes.pem",
        "Trent",
    ]
    listing.write_text("name,password,certificate\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError) as raised:
        read_recipients(listing)
    problems = raised.value.problems
    assert [problem.line for problem in problems] == [3, 4, 5, 6]
    assert all(problem.file == str(listing) for problem in problems)
    messages = [problem.message for problem in problems]
    assert messages[0].startswith("row 3 names the certificate missing.pem, which cannot be read:")
    assert messages[1].startswith("row 4 names the certificate ../outside.pem, which cannot be read: its real path")
    assert "outside" in messages[1] and "the only place a recipient certificate may come from" in messages[1]
    assert messages[2] == "row 5 names the certificate notes.pem, which is not an X.509 certificate (PEM or DER)"
    assert messages[3] == "row 6 has 1 cell; the header names 3 columns: name, password, certificate"
    assert "secret" not in str(raised.value)


def test_passwords_never_reach_the_outputs(tmp_path: Path) -> None:
    """Passwords from a recipients CSV appear in no PDF or DOCX text, manifest or other file the build writes."""
    (tmp_path / "brief.yaml").write_text(CLEAN, encoding="utf-8")
    listing = tmp_path / "board.csv"
    listing.write_text(f"name,organisation,password\nJane Roe,Cabinet Office,{PASSWORDS[0]}\nJohn Doe,Treasury,{PASSWORDS[1]}\n")
    build(tmp_path / "brief.yaml", tmp_path / "out", ["pdf", "docx"], copies=True, recipients=listing)
    texts = [text for pdf in sorted((tmp_path / "out").glob("*.pdf")) for text in pdf_pages(pdf)]
    texts += read_docx(tmp_path / "out" / "brief.docx").body
    texts += [path.read_text(encoding="utf-8") for path in (tmp_path / "out").iterdir() if path.suffix in {".json", ".jsonl"}]
    assert "Jane Roe, Cabinet Office" in "\n".join(texts)
    assert not [text for text in texts if any(password in text for password in PASSWORDS)]

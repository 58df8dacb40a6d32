"""Signing issued copies and checking their signatures: PAdES on a real brief PDF, detached CMS on bytes, offline trust."""

from __future__ import annotations

import io
import pickle
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pikepdf
import pytest
from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, FloatObject, StreamObject, pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from brief.build import build
from brief.distribution.signing import Signer, load_signer, sign_data, sign_pdf
from brief.distribution.trust import Trust, check_data, check_pdf, read_trust
from brief.errors import RefusedFile, SigningError
from tests.pki import P12_PASSWORD, Pki, party
from tests.samples import EXAMPLE


@pytest.fixture(scope="module")
def signed(brief_pdf: bytes, office: Signer) -> bytes:
    """The example brief signed by the office."""
    return sign_pdf(brief_pdf, office)


@pytest.fixture
def trust(keys: Pki, tmp_path: Path) -> Trust:
    """The office's trust: its own root CA, read from a PEM file."""
    path = tmp_path / "trusted.pem"
    path.write_bytes(keys.root.pem)
    return read_trust([path])


def _with_byte_changed(data: bytes, at: int) -> bytes:
    """`data` with the byte at `at` changed: in the binary comment after the header, a change that leaves the PDF readable."""
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]


def test_pyhankos_own_validator_calls_a_signed_brief_intact_and_trusted(signed: bytes, keys: Pki) -> None:
    """pyHanko, trusting the test CA offline, judges the signature on a real brief valid, intact, trusted, covering the whole file."""
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(keys.root.der)], allow_fetching=False)
    status = validate_pdf_signature(PdfFileReader(io.BytesIO(signed)).embedded_signatures[0], context)
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (True, True, True, True)
    assert status.coverage is not None and status.coverage.name == "ENTIRE_FILE"


def test_check_pdf_names_the_signer_and_a_signing_time_within_a_minute(signed: bytes, trust: Trust) -> None:
    """check_pdf reports a signed, intact, trusted copy by the office's common name and organisation, signed just now."""
    result = check_pdf(signed, trust)
    assert (result.signed, result.intact, result.trusted, result.problem) == (True, True, True, None)
    assert result.signer == "Analysis Office, Test Office"
    assert result.signed_at is not None and abs(datetime.now(UTC) - result.signed_at) < timedelta(minutes=1)


def test_the_unsigned_file_is_a_prefix_of_the_signed_one(brief_pdf: bytes, signed: bytes) -> None:
    """Signing appends an incremental update: every byte of the unsigned PDF is still there, first."""
    assert len(signed) > len(brief_pdf)
    assert signed[: len(brief_pdf)] == brief_pdf


def test_a_signed_pdf_a_still_says_it_is_pdf_a(signed: bytes) -> None:
    """The signed copy keeps its PDF/A-3b identification, and its signature field is printable and invisible, as PDF/A asks."""
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") == "3"
        fields = list(pdf.Root.AcroForm.Fields)
        assert [int(field.F) & 0b100 for field in fields] == [4]


def test_a_byte_changed_inside_the_signed_range_is_not_intact(signed: bytes, trust: Trust) -> None:
    """One byte changed in the signed bytes (the header's binary comment) makes the copy not intact, and not trusted."""
    at = signed.index(b"\n%") + 2
    start, length, *_ = (int(value) for value in PdfFileReader(io.BytesIO(signed)).embedded_signatures[0].sig_object["/ByteRange"])
    assert start <= at < start + length
    result = check_pdf(_with_byte_changed(signed, at), trust)
    assert (result.signed, result.intact, result.trusted) == (True, False, False)
    assert result.problem is not None and "changed since it was signed" in result.problem


def test_an_appended_update_that_changes_a_page_is_not_intact(signed: bytes, trust: Trust) -> None:
    """A later revision drawing over the first page (the signature itself untouched) makes the copy not intact."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.add_stream_to_page(0, writer.add_object(StreamObject(stream_data=b"1 1 1 rg 0 0 600 800 re f")))  # type: ignore[no-untyped-call]
    output = io.BytesIO()
    writer.write(output)  # type: ignore[no-untyped-call]
    result = check_pdf(output.getvalue(), trust)
    assert (result.signed, result.intact, result.trusted) == (True, False, False)
    assert result.problem is not None and "changed" in result.problem


def test_an_annotation_added_after_signing_is_not_intact(signed: bytes, trust: Trust) -> None:
    """A later revision adding only an annotation (a white box over the first page) is a change of content: not intact."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    box = {"/Type": pdf_name("/Annot"), "/Subtype": pdf_name("/Square"), "/Rect": _numbers(0, 0, 600, 800), "/IC": _numbers(1, 1, 1)}
    annotation = writer.add_object(DictionaryObject({pdf_name(key): value for key, value in box.items()}))  # type: ignore[no-untyped-call]
    page[pdf_name("/Annots")] = ArrayObject([*page.get("/Annots", ArrayObject()), annotation])
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)  # type: ignore[no-untyped-call]
    result = check_pdf(output.getvalue(), trust)
    assert (result.signed, result.intact, result.trusted) == (True, False, False)


def _numbers(*values: float) -> ArrayObject:
    """A PDF array of numbers."""
    return ArrayObject([FloatObject(value) for value in values])  # type: ignore[no-untyped-call]


def test_a_certificate_from_an_unrelated_ca_is_signed_and_intact_but_not_trusted(brief_pdf: bytes, keys: Pki, trust: Trust) -> None:
    """A stranger's signature verifies as a signature, but its CA is not the office's: not trusted, and the problem says so."""
    stranger = load_signer(keys.stranger.p12(), P12_PASSWORD, "stranger.p12")
    result = check_pdf(sign_pdf(brief_pdf, stranger), trust)
    assert (result.signed, result.intact, result.trusted) == (True, True, False)
    assert result.signer == "Stranger, Elsewhere"
    assert result.problem is not None and "does not chain to a trusted certificate" in result.problem


def test_a_plain_pdf_from_a_build_signs_and_verifies(office: Signer, trust: Trust, tmp_path: Path) -> None:
    """The PDF `brief build` writes (not PDF/A) signs as well, and checks as intact and trusted."""
    built = build(EXAMPLE, tmp_path, ["pdf"]).output("pdf").read_bytes()
    result = check_pdf(sign_pdf(built, office), trust)
    assert (result.signed, result.intact, result.trusted, result.problem) == (True, True, True, None)


def test_a_signature_whose_certificate_has_since_expired_says_so(brief_pdf: bytes, keys: Pki, trust: Trust) -> None:
    """A copy signed with a certificate that has expired is intact but no longer trusted, and the problem names the expiry."""
    expired = party("Analysis Office", "Test Office", keys.root, days=(-30, -1))
    result = check_pdf(sign_pdf(brief_pdf, Signer(expired.p12(), P12_PASSWORD, "expired.p12")), trust)
    assert (result.signed, result.intact, result.trusted) == (True, True, False)
    assert result.problem is not None and "expired on" in result.problem


def test_a_chain_in_the_p12_travels_with_the_signature(brief_pdf: bytes, keys: Pki, trust: Trust) -> None:
    """An office certificate issued by an intermediate CA is trusted through the root alone: the PKCS#12's chain is embedded."""
    intermediate = party("Test Issuing CA", "Test Office", keys.root, ca=True)
    office = party("Analysis Office", "Test Office", intermediate)
    signer = load_signer(office.p12(chain=(intermediate.certificate,)), P12_PASSWORD, "chained.p12")
    assert check_pdf(sign_pdf(brief_pdf, signer), trust).trusted


def test_a_certificate_not_meant_for_signing_is_not_trusted(brief_pdf: bytes, keys: Pki, trust: Trust) -> None:
    """A certificate from the trusted CA whose key usage excludes signing is not trusted, and the problem says why."""
    encrypting_only = party("Analysis Office", "Test Office", keys.root, signs=False)
    result = check_pdf(sign_pdf(brief_pdf, load_signer(encrypting_only.p12(), P12_PASSWORD, "wrong-use.p12")), trust)
    assert (result.signed, result.intact, result.trusted) == (True, True, False)
    assert result.problem is not None and "not fit to sign documents" in result.problem


def test_without_trusted_certificates_a_signature_is_never_trusted(signed: bytes) -> None:
    """With no trust given, an intact signature is reported as such, not trusted, with the reason."""
    result = check_pdf(signed, None)
    assert (result.signed, result.intact, result.trusted) == (True, True, False)
    assert result.problem is not None and "no trusted certificates" in result.problem


def test_an_unsigned_pdf_is_reported_as_not_signed(brief_pdf: bytes, trust: Trust) -> None:
    """A PDF without a signature is not signed, not intact, not trusted, and says it is not signed."""
    result = check_pdf(brief_pdf, trust)
    assert (result.signed, result.intact, result.trusted, result.problem) == (False, False, False, "it is not signed")


def test_a_file_that_is_not_a_pdf_is_reported_not_raised(trust: Trust) -> None:
    """Bytes that are no PDF give a verdict with a problem, not a traceback."""
    result = check_pdf(b"not a pdf at all", trust)
    assert not result.signed
    assert result.problem is not None and "cannot be read as a PDF" in result.problem


def test_a_copy_signed_twice_keeps_both_signatures(signed: bytes, office: Signer, trust: Trust) -> None:
    """Signing a signed copy adds a second field; the last signature covers the whole file and is trusted."""
    twice = sign_pdf(signed, office)
    assert len(PdfFileReader(io.BytesIO(twice)).embedded_signatures) == 2
    assert check_pdf(twice, trust).trusted


def test_signing_something_that_is_not_a_pdf_is_a_signing_error(office: Signer) -> None:
    """Bytes that are no PDF cannot be signed, and the error is brief's own."""
    with pytest.raises(SigningError, match="cannot be read"):
        sign_pdf(b"%PDF-1.7\nbroken", office)


def test_a_wrong_p12_password_is_a_signing_error_naming_the_file(keys: Pki) -> None:
    """A wrong password gives a SigningError that names the file and says the password does not open it."""
    with pytest.raises(SigningError, match=r"^office\.p12: the password does not open it"):
        load_signer(keys.office.p12(), "wrong password", "office.p12")


def test_a_p12_needing_a_password_given_none_says_so(keys: Pki) -> None:
    """A protected PKCS#12 without a password is refused with that reason."""
    with pytest.raises(SigningError, match="protected by a password, and none was given"):
        load_signer(keys.office.p12(), None, "office.p12")


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7", b"-----BEGIN CERTIFICATE-----\n"], ids=["empty", "text", "pdf", "pem"])
def test_a_file_that_is_not_pkcs12_is_refused_as_such(data: bytes) -> None:
    """Anything but a PKCS#12 is refused as not being one, never as a wrong password."""
    with pytest.raises(SigningError, match=r"^key\.pem: is not a PKCS#12 file"):
        load_signer(data, P12_PASSWORD, "key.pem")


def test_a_p12_without_a_private_key_is_refused(keys: Pki) -> None:
    """A PKCS#12 holding only a certificate cannot sign, and the error says what is missing."""
    encryption = serialization.BestAvailableEncryption(P12_PASSWORD.encode())
    certificate_only = pkcs12.serialize_key_and_certificates(b"office", None, keys.office.certificate, None, encryption)
    with pytest.raises(SigningError, match="no private key"):
        load_signer(certificate_only, P12_PASSWORD, "cert-only.p12")


def test_an_unprotected_p12_opens_without_a_password(keys: Pki) -> None:
    """A PKCS#12 without a password loads with None."""
    assert load_signer(keys.office.p12(None), None, "open.p12").subject == "Analysis Office, Test Office"


@pytest.mark.parametrize(("days", "words"), [((-30, -1), "expired on"), ((2, 30), "not valid until")], ids=["expired", "not-yet-valid"])
def test_a_certificate_outside_its_validity_is_refused(keys: Pki, days: tuple[int, int], words: str) -> None:
    """An expired or not-yet-valid signing certificate is refused when the key is loaded, before anything is signed."""
    dated = party("Analysis Office", "Test Office", keys.root, days=days)
    with pytest.raises(SigningError, match=f"^dated.p12: its certificate .*{words}"):
        load_signer(dated.p12(), P12_PASSWORD, "dated.p12")


def test_a_signer_pickles_for_a_batch_worker_and_hides_its_secrets(office: Signer, brief_pdf: bytes, trust: Trust) -> None:
    """A Signer crosses into a worker process and signs there; its repr shows neither the key nor the password."""
    copy = pickle.loads(pickle.dumps(office))
    assert copy == office
    assert check_pdf(sign_pdf(brief_pdf, copy), trust).trusted
    assert P12_PASSWORD not in repr(office) and "p12=" not in repr(office)


def test_check_data_accepts_its_own_detached_signature(office: Signer, trust: Trust) -> None:
    """A detached CMS signature over bytes verifies: signed, intact, trusted, by the office, with a signing time."""
    record = b'{"copy": 7, "recipient": "Ministry"}\n'
    result = check_data(record, sign_data(record, office), trust)
    assert (result.signed, result.intact, result.trusted, result.problem) == (True, True, True, None)
    assert result.signer == "Analysis Office, Test Office"
    assert result.signed_at is not None and abs(datetime.now(UTC) - result.signed_at) < timedelta(minutes=1)


def test_check_data_notices_a_changed_record(office: Signer, trust: Trust) -> None:
    """One byte of the record changed after signing: signed, not intact, not trusted."""
    record = b'{"copy": 7, "recipient": "Ministry"}\n'
    result = check_data(record.replace(b"7", b"8"), sign_data(record, office), trust)
    assert (result.signed, result.intact, result.trusted) == (True, False, False)
    assert result.problem is not None and "changed" in result.problem


def test_check_data_reports_a_signature_that_is_not_cms(trust: Trust) -> None:
    """Garbage where the signature should be gives a problem, not a traceback."""
    result = check_data(b"record", b"\x30\x03\x02\x01\x01", trust)
    assert not result.signed
    assert result.problem is not None and "not a CMS signature" in result.problem


def test_check_data_by_a_stranger_is_not_trusted(keys: Pki, trust: Trust) -> None:
    """A record signed by a key from another CA is intact but not trusted."""
    stranger = load_signer(keys.stranger.p12(), P12_PASSWORD, "stranger.p12")
    result = check_data(b"record", sign_data(b"record", stranger), trust)
    assert (result.signed, result.intact, result.trusted) == (True, True, False)


def test_read_trust_takes_every_certificate_in_every_file(keys: Pki, tmp_path: Path) -> None:
    """A PEM file of two certificates and another of one give three trusted certificates, in order."""
    (tmp_path / "two.pem").write_bytes(keys.root.pem + b"\n" + keys.other_root.pem)
    (tmp_path / "one.pem").write_bytes(keys.office.pem)
    trust = read_trust([tmp_path / "two.pem", tmp_path / "one.pem"])
    assert trust.certificates == (keys.root.der, keys.other_root.der, keys.office.der)


def test_a_trust_file_without_a_certificate_is_refused_by_name(tmp_path: Path) -> None:
    """A file holding no certificate is a SigningError naming it."""
    path = tmp_path / "notes.pem"
    path.write_text("These are not the certificates you are looking for.\n")
    with pytest.raises(SigningError, match=re.escape(str(path)) + ": holds no certificate"):
        read_trust([path])


def test_a_trust_file_comes_through_the_gate(tmp_path: Path) -> None:
    """A trust file that is too big is refused by the gate before it is read."""
    path = tmp_path / "huge.pem"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(RefusedFile, match="trusted certificates may be at most"):
        read_trust([path])

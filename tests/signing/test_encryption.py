"""Encrypting issued copies: AES-256 for a password or a recipient's certificate, permissions, and signed + encrypted copies."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.crypt import AuthStatus, SimpleEnvelopeKeyDecrypter
from pyhanko.pdf_utils.crypt.permissions import PubKeyPermissions
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from brief.distribution.encryption import Permissions, encrypt_pdf, new_password, protect
from brief.distribution.signing import Signer
from brief.distribution.trust import Trust, check_pdf, check_reader, read_trust
from brief.errors import SigningError
from tests.pki import Party, Pki

PASSWORD = "k7dq-m3xh-p9vb-2wne-tc4r"


@pytest.fixture(scope="module")
def by_password(brief_pdf: bytes) -> bytes:
    """The brief encrypted for PASSWORD, printable, not copyable (the defaults)."""
    return encrypt_pdf(brief_pdf, password=PASSWORD, permissions=Permissions())


@pytest.fixture(scope="module")
def by_certificate(brief_pdf: bytes, keys: Pki) -> bytes:
    """The brief encrypted for the first recipient's certificate."""
    return encrypt_pdf(brief_pdf, certificate=keys.recipient.der, permissions=Permissions())


@pytest.fixture(scope="module")
def trust(keys: Pki, tmp_path_factory: pytest.TempPathFactory) -> Trust:
    """The office's trust: its root CA, in a PEM file."""
    path = tmp_path_factory.mktemp("trust") / "root.pem"
    path.write_bytes(keys.root.pem)
    return read_trust([path])


def _decrypter(holder: Party) -> SimpleEnvelopeKeyDecrypter:
    """pyHanko's credential for a recipient: their certificate and private key."""
    key = holder.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return SimpleEnvelopeKeyDecrypter(asn1_x509.Certificate.load(holder.der), asn1_keys.PrivateKeyInfo.load(key))


def _pyhanko_context(keys: Pki) -> ValidationContext:
    """pyHanko's offline validation context trusting the test root."""
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(keys.root.der)], allow_fetching=False)


def test_a_password_copy_opens_with_its_password(by_password: bytes, brief_pdf: bytes) -> None:
    """The copy opens in pikepdf with its password, the user's (not the owner's), with every page and the attached input."""
    with pikepdf.open(io.BytesIO(by_password), password=PASSWORD) as pdf, pikepdf.open(io.BytesIO(brief_pdf)) as original:
        assert pdf.is_encrypted
        assert pdf.user_password_matched and not pdf.owner_password_matched
        assert len(pdf.pages) == len(original.pages)
        assert "belarus.yaml" in pdf.attachments
        assert list(pdf.attachments) == list(original.attachments)


@pytest.mark.parametrize("password", ["", "k7dq-m3xh-p9vb-2wne-tc4s", "owner"], ids=["none", "another-recipients", "guess"])
def test_a_password_copy_does_not_open_with_another_password(by_password: bytes, password: str) -> None:
    """Without a password, or with another recipient's, pikepdf cannot open the copy."""
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(by_password), password=password)


def test_a_password_copy_is_aes_256_revision_6(by_password: bytes) -> None:
    """The encryption is PDF 2.0's: revision 6, 256-bit AES for strings, streams and files."""
    with pikepdf.open(io.BytesIO(by_password), password=PASSWORD) as pdf:
        encryption = pdf.encryption
        assert (encryption.R, encryption.V, encryption.bits) == (6, 5, 256)
        assert {encryption.stream_method, encryption.string_method} == {pikepdf.models.EncryptionMethod.aesv3}


def test_default_permissions_allow_printing_and_nothing_else(by_password: bytes) -> None:
    """The defaults: print, read aloud; no copying, no changes of any kind."""
    with pikepdf.open(io.BytesIO(by_password), password=PASSWORD) as pdf:
        allow = pdf.allow
    assert (allow.print_lowres, allow.print_highres, allow.accessibility) == (True, True, True)
    assert (allow.extract, allow.modify_annotation, allow.modify_form, allow.modify_other, allow.modify_assembly) == (False,) * 5


def test_permissions_follow_what_is_asked(brief_pdf: bytes) -> None:
    """No printing but copying allowed is what pikepdf reports."""
    copy = encrypt_pdf(brief_pdf, password=PASSWORD, permissions=Permissions(print=False, copy=True))
    with pikepdf.open(io.BytesIO(copy), password=PASSWORD) as pdf:
        assert (pdf.allow.print_lowres, pdf.allow.print_highres, pdf.allow.extract) == (False, False, True)


def test_the_owner_password_is_random_each_time(brief_pdf: bytes) -> None:
    """Two copies for the same password differ in their owner key: the owner password is not derived from anything known."""
    first, second = (encrypt_pdf(brief_pdf, password=PASSWORD, permissions=Permissions()) for _ in range(2))
    with pikepdf.open(io.BytesIO(first), password=PASSWORD) as one, pikepdf.open(io.BytesIO(second), password=PASSWORD) as two:
        assert one.trailer.Encrypt.O != two.trailer.Encrypt.O


def test_a_certificate_copy_opens_with_the_recipients_key(by_certificate: bytes, keys: Pki) -> None:
    """pyHanko opens the copy with the recipient's private key, reporting the permissions asked for; the input is still attached."""
    reader = PdfFileReader(io.BytesIO(by_certificate))
    result = reader.decrypt_pubkey(_decrypter(keys.recipient))
    assert result.status == AuthStatus.USER
    assert result.permission_flags is not None
    assert PubKeyPermissions.ALLOW_PRINTING in result.permission_flags
    assert PubKeyPermissions.ALLOW_CONTENT_EXTRACTION not in result.permission_flags
    assert len(reader.root["/Pages"]["/Kids"]) > 0
    assert reader.root["/Names"]["/EmbeddedFiles"]["/Names"][0] == "belarus.yaml"


def test_a_certificate_copy_does_not_open_with_another_recipients_key(by_certificate: bytes, keys: Pki) -> None:
    """Another recipient's key, from the same CA, does not open the copy."""
    assert PdfFileReader(io.BytesIO(by_certificate)).decrypt_pubkey(_decrypter(keys.other_recipient)).status == AuthStatus.FAILED


def test_a_certificate_copy_does_not_open_without_a_key(by_certificate: bytes) -> None:
    """pikepdf, with no key, cannot open it at all."""
    with pytest.raises(pikepdf.PdfError):
        pikepdf.open(io.BytesIO(by_certificate))


def test_a_certificate_copy_accepts_a_pem_certificate(brief_pdf: bytes, keys: Pki) -> None:
    """A recipient's certificate sent as PEM serves as well as DER."""
    copy = encrypt_pdf(brief_pdf, certificate=keys.recipient.pem, permissions=Permissions())
    assert PdfFileReader(io.BytesIO(copy)).decrypt_pubkey(_decrypter(keys.recipient)).status == AuthStatus.USER


def test_a_signed_password_copy_validates_after_decryption(brief_pdf: bytes, office: Signer, keys: Pki, trust: Trust) -> None:
    """Encrypted, then signed: pyHanko and check_pdf, given the password, find the signature intact and trusted over the whole file."""
    copy = protect(brief_pdf, signer=office, password=PASSWORD, certificate=None, permissions=Permissions())
    reader = PdfFileReader(io.BytesIO(copy))
    reader.decrypt(PASSWORD)
    status = validate_pdf_signature(reader.embedded_signatures[0], _pyhanko_context(keys))
    assert status.bottom_line and status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    result = check_pdf(copy, trust, password=PASSWORD)
    assert (result.signed, result.intact, result.trusted, result.problem) == (True, True, True, None)
    with pikepdf.open(io.BytesIO(copy), password=PASSWORD) as pdf:
        assert pdf.encryption.R == 6 and not pdf.allow.extract


def test_a_signed_certificate_copy_validates_after_decryption(brief_pdf: bytes, office: Signer, keys: Pki, trust: Trust) -> None:
    """Encrypted for a certificate and signed in one writer: opened with the recipient's key, the signature is intact and trusted."""
    copy = protect(brief_pdf, signer=office, password=None, certificate=keys.recipient.der, permissions=Permissions())
    reader = PdfFileReader(io.BytesIO(copy))
    assert reader.decrypt_pubkey(_decrypter(keys.recipient)).status == AuthStatus.USER
    assert validate_pdf_signature(reader.embedded_signatures[0], _pyhanko_context(keys)).bottom_line
    result = check_reader(reader, trust)
    assert (result.signed, result.intact, result.trusted, result.signer) == (True, True, True, "Analysis Office, Test Office")


def test_an_encrypted_copy_is_not_checked_without_its_password(by_password: bytes, keys: Pki, trust: Trust) -> None:
    """check_pdf of an encrypted copy without its password says it is encrypted, rather than "not signed"."""
    result = check_pdf(by_password, trust)
    assert not result.signed
    assert result.problem is not None and "encrypted" in result.problem


def test_protect_with_nothing_asked_changes_nothing(brief_pdf: bytes) -> None:
    """No signer, no password, no certificate: the bytes come back as they were."""
    assert protect(brief_pdf, signer=None, password=None, certificate=None, permissions=Permissions()) == brief_pdf


def test_protect_with_a_signer_only_signs(brief_pdf: bytes, office: Signer, keys: Pki, trust: Trust) -> None:
    """A signer alone: the copy is signed, unencrypted, and the unsigned bytes are its prefix."""
    copy = protect(brief_pdf, signer=office, password=None, certificate=None, permissions=Permissions())
    assert copy.startswith(brief_pdf)
    assert check_pdf(copy, trust).trusted


def test_a_password_and_a_certificate_together_are_refused(brief_pdf: bytes, keys: Pki) -> None:
    """A PDF opens one way only: asking for both is a SigningError saying so."""
    with pytest.raises(SigningError, match="not both"):
        encrypt_pdf(brief_pdf, password=PASSWORD, certificate=keys.recipient.der, permissions=Permissions())


def test_an_empty_password_is_refused(brief_pdf: bytes) -> None:
    """An empty password would open the copy for anyone: refused."""
    with pytest.raises(SigningError, match="empty password"):
        encrypt_pdf(brief_pdf, password="", permissions=Permissions())


def test_a_certificate_that_is_not_one_is_refused(brief_pdf: bytes) -> None:
    """Bytes that are no X.509 certificate are a SigningError, not a traceback."""
    with pytest.raises(SigningError, match="recipient's certificate cannot be read"):
        encrypt_pdf(brief_pdf, certificate=b"not a certificate", permissions=Permissions())


def test_a_file_that_is_not_a_pdf_is_refused(keys: Pki) -> None:
    """Encrypting bytes that are no PDF is a SigningError, by either method."""
    with pytest.raises(SigningError, match="cannot be read"):
        encrypt_pdf(b"no pdf", password=PASSWORD, permissions=Permissions())
    with pytest.raises(SigningError, match="cannot be read"):
        encrypt_pdf(b"no pdf", certificate=keys.recipient.der, permissions=Permissions())


def test_new_passwords_are_typeable_and_never_repeat() -> None:
    """Five groups of four unambiguous letters and digits (about 99 bits), different every time."""
    passwords = {new_password() for _ in range(200)}
    assert len(passwords) == 200
    assert all(re.fullmatch(r"[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){4}", password) for password in passwords)


def test_a_new_password_opens_its_copy(brief_pdf: bytes) -> None:
    """A generated password works as a copy's password."""
    password = new_password()
    copy = encrypt_pdf(brief_pdf, password=password, permissions=Permissions())
    with pikepdf.open(io.BytesIO(copy), password=password) as pdf:
        assert pdf.user_password_matched

"""Protecting issued copies: AES-256 encryption for a password or for a recipient's certificate, and the signature.

What encryption protects: the content of a copy at rest and in transit. Without the password,
or without the private key of the certificate it was encrypted for, the file is noise. What it
does not: anything after it is opened. A recipient can print to PDF, photograph the screen or
pass the password on, and the permissions (no copying, printing or not) are flags that a
reader is asked to honour; Acrobat does, many readers and every PDF library can ignore them.
They keep an honest reader honest, nothing more.

A password copy uses the standard security handler, PDF 2.0 revision 6 (AES-256), written by
pikepdf (qpdf). A certificate copy uses the public-key security handler (pikepdf cannot write
one): pyHanko wraps the file key for the recipient's certificate in a CMS envelope, AES-256
throughout, with an ISO 32004 MAC so the ciphertext cannot be quietly altered.

The owner password of a password copy is random and thrown away at once: nobody, not the
office and not brief's own users, can lift the permissions with it. A certificate copy has no
owner password; its permissions are sealed in the envelope, and the recipient's key does not
open them for change either. Encrypted copies are not PDF/A: PDF/A forbids encryption.

A copy both signed and encrypted is encrypted first and signed last, so the signature covers
the encrypted file as issued and no revision follows it: a password copy is encrypted by
pikepdf and then signed by pyHanko in an incremental update, pyHanko opening it with the user
password; a certificate copy cannot be reopened without the recipient's private key, which
the office does not hold, so pyHanko encrypts and signs it in one writer. Encrypting a PDF
that is already signed would rewrite it and break that signature, so `protect` never does.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

import pikepdf
from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.crypt.permissions import PubKeyPermissions
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter, copy_into_new_writer

from brief.distribution.signing import Signer, sign_pdf, sign_writer
from brief.errors import SigningError

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: a password read aloud or copied by hand stays right
GROUPS, GROUP = 5, 4  # 20 characters of 31: about 99 bits
OWNER_BYTES = 32


@dataclass(frozen=True)
class Permissions:
    """What a reader of an encrypted copy is asked to allow: printing, copying text. Nothing else (no edits) ever."""

    print: bool = True
    copy: bool = False


def new_password() -> str:
    """A new password a person can type: five groups of four letters and digits, about 99 bits."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP)) for _ in range(GROUPS))


def encrypt_pdf(data: bytes, *, password: str | None = None, certificate: bytes | None = None, permissions: Permissions) -> bytes:
    """`data` encrypted with AES-256 so that only `password`, or only the private key of `certificate` (DER), opens it.

    The owner password is random and forgotten at once, so the permissions cannot be lifted,
    by brief's own users either. A PDF already signed must not be given: rewriting it breaks its signature.
    """
    return protect(data, signer=None, password=password, certificate=certificate, permissions=permissions)


def protect(data: bytes, *, signer: Signer | None, password: str | None, certificate: bytes | None, permissions: Permissions) -> bytes:
    """`data` encrypted for `password` or `certificate` (if either) and signed by `signer` (if given), in the order that works."""
    if password is not None and certificate is not None:
        raise SigningError("a copy is encrypted for a password or for a certificate, not both: a PDF has one way to open it")
    if certificate is not None:
        return _for_certificate(data, _recipient(certificate), permissions, signer)
    if password is not None:
        return _for_password(data, password, permissions, signer)
    return sign_pdf(data, signer) if signer else data


def _for_password(data: bytes, password: str, permissions: Permissions, signer: Signer | None) -> bytes:
    """`data` encrypted by pikepdf for `password`, then signed incrementally (pyHanko opens it with the same password)."""
    if not password:
        raise SigningError("an empty password would open the copy for anyone; give a password, or use new_password()")
    encrypted = _pikepdf_encrypt(data, password, permissions)
    if signer is None:
        return encrypted
    writer = IncrementalPdfFileWriter(io.BytesIO(encrypted), strict=False)
    writer.encrypt(password)  # type: ignore[no-untyped-call]
    return sign_writer(writer, signer)


def _pikepdf_encrypt(data: bytes, password: str, permissions: Permissions) -> bytes:
    """`data` rewritten by pikepdf with revision 6 (AES-256) encryption and a random owner password, thrown away."""
    owner = secrets.token_urlsafe(OWNER_BYTES)
    encryption = pikepdf.Encryption(owner=owner, user=password, R=6, allow=_pikepdf_permissions(permissions))
    output = io.BytesIO()
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pdf.save(output, encryption=encryption)
    except pikepdf.PdfError as error:
        raise SigningError(f"cannot encrypt: the PDF cannot be read: {error}") from error
    return output.getvalue()


def _pikepdf_permissions(permissions: Permissions) -> pikepdf.Permissions:
    """pikepdf's flags for `permissions`: assistive technology always (screen readers), no change of any kind."""
    return pikepdf.Permissions(
        accessibility=True,
        extract=permissions.copy,
        modify_annotation=False,
        modify_assembly=False,
        modify_form=False,
        modify_other=False,
        print_lowres=permissions.print,
        print_highres=permissions.print,
    )


def _for_certificate(data: bytes, recipient: asn1_x509.Certificate, permissions: Permissions, signer: Signer | None) -> bytes:
    """`data` copied into a new pyHanko writer encrypted for `recipient`, signed in the same writer if asked."""
    writer = _copy(data)
    try:
        writer.encrypt_pubkey([recipient], perms=_pubkey_permissions(permissions))
    except (PdfError, ValueError, NotImplementedError) as error:
        raise SigningError(f"cannot encrypt for the certificate of {_subject(recipient)}: {error}") from error
    if signer is not None:
        return sign_writer(writer, signer)
    output = io.BytesIO()
    writer.write(output)  # type: ignore[no-untyped-call]
    return output.getvalue()


def _copy(data: bytes) -> PdfFileWriter:
    """A new pyHanko writer holding every object of the PDF `data` (public-key encryption needs a whole new file)."""
    try:
        return copy_into_new_writer(PdfFileReader(io.BytesIO(data), strict=False))
    except (PdfError, ValueError) as error:
        raise SigningError(f"cannot encrypt: the PDF cannot be read: {error}") from error


def _pubkey_permissions(permissions: Permissions) -> PubKeyPermissions:
    """pyHanko's flags for `permissions`, the same as a password copy's: assistive technology always, no change."""
    flags = PubKeyPermissions.ALLOW_ASSISTIVE_TECHNOLOGY
    if permissions.print:
        flags |= PubKeyPermissions.ALLOW_PRINTING | PubKeyPermissions.ALLOW_HIGH_QUALITY_PRINTING
    if permissions.copy:
        flags |= PubKeyPermissions.ALLOW_CONTENT_EXTRACTION
    return flags


def _recipient(certificate: bytes) -> asn1_x509.Certificate:
    """The recipient's certificate, from DER (or PEM, as often sent), or a SigningError."""
    try:
        if certificate.lstrip().startswith(b"-----BEGIN"):
            certificate = x509.load_pem_x509_certificate(certificate).public_bytes(Encoding.DER)
        return asn1_x509.Certificate.load(x509.load_der_x509_certificate(certificate).public_bytes(Encoding.DER))
    except ValueError as error:
        raise SigningError(f"the recipient's certificate cannot be read (DER or PEM X.509 expected): {error}") from error


def _subject(certificate: asn1_x509.Certificate) -> str:
    """A certificate's subject, for a message."""
    return str(certificate.subject.human_friendly)

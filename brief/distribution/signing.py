"""Signing issued copies: an office's key signs a PDF (PAdES) or any bytes (detached CMS), offline.

What a signature proves, and to whom: that the bytes it covers are the ones the holder of the
office's private key signed, unchanged since. Anyone can check that much (the certificate
travels inside the signature); only someone who trusts the office's certificate, or the CA
that issued it, learns *who* signed (trust.py). It does not prove when: the signing time is
the signer's own claim (PAdES B-B, no timestamp authority, no network), so it is shown as
claimed, never as proved.

The key comes as a PKCS#12 (a .p12 or .pfx: the private key, its certificate and optionally
the chain to the CA). `load_signer` checks it once and fully (password, key, certificate, dates)
so a build fails before it writes anything; the `Signer` it returns holds only the PKCS#12's
bytes and password, because pyHanko's signer objects are not meant to cross into a batch's
worker processes: each signature rebuilds pyHanko's signer (a few milliseconds) from them.

A PDF is signed by an incremental update: the unsigned file stays, byte for byte, the start
of the signed one, so a PDF/A-3b stays what it was (the signature field is invisible, printable
and locked, which PDF/A allows). pyHanko's sign and validate calls are coroutines at heart;
`run` is the one place they are driven.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar

from asn1crypto import pkcs12 as asn1_pkcs12  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from brief.errors import SigningError

DIGEST = "sha256"
FIELD_PREFIX = "BriefSignature"  # the signature field's name; a second signature gets the next number
T = TypeVar("T")


@dataclass(frozen=True)
class Signer:
    """An office's signing key, checked: the PKCS#12's bytes and password, and the file it came from.

    Picklable on purpose (a batch's workers sign); the bytes and password stay out of its repr.
    """

    p12: bytes = field(repr=False)
    password: str | None = field(repr=False)
    source: str
    subject: str = ""


def load_signer(p12: bytes, password: str | None, source: str) -> Signer:
    """The signer in the PKCS#12 `p12` from `source`, refused with a SigningError naming `source` unless it can sign today."""
    key, certificate = _open_p12(p12, password, source)
    if key is None:
        raise SigningError(f"{source}: holds no private key; export the signing certificate *with* its private key (.p12 or .pfx)")
    if certificate is None:
        raise SigningError(f"{source}: holds a private key but no certificate; export the key together with its certificate")
    _check_dates(certificate, source)
    return Signer(p12, password, source, readable_name(certificate.subject))


def sign_pdf(data: bytes, signer: Signer) -> bytes:
    """`data` with a PAdES B-B signature by `signer` appended as an incremental update; `data` stays its prefix."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except (PdfError, ValueError) as error:
        raise SigningError(f"cannot sign: the PDF cannot be read: {error}") from error
    return sign_writer(writer, signer)


def sign_writer(writer: BasePdfFileWriter, signer: Signer) -> bytes:
    """The bytes of `writer`'s document with `signer`'s signature: incremental for an existing file, whole for a new one."""
    metadata = signers.PdfSignatureMetadata(field_name=_field_name(writer), subfilter=fields.SigSeedSubFilter.PADES, md_algorithm=DIGEST)
    try:
        output = signers.sign_pdf(writer, metadata, signer=_pyhanko_signer(signer))
    except (PdfError, ValueError) as error:
        raise SigningError(f"cannot sign the PDF with {signer.source}: {error}") from error
    return bytes(output.getbuffer())


def sign_data(data: bytes, signer: Signer) -> bytes:
    """A detached CMS signature (DER) over `data` by `signer`: the register's records are signed with it."""
    claimed = PdfCMSSignedAttributes(signing_time=datetime.now(UTC))  # CMS has no /M entry: the time goes in the signature
    try:
        content = run(_pyhanko_signer(signer).async_sign_general_data(data, DIGEST, detached=True, signed_attr_settings=claimed))
    except ValueError as error:
        raise SigningError(f"cannot sign with {signer.source}: {error}") from error
    return bytes(content.dump())


def readable_name(name: x509.Name) -> str:
    """A certificate subject as a person reads it: common name and organisation ("Analysis Office, Test Office")."""
    parts = [_attribute(name, oid) for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)]
    readable = ", ".join(part for part in parts if part)
    return readable or name.rfc4514_string()


def subject_of(certificate: asn1_x509.Certificate) -> str:
    """The readable subject of a certificate as pyHanko gives it (asn1crypto)."""
    return readable_name(x509.load_der_x509_certificate(certificate.dump()).subject)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """The result of one of pyHanko's coroutines, driven to the end here: the one place brief runs an event loop."""
    return asyncio.run(coroutine)


def _open_p12(p12: bytes, password: str | None, source: str) -> tuple[PrivateKeyTypes | None, x509.Certificate | None]:
    """The key and certificate in `p12`, or a SigningError saying whether the file or the password is wrong."""
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(p12, password.encode() if password is not None else None)
    except ValueError as error:
        raise SigningError(_p12_problem(p12, password, source)) from error
    return key, certificate


def _p12_problem(p12: bytes, password: str | None, source: str) -> str:
    """Why a PKCS#12 did not open: it is not one (by its structure), or the password is wrong or missing."""
    if not _is_pkcs12(p12):
        return f"{source}: is not a PKCS#12 file (.p12 or .pfx); export the signing key and its certificate as PKCS#12"
    if not password:
        return f"{source}: is protected by a password, and none was given"
    return f"{source}: the password does not open it (wrong password, or the file is damaged)"


def _is_pkcs12(data: bytes) -> bool:
    """Whether `data` parses as a PKCS#12 structure (PFX), whatever it holds."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native is not None
    except (ValueError, TypeError, KeyError):
        return False


def _check_dates(certificate: x509.Certificate, source: str) -> None:
    """Refuse a certificate outside its validity period: a signature made with it would not verify."""
    now = datetime.now(UTC)
    if now > certificate.not_valid_after_utc:
        raise SigningError(f"{source}: its certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}; ask for a new one")
    if now < certificate.not_valid_before_utc:
        raise SigningError(f"{source}: its certificate is not valid until {certificate.not_valid_before_utc:%Y-%m-%d %H:%M} UTC")


@lru_cache(maxsize=8)
def _pyhanko_signer(signer: Signer) -> signers.SimpleSigner:
    """pyHanko's signer for `signer`, rebuilt from the PKCS#12 in each process that signs (and kept for the next copy)."""
    password = signer.password.encode() if signer.password is not None else None
    try:
        loaded: signers.SimpleSigner = signers.SimpleSigner.load_pkcs12_data(signer.p12, other_certs=[], passphrase=password)
        return loaded
    except ValueError as error:
        raise SigningError(f"{signer.source}: cannot be used to sign: {error}") from error


def _field_name(writer: BasePdfFileWriter) -> str:
    """A signature field name not yet in the document, so a copy signed twice keeps both signatures."""
    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer)}
    return next(f"{FIELD_PREFIX}{number}" for number in range(1, len(taken) + 2) if f"{FIELD_PREFIX}{number}" not in taken)


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    """The first value of one attribute of `name`, or nothing."""
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""

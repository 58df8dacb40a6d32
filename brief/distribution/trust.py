"""Checking signatures: is a copy signed, unchanged since, and by someone the office trusts?

The office's trusted certificates are PEM files (one or many certificates each): its own CA,
or its signing certificate itself. A signature is checked *offline*: pyHanko's validation
context never fetches (allow_fetching=False), and revocation is checked in soft-fail mode,
which uses revocation data only when the signature carries it and otherwise goes on. An
office without an OCSP responder or a reachable CRL must still be able to verify its copies;
the price is that a revoked certificate is not noticed unless the signature carries its CRL.

Intact, for a PDF, means the signature covers the whole file, or the revisions added after
it hold nothing but what pyHanko calls LTA updates (validation data and document timestamps,
which change no content). Anything more, even an annotation or a filled form field, is a
change of content after signing, and the copy is reported as not intact.

The signing time is the one the signature claims (PAdES B-B has no timestamp authority). The
chain is judged at the moment of checking: a signature made before the certificate expired
is reported as not trusted once it has, with the expiry named, since nothing independent
proves it was made in time.

A reader in Acrobat sees the same verdict once the office's certificate (or its CA's) is among
their trusted ones: Preferences > Signatures > Identities & Trusted Certificates > More… >
Trusted Certificates > Import, choose the PEM file, then tick "Use this certificate as a
trusted root". A copy encrypted for a password is checked with it (`check_pdf(..., password=)`);
one encrypted for a certificate is opened by its holder's key and then checked (`check_reader`).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import cms  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.crypt import AuthStatus, StandardSecurityHandler
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_detached_cms, validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel, SignatureStatus
from pyhanko_certvalidator import ValidationContext

from brief import gate
from brief.distribution.signing import run, subject_of
from brief.errors import SigningError

# pyHanko logs a traceback for every untrusted signer; that is a verdict here, reported in `problem`, not a fault.
# A NullHandler keeps it off a bare terminal, and still lets an application that configures logging see it.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

HARMLESS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)  # changes after signing that leave the content as signed
# Why pyHanko did not trust a signer's certificate (its AdES sub-indication), where the reason is not a missing chain.
DISTRUST = {
    "REVOKED": "has been revoked",
    "REVOKED_NO_POE": "has been revoked",
    "NOT_YET_VALID": "is not valid yet",
    "SIG_CONSTRAINTS_FAILURE": "is not fit to sign documents (its key usage)",
    "CHAIN_CONSTRAINTS_FAILURE": "is not fit to sign documents (its key usage, or a limit its CA sets)",
    "CRYPTO_CONSTRAINTS_FAILURE": "uses an algorithm too weak to trust",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "uses an algorithm too weak to trust",
}
# A signing certificate may say so by either bit; pyHanko's default asks for non-repudiation alone.
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)


@dataclass(frozen=True)
class Trust:
    """The certificates an office trusts (DER), and the files they came from."""

    certificates: tuple[bytes, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """What a signature says of a file: signed, unchanged since, by whom, when (as claimed), trusted, and what is wrong."""

    signed: bool
    intact: bool
    signer: str
    signed_at: datetime | None
    trusted: bool
    problem: str | None


UNSIGNED = Signature(False, False, "", None, False, "it is not signed")


def read_trust(paths: Sequence[Path]) -> Trust:
    """The certificates in the PEM files `paths`; a file that holds none is refused with a SigningError naming it."""
    certificates = [certificate for path in paths for certificate in _certificates(path)]
    return Trust(tuple(certificates), tuple(str(path) for path in paths))


def check_pdf(data: bytes, trust: Trust | None, *, password: str | None = None) -> Signature:
    """What the last signature in the PDF `data` proves; a copy encrypted for a password needs it (for a certificate: `check_reader`)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted and not _opened(reader, password):
            return Signature(False, False, "", None, False, "it is encrypted: its signature can be checked only with its password or key")
    except (PdfError, ValueError) as error:
        return Signature(False, False, "", None, False, f"it cannot be read as a PDF: {error}")
    return check_reader(reader, trust)


def check_reader(reader: PdfFileReader, trust: Trust | None) -> Signature:
    """What the last signature read by `reader` proves: the reader of an encrypted copy is decrypted first."""
    try:
        signatures = reader.embedded_signatures
        if not signatures:
            return UNSIGNED
        status = validate_pdf_signature(signatures[-1], _context(trust), key_usage_settings=KEY_USAGE)
    except (PdfError, ValueError, KeyError) as error:
        return Signature(True, False, "", None, False, f"its signature cannot be checked: {error}")
    return _judge(status, _pdf_intact(status), trust)


def check_data(data: bytes, cms_signature: bytes, trust: Trust | None) -> Signature:
    """What the detached CMS signature `cms_signature` (DER) proves of `data`."""
    try:
        signed_data = cms.ContentInfo.load(cms_signature, strict=True)["content"]
        coroutine = async_validate_detached_cms(data, signed_data, _context(trust), key_usage_settings=KEY_USAGE)
        status = run(coroutine)
    except (ValueError, TypeError, KeyError) as error:
        return Signature(False, False, "", None, False, f"the signature is not a CMS signature: {error}")
    return _judge(status, status.intact and status.valid, trust)


def _opened(reader: PdfFileReader, password: str | None) -> bool:
    """Whether `password` opens the encrypted PDF `reader` reads (a copy for a certificate never opens so)."""
    if password is None or not isinstance(reader.security_handler, StandardSecurityHandler):
        return False
    return reader.decrypt(password).status != AuthStatus.FAILED


def _certificates(path: Path) -> list[bytes]:
    """The certificates in one trust file, as DER; PEM, or a single DER certificate."""
    data = gate.read_bytes(path, gate.TRUST, None)
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return [_der(certificate) for certificate in x509.load_pem_x509_certificates(data)]
        return [_der(x509.load_der_x509_certificate(data))]
    except ValueError as error:
        raise SigningError(
            f"{path}: holds no certificate; give PEM files (-----BEGIN CERTIFICATE-----) of the certificates to trust"
        ) from error


def _der(certificate: x509.Certificate) -> bytes:
    """A certificate's DER bytes."""
    return certificate.public_bytes(Encoding.DER)


def _context(trust: Trust | None) -> ValidationContext:
    """An offline validation context trusting `trust` only (nothing, not even the system's roots, when None)."""
    roots = [asn1_x509.Certificate.load(der) for der in trust.certificates] if trust else []
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _pdf_intact(status: PdfSignatureStatus) -> bool:
    """Whether the signed bytes are unchanged and nothing but harmless updates follow them."""
    if not (status.intact and status.valid):
        return False
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.modification_level in HARMLESS


def _judge(status: SignatureStatus, intact: bool, trust: Trust | None) -> Signature:
    """brief's verdict on pyHanko's status: trusted only when intact too, with the first problem a user should hear of."""
    signer = subject_of(status.signing_cert)
    signed_at = getattr(status, "signer_reported_dt", None)
    trusted = intact and trust is not None and status.trusted
    return Signature(True, intact, signer, signed_at, trusted, _problem(status, intact, trust, signer))


def _problem(status: SignatureStatus, intact: bool, trust: Trust | None, signer: str) -> str | None:
    """One line for a user on what is wrong with a signature, or None when nothing is."""
    if not intact:
        return "it has been changed since it was signed: the signature no longer vouches for its content"
    expired = _expiry(status.signing_cert)
    if expired:
        return f"the signer's certificate ({signer}) expired on {expired:%Y-%m-%d}"
    if trust is None:
        return f"signed by {signer}, but no trusted certificates were given to check who that is"
    if not status.trusted:
        indication = str(getattr(status.trust_problem_indic, "name", ""))  # an enum member of AdESFailure or AdESIndeterminate
        reason = DISTRUST.get(indication, f"does not chain to a trusted certificate ({', '.join(trust.sources)})")
        return f"signed by {signer}, whose certificate {reason}"
    return None


def _expiry(certificate: asn1_x509.Certificate) -> datetime | None:
    """When the certificate expired, if it has."""
    end: datetime = certificate["tbs_certificate"]["validity"]["not_after"].native
    return end if end < datetime.now(UTC) else None

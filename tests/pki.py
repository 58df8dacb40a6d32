"""A throwaway PKI for the signing and encryption tests, made with `cryptography`: nothing here is a secret or lasts."""

from __future__ import annotations

import functools
import gc
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from brief.check import check_input
from brief.render.engine import render_document
from brief.write.pdf import write_pdf
from tests.samples import EXAMPLE

P12_PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Party:
    """A certificate and its private key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def pem(self) -> bytes:
        """The certificate in PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        """The certificate in DER."""
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def p12(self, password: str | None = P12_PASSWORD, chain: tuple[x509.Certificate, ...] = ()) -> bytes:
        """The key, certificate and `chain` as a PKCS#12, protected by `password`."""
        encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
        return pkcs12.serialize_key_and_certificates(b"office", self.key, self.certificate, list(chain) or None, encryption)

    def key_pem(self) -> bytes:
        """The private key in unencrypted PKCS#8 PEM."""
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


@dataclass(frozen=True)
class Pki:
    """Two unrelated CAs, an office that signs (issued by the first), a stranger (by the second), and two recipients."""

    root: Party
    office: Party
    other_root: Party
    stranger: Party
    recipient: Party
    other_recipient: Party


def _name(common_name: str, organisation: str) -> x509.Name:
    """A subject of a common name and an organisation."""
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])


def _key() -> rsa.RSAPrivateKey:
    """A fresh RSA key: RSA because public-key PDF encryption wants it."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(
    subject: x509.Name, key: rsa.RSAPrivateKey, issuer: Party | None, *, ca: bool, days: tuple[int, int], signs: bool = True
) -> x509.Certificate:
    """A certificate for `key`, issued by `issuer` (self-signed when None), valid from `days[0]` to `days[1]` days from now."""
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + timedelta(days=days[0]))
        .not_valid_after(now + timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    builder = builder.add_extension(_key_usage(ca, signs), critical=True)
    if not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


def _key_usage(ca: bool, signs: bool) -> x509.KeyUsage:
    """A CA signs certificates; an end entity receives encrypted keys and, when it `signs`, signs documents."""
    return x509.KeyUsage(
        digital_signature=signs and not ca,
        content_commitment=signs and not ca,
        key_encipherment=not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def party(
    common_name: str,
    organisation: str,
    issuer: Party | None = None,
    *,
    days: tuple[int, int] = (-1, 365),
    ca: bool = False,
    signs: bool = True,
) -> Party:
    """A new party: a root CA when `issuer` is None, else issued by it (an intermediate CA when `ca`, else an end entity).

    An end entity that `signs` may sign documents; one that does not may only receive encrypted keys.
    """
    key = _key()
    subject = _name(common_name, organisation)
    return Party(_certificate(subject, key, issuer, ca=ca or issuer is None, days=days, signs=signs), key)


@functools.cache
def pki() -> Pki:
    """The test PKI, made once per run: RSA keys take a moment."""
    root = party("Test Root CA", "Test Office")
    other_root = party("Other Root CA", "Elsewhere")
    return Pki(
        root=root,
        office=party("Analysis Office", "Test Office", root),
        other_root=other_root,
        stranger=party("Stranger", "Elsewhere", other_root),
        recipient=party("Recipient One", "Ministry", root),
        other_recipient=party("Recipient Two", "Ministry", root),
    )


@functools.cache
def example_pdf() -> bytes:
    """The example brief as a PDF/A-3b, as WeasyPrint writes it for a build: the file the tests sign and encrypt."""
    checked = check_input(EXAMPLE, None)
    # WeasyPrint's PDF/A path leaves its sRGB profile open (its bug, not brief's); collected here, inside the filter.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        data, _ = write_pdf(render_document(checked.loaded, checked.template_set), pdf_a=True)
        gc.collect()
    return data

"""What the signing and encryption tests share: the PDF they protect, the throwaway PKI, the office's signer."""

from __future__ import annotations

import pytest

from brief.distribution.signing import Signer, load_signer
from tests.pki import P12_PASSWORD, Pki, example_pdf, pki


@pytest.fixture(scope="module")
def brief_pdf() -> bytes:
    """The example brief as a PDF/A-3b, as WeasyPrint writes it for a build."""
    return example_pdf()


@pytest.fixture(scope="module")
def keys() -> Pki:
    """The throwaway PKI."""
    return pki()


@pytest.fixture(scope="module")
def office(keys: Pki) -> Signer:
    """The office's signer, from its PKCS#12."""
    return load_signer(keys.office.p12(), P12_PASSWORD, "office.p12")

"""What signing and encrypting cost an issue of numbered copies.

    python benchmarks/issuing.py [--copies N] [--runs R]

Builds the example with N numbered copies (PDF only) in this process, R times each way, side
by side: unsigned; every PDF signed (PAdES, pyHanko); signed, and each copy encrypted for a
password (pikepdf, then signed). Prints the median of each and its ratio to the unsigned build,
and the median time per file protected. A throwaway key made here signs: nothing is kept.
Compare ratios, not absolutes: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "benchmark"


def throwaway_key() -> bytes:
    """A self-signed signing key and certificate as a PKCS#12, for this run only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Benchmark Office")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    return pkcs12.serialize_key_and_certificates(b"office", key, certificate, None, BestAvailableEncryption(PASSWORD.encode()))


def main() -> None:
    """Time the three ways side by side and print medians and ratios."""
    from brief.build import build
    from brief.distribution.issuing import Protection
    from brief.distribution.signing import load_signer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "inputs", work / "inputs")  # the example and the earlier issue it names
        source = work / "inputs" / "belarus.yaml"
        names = "".join(f"  - Recipient {number}\n" for number in range(1, arguments.copies + 1))
        source.write_text(source.read_text() + "\ndistribution:\n" + names)
        signer = load_signer(throwaway_key(), PASSWORD, "benchmark.p12")
        ways = {
            "unsigned": Protection(),
            "signed": Protection(signer),
            "signed + encrypted": Protection(signer, True, work / "secrets.csv"),
        }
        samples: dict[str, list[float]] = {way: [] for way in ways}
        build(source, work / "warm", ["pdf"], copies=True)  # imports and fonts paid once, outside the timings
        for run in range(arguments.runs):
            for way, protection in ways.items():
                started = time.perf_counter()
                build(source, work / f"{way}-{run}", ["pdf"], copies=True, protection=protection)
                samples[way].append(time.perf_counter() - started)
    base = statistics.median(samples["unsigned"])
    files = arguments.copies + 1
    print(f"{arguments.copies} copies of the example, PDF only, median of {arguments.runs} runs each, side by side")
    for way, times in samples.items():
        median = statistics.median(times)
        extra = (median - base) / files * 1000
        print(f"  {way:<20} {median:6.2f} s  {median / base:5.2f}x  (+{extra:.0f} ms per file protected)")


if __name__ == "__main__":
    main()

"""Releasable versions: nothing above the level survives anywhere in the releasable files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from brief.cli import app
from tests.readers import pdf_pages, read_docx, visible

runner = CliRunner()
TOKENS = ("SECRETSTATEMENT", "SECRETEVIDENCE", "SECRETSOURCE", "CONFVIEW", "SECRETSECTION", "SECRETSUMMARY", "SECRETWATCH", "OLDSECRET")

RELEASE = """\
title: Release test
date: 2025-03-14
status: final
summary: The SECRETSUMMARY bottom line.
summary_portion: S
key_judgements:
  - {id: KJ1, statement: The SECRETSTATEMENT regime will fall., likelihood: likely, confidence: moderate, evidence: [E1], portion: S}
  - {id: KJ2, statement: Parliament will sit., likelihood: likely, confidence: moderate, evidence: [E2, E1], portion: U}
  - {id: KJ3, statement: Talks will resume., likelihood: unlikely, confidence: low, evidence: [E1], portion: U}
evidence:
  - {id: E1, text: The SECRETEVIDENCE report., source: S1, credibility: 2, portion: S}
  - {id: E2, text: The speaker said so., source: S2, credibility: 2, portion: U}
sources:
  - {id: S1, title: SECRETSOURCE liaison report, reliability: B}
  - {id: S2, title: Parliament record, reliability: A}
alternative_views:
  - {id: AV1, view: The CONFVIEW coalition holds., likelihood: unlikely, confidence: low, against: [E1], portion: C}
indicators:
  - {text: SECRETWATCH troop moves., judgements: [KJ1], portion: S}
  - {text: A vote is called., judgements: [KJ2, KJ1], portion: U}
sections:
  - {heading: Background, body: The SECRETSECTION detail., portion: S}
  - {heading: Context, body: Public context., portion: U}
previous: old.yaml
silence:
  - {rule: T09, reason: Alternatives are in the full version.}
  - {rule: T11, reason: Test data.}
  - {rule: T07, reason: Test data.}
  - {rule: T13, reason: Test data.}
"""

OLD = """\
title: Old version
date: 2025-01-10
summary: Old line.
key_judgements:
  - {id: KJ2, statement: Parliament will sit., likelihood: unlikely, confidence: low, portion: U}
  - {id: KJ9, statement: The OLDSECRET plan proceeds., likelihood: likely, confidence: low, portion: S}
"""


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("release")
    (folder / "brief.yaml").write_text(RELEASE)
    (folder / "old.yaml").write_text(OLD)
    full = runner.invoke(app, ["build", str(folder / "brief.yaml"), "--out", str(folder / "out")])
    assert full.exit_code == 0, full.output
    cut = runner.invoke(app, ["build", str(folder / "brief.yaml"), "--out", str(folder / "out"), "--release-to", "UNCLASSIFIED"])
    assert cut.exit_code == 0, cut.output
    return folder / "out", folder / "brief.yaml", cut.stderr


def test_release_is_written_beside_the_full_version(released: tuple[Path, Path, str]) -> None:
    """The releasable files have their own names; the full version stays as it was."""
    out, _, _ = released
    assert sorted(path.name for path in visible(out)) == [
        "brief-releasable-unclassified.docx",
        "brief-releasable-unclassified.manifest.json",
        "brief-releasable-unclassified.pdf",
        "brief.docx",
        "brief.manifest.json",
        "brief.pdf",
    ]
    assert "SECRETSTATEMENT" in "".join(pdf_pages(out / "brief.pdf"))


def test_nothing_cut_survives_in_the_pdf(released: tuple[Path, Path, str]) -> None:
    """Text, metadata and the embedded input of the releasable PDF hold nothing of the cut portions."""
    out, _, _ = released
    reader = pypdf.PdfReader(out / "brief-releasable-unclassified.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    embedded = b"".join(contents[0] for contents in reader.attachments.values()).decode()
    metadata = str(reader.metadata) + str(reader.xmp_metadata.rdf_root.toxml() if reader.xmp_metadata else "")
    for token in TOKENS:
        assert token not in text and token not in embedded and token not in metadata, token
    assert "Parliament will sit." in text and embedded.startswith("title: Release test")


def test_nothing_cut_survives_in_any_part_of_the_docx(released: tuple[Path, Path, str]) -> None:
    """No part of the releasable DOCX (body, notes, headers, properties, relationships) holds the cut text."""
    out, _, _ = released
    with zipfile.ZipFile(out / "brief-releasable-unclassified.docx") as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name, data in parts.items():
        if not name.endswith((".odttf", ".png")):
            for token in TOKENS:
                assert token.encode() not in data, (token, name)


def test_banner_renumbering_and_notice(released: tuple[Path, Path, str]) -> None:
    """The banner is recomputed, the judgements renumbered, and the title block says it is releasable."""
    out, _, _ = released
    read = read_docx(out / "brief-releasable-unclassified.docx")
    assert read.header == ["UNCLASSIFIED"]
    assert [label for label in read.labels if label != "•"][:2] == ["1.", "2."]
    assert "Releasable version: it holds only the portions marked UNCLASSIFIED or lower." in read.body
    assert "The bottom line is not releasable at this level." in " ".join(read.body)
    pages = pdf_pages(out / "brief-releasable-unclassified.pdf")
    assert all(page.count("UNCLASSIFIED") >= 2 for page in pages)


def test_judgement_that_lost_its_evidence_is_flagged(released: tuple[Path, Path, str]) -> None:
    """A judgement whose evidence was all cut is flagged in the brief and in the build's warnings."""
    out, path, stderr = released
    assert f"warning: {path}: KJ3 keeps its place in the version releasable to UNCLASSIFIED, but none of its evidence does" in stderr
    body = read_docx(out / "brief-releasable-unclassified.docx").body
    statement = body.index("(U) Talks will resume.")
    assert "None of the evidence for this judgement is releasable at this level." in body[statement : statement + 4]


def test_previous_version_is_cut_too(released: tuple[Path, Path, str]) -> None:
    """The changes since the last version show only what the last version had at or below the level."""
    out, _, _ = released
    body = " ".join(read_docx(out / "brief-releasable-unclassified.docx").body)
    assert "Changes since the last assessment" in body and "OLDSECRET" not in body


def test_unmarked_prose_follows_the_default_marking(tmp_path: Path) -> None:
    """Scope note and implications, which carry no mark, go when the default marking is above the level."""
    (tmp_path / "old.yaml").write_text(OLD)
    text = RELEASE + "scope_note: The SCOPETOKEN question.\nimplications: [The IMPLICATIONTOKEN.]\nportion_default: C\n"
    (tmp_path / "brief.yaml").write_text(text)
    result = runner.invoke(
        app, ["build", str(tmp_path / "brief.yaml"), "--out", str(tmp_path / "out"), "--release-to", "U", "--format", "docx"]
    )
    assert result.exit_code == 0, result.output
    body = " ".join(read_docx(tmp_path / "out" / "brief-releasable-unclassified.docx").body)
    assert "SCOPETOKEN" not in body and "IMPLICATIONTOKEN" not in body
    kept = runner.invoke(
        app, ["build", str(tmp_path / "brief.yaml"), "--out", str(tmp_path / "c"), "--release-to", "C", "--format", "docx"]
    )
    assert kept.exit_code == 0, kept.output
    assert "SCOPETOKEN" in " ".join(read_docx(tmp_path / "c" / "brief-releasable-confidential.docx").body)


def test_release_needs_marks(tmp_path: Path) -> None:
    """A brief that marks no portions cannot be cut: bad usage, nothing written."""
    (tmp_path / "plain.yaml").write_text(
        RELEASE.split("summary_portion")[0] + "key_judgements:\n  - {id: K, statement: x, likelihood: likely, confidence: high}\n"
    )
    result = runner.invoke(app, ["build", str(tmp_path / "plain.yaml"), "--out", str(tmp_path / "out"), "--release-to", "U"])
    assert result.exit_code == 2
    assert "marks no portions and names no ladder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_release_level_must_be_on_the_ladder(released: tuple[Path, Path, str], tmp_path: Path) -> None:
    """An unknown level is bad usage, listing the ladder's levels."""
    _, path, _ = released
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path), "--release-to", "PUBLIC"])
    assert result.exit_code == 2
    assert "'PUBLIC' is not a level of the default ladder" in result.stderr

"""What the brief shows from its data: source summary, evidence matrix, changes, the scale box."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.analysis.changes import compare
from brief.analysis.matrix import evidence_matrix
from brief.analysis.sourcing import summarise_sources
from brief.build import build
from brief.input.document import parse_document
from brief.input.loader import LoadedBrief, load, load_document
from tests.readers import pdf_pages, read_docx, squeeze
from tests.samples import CLEAN


def loaded(text: str, name: str = "in.yaml") -> LoadedBrief:
    return load_document(parse_document(textwrap.dedent(text).encode(), name), Path(name))


def both_texts(outputs: dict[str, Path]) -> tuple[str, str]:
    """The whole text of the PDF and of the DOCX, whitespace removed."""
    return squeeze("".join(pdf_pages(outputs["pdf"]))), squeeze("".join(read_docx(outputs["docx"]).body))


@pytest.mark.parametrize(
    "sentence",
    [
        "7 items of evidence from 1 source (video: 1). Source reliability: F (1). Information credibility: 3 (6), 4 (1). No source is dated.",
        "All 6 items of evidence behind the key judgements come from one source, S1: Belarus Just Made an UNEXPECTED Move – Putin Should Be Worried.",
        "Compared with the assessment “Belarus remains Moscow’s rear base” of 15 September 2026 (EEA-2026-033):",
        "Judgement 3 is new. Likelihood: roughly even chance. Confidence: low.",
        "Judgement 1: likelihood raised from roughly even chance to likely.",
        "Judgement 2: confidence lowered from moderate to low.",
        "Dropped: judgement KJ4 of the previous assessment, which read: Belarus will let Russia use its territory for strikes on Ukraine through the autumn.",
        "Annex: evidence matrix",
    ],
)
def test_example_shows_its_sourcing_and_changes_in_both_formats(example_outputs: dict[str, Path], sentence: str) -> None:
    """The source summary statement and the changes since the last assessment print in PDF and DOCX."""
    pdf, docx = both_texts(example_outputs)
    assert squeeze(sentence) in pdf
    assert squeeze(sentence) in docx


def test_example_matrix_rows_in_both_formats(example_outputs: dict[str, Path]) -> None:
    """Each evidence row of the matrix carries the same + and − marks in both formats."""
    pdf, docx = both_texts(example_outputs)
    for row in ("E1+−", "E2+−", "E3+−", "E7−+", "E6++"):
        assert f"{row}" in pdf and row in docx


def test_source_summary_counts() -> None:
    """Kinds, grades, dates and dependence are counted from the data."""
    extra = "  - {id: S3, title: Blog, kind: social}\n  - {id: S4, title: Ministry, kind: official, date: 2024-12-01}\n"
    brief = loaded(CLEAN.replace("alternative_views:", extra + "alternative_views:")).brief
    summary = summarise_sources(brief)
    assert summary.kinds == (("unspecified", 2), ("official", 1), ("social", 1))
    assert summary.reliability == (("A", 1), ("B", 1))
    assert (summary.ungraded_sources, summary.ungraded_evidence) == (2, 0)
    assert (str(summary.first_date), str(summary.last_date), summary.undated_sources) == ("2024-12-01", "2025-03-01", 2)
    assert summary.dependence is None  # one item each from S1 and S2: no majority


def test_evidence_matrix_marks() -> None:
    """Supporting evidence is +, disputing evidence is −, the rest empty, under judgements then views."""
    matrix = evidence_matrix(loaded(CLEAN).brief)
    assert (matrix.judgement_ids, matrix.view_ids) == (("KJ1",), ("AV1",))
    assert [(row.evidence_id, row.cells) for row in matrix.rows] == [("E1", ("+", "−")), ("E2", ("+", ""))]


def test_changes_between_versions(write_input: Callable[..., Path]) -> None:
    """New, dropped and moved judgements are found by id; a scale change compares bands."""
    old = CLEAN.replace("likelihood: likely", "likelihood: realistic possibility").replace("date: 2025-03-14", "date: 2025-01-10")
    old += "scale: phia\n"
    old = old.replace(
        "key_judgements:\n", "key_judgements:\n  - {id: KJ0, statement: Gone., likelihood: likely, confidence: low, evidence: [E2]}\n"
    )
    write_input(old, "old.yaml")
    new = CLEAN.replace("confidence: moderate", "confidence: high")
    new += "previous: old.yaml\n"
    new = new.replace(
        "    evidence: [E1, E2]\n",
        "    evidence: [E1, E2]\n  - {id: KJ9, statement: New., likelihood: unlikely, confidence: low, evidence: [E2]}\n",
        1,
    )
    current = load(write_input(new))
    assert current.previous is not None
    changes = compare(current, current.previous)
    assert changes.new == ("KJ9",)
    assert [judgement.id for judgement in changes.dropped] == ["KJ0"]
    [moved] = changes.moved
    assert moved.id == "KJ1"
    assert moved.likelihood is not None and (moved.likelihood.before, moved.likelihood.after, moved.likelihood.raised) == (
        "realistic-possibility",
        "likely",
        True,
    )
    assert moved.confidence is not None and (moved.confidence.before, moved.confidence.after, moved.confidence.raised) == (
        "moderate",
        "high",
        True,
    )
    assert changes.unchanged == ()


def test_no_previous_no_changes_section(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Without previous:, the brief has no changes section."""
    result = build(write_input(CLEAN), tmp_path / "out", ["docx"])
    assert not any("Changes since the last assessment" in line for line in read_docx(result.outputs[0]).body)


@pytest.mark.parametrize(
    ("scale_line", "expected"),
    [
        ("scale: kent\n", ["Sherman Kent, “Words of Estimative Probability” (1964)", "chances about even", "50% (±10)"]),
        ("scale: phia\n", ["UK Professional Head of Intelligence Assessment, Probability Yardstick", "realistic possibility", "40–50%"]),
    ],
)
def test_explanation_box_follows_the_scale(write_input: Callable[..., Path], tmp_path: Path, scale_line: str, expected: list[str]) -> None:
    """The estimative-language box explains the terms of whatever scale the brief uses, in both formats."""
    text = CLEAN.replace("likelihood: likely", "likelihood: probable").replace("likelihood: unlikely", "likelihood: probably not")
    if "phia" in scale_line:
        text = CLEAN
    result = build(write_input(text + scale_line), tmp_path / "out", ["pdf", "docx"])
    pdf, docx = both_texts({path.suffix.lstrip("."): path for path in result.outputs})
    for words in expected:
        assert squeeze(words) in pdf and squeeze(words) in docx


def test_explanation_box_for_a_custom_scale(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A custom scale's name, source and bands fill the box."""
    write_input(
        "name: Desk yardstick\nsource: House style 2025\nterms:\n  - {id: low, label: low odds, low: 0, high: 40}\n  - {id: high, label: high odds, low: 60, high: 100}\n",
        "desk.yaml",
    )
    text = (
        CLEAN.replace("likelihood: likely", "likelihood: high odds").replace("likelihood: unlikely", "likelihood: low odds")
        + "scale: desk.yaml\n"
    )
    result = build(write_input(text), tmp_path / "out", ["docx"])
    body = " ".join(read_docx(result.outputs[0]).body)
    assert "Likelihood terms follow the Desk yardstick (House style 2025)." in body
    assert "60–100%" in body

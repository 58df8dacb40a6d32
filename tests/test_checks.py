"""Tradecraft checks: each rule fires where a reviewing editor would mark the draft, and only there."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli import app
from brief.errors import InputError
from brief.input.loader import load
from brief.review.report import Report
from tests.samples import CLEAN, EXAMPLE

runner = CliRunner()


def codes(report: Report) -> list[str]:
    return [mark.rule.code for mark in report.findings]


def test_clean_brief_has_no_findings(review: Callable[..., Report]) -> None:
    """A brief that follows the standards gets no marks at all."""
    assert codes(review()) == []


def test_example_passes_strict_review() -> None:
    """The example brief passes `brief check --strict`, silencing only what it must, with a reason."""
    result = runner.invoke(app, ["check", "--strict", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "silenced warning T11 single-source-dependence" in result.stdout
    assert "silenced because: This brief assesses one commentary on purpose" in result.stdout


# T01 term-mismatch


def test_wording_stronger_than_the_likelihood(review: Callable[..., Report]) -> None:
    """'almost certainly' in a judgement rated likely is an error at the words themselves."""
    report = review(("will fall before", "will almost certainly fall before"))
    [mark] = report.errors
    assert (mark.rule.code, mark.line, mark.column) == ("T01", 6, 36)
    assert (
        mark.message
        == "'almost certainly' reads as 95–99%, but the stated likelihood is 'likely' (55–80%); make the wording and the likelihood agree"
    )


def test_wording_in_a_block_basis_points_at_its_line(review: Callable[..., Report]) -> None:
    """A mismatched term inside a multi-line basis is pointed at its own line and column."""
    basis = "    basis: |\n      The cabinet is split.\n      Collapse is very unlikely before May.\n"
    report = review(("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n" + basis))
    [mark] = report.findings
    assert (mark.rule.code, mark.field, mark.line, mark.column) == ("T01", "key_judgements[0].basis", 12, 19)


@pytest.mark.parametrize("wording", ["will probably fall", "is likely to fall", "will fall"])
def test_agreeing_wording_is_fine(review: Callable[..., Report], wording: str) -> None:
    """Words in the band of the stated likelihood, or none, raise nothing."""
    assert codes(review(("will fall", wording))) == []


def test_unlikely_is_not_read_as_likely(review: Callable[..., Report]) -> None:
    """'unlikely' in an unlikely judgement is right, and in a likely one it is a mismatch."""
    assert codes(review(("will fall before", "is unlikely to fall before"), ("likelihood: likely", "likelihood: unlikely"))) == []
    report = review(("will fall before", "is unlikely to fall before"))
    assert codes(report) == ["T01"]
    assert report.findings[0].message.startswith("'unlikely' reads as 20–45%")


def test_alternative_view_wording_is_checked_against_its_likelihood(review: Callable[..., Report]) -> None:
    """An alternative view's wording is held to its own likelihood."""
    assert codes(review(("The coalition survives.", "The coalition will almost certainly survive."))) == ["T01"]


# T02 confidence-with-likelihood


def test_confidence_and_likelihood_in_one_sentence(review: Callable[..., Report]) -> None:
    """'high confidence' and 'likely' in one sentence of the summary is marked."""
    report = review(("The bottom line.", "We assess with high confidence that the coalition is likely to fall."))
    [mark] = report.findings
    assert (mark.rule.code, mark.field, mark.line, mark.column) == ("T02", "summary", 3, 25)


def test_confidence_and_likelihood_in_separate_sentences(review: Callable[..., Report]) -> None:
    """Confidence in one sentence and likelihood in the next is how ICD 203 wants it."""
    assert codes(review(("The bottom line.", "We have high confidence in the reporting. The coalition is likely to fall."))) == []


# T03 foreign-scale-term


def test_phia_term_in_an_icd203_brief(review: Callable[..., Report]) -> None:
    """'realistic possibility' (PHIA) in an ICD 203 brief is marked."""
    report = review(("The bottom line.", "A snap election is a realistic possibility."))
    assert codes(report) == ["T03"]
    assert (
        report.findings[0].message
        == "'realistic possibility' is a term of the phia scale, but this brief uses icd203; use that scale's terms only"
    )


def test_icd203_term_in_a_phia_brief(review: Callable[..., Report]) -> None:
    """'roughly even chance' (ICD 203) in a PHIA brief is marked, and the PHIA wording is not."""
    report = review(("The bottom line.", "A snap election has a roughly even chance."), extra="scale: phia\n")
    assert codes(report) == ["T03"]
    assert codes(review(("The bottom line.", "A snap election is a realistic possibility."), extra="scale: phia\n")) == []


# T04 vague-hedge


@pytest.mark.parametrize("hedge", ["could", "may", "might", "possibly", "perhaps"])
def test_hedges_in_a_statement(review: Callable[..., Report], hedge: str) -> None:
    """Hedging words in a key judgement's statement are marked at the word."""
    report = review(("The government will fall", f"The government {hedge} fall"))
    [mark] = report.findings
    assert (mark.rule.code, mark.column) == ("T04", 31)


def test_the_month_may_is_not_a_hedge(review: Callable[..., Report]) -> None:
    """'May 2025' is a date, not a hedge."""
    assert codes(review(("before the election", "before May 2025"))) == []


# T05 thin-high-confidence


def test_high_confidence_on_one_source(review: Callable[..., Report]) -> None:
    """High confidence resting on one source is marked at the confidence."""
    report = review(
        ("confidence: moderate\n    evidence: [E1, E2]", "confidence: high\n    evidence: [E1]"), ("against: [E1]", "against: [E2]")
    )
    assert codes(report) == ["T05", "T11"]  # one source behind it is also a dependence on that source
    mark = report.findings[0]
    assert mark.field == "key_judgements[0].confidence"
    assert "its evidence comes from one source (S1)" in mark.message


def test_high_confidence_on_poor_grades(review: Callable[..., Report]) -> None:
    """High confidence on sources graded D–F and information graded 4–6 is marked with both reasons."""
    report = review(
        ("confidence: moderate", "confidence: high"),
        ("reliability: B", "reliability: D"),
        ("reliability: A", "reliability: F"),
        ("credibility: 2, date", "credibility: 4, date"),
        ("credibility: 2}", "credibility: 5}"),
    )
    [mark] = report.findings
    assert "no source behind it is graded A–C for reliability" in mark.message
    assert "none of its evidence is graded 1–3 for credibility" in mark.message


def test_high_confidence_on_strong_evidence(review: Callable[..., Report]) -> None:
    """High confidence on two well-graded sources is fine."""
    assert codes(review(("confidence: moderate", "confidence: high"))) == []


# T06, T07, T08: citations


def test_judgement_without_evidence(review: Callable[..., Report]) -> None:
    """A key judgement citing no evidence is marked, and so is the evidence it no longer cites."""
    report = review(("    evidence: [E1, E2]\n", ""))
    assert codes(report) == ["T06", "T07"]
    assert report.findings[0].message == "KJ1 cites no supporting evidence; list what it rests on under evidence:"


def test_evidence_nothing_cites(review: Callable[..., Report]) -> None:
    """Evidence no judgement or view cites is marked at the item."""
    report = review(("  - {id: E2, text", "  - {id: E3, text: A rumour., source: S2}\n  - {id: E2, text"))
    assert [(mark.rule.code, mark.field) for mark in report.findings] == [("T07", "evidence[1]")]


def test_source_nothing_comes_from(review: Callable[..., Report]) -> None:
    """A source no evidence comes from is marked."""
    report = review(("  - {id: S2, title", "  - {id: S3, title: Unused}\n  - {id: S2, title"))
    assert codes(report) == ["T08"]
    assert report.findings[0].field == "sources[1]"


# T09 no-alternative-view


def test_no_alternative_view(review: Callable[..., Report]) -> None:
    """No alternative view while a judgement is below high confidence is marked."""
    report = review(base=CLEAN.split("alternative_views:")[0])
    assert codes(report) == ["T09"]
    assert report.findings[0].message.startswith("KJ1 is not high confidence, yet the brief weighs no alternative view")


def test_no_alternative_view_needed_when_all_high(review: Callable[..., Report]) -> None:
    """When every key judgement is high confidence, no alternative view is demanded."""
    assert codes(review(("confidence: moderate", "confidence: high"), base=CLEAN.split("alternative_views:")[0])) == []


# T10 impossible-date


def test_evidence_dated_after_the_brief(review: Callable[..., Report]) -> None:
    """Evidence dated after the brief is an error at its date."""
    report = review(("credibility: 2, date: 2025-03-01", "credibility: 2, date: 2025-04-01"))
    [mark] = report.errors
    assert (mark.rule.code, mark.field) == ("T10", "evidence[0].date")


def test_source_accessed_before_its_date(review: Callable[..., Report]) -> None:
    """A source accessed before it existed is an error at its accessed date."""
    report = review(("accessed: 2025-03-02", "accessed: 2025-02-20"))
    assert [(mark.rule.code, mark.field) for mark in report.errors] == [("T10", "sources[0].accessed")]


def test_previous_version_dated_later(review: Callable[..., Report], write_input: Callable[..., Path]) -> None:
    """A previous version dated after this one is an error at previous:."""
    write_input(CLEAN.replace("date: 2025-03-14", "date: 2025-05-01"), "old.yaml")
    report = review(extra="previous: old.yaml\n")
    assert [(mark.rule.code, mark.field) for mark in report.errors] == [("T10", "previous")]


# T11 single-source-dependence


def test_most_evidence_from_one_source(review: Callable[..., Report]) -> None:
    """Two of three items behind the judgements from one source is marked at that source."""
    report = review(
        ("evidence: [E1, E2]", "evidence: [E1, E2, E3]"),
        ("  - {id: E2, text", "  - {id: E3, text: Ministers left too., source: S1, credibility: 2}\n  - {id: E2, text"),
    )
    [mark] = report.findings
    assert (mark.rule.code, mark.field) == ("T11", "sources[0]")
    assert mark.message.startswith("2 of the 3 items of evidence behind the key judgements come from S1")


# T12 alternative-outweighs-judgement


def test_alternative_rated_above_its_rival_without_basis(review: Callable[..., Report]) -> None:
    """A view disputing KJ1's evidence, rated more likely and without a basis, is marked."""
    report = review(("likelihood: unlikely", "likelihood: very likely"))
    mark, likely = report.findings  # very likely is also more likely than not: T17
    assert likely.rule.code == "T17"
    assert (mark.rule.code, mark.field) == ("T12", "alternative_views[0]")
    assert mark.message.startswith("AV1 is rated more likely (very likely against likely) than KJ1")


def test_alternative_with_a_basis_may_outrank(review: Callable[..., Report]) -> None:
    """The same view with a basis is fine."""
    assert codes(review(("likelihood: unlikely", "likelihood: very likely\n    basis: New polling."))) == []


def test_alternative_confidence_and_explicit_rival(review: Callable[..., Report]) -> None:
    """competes_with names the rival; higher confidence alone is enough to mark."""
    report = review(
        ("    against: [E1]\n", "    competes_with: [KJ1]\n"),
        ("confidence: moderate", "confidence: low"),
        ("confidence: low\n    competes", "confidence: moderate\n    competes"),
    )
    assert [mark.rule.code for mark in report.findings] == ["T12"]
    assert "with more confidence (moderate against low)" in report.findings[0].message


def test_unrelated_alternative_is_not_compared(review: Callable[..., Report]) -> None:
    """A view that shares no item of evidence with a judgement does not compete with it."""
    own = ("  - {id: E2, text", "  - {id: E3, text: Polls held., source: S2, credibility: 2}\n  - {id: E2, text")
    assert codes(review(("    against: [E1]\n", "    evidence: [E3]\n"), own, ("likelihood: likely", "likelihood: very unlikely"))) == []


# Silences


def test_file_silence_keeps_the_finding_with_its_reason(review: Callable[..., Report]) -> None:
    """A file-wide silence moves the finding to the silenced list, with the reason."""
    report = review(
        ("    evidence: [E1, E2]\n", ""),
        extra="silence:\n  - {rule: T06, reason: Reasoned from first principles.}\n  - {rule: uncited-evidence, reason: Kept for context.}\n",
    )
    assert codes(report) == []
    assert sorted((mark.rule.code, mark.silenced) for mark in report.silenced) == [
        ("T06", "Reasoned from first principles."),
        ("T07", "Kept for context."),
    ]


def test_item_silence_covers_only_that_item(review: Callable[..., Report]) -> None:
    """A silence on one judgement leaves the same rule active for another."""
    second = "  - id: KJ2\n    statement: Parliament will dissolve.\n    likelihood: likely\n    confidence: moderate\n"
    silence = "    silence:\n      - rule: T06\n        reason: A constitutional certainty.\n"
    report = review(("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n" + second + silence + second.replace("KJ2", "KJ3")))
    assert [(mark.rule.code, mark.field) for mark in report.findings] == [("T06", "key_judgements[2]")]
    assert [(mark.rule.code, mark.field) for mark in report.silenced] == [("T06", "key_judgements[1]")]


def test_unused_silence_is_reported(review: Callable[..., Report]) -> None:
    """A silence that matches nothing is a finding at the silence."""
    report = review(extra="silence:\n  - {rule: T04, reason: Hedges are house style.}\n")
    [mark] = report.findings
    assert (mark.rule.code, mark.field, mark.line) == ("T13", "silence[0]", 23)


def test_silence_names_a_real_rule(write_input: Callable[..., Path]) -> None:
    """Silencing a rule that does not exist is an input error listing the rules."""
    with pytest.raises(InputError) as caught:
        load(write_input(CLEAN + "silence:\n  - {rule: T99, reason: x}\n"))
    [problem] = caught.value.problems
    assert problem.message.startswith("'T99' is not a rule; accepted: T01 term-mismatch, T02 confidence-with-likelihood,")


def test_silence_needs_a_reason(write_input: Callable[..., Path]) -> None:
    """A silence without a reason is refused: reviewers must see why."""
    with pytest.raises(InputError) as caught:
        load(write_input(CLEAN + "silence:\n  - {rule: T06}\n"))
    assert str(caught.value.problems[0]).endswith("silence[0].reason: is required but missing")


# The command line


def test_build_fails_on_errors_and_writes_nothing(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """An error-level finding fails the build with the finding on stderr, and nothing is written."""
    path = write_input(CLEAN.replace("will fall before", "will almost certainly fall before"))
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 1
    assert f"{path}:6:36: error T01 term-mismatch: key_judgements[0].statement:" in result.stderr
    assert result.stderr.splitlines()[-1] == f"{path}: the review failed; nothing written"
    assert not (tmp_path / "out").exists()


def test_build_prints_warnings_and_builds(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Warnings are printed and the brief is built; with --strict they fail it."""
    path = write_input(CLEAN.replace("will fall", "could fall"))
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0
    assert "warning T04 vague-hedge" in result.stderr
    assert (tmp_path / "out" / "brief.docx").exists()
    strict = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "strict"), "--format", "docx", "--strict"])
    assert strict.exit_code == 1
    assert not (tmp_path / "strict").exists()


def test_check_strict_fails_on_warnings(write_input: Callable[..., Path]) -> None:
    """`brief check` exits 0 on warnings, and 1 with --strict."""
    path = write_input(CLEAN.replace("will fall", "could fall"))
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    assert runner.invoke(app, ["check", "--strict", str(path)]).exit_code == 1


def test_check_json(write_input: Callable[..., Path]) -> None:
    """`brief check --format json` gives findings, silences and problems as JSON for other tools."""
    hedged = write_input(CLEAN.replace("will fall", "could fall") + "silence:\n  - {rule: T13, reason: none}\n", "hedged.yaml")
    broken = write_input("title: x\n", "broken.yaml")
    result = runner.invoke(app, ["check", "--format", "json", str(hedged), str(broken)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["failed"] is True
    first, second = data["inputs"]
    assert (first["valid"], first["failed"], first["errors"], first["warnings"]) == (True, False, 0, 1)
    assert first["findings"][0] == {
        "code": "T04",
        "name": "vague-hedge",
        "severity": "warning",
        "file": str(hedged),
        "line": 6,
        "column": 31,
        "field": "key_judgements[0].statement",
        "message": first["findings"][0]["message"],
        "standard": "ICD 203 standard 2: expresses and explains uncertainties",
        "silenced": None,
    }
    assert first["silenced"][0]["code"] == "T13" and first["silenced"][0]["silenced"] == "none"
    assert second["valid"] is False
    assert second["problems"][0]["field"] == "date"


def test_check_rejects_an_unknown_report_format(write_input: Callable[..., Path]) -> None:
    """An unknown --format for check is bad usage."""
    result = runner.invoke(app, ["check", "--format", "xml", str(write_input(CLEAN))])
    assert result.exit_code == 2

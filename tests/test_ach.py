"""Evidence weighed (Heuer's ACH): inconsistency and diagnosticity, the rules that read them, and the annex that prints them.

The expected figures are worked out by hand from the published weightings (PARC ACH 2.0's
√2 / 1 / 1/√2 levels, Open Synthesis's population standard deviation), not from the code under test.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from brief.analysis.ach import weigh, weight
from brief.build import build
from brief.input.document import parse_document
from brief.input.loader import load, load_document
from brief.model.brief import Brief
from brief.review.report import review_brief
from tests.readers import pdf_pages, squeeze
from tests.samples import CLEAN, MINIMAL

# Three items against three hypotheses (KJ1, KJ2, AV1), each item from its own source:
#   E1  A1  weight √2·√2     = 2    cells  + − −
#   E2  C3  weight 1·1       = 1    cells  − + ·
#   E3  D4  weight 1/√2·1/√2 = 0.5  cells  − − −
# Inconsistency (the weights of the items against each): KJ1 = E2 + E3 = 1.5; KJ2 = E1 + E3 = 2.5; AV1 = E1 + E3 = 2.5.
# Diagnosticity (population standard deviation of the cells, + = 1, − = −1, · = 0):
#   E1: 1, −1, −1: mean −1/3, squares 16/9 + 4/9 + 4/9 = 24/9, variance 8/9, deviation √8/3 ≈ 0.943
#   E2: −1, 1, 0: mean 0, variance 2/3, deviation √(2/3) ≈ 0.816
#   E3: −1, −1, −1: all alike, 0 (non-diagnostic)
HAND_MATRIX = """\
title: Three by three
date: 2025-03-14
summary: The bottom line.
key_judgements:
  - {id: KJ1, statement: The government falls., likelihood: likely, confidence: moderate, evidence: [E1], against: [E2, E3]}
  - {id: KJ2, statement: The government holds., likelihood: unlikely, confidence: low, evidence: [E2], against: [E1, E3]}
alternative_views:
  - {id: AV1, view: An early election., against: [E1, E3]}
evidence:
  - {id: E1, text: Ministers resigned., source: S1, credibility: 1}
  - {id: E2, text: Talks resumed., source: S2, credibility: 3}
  - {id: E3, text: A rumour., source: S3, credibility: 4}
sources:
  - {id: S1, title: Cable, reliability: A}
  - {id: S2, title: Wire, reliability: C}
  - {id: S3, title: Blog, reliability: D}
"""


def parsed(text: str) -> Brief:
    """The brief in `text`, validated without touching a file."""
    return load_document(parse_document(textwrap.dedent(text).encode(), "in.yaml"), Path("in.yaml")).brief


def edit(*replacements: tuple[str, str], base: str = CLEAN) -> str:
    """`base` with each (old, new) replaced; every `old` must be there, so a changed sample fails loudly."""
    for old, new in replacements:
        assert old in base, old
        base = base.replace(old, new)
    return base


def matrix_rows(path: Path, heading: str) -> list[list[str]]:
    """The text of each cell of the DOCX table whose second row ends with `heading`: the evidence matrix."""
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]
    [rows] = [rows for rows in tables if len(rows) > 1 and rows[1][-1] == heading]
    return rows


@pytest.fixture
def codes(write_input: Callable[..., Path]) -> Callable[[str], list[str]]:
    """The sorted codes of the active findings for YAML text."""

    def run(text: str) -> list[str]:
        return sorted(finding.rule.code for finding in review_brief(load(write_input(text))).findings)

    return run


# --- the figures ---


def test_inconsistency_on_a_hand_computed_matrix() -> None:
    """Each hypothesis's inconsistency is the graded weight of the items against it: 1.5, 2.5, 2.5."""
    assert weigh(parsed(HAND_MATRIX)).inconsistency == {"KJ1": 1.5, "KJ2": 2.5, "AV1": 2.5}


def test_diagnosticity_on_a_hand_computed_matrix() -> None:
    """Each item's diagnosticity is the spread of its cells: √8/3, √(2/3), and 0 for the item against all."""
    weighing = weigh(parsed(HAND_MATRIX))
    assert weighing.diagnosticity["E1"] == pytest.approx(math.sqrt(8) / 3, abs=1e-6)
    assert weighing.diagnosticity["E2"] == pytest.approx(math.sqrt(2 / 3), abs=1e-6)
    assert weighing.diagnosticity["E3"] == 0
    assert [weighing.non_diagnostic(ref) for ref in ("E1", "E2", "E3")] == [False, False, True]


@pytest.mark.parametrize(
    ("reliability", "credibility", "expected"),
    [
        ("A", 1, 2.0),
        ("B", 2, 2.0),
        ("A", 3, math.sqrt(2)),
        ("C", 2, math.sqrt(2)),
        ("C", 3, 1.0),
        ("B", 4, 1.0),
        ("F", 6, 1.0),
        (None, None, 1.0),
        ("C", 4, 1 / math.sqrt(2)),
        ("D", 4, 0.5),
        ("E", 5, 0.5),
    ],
)
def test_item_weight_from_its_grades(reliability: str | None, credibility: int | None, expected: float) -> None:
    """An item weighs its source's reliability factor times its credibility factor; cannot-be-judged and ungraded weigh 1."""
    source = f"{{id: S1, title: Wire{f', reliability: {reliability}' if reliability else ''}}}"
    item = f"{{id: E1, text: Ministers resigned., source: S1{f', credibility: {credibility}' if credibility else ''}}}"
    brief = parsed(f"{MINIMAL}    evidence: [E1]\nevidence:\n  - {item}\nsources:\n  - {source}\n")
    assert weight(brief.evidence[0], {source.id: source for source in brief.sources}) == pytest.approx(expected)


def test_an_item_listed_twice_against_counts_once() -> None:
    """An item repeated under against: weighs once."""
    assert weigh(parsed(edit(("against: [E1]", "against: [E1, E1]")))).inconsistency["AV1"] == 2.0


# --- T14 non-diagnostic-support ---


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((("    against: [E1]\n", "    evidence: [E1, E2]\n"),), ["T14"]),
        ((("    against: [E1]\n", "    evidence: [E1]\n"),), []),
        ((("    against: [E1]\n", "    evidence: [E2]\n    against: [E1]\n"),), []),
    ],
    ids=["all-support-fits-the-view-too", "one-item-fits-only-the-judgement", "one-item-cuts-against-the-view"],
)
def test_support_that_fits_every_hypothesis(
    codes: Callable[[str], list[str]], edits: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    """A judgement whose every supporting item also supports the view is T14; one item that does not is enough."""
    assert codes(edit(*edits)) == expected


def test_non_diagnostic_support_names_the_items(write_input: Callable[..., Path]) -> None:
    """T14 points at the judgement's evidence and names what it cites."""
    report = review_brief(load(write_input(edit(("    against: [E1]\n", "    evidence: [E1, E2]\n")))))
    [mark] = report.findings
    assert (mark.rule.code, mark.field) == ("T14", "key_judgements[0].evidence")
    assert mark.message.startswith("all of KJ1's support (E1, E2) fits every hypothesis alike")


def test_judgements_alone_are_not_rivals(codes: Callable[[str], list[str]]) -> None:
    """Two key judgements citing the same items, with no alternative view, are not T14: they answer different questions."""
    second = "  - {id: KJ2, statement: Parliament dissolves., likelihood: likely, confidence: high, evidence: [E1, E2]}\n"
    text = edit(("confidence: moderate", "confidence: high"), ("evidence:\n  - {id: E1", second + "evidence:\n  - {id: E1"))
    assert codes(text.split("alternative_views:")[0]) == []


# --- T15 less-inconsistent-alternative: KJ1 has E3 (source A) against it; AV1 has E1 (source B) against it ---

RIVALS = edit(
    ("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n    against: [E3]\n"),
    ("  - {id: E2, text", "  - {id: E3, text: Polls are steady., source: S2, credibility: 2}\n  - {id: E2, text"),
)


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((), []),  # A2 against KJ1 = 2, B2 against AV1 = 2: equal
        ((("source: S1, credibility: 2", "source: S1, credibility: 3"),), ["T15"]),  # B3 = 1.41 < 2
        (
            (
                ("source: S1, credibility: 2", "source: S1, credibility: 3"),
                ("S2, credibility: 2}\n  - {id: E2", "S2, credibility: 3}\n  - {id: E2"),
            ),
            [],
        ),
        ((("source: S2, credibility: 2}\n  - {id: E2", "source: S2, credibility: 4}\n  - {id: E2"),), []),  # A4 = 1 < 2: the view is worse
    ],
    ids=["equal-weights", "view-lighter", "both-lighter-alike", "judgement-lighter"],
)
def test_alternative_less_inconsistent_than_its_rival(
    codes: Callable[[str], list[str]], edits: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    """A view with strictly less graded evidence against it than the judgement it competes with is T15; equal is not."""
    assert codes(edit(*edits, base=RIVALS)) == expected


def test_less_inconsistent_message(write_input: Callable[..., Path]) -> None:
    """T15 gives both figures, as the annex prints them."""
    report = review_brief(load(write_input(edit(("source: S1, credibility: 2", "source: S1, credibility: 3"), base=RIVALS))))
    [mark] = report.findings
    assert (mark.rule.code, mark.field) == ("T15", "alternative_views[0]")
    assert "(weighted inconsistency 1.41 against 2.00)" in mark.message


# --- T16 evidence-for-and-against ---


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n    against: [E1]\n"),), [("T16", "key_judgements[0].against[0]")]),
        ((("    against: [E1]\n", "    evidence: [E1]\n    against: [E1]\n"),), [("T16", "alternative_views[0].against[0]")]),
        ((), []),
    ],
    ids=["judgement", "view", "each-item-one-way"],
)
def test_item_both_for_and_against(
    write_input: Callable[..., Path], edits: tuple[tuple[str, str], ...], expected: list[tuple[str, str]]
) -> None:
    """An item listed for and against one hypothesis is an error at its place under against:."""
    report = review_brief(load(write_input(edit(*edits))))
    assert [(mark.rule.code, mark.field) for mark in report.errors] == expected


def test_item_both_ways_message(write_input: Callable[..., Path]) -> None:
    """T16 names the item and the hypothesis, and says to keep one list."""
    report = review_brief(load(write_input(edit(("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n    against: [E1]\n")))))
    assert [mark.message for mark in report.errors] == [
        "E1 is listed both for and against KJ1; keep it under evidence: or against:, not both"
    ]


def test_item_against_one_and_for_another_is_fine(codes: Callable[[str], list[str]]) -> None:
    """The same item for one hypothesis and against another is what makes it diagnostic, not an error."""
    assert codes(CLEAN) == []


# --- the annex ---


def test_example_annex_prints_the_figures_in_the_pdf(example_outputs: dict[str, Path]) -> None:
    """The example's matrix ends each row with its diagnosticity and ends with a row of inconsistency."""
    pdf = squeeze("".join(pdf_pages(example_outputs["pdf"])))
    assert squeeze("Evidence 1 2 3 A B Diagnosticity") in pdf
    assert "E1+−0.63" in pdf and "E4+0.40" in pdf and "E6++0.49" in pdf
    assert "Inconsistency1.000.000.001.002.00" in pdf


def test_example_annex_prints_the_figures_in_the_docx(example_outputs: dict[str, Path]) -> None:
    """The DOCX matrix is a real table: a diagnosticity column and an inconsistency row, cell by cell."""
    rows = matrix_rows(example_outputs["docx"], "Diagnosticity")
    assert rows[1] == ["Evidence", "1", "2", "3", "A", "B", "Diagnosticity"]
    assert rows[2] == ["E1", "+", "", "", "", "−", "0.63"]
    assert rows[-1] == ["Inconsistency", "1.00", "0.00", "0.00", "1.00", "2.00", ""]


def test_russian_annex_writes_its_figures_with_a_decimal_comma(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A Russian brief labels the figures in Russian and writes 2,00, not 2.00."""
    result = build(write_input(CLEAN + "language: ru\n"), tmp_path / "out", ["docx"])
    written = next(path for path in result.outputs if path.suffix == ".docx")
    rows = matrix_rows(written, "Диагностичность")
    assert rows[-1] == ["Несогласованность", "0,00", "2,00", ""]
    assert rows[2] == ["E1", "+", "−", "1,00"]

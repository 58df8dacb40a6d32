"""Competition found: a view without competes_with competes with every judgement it shares evidence with, and is rated honestly against it.

Each case edits CLEAN: KJ1 (likely, moderate) cites E1 and E2 in support; AV1 (unlikely, low) cites E1 against it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.analysis.ach import competitors
from brief.input.document import parse_document
from brief.input.loader import load, load_document
from brief.model.brief import Brief
from brief.review.report import review_brief
from tests.samples import CLEAN

AV1_AGAINST = "    against: [E1]\n"
E3 = "  - {id: E3, text: Polls are steady., source: S2, credibility: 2}\n"
KJ2 = "  - {id: KJ2, statement: Parliament dissolves., likelihood: unlikely, confidence: low, evidence: [E3]}\n"
Codes = Callable[[str], list[str]]


def edit(*replacements: tuple[str, str], base: str = CLEAN) -> str:
    """`base` with each (old, new) replaced; every `old` must be there, so a changed sample fails loudly."""
    for old, new in replacements:
        assert old in base, old
        base = base.replace(old, new)
    return base


def with_e3(*replacements: tuple[str, str]) -> str:
    """CLEAN with a third item, E3 (source S2), and the replacements."""
    return edit(("  - {id: E2, text", E3 + "  - {id: E2, text"), *replacements)


def parsed(text: str) -> Brief:
    """The brief in `text`, validated without touching a file."""
    return load_document(parse_document(textwrap.dedent(text).encode(), "in.yaml"), Path("in.yaml")).brief


def rivals(text: str) -> list[str]:
    """The ids of the key judgements the first alternative view competes with."""
    brief = parsed(text)
    return [judgement.id for judgement in competitors(brief, brief.alternative_views[0])]


@pytest.fixture
def codes(write_input: Callable[..., Path]) -> Codes:
    """The sorted codes of the active findings for YAML text."""

    def run(text: str) -> list[str]:
        return sorted(finding.rule.code for finding in review_brief(load(write_input(text))).findings)

    return run


# --- who competes with whom ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CLEAN, ["KJ1"]),
        (edit((AV1_AGAINST, "    evidence: [E2]\n")), ["KJ1"]),
        (
            with_e3((AV1_AGAINST, "    evidence: [E3]\n"), ("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n    against: [E3]\n")),
            ["KJ1"],
        ),
        (
            with_e3((AV1_AGAINST, "    against: [E3]\n"), ("    evidence: [E1, E2]\n", "    evidence: [E1, E2]\n    against: [E3]\n")),
            ["KJ1"],
        ),
        (with_e3((AV1_AGAINST, "    evidence: [E3]\n")), []),
    ],
    ids=["view-against-its-support", "both-cite-it-in-support", "view-cites-what-is-against-it", "both-cite-it-against", "nothing-shared"],
)
def test_shared_evidence_either_way_makes_rivals(text: str, expected: list[str]) -> None:
    """A view with no competes_with competes with a judgement when they share any item, whichever list each puts it in."""
    assert rivals(text) == expected


def test_every_judgement_sharing_evidence_competes() -> None:
    """A view sharing items with two judgements competes with both, in their order."""
    text = with_e3((AV1_AGAINST, "    against: [E1, E3]\n"), ("evidence:\n  - {id: E1", KJ2 + "evidence:\n  - {id: E1"))
    assert rivals(text) == ["KJ1", "KJ2"]


def test_competes_with_overrides_shared_evidence() -> None:
    """A view that names its rivals competes with those alone, shared evidence or not."""
    text = with_e3(
        (AV1_AGAINST, "    against: [E1]\n    competes_with: [KJ2]\n"), ("evidence:\n  - {id: E1", KJ2 + "evidence:\n  - {id: E1")
    )
    assert rivals(text) == ["KJ2"]


# --- rated above a rival (T12), or more likely than not (T17), without a basis ---


def sharing_support(confidence: str, basis: str = "") -> str:
    """CLEAN with KJ1 at low confidence and AV1, at `confidence`, citing KJ1's E2 in support instead of E1 against."""
    view = f"    confidence: {confidence}\n    evidence: [E2]\n{basis}"
    return edit(("    confidence: moderate\n", "    confidence: low\n"), ("    confidence: low\n" + AV1_AGAINST, view))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (sharing_support("low"), []),
        (sharing_support("moderate"), ["T12"]),
        (sharing_support("moderate", "    basis: New polling.\n"), []),
    ],
    ids=["equal-confidence", "more-confident", "more-confident-with-a-basis"],
)
def test_a_rival_found_by_shared_support_is_rated_against_it(codes: Codes, text: str, expected: list[str]) -> None:
    """A view sharing only supporting evidence with KJ1 competes with it: rated above it without a basis, it is T12."""
    assert codes(text) == expected


def test_rival_found_by_shared_support_message(write_input: Callable[..., Path]) -> None:
    """T12 names the judgement it found by shared evidence."""
    [mark] = review_brief(load(write_input(sharing_support("moderate")))).findings
    assert (
        mark.message
        == "AV1 is rated with more confidence (moderate against low) than KJ1, which it competes with, without a basis; explain why under basis:"
    )


@pytest.mark.parametrize(
    ("likelihood", "scale", "expected"),
    [
        ("roughly even chance", "icd203", []),
        ("likely", "icd203", ["T17"]),
        ("realistic possibility", "phia", []),
        ("likely", "phia", ["T17"]),
    ],
    ids=["icd203-even-is-50", "icd203-likely-is-67.5", "phia-realistic-possibility-is-45", "phia-likely-is-65"],
)
def test_view_more_likely_than_not(codes: Codes, likelihood: str, scale: str, expected: list[str]) -> None:
    """A view whose band's middle is above 50% is T17 without a basis; at 50% or below it is not."""
    text = edit(("likelihood: unlikely", f"likelihood: {likelihood}"))  # KJ1 stays likely: never below the view, so never T12
    assert codes(text + f"scale: {scale}\n" if scale != "icd203" else text) == expected


def test_view_more_likely_than_not_with_a_basis(codes: Codes) -> None:
    """The same view with a basis is not T17."""
    assert codes(edit(("likelihood: unlikely", "likelihood: likely\n    basis: New polling."))) == []


def test_view_more_likely_than_not_message(write_input: Callable[..., Path]) -> None:
    """T17 points at the view's likelihood and gives its band."""
    text = edit(("likelihood: unlikely", "likelihood: likely"))
    [mark] = review_brief(load(write_input(text))).findings
    assert (mark.rule.code, mark.field) == ("T17", "alternative_views[0].likelihood")
    assert mark.message == "AV1 is rated likely (55–80%), more likely than not, without a basis; explain why under basis:"

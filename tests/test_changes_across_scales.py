"""Changes between versions written in different scales: compared by band, printed with each term in its own scale."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brief.analysis.changes import equivalent, likelihood_move, middle
from brief.build import build
from brief.model.scales import SCALES, Scale, Term
from tests.readers import pdf_pages, read_docx, squeeze
from tests.samples import ARCHIVE, EXAMPLE

TERMS = [(scale, term) for scale in SCALES.values() for term in scale.terms]

# For each ordered pair of built-in scales (before, after): an equivalent pair, a raised pair and a lowered pair of term ids.
PAIRS = {
    ("icd203", "phia"): (("likely", "likely"), ("roughly-even-chance", "likely"), ("very-likely", "likely")),
    ("phia", "icd203"): (
        ("almost-certain", "almost-certain"),
        ("realistic-possibility", "roughly-even-chance"),
        ("highly-likely", "likely"),
    ),
    ("icd203", "kent"): (("roughly-even-chance", "chances-about-even"), ("likely", "almost-certain"), ("unlikely", "almost-certainly-not")),
    ("kent", "icd203"): (("probable", "likely"), ("probably-not", "roughly-even-chance"), ("almost-certain", "likely")),
    ("phia", "kent"): (("unlikely", "probably-not"), ("likely", "almost-certain"), ("realistic-possibility", "probably-not")),
    ("kent", "phia"): (
        ("chances-about-even", "realistic-possibility"),
        ("probably-not", "realistic-possibility"),
        ("certain", "highly-likely"),
    ),
    ("icd203", "icd203"): (("likely", "likely"), ("unlikely", "likely"), ("very-likely", "unlikely")),
    ("phia", "phia"): (("unlikely", "unlikely"), ("unlikely", "highly-likely"), ("likely", "remote-chance")),
    ("kent", "kent"): (("probable", "probable"), ("probably-not", "probable"), ("certain", "probable")),
}


def band(low: int, high: int) -> Term:
    """A term standing for the band low–high%."""
    return Term(f"t{low}-{high}", f"{low} to {high}", f"{low}–{high}%", low, high)


def version(scale: str, likelihoods: tuple[str, str, str], title: str) -> str:
    """A brief in `scale` with judgements KJ1–KJ3 at the given likelihoods (labels of that scale)."""
    judgements = "".join(
        f"  - {{id: KJ{number}, statement: Judgement {number}., likelihood: {likelihood}, confidence: low}}\n"
        for number, likelihood in enumerate(likelihoods, 1)
    )
    return f"title: {title}\ndate: 2025-03-14\nscale: {scale}\nsummary: The bottom line.\nkey_judgements:\n{judgements}"


def html_text(path: Path) -> str:
    """The visible text of an HTML output, tags dropped and spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))


def labels(scale: Scale, ids: tuple[str, str, str]) -> tuple[str, str, str]:
    """The labels of three terms of `scale`."""
    first, second, third = (scale.term(term_id).label for term_id in ids)
    return first, second, third


@pytest.mark.parametrize(("old", "new"), list(PAIRS))
def test_every_pair_of_scales_reads_unchanged_raised_and_lowered(old: str, new: str, write_input: Callable[..., Path]) -> None:
    """Equivalent terms read unchanged; a raised and a lowered term name both terms, each in its scale when the scales differ."""
    (same_before, same_after), (up_before, up_after), (down_before, down_after) = PAIRS[(old, new)]
    before, after = SCALES[old], SCALES[new]
    write_input(version(old, labels(before, (same_before, up_before, down_before)), "Old"), "old.yaml")
    text = version(new, labels(after, (same_after, up_after, down_after)), "New") + "previous: old.yaml\n"
    [page, _] = build(write_input(text), None, ["html"]).outputs
    shown = html_text(page)

    def named(scale: Scale, term_id: str) -> str:
        label = scale.term(term_id).label
        return f"{label} ({scale.short_name})" if old != new else label

    assert "Unchanged: judgement 1." in shown
    assert f"Judgement 2: likelihood raised from {named(before, up_before)} to {named(after, up_after)}." in shown
    assert f"Judgement 3: likelihood lowered from {named(before, down_before)} to {named(after, down_after)}." in shown


@pytest.mark.parametrize(("old", "new"), list(PAIRS))
def test_pairs_table_agrees_with_the_rule(old: str, new: str) -> None:
    """The table's equivalent pair is equivalent, its raised pair is raised and its lowered pair lowered."""
    (same, up, down), before, after = PAIRS[(old, new)], SCALES[old], SCALES[new]
    assert likelihood_move(before.term(same[0]), after.term(same[1])) is None
    assert (move := likelihood_move(before.term(up[0]), after.term(up[1]))) is not None and move.raised
    assert (move := likelihood_move(before.term(down[0]), after.term(down[1]))) is not None and not move.raised


@given(st.sampled_from(TERMS), st.sampled_from(TERMS))
def test_any_two_terms_are_equivalent_or_printably_different(one: tuple[Scale, Term], other: tuple[Scale, Term]) -> None:
    """Any two terms: equivalence is symmetric, and a move between different terms never reads "from X to X"."""
    (scale, term), (other_scale, other_term) = one, other
    assert equivalent(term, other_term) == equivalent(other_term, term)
    move = likelihood_move(term, other_term)
    if move is None:
        return
    assert move.raised == (middle(other_term) > middle(term))
    back = likelihood_move(other_term, term)
    assert back is not None and back.raised != move.raised
    named = (term.label, scale.short_name if scale is not other_scale else "")
    assert named != (other_term.label, other_scale.short_name if scale is not other_scale else "")


@pytest.mark.parametrize("scale", list(SCALES.values()), ids=list(SCALES))
def test_within_one_scale_only_a_term_is_its_own_equivalent(scale: Scale) -> None:
    """No two terms of one scale are equivalent: every rung up or down is a move."""
    for term in scale.terms:
        assert [other.id for other in scale.terms if equivalent(term, other)] == [term.id]


def test_terms_spelt_alike_across_scales_are_equivalent() -> None:
    """Terms that share a label or a spelling in two scales (almost certain, unlikely, probable) are equivalent."""
    for (scale, term), (other_scale, other) in ((one, two) for one in TERMS for two in TERMS if one[0] is not two[0]):
        if set(map(str.casefold, term.spellings())) & set(map(str.casefold, other.spellings())):
            assert equivalent(term, other), (scale.id, term.id, other_scale.id, other.id)


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        (band(25, 35), band(20, 45), True),  # contained
        (band(20, 45), band(45, 55), False),  # touching at an edge
        (band(40, 50), band(45, 55), False),  # each middle on the other's edge
        (band(40, 50), band(44, 54), True),  # 49 is strictly inside 44–54
        (band(20, 45), band(40, 60), False),  # overlap at the edges only: 32.5 and 50 lie outside
        (band(0, 0), band(0, 5), True),  # a point inside a band
        (band(0, 0), band(1, 5), False),  # a point outside it
    ],
)
def test_equivalence_boundaries(one: Term, other: Term, expected: bool) -> None:
    """Both sides of each boundary of the rule: containment, a middle strictly inside, a shared edge."""
    assert equivalent(one, other) is expected
    assert equivalent(other, one) is expected


@pytest.fixture(scope="module")
def phia_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example rewritten in the PHIA scale against its ICD 203 previous version, as PDF and DOCX text."""
    folder = tmp_path_factory.mktemp("phia")
    (folder / "archive").mkdir()
    for path in ARCHIVE.iterdir():
        (folder / "archive" / path.name).write_bytes(path.read_bytes())
    text = EXAMPLE.read_text(encoding="utf-8").replace("scale: icd203", "scale: phia")
    (folder / "brief.yaml").write_text(
        text.replace("likelihood: roughly even chance", "likelihood: realistic possibility"), encoding="utf-8"
    )
    outputs = {path.suffix: path for path in build(folder / "brief.yaml", folder, ["pdf", "docx"]).outputs}
    return {"pdf": squeeze("".join(pdf_pages(outputs[".pdf"]))), "docx": squeeze("".join(read_docx(outputs[".docx"]).body))}


@pytest.mark.parametrize("output", ["pdf", "docx"])
@pytest.mark.parametrize(
    "sentence",
    [
        "Judgement 1: likelihood raised from roughly even chance (ICD 203) to likely or probable (PHIA).",
        "Judgement 2: confidence lowered from moderate to low.",
        "Dropped: judgement KJ4 of the previous assessment, which read: Belarus will let Russia use its territory for strikes on Ukraine through the autumn.",
    ],
)
def test_cross_scale_changes_print_in_both_formats(phia_outputs: dict[str, str], output: str, sentence: str) -> None:
    """A PHIA brief against its ICD 203 version prints the move in both scales and the dropped statement in one sentence."""
    assert squeeze(sentence) in phia_outputs[output]


@pytest.mark.parametrize("output", ["pdf", "docx"])
def test_equivalent_terms_across_scales_are_not_moves(phia_outputs: dict[str, str], output: str) -> None:
    """KJ2 stays likely (ICD 203 55–80%, PHIA 55–75%), so no likelihood move is printed for it, nor any "from X to X"."""
    assert squeeze("Judgement 2: likelihood") not in phia_outputs[output]
    assert squeeze("from likely to likely") not in phia_outputs[output]

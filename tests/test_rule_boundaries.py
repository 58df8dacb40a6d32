"""Every tradecraft rule at its edges: each threshold is pinned by a case just inside it and a case just outside it.

Inputs are written as YAML, each a small edit of CLEAN (which no rule marks), and the test compares the codes of the
rules that fire. The expected bands and grades come from the published yardsticks (ICD 203, the PHIA yardstick,
Kent, STANAG 2511), not from the code under test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.input.loader import load
from brief.model.scales import SCALES, Term
from brief.review.report import review_brief
from tests.samples import CLEAN

Codes = Callable[[str], list[str]]

STATEMENT = "    statement: The government will fall before the election.\n"
KJ1_RATING = "    likelihood: likely\n    confidence: moderate\n    evidence: [E1, E2]\n"
AV1 = "    view: The coalition survives.\n    likelihood: unlikely\n    confidence: low\n"


def edit(*replacements: tuple[str, str], base: str = CLEAN) -> str:
    """`base` with each (old, new) replaced; every `old` must be there, so a changed sample fails loudly."""
    text = base
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def codes(write_input: Callable[..., Path]) -> Codes:
    """Review YAML text written to a file beside the test's other files; the codes of the active findings, sorted."""

    def run(text: str) -> list[str]:
        return sorted(finding.rule.code for finding in review_brief(load(write_input(text))).findings)

    return run


def test_clean_sample_marks_nothing(codes: Codes) -> None:
    """The sample every case edits is clean, so each case's codes come from its one edit."""
    assert codes(CLEAN) == []


# --- T01 term-mismatch: a band that shares only an edge with the stated band is a mismatch; any real overlap agrees ---


def worded(stated: str, wording: str, scale: str = "icd203", view: str = "unlikely") -> str:
    """CLEAN with KJ1 rated `stated` and saying `wording`; AV1, rated `view`, has a basis, so its rating never competes (T12)."""
    return edit(
        (STATEMENT, f"    statement: 'The government will fall before the election: {wording}.'\n"),
        (KJ1_RATING, KJ1_RATING.replace("likely", stated)),
        (AV1, AV1.replace("unlikely", view) + "    basis: The cabinet has survived worse.\n"),
    ) + (f"scale: {scale}\n" if scale != "icd203" else "")


# ICD 203: neighbouring terms meet edge to edge (5, 20, 45, 55, 80, 95); a term is always in its own band.
ICD203_EDGES = [
    ("almost no chance", "very unlikely", 5),
    ("very unlikely", "unlikely", 20),
    ("unlikely", "roughly even chance", 45),
    ("roughly even chance", "likely", 55),
    ("likely", "very likely", 80),
    ("very likely", "almost certain", 95),
]
ICD203_SYNONYMS = [
    ("almost no chance", "remote"),
    ("very unlikely", "highly improbable"),
    ("unlikely", "improbable"),
    ("roughly even chance", "roughly even odds"),
    ("likely", "probable"),
    ("very likely", "highly probable"),
    ("almost certain", "nearly certain"),
]


@pytest.mark.parametrize(
    ("stated", "wording"),
    [(lower, upper) for lower, upper, _ in ICD203_EDGES] + [(upper, lower) for lower, upper, _ in ICD203_EDGES],
    ids=[f"{lower}-says-{upper}-at-{edge}" for lower, upper, edge in ICD203_EDGES]
    + [f"{upper}-says-{lower}-at-{edge}" for lower, upper, edge in ICD203_EDGES],
)
def test_icd203_neighbour_sharing_an_edge_is_a_mismatch(codes: Codes, stated: str, wording: str) -> None:
    """ICD 203: wording from the next band up or down, which meets the stated band only at its edge, is T01."""
    assert codes(worded(stated, wording)) == ["T01"]


@pytest.mark.parametrize(("stated", "wording"), ICD203_SYNONYMS, ids=[f"{stated}-says-{wording}" for stated, wording in ICD203_SYNONYMS])
def test_icd203_term_in_its_own_band_agrees(codes: Codes, stated: str, wording: str) -> None:
    """ICD 203: another spelling of the stated term is in the stated band, and raises nothing."""
    assert codes(worded(stated, wording)) == []


# Everyday words carry ICD 203's bands: each agrees with its own term and is a mismatch one band either side.
COMMON_WORDS = [
    ("almost certainly", "almost certain", ["very likely"]),
    ("virtually certain", "almost certain", ["very likely"]),
    ("very probably", "very likely", ["likely", "almost certain"]),
    ("highly likely", "very likely", ["likely", "almost certain"]),
    ("probably", "likely", ["roughly even chance", "very likely"]),
    ("even chance", "roughly even chance", ["unlikely", "likely"]),
    ("probably not", "unlikely", ["very unlikely", "roughly even chance"]),
    ("not likely", "unlikely", ["very unlikely", "roughly even chance"]),
    ("highly unlikely", "very unlikely", ["almost no chance", "unlikely"]),
    ("almost certainly not", "almost no chance", ["very unlikely"]),
]


@pytest.mark.parametrize(
    ("wording", "stated", "expected"),
    [
        # hyphenated in the lexicon and in the text: once a crash (KeyError), now a phrase like any other
        ("fifty-fifty", "roughly even chance", []),
        ("fifty-fifty", "likely", ["T01"]),
    ]
    + [(wording, own, []) for wording, own, _ in COMMON_WORDS]
    + [(wording, neighbour, ["T01"]) for wording, _, neighbours in COMMON_WORDS for neighbour in neighbours],
    ids=["fifty-fifty-in-roughly even chance", "fifty-fifty-in-likely"]
    + [f"{wording}-in-{own}" for wording, own, _ in COMMON_WORDS]
    + [f"{wording}-in-{neighbour}" for wording, _, neighbours in COMMON_WORDS for neighbour in neighbours],
)
def test_everyday_words_carry_icd203_bands(codes: Codes, wording: str, stated: str, expected: list[str]) -> None:
    """An everyday estimative word agrees with the ICD 203 term of its band and is T01 in the bands either side."""
    assert codes(worded(stated, wording)) == expected


PHIA_CASES = [
    ("likely", "probable", [], "synonym-in-its-band"),
    ("likely", "highly likely", ["T01"], "next-band-up-across-the-gap"),
    ("likely", "realistic possibility", ["T01"], "next-band-down-across-the-gap"),
    ("likely", "chances about even", ["T03"], "kent-40-60-overlaps-55-75"),
    ("likely", "roughly even chance", ["T01", "T03"], "icd203-45-55-meets-55-75-at-its-edge"),
    ("realistic possibility", "roughly even chance", ["T03"], "icd203-45-55-overlaps-40-50"),
    ("realistic possibility", "very unlikely", ["T01", "T03"], "icd203-5-20-misses-40-50"),
    ("highly likely", "highly likely", [], "own-term-not-the-everyday-band"),
    ("highly likely", "very probably", [], "everyday-80-95-overlaps-80-90"),
    ("almost certain", "very probably", ["T01"], "everyday-80-95-misses-95-100"),
]


@pytest.mark.parametrize(("stated", "wording", "expected"), [case[:3] for case in PHIA_CASES], ids=[case[3] for case in PHIA_CASES])
def test_phia_bands_with_gaps_and_other_scales_words(codes: Codes, stated: str, wording: str, expected: list[str]) -> None:
    """PHIA: its own terms agree with their bands, its gaps are mismatches, and other scales' words are judged by their bands."""
    assert codes(worded(stated, wording, "phia")) == expected


DESK = """\
name: Desk yardstick
source: Boundary tests
terms:
  - {id: slim, label: slim prospect, low: 0, high: 40}
  - {id: fair, label: fair prospect, low: 40, high: 60}
  - {id: firm, label: firm prospect, low: 59, high: 100}
"""


@pytest.mark.parametrize(
    ("wording", "expected"),
    [("slim prospect", ["T01"]), ("fair prospect", []), ("firm prospect", [])],
    ids=["0-40-meets-40-60-at-40", "same-band", "59-100-overlaps-40-60-by-one-point"],
)
def test_custom_scale_edge_is_a_mismatch_and_one_point_of_overlap_agrees(
    codes: Codes, write_input: Callable[..., Path], wording: str, expected: list[str]
) -> None:
    """A custom scale's bands are used exactly: sharing an edge is a mismatch, sharing one point more is agreement."""
    write_input(DESK, "desk.yaml")
    assert codes(worded("fair prospect", wording, "desk.yaml", view="slim prospect")) == expected


PRINTED_BAND = re.compile(r"^(?:(\d+)–(\d+)%|≤(\d+)%|≥(\d+)%|(\d+)%|(\d+)% \(±(\d+)\))$")


def printed_band(text: str) -> tuple[int, int]:
    """The band a reader takes from a term's printed band: "55–80%", "≤5%", "≥95%", "0%" or Kent's "75% (±12)"."""
    match = PRINTED_BAND.match(text)
    assert match, text
    low, high, at_most, at_least, exactly, centre, spread = match.groups()
    if low is not None:
        return int(low), int(high)
    if at_most is not None:
        return 0, int(at_most)
    if at_least is not None:
        return int(at_least), 100
    if exactly is not None:
        return int(exactly), int(exactly)
    return int(centre) - int(spread), int(centre) + int(spread)


BUILT_IN_TERMS = [(scale.id, term) for scale in SCALES.values() for term in scale.terms]


@pytest.mark.parametrize(("scale", "term"), BUILT_IN_TERMS, ids=[f"{scale}-{term.id}" for scale, term in BUILT_IN_TERMS])
def test_each_term_is_checked_against_the_band_it_prints(scale: str, term: Term) -> None:
    """The band the rules apply to a term is the band the brief prints for it (Annex D), so no edge can drift alone."""
    assert (term.low, term.high) == printed_band(term.band)


def test_the_built_in_scales_print_their_published_bands() -> None:
    """ICD 203 and the PHIA yardstick print the bands their sources publish, lowest first."""
    assert [term.band for term in SCALES["icd203"].terms] == ["1–5%", "5–20%", "20–45%", "45–55%", "55–80%", "80–95%", "95–99%"]
    assert [term.band for term in SCALES["phia"].terms] == ["≤5%", "10–20%", "25–35%", "40–50%", "55–75%", "80–90%", "≥95%"]


# --- T02 confidence-with-likelihood: one sentence holding both ---


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("We have high confidence that the government will probably fall.", ["T02"]),
        ("We are confident the government will probably fall.", ["T02"]),
        ("We have high confidence in the reporting. The government will probably fall.", []),
        ("We have high confidence in the reporting.", []),
    ],
    ids=["level-and-term", "confident-and-term", "separate-sentences", "confidence-alone"],
)
def test_confidence_and_likelihood_in_one_sentence(codes: Codes, summary: str, expected: list[str]) -> None:
    """A confidence level and a likelihood term in one sentence is T02; in two sentences it is not."""
    assert codes(edit(("summary: The bottom line.", f"summary: {summary}"))) == expected


# --- T03 foreign-scale-term: another scale's own multi-word term ---


@pytest.mark.parametrize(
    ("summary", "scale", "expected"),
    [
        ("A realistic possibility remains.", "icd203", ["T03"]),
        ("A roughly even chance remains.", "icd203", []),
        ("A roughly even chance remains.", "phia", ["T03"]),
        ("A realistic possibility remains.", "phia", []),
        ("It is highly likely to end.", "icd203", []),
        ("It is improbable.", "phia", []),
    ],
    ids=["phia-term-in-icd203", "own-term-icd203", "icd203-term-in-phia", "own-term-phia", "everyday-words-are-nobodys", "one-word"],
)
def test_another_scales_term(codes: Codes, summary: str, scale: str, expected: list[str]) -> None:
    """Another scale's own multi-word term is T03; the declared scale's terms and everyday words are not."""
    text = edit(("summary: The bottom line.", f"summary: {summary}"))
    assert codes(text + (f"scale: {scale}\n" if scale != "icd203" else "")) == expected


# --- T04 vague-hedge: a key judgement that hedges instead of rating ---


@pytest.mark.parametrize(
    ("statement", "summary", "expected"),
    [
        ("The government may fall before the election.", "The bottom line.", ["T04"]),
        ("The government could fall before the election.", "The bottom line.", ["T04"]),
        ("The government will fall before May 2025 ends.", "The bottom line.", []),
        ("The government will fall before the election.", "The government could fall.", []),
    ],
    ids=["may", "could", "may-the-month", "hedge-outside-a-judgement"],
)
def test_hedge_in_a_key_judgement(codes: Codes, statement: str, summary: str, expected: list[str]) -> None:
    """A hedge in a key judgement's statement is T04; the month May, and hedges outside judgements, are not."""
    text = edit((STATEMENT, f"    statement: {statement}\n"), ("summary: The bottom line.", f"summary: {summary}"))
    assert codes(text) == expected


# --- T05 thin-high-confidence: two sources, one graded A–C, one item graded 1–3 ---

HIGH = (KJ1_RATING, KJ1_RATING.replace("moderate", "high"))
E1 = "  - {id: E1, text: Ministers have resigned., source: S1, credibility: 2, date: 2025-03-01}\n"
E2 = "  - {id: E2, text: Coalition talks stalled., source: S2, credibility: 2}\n"
S1 = "  - {id: S1, title: Wire report, reliability: B,"
S2 = "  - {id: S2, title: Embassy cable, reliability: A}\n"


def graded(credibility: tuple[str, str] = ("2", "2"), reliability: tuple[str, str] = ("B", "A")) -> str:
    """CLEAN with KJ1 at high confidence, E1 and E2 graded `credibility`, S1 and S2 graded `reliability` ("" for ungraded)."""

    def grade(line: str, old: str, new: str) -> tuple[str, str]:
        return line, line.replace(old, new) if new else line.replace(f" {old},", "").replace(f", {old}" + "}", "}")

    return edit(
        HIGH,
        grade(E1, "credibility: 2", f"credibility: {credibility[0]}" if credibility[0] else ""),
        grade(E2, "credibility: 2", f"credibility: {credibility[1]}" if credibility[1] else ""),
        grade(S1, "reliability: B", f"reliability: {reliability[0]}" if reliability[0] else ""),
        grade(S2, "reliability: A", f"reliability: {reliability[1]}" if reliability[1] else ""),
    )


@pytest.mark.parametrize(
    ("credibility", "expected"),
    [
        (("3", "3"), []),
        (("4", "4"), ["T05"]),
        (("3", "6"), []),
        (("1", "1"), []),
        (("6", "6"), ["T05"]),
        (("", ""), ["T05"]),
        (("4", ""), ["T05"]),
    ],
    ids=["best-3-at-threshold", "best-4-one-worse", "one-3-is-enough", "best-1", "best-6", "ungraded", "4-and-ungraded"],
)
def test_high_confidence_needs_information_graded_1_to_3(codes: Codes, credibility: tuple[str, str], expected: list[str]) -> None:
    """High confidence needs at least one item of evidence graded 1–3 for credibility: 3 passes, 4 is T05."""
    assert codes(graded(credibility=credibility)) == expected


@pytest.mark.parametrize(
    ("reliability", "expected"),
    [
        (("C", "C"), []),
        (("D", "D"), ["T05"]),
        (("D", "C"), []),
        (("A", "A"), []),
        (("F", "E"), ["T05"]),
        (("", ""), ["T05"]),
    ],
    ids=["best-C-at-threshold", "best-D-one-worse", "one-C-is-enough", "best-A", "F-and-E", "ungraded"],
)
def test_high_confidence_needs_a_source_graded_a_to_c(codes: Codes, reliability: tuple[str, str], expected: list[str]) -> None:
    """High confidence needs at least one source graded A–C for reliability: C passes, D is T05."""
    assert codes(graded(reliability=reliability)) == expected


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((HIGH,), []),
        ((HIGH, (E2, E2.replace("source: S2", "source: S1")), (S2, "")), ["T05", "T11"]),
        ((HIGH, ("evidence: [E1, E2]", "evidence: []")), ["T05", "T06", "T07"]),
        ((HIGH, (E2, E2.replace("source: S2", "source: S1")), (S2, ""), (KJ1_RATING.replace("moderate", "high"), KJ1_RATING)), ["T11"]),
    ],
    ids=["two-sources-at-threshold", "one-source", "no-evidence", "one-source-but-moderate"],
)
def test_high_confidence_needs_two_sources(codes: Codes, edits: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    """High confidence on evidence from two sources passes; from one source, or none, it is T05; below high it is never T05."""
    assert codes(edit(*edits)) == expected


def test_a_high_confidence_alternative_is_held_to_the_same_standard(codes: Codes) -> None:
    """An alternative view at high confidence is T05 when it cites no evidence of its own (and T12, rated above KJ1)."""
    assert codes(edit((AV1, AV1.replace("confidence: low", "confidence: high")))) == ["T05", "T12"]
    own = (AV1, AV1.replace("confidence: low", "confidence: high") + "    evidence: [E2, E3]\n")  # two sources; E1 stays against it
    assert codes(edit(own, (E2, E2 + E3.replace("S2", "S1")))) == ["T12"]


# --- T06 unsupported-judgement, T07 uncited-evidence, T08 uncited-source ---


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((), []),
        ((("evidence: [E1, E2]", "evidence: [E1]"),), ["T07", "T11"]),
        ((("    evidence: [E1, E2]\n", ""),), ["T06", "T07"]),
        ((("evidence: [E1, E2]", "evidence: []"),), ["T06", "T07"]),
    ],
    ids=["cites-two", "cites-one", "cites-none", "empty-list"],
)
def test_a_judgement_must_cite_evidence(codes: Codes, edits: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    """A key judgement citing one item passes T06; citing none is T06 (and the item it dropped, which no view cites, is T07)."""
    assert codes(edit(*edits)) == expected


E3 = "  - {id: E3, text: A rumour., source: S2}\n"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (((E2, E2 + E3),), ["T07"]),
        (((E2, E2 + E3), ("against: [E1]", "against: [E1, E3]")), []),
        (((E2, E2 + E3), ("    against: [E1]\n", "    against: [E1]\n    evidence: [E3]\n")), []),
    ],
    ids=["cited-nowhere", "cited-against-a-view", "cited-for-a-view"],
)
def test_evidence_must_bear_on_something(codes: Codes, edits: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    """Evidence no judgement or view cites is T07; cited only by a view, for or against, it is not."""
    assert codes(edit(*edits)) == expected


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (((S2, S2 + "  - {id: S3, title: Unused}\n"),), ["T08"]),
        (((S2, S2 + "  - {id: S3, title: Rumour mill}\n"), (E2, E2 + E3.replace("S2", "S3"))), ["T07"]),
    ],
    ids=["no-evidence-from-it", "only-uncited-evidence-from-it"],
)
def test_a_source_must_provide_evidence(codes: Codes, edits: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    """A source no evidence comes from is T08; one item from it, even uncited, is enough."""
    assert codes(edit(*edits)) == expected


# --- T09 no-alternative-view ---

WITHOUT_VIEWS = CLEAN.split("alternative_views:")[0]
KJ2 = (
    "  - id: KJ2\n    statement: Parliament will dissolve.\n    likelihood: likely\n    confidence: {confidence}\n    evidence: [E1, E2]\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WITHOUT_VIEWS, ["T09"]),
        (edit(HIGH, base=WITHOUT_VIEWS), []),
        (edit(HIGH, ("evidence:\n  - {id: E1", KJ2.format(confidence="moderate") + "evidence:\n  - {id: E1"), base=WITHOUT_VIEWS), ["T09"]),
        (edit(HIGH, ("evidence:\n  - {id: E1", KJ2.format(confidence="high") + "evidence:\n  - {id: E1"), base=WITHOUT_VIEWS), []),
        (CLEAN, []),
    ],
    ids=["moderate-no-views", "all-high-no-views", "one-of-two-moderate", "both-high", "moderate-with-a-view"],
)
def test_alternatives_are_needed_unless_every_judgement_is_high(codes: Codes, text: str, expected: list[str]) -> None:
    """No alternative view is T09 while any key judgement is below high confidence, and fine when all are high."""
    assert codes(text) == expected


# --- T10 impossible-date: nothing after the brief's own date (2025-03-14); nothing accessed before it existed ---


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((("credibility: 2, date: 2025-03-01", "credibility: 2, date: 2025-03-14"),), []),
        ((("credibility: 2, date: 2025-03-01", "credibility: 2, date: 2025-03-15"),), ["T10"]),
        ((("reliability: B, date: 2025-03-01, accessed: 2025-03-02", "reliability: B, date: 2025-03-14, accessed: 2025-03-14"),), []),
        (
            (("reliability: B, date: 2025-03-01, accessed: 2025-03-02", "reliability: B, date: 2025-03-15, accessed: 2025-03-14"),),
            ["T10", "T10"],
        ),
        ((("accessed: 2025-03-02", "accessed: 2025-03-14"),), []),
        ((("accessed: 2025-03-02", "accessed: 2025-03-15"),), ["T10"]),
        ((("accessed: 2025-03-02", "accessed: 2025-03-01"),), []),
        ((("accessed: 2025-03-02", "accessed: 2025-02-28"),), ["T10"]),
    ],
    ids=[
        "evidence-same-day",
        "evidence-day-after",
        "source-same-day",
        "source-day-after-and-accessed-before-it",
        "accessed-same-day",
        "accessed-day-after",
        "accessed-on-its-date",
        "accessed-day-before-its-date",
    ],
)
def test_dates_up_to_the_brief_pass_and_a_day_later_fails(codes: Codes, edits: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    """A date on the brief's own day passes and a day after is T10; a source accessed on its date passes, a day before is T10."""
    assert codes(edit(*edits)) == expected


@pytest.mark.parametrize(
    ("previous_date", "expected"),
    [("2025-03-13", []), ("2025-03-14", []), ("2025-03-15", ["T10"])],
    ids=["day-before", "same-day", "day-after"],
)
def test_previous_version_may_not_be_dated_after_the_brief(
    codes: Codes, write_input: Callable[..., Path], previous_date: str, expected: list[str]
) -> None:
    """A previous version dated on or before the brief's day passes; a day after is T10."""
    write_input(CLEAN.replace("date: 2025-03-14", f"date: {previous_date}"), "old.yaml")
    assert codes(CLEAN + "previous: old.yaml\n") == expected


# --- T11 single-source-dependence: more than half of the evidence behind the key judgements from one source ---


def behind(*sources: str) -> str:
    """CLEAN with KJ1 citing one item of evidence per entry of `sources`, each from that source (S1 or S2)."""
    ids = [f"E{number}" for number in range(1, len(sources) + 1)]
    items = "".join(
        f"  - {{id: {ref}, text: Report {ref}., source: {source}, credibility: 2}}\n" for ref, source in zip(ids, sources, strict=True)
    )
    return edit(("evidence: [E1, E2]", f"evidence: [{', '.join(ids)}]"), (E1 + E2, items))


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (("S1", "S2"), []),
        (("S1", "S1", "S2", "S2"), []),
        (("S1", "S1", "S2"), ["T11"]),
        (("S1", "S1", "S1", "S2"), ["T11"]),
        (("S1", "S1"), ["T08", "T11"]),
    ],
    ids=["1-of-2-half", "2-of-4-half", "2-of-3-more-than-half", "3-of-4", "2-of-2-all"],
)
def test_more_than_half_from_one_source(codes: Codes, sources: tuple[str, ...], expected: list[str]) -> None:
    """Exactly half of the evidence behind the key judgements from one source passes; more than half is T11."""
    assert codes(behind(*sources)) == expected


def test_only_evidence_behind_key_judgements_counts(codes: Codes) -> None:
    """Evidence cited only by an alternative view does not count towards a source's share."""
    extra = "  - {id: E9, text: Report E9., source: S1, credibility: 2}\n"
    assert codes(edit(("against: [E1]", "against: [E1, E9]"), (E2, E2 + extra))) == []


# --- T12 alternative-outweighs-judgement: rated above its rival (KJ1: likely, moderate), without a basis ---


@pytest.mark.parametrize(
    ("likelihood", "confidence", "expected"),
    [
        ("likely", "low", ["T17"]),  # not above KJ1, but more likely than not (T17)
        ("very likely", "low", ["T12", "T17"]),
        ("unlikely", "moderate", []),
        ("unlikely", "high", ["T05", "T12"]),
        ("probable", "moderate", ["T17"]),
    ],
    ids=["equal-likelihood", "one-band-more-likely", "equal-confidence", "one-level-more-confident", "equal-on-both"],
)
def test_alternative_rated_above_its_rival(codes: Codes, likelihood: str, confidence: str, expected: list[str]) -> None:
    """A competing view rated equal to its rival passes; one band more likely, or one level more confident, is T12."""
    rated = AV1.replace("likelihood: unlikely", f"likelihood: {likelihood}").replace("confidence: low", f"confidence: {confidence}")
    assert codes(edit((AV1, rated))) == expected


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (((AV1, AV1.replace("unlikely", "very likely") + "    basis: New polling.\n"),), []),
        (((AV1, AV1.replace("unlikely", "very likely")), ("    against: [E1]\n", "")), ["T17"]),  # T17: more likely than not
        (((AV1, AV1.replace("unlikely", "very likely")), ("    against: [E1]\n", "    competes_with: [KJ1]\n")), ["T12", "T17"]),
    ],
    ids=["with-a-basis", "competing-with-nothing", "named-rival"],
)
def test_only_an_unexplained_rival_is_marked(codes: Codes, edits: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    """A view rated higher is fine with a basis or when it competes with nothing; naming its rival makes it compete."""
    assert codes(edit(*edits)) == expected


# --- T13 unused-silence ---


@pytest.mark.parametrize(
    ("edits", "silence", "expected"),
    [
        ((), "T07", ["T13"]),
        (((E2, E2 + E3),), "T07", []),
        (((E2, E2 + E3),), "T06", ["T07", "T13"]),
    ],
    ids=["nothing-to-silence", "silences-a-finding", "silences-another-rule"],
)
def test_a_silence_must_match_a_finding(codes: Codes, edits: tuple[tuple[str, str], ...], silence: str, expected: list[str]) -> None:
    """A silence that matches a finding hides it; one that matches nothing is itself T13."""
    assert codes(edit(*edits) + f"silence:\n  - {{rule: {silence}, reason: Kept for context.}}\n") == expected

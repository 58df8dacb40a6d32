"""Each finding cites the standard behind the brief's scale: ICD 203, the UK PHIA guidance, or Kent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brief.input.loader import load
from brief.model.rules import ICD203_2, RULES, rule
from brief.model.scales import SCALES
from brief.model.standards import BY_SCALE, KENT_ESSAY, PHIA_GUIDANCE, scale_dependent, standard_for
from brief.review.finding import Finding
from brief.review.report import Report, review_brief
from tests.samples import CLEAN

# CLEAN's two likelihoods in each built-in scale's words.
IN_SCALE = {"icd203": ("likely", "unlikely"), "phia": ("likely", "unlikely"), "kent": ("probable", "probably not")}
CITED = {"icd203": ICD203_2, "phia": PHIA_GUIDANCE, "kent": KENT_ESSAY}

SCALE_FILE = """\
name: Our yardstick
terms:
  - {id: low, label: slim chance, low: 0, high: 50}
  - {id: high, label: good chance, low: 50, high: 100}
"""


@pytest.fixture
def review_in(write_input: Callable[..., Path]) -> Callable[..., Report]:
    """Review CLEAN written in the given scale, with one replacement in its text."""

    def run(scale: str, old: str, new: str) -> Report:
        likely, unlikely = IN_SCALE.get(scale, ("good chance", "slim chance"))
        text = CLEAN.replace("likelihood: likely", f"likelihood: {likely}").replace("likelihood: unlikely", f"likelihood: {unlikely}")
        assert old in text, old
        return review_brief(load(write_input(text.replace(old, new) + f"scale: {scale}\n")))

    return run


def only(report: Report) -> Finding:
    """The one finding of a report."""
    [finding] = report.findings
    return finding


@pytest.mark.parametrize("scale", list(SCALES))
def test_a_wording_finding_cites_the_scales_standard(review_in: Callable[..., Report], scale: str) -> None:
    """A vague hedge (T04) cites ICD 203 in an icd203 brief, the PHIA guidance in a phia brief, Kent in a kent brief."""
    finding = only(review_in(scale, "will fall", "could fall"))
    assert finding.rule.code == "T04"
    assert finding.as_dict()["standard"] == CITED[scale]
    assert str(finding).endswith(f"[{CITED[scale]}]")


def test_a_term_mismatch_in_a_phia_brief_cites_phia(review_in: Callable[..., Report]) -> None:
    """T01 in a PHIA brief ('almost certainly' against likely) cites the PHIA yardstick, not ICD 203."""
    finding = only(review_in("phia", "will fall", "will almost certainly fall"))
    assert (finding.rule.code, finding.cites) == ("T01", PHIA_GUIDANCE)
    assert "ICD 203" not in str(finding)


def test_a_foreign_term_in_a_kent_brief_cites_kent(review_in: Callable[..., Report]) -> None:
    """T03 in a Kent brief ('realistic possibility', a PHIA term) cites Kent's essay."""
    finding = only(review_in("kent", "The bottom line.", "A snap election is a realistic possibility."))
    assert (finding.rule.code, finding.cites) == ("T03", KENT_ESSAY)


@pytest.mark.parametrize("scale", ["phia", "kent"])
def test_confidence_beside_likelihood_cites_icd203_in_every_scale(review_in: Callable[..., Report], scale: str) -> None:
    """T02 rests on ICD 203's rule to keep confidence and likelihood apart, whatever the brief's scale."""
    likely = IN_SCALE[scale][0]
    finding = only(review_in(scale, "The bottom line.", f"We assess with high confidence that the coalition is {likely} to fall."))
    assert (finding.rule.code, finding.cites) == ("T02", ICD203_2)


@pytest.mark.parametrize("scale", list(SCALES))
def test_a_sourcing_finding_cites_icd206_in_every_scale(review_in: Callable[..., Report], scale: str) -> None:
    """An unused source (T08) cites ICD 206 whatever the scale: sourcing does not depend on the yardstick."""
    extra = "  - {id: S3, title: Unused}\nalternative_views:"
    finding = only(review_in(scale, "alternative_views:", extra))
    assert (finding.rule.code, finding.cites) == ("T08", rule("T08").standard)
    assert finding.cites.startswith("ICD 206")


def test_a_scale_file_keeps_the_rules_standards(review_in: Callable[..., Report], write_input: Callable[..., Path]) -> None:
    """A brief on a custom scale names no published guidance, so its wording findings cite ICD 203."""
    write_input(SCALE_FILE, "ours.yaml")
    finding = only(review_in("ours.yaml", "will fall", "could fall"))
    assert (finding.rule.code, finding.cites) == ("T04", ICD203_2)


def test_a_finding_before_the_review_places_it_cites_its_rule() -> None:
    """A finding a rule has just made, not yet located, cites its rule's standard."""
    finding = Finding(rule("T04"), ("summary",), "a message")
    assert finding.cites == ICD203_2
    assert finding.located("in.yaml", 1, 1, "summary", None, PHIA_GUIDANCE).cites == PHIA_GUIDANCE


def test_the_mapping_names_real_rules_and_scales() -> None:
    """Every scale in the mapping is built in, and every rule code it names exists."""
    codes = {known.code for known in RULES}
    assert set(BY_SCALE) == set(SCALES)
    assert all(set(by_rule) <= codes for by_rule in BY_SCALE.values())


@pytest.mark.parametrize(
    ("code", "dependent"), [("T01", True), ("T03", True), ("T04", True), ("T02", False), ("T05", False), ("T11", False)]
)
def test_which_rules_depend_on_the_scale(code: str, dependent: bool) -> None:
    """Wording rules cite the scale's guidance; confidence beside likelihood, sourcing and the rest do not."""
    assert scale_dependent(rule(code)) is dependent
    assert (standard_for(rule(code), "phia") != rule(code).standard) is dependent

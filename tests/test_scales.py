"""Likelihood scales: Kent's words, custom scale files, and the files an input may name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brief.errors import InputError
from brief.input.loader import load
from tests.samples import MINIMAL

CUSTOM = """\
name: Desk yardstick
source: Our style guide, 2025
terms:
  - {id: slim, label: slim chance, low: 0, high: 15}
  - {id: possible, label: real possibility, low: 15, high: 50, synonyms: [fair chance]}
  - {id: strong, label: strong chance, low: 50, high: 100}
"""


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


def test_kent_scale_terms() -> None:
    """scale: kent accepts Kent's words, including the adverbs he used for them."""
    from brief.model.scales import KENT

    assert [term.band for term in KENT.terms] == ["0%", "7% (±5)", "30% (±10)", "50% (±10)", "75% (±12)", "93% (±6)", "100%"]
    assert KENT.find("Almost certainly") == KENT.term("almost-certain")
    assert KENT.find("chances about even") == KENT.term("chances-about-even")


def test_kent_brief_loads(write_input: Callable[..., Path]) -> None:
    """A brief declaring scale: kent validates its likelihoods against Kent's words."""
    loaded = load(write_input(MINIMAL.replace("likelihood: likely", "likelihood: probable") + "scale: kent\n"))
    assert loaded.scale.id == "kent"
    assert loaded.brief.key_judgements[0].likelihood == "probable"


def test_custom_scale_file(write_input: Callable[..., Path]) -> None:
    """A brief may name a scale file beside it; its terms are the accepted likelihoods."""
    write_input(CUSTOM, "desk.yaml")
    loaded = load(write_input(MINIMAL.replace("likelihood: likely", "likelihood: Fair Chance") + "scale: desk.yaml\n"))
    assert (loaded.scale.id, loaded.scale.name) == ("desk", "Desk yardstick")
    assert loaded.brief.key_judgements[0].likelihood == "possible"
    assert [term.band for term in loaded.scale.terms] == ["0–15%", "15–50%", "50–100%"]


def test_custom_scale_refuses_other_terms(write_input: Callable[..., Path]) -> None:
    """With a custom scale, a term it lacks is refused with its terms listed."""
    write_input(CUSTOM, "desk.yaml")
    path = write_input(MINIMAL + "scale: desk.yaml\n")
    assert problems(path) == [
        f"{path}:7:17: key_judgements[0].likelihood: 'likely' is not a term of the desk scale; accepted: slim chance, real possibility, strong chance"
    ]


def test_broken_scale_file_reports_its_own_lines(write_input: Callable[..., Path]) -> None:
    """Problems in a scale file are reported at the scale file's lines."""
    scale = write_input(CUSTOM.replace("high: 15}", "high: 150}").replace("name: Desk", "nmae: Desk"), "desk.yaml")
    messages = problems(write_input(MINIMAL + "scale: desk.yaml\n"))
    assert f"{scale}:1:1: nmae: unknown field 'nmae'; did you mean 'name'? accepted here: id, name, source, terms" in messages
    assert f"{scale}:4:50: terms[0].high: '150' is above the most accepted, 100" in messages


def test_scale_terms_must_be_consistent(write_input: Callable[..., Path]) -> None:
    """Terms listed out of order, or spelling another term, are refused."""
    reordered = CUSTOM.replace("low: 0, high: 15", "low: 60, high: 70").replace("synonyms: [fair chance]", "synonyms: [strong chance]")
    scale = write_input(reordered, "desk.yaml")
    [message] = problems(write_input(MINIMAL + "scale: desk.yaml\n"))
    assert message.startswith(f"{scale}:4:3: terms: ")
    assert "'strong chance' spells another term too" in message and "terms must be listed lowest first" in message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("missing.yaml", "'missing.yaml' does not exist in the input's folder"),
        ("../outside.yaml", "'../outside.yaml' is outside the input's folder; files an input names must be in its folder or below"),
        ("/etc/hostname.yaml", "'/etc/hostname.yaml' is outside the input's folder"),
    ],
)
def test_named_files_stay_in_the_input_folder(write_input: Callable[..., Path], tmp_path: Path, value: str, reason: str) -> None:
    """A scale or previous file must exist in the input's folder or below, and nothing else is read."""
    (tmp_path.parent / "outside.yaml").write_text(CUSTOM)
    folder = tmp_path / "briefs"
    folder.mkdir()
    path = folder / "brief.yaml"
    for field, line in (("scale", 9), ("previous", 9)):
        path.write_text(MINIMAL + f"{field}: '{value}'\n")
        [message] = problems(path)
        assert message.startswith(f"{path}:{line}:")
        assert reason in message


def test_previous_version_is_loaded(write_input: Callable[..., Path]) -> None:
    """previous: names the input of the last version, which is loaded with the brief."""
    write_input(MINIMAL, "old.yaml")
    loaded = load(write_input(MINIMAL + "previous: old.yaml\n"))
    assert loaded.previous is not None and loaded.previous.brief.title == "Minimal brief"


def test_broken_previous_version_is_reported(write_input: Callable[..., Path]) -> None:
    """A previous version with problems is named at the previous: line, with its own problems."""
    old = write_input(MINIMAL.replace("confidence: moderate", "confidence: vast"), "old.yaml")
    path = write_input(MINIMAL + "previous: old.yaml\n")
    assert problems(path) == [
        f"{path}:9:11: previous: the previous version has problems, listed below",
        f"{old}:8:17: key_judgements[0].confidence: 'vast' is not accepted; accepted: 'high', 'moderate' or 'low'",
    ]


def test_previous_cannot_be_itself(write_input: Callable[..., Path]) -> None:
    """A brief naming itself as its previous version is refused."""
    path = write_input(MINIMAL + "previous: brief.yaml\n")
    assert problems(path) == [f"{path}:9:11: previous: names this same file; give the input of the previous version"]

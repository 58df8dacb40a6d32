"""Every closed vocabulary suggests: a near-synonym or a misspelling names the value meant and the accepted ones."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from brief.errors import InputError
from brief.input.document import parse_document
from brief.input.suggestion import closest, suggest
from brief.input.validation import validate
from brief.model.brief import AlternativeView, Brief, Indicator, KeyJudgement, Source
from brief.model.grades import CREDIBILITY, RELIABILITY
from brief.model.scales import ICD203, normalise
from brief.model.tables import CONFIDENCE_LEVELS, SYNONYMS
from tests.samples import MINIMAL

SOURCED = MINIMAL + "evidence:\n  - id: E1\n    text: Seen.\n    source: S1\nsources:\n  - id: S1\n    title: Wire\n"


def accepted_values(vocabulary: str) -> set[str]:
    """The values the model accepts for a closed vocabulary, read from the model itself."""
    literals = {
        "confidence": KeyJudgement.model_fields["confidence"].annotation,
        "direction": Indicator.model_fields["direction"].annotation,
        "kind": Source.model_fields["kind"].annotation,
        "status": Brief.model_fields["status"].annotation,
    }
    if vocabulary in ("reliability", "credibility"):
        return {str(grade) for grade in (RELIABILITY if vocabulary == "reliability" else CREDIBILITY)}
    return set(_literal_values(literals[vocabulary]))


def _literal_values(annotation: Any) -> list[str]:
    """The strings of every Literal inside an annotation."""
    found = [argument for argument in get_args(annotation) if isinstance(argument, str)]
    return found + [value for argument in get_args(annotation) if not isinstance(argument, str) for value in _literal_values(argument)]


def message(text: str) -> str:
    """The one problem validating `text` gives, without its place."""
    with pytest.raises(InputError) as caught:
        validate(parse_document(text.encode(), "in.yaml"), ICD203)
    [problem] = caught.value.problems
    return str(problem).split(": ", 2)[2]


def with_value(field: str, value: str) -> str:
    """A brief with `value` written for one field of a closed vocabulary."""
    if field == "confidence":
        return MINIMAL.replace("confidence: moderate", f"confidence: {value}")
    if field == "status":
        return MINIMAL + f"status: {value}\n"
    if field == "direction":
        return MINIMAL + f"indicators:\n  - text: Watch.\n    judgements: KJ1\n    direction: {value}\n"
    if field == "credibility":
        return SOURCED.replace("    source: S1\n", f"    source: S1\n    credibility: {value}\n")
    return SOURCED + f"    {field}: {value}\n"


ACCEPTED = {
    "confidence": "accepted: 'high', 'moderate' or 'low'",
    "direction": "accepted: 'strengthens' or 'weakens'",
    "kind": "accepted: 'official', 'news', 'report', 'academic', 'social', 'video' or 'other'",
    "status": "accepted: 'draft' or 'final'",
    "reliability": "accepted: A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E",
    "credibility": "accepted: 1 (confirmed by other sources), 2 (probably true), 3 (possibly true), 4 (doubtful), 5",
}


@pytest.mark.parametrize(
    ("field", "written", "meant"),
    [
        ("confidence", "medium", "moderate"),
        ("confidence", "Med", "moderate"),
        ("confidence", "hi", "high"),
        ("confidence", "sure", "high"),
        ("confidence", "weak", "low"),
        ("confidence", "moderat", "moderate"),
        ("confidence", "meduim", "moderate"),
        ("direction", "up", "strengthens"),
        ("direction", "increase", "strengthens"),
        ("direction", "supports", "strengthens"),
        ("direction", "down", "weakens"),
        ("direction", "against", "weakens"),
        ("kind", "government", "official"),
        ("kind", "newspaper", "news"),
        ("kind", "think tank", "report"),
        ("kind", "journal", "academic"),
        ("kind", "tweet", "social"),
        ("kind", "YouTube", "video"),
        ("kind", "podcast", "other"),
        ("status", "published", "final"),
        ("status", "approved", "final"),
        ("status", "work-in-progress", "draft"),
        ("status", "wip", "draft"),
        ("reliability", "usually reliable", "B"),
        ("reliability", "B2", "B"),
        ("reliability", "unknown", "F"),
        ("credibility", "confirmed", "1"),
        ("credibility", "probably true", "2"),
        ("credibility", "B2", "2"),
        ("credibility", "doubtful", "4"),
    ],
)
def test_near_synonyms_suggest_the_value_meant(field: str, written: str, meant: str) -> None:
    """A near-synonym or misspelling of a closed vocabulary's value suggests it, then lists the accepted values."""
    assert f"did you mean {meant!r}? {ACCEPTED[field]}" in message(with_value(field, written))


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("confidence", "vast"),
        ("direction", "sideways"),
        ("kind", "rumour"),
        ("status", "secret"),
        ("reliability", "G"),
        ("credibility", "7"),
    ],
)
def test_values_near_nothing_suggest_nothing(field: str, written: str) -> None:
    """A value near no accepted one and no synonym gets the accepted list alone, not a guess."""
    text = message(with_value(field, written))
    assert "did you mean" not in text
    assert ACCEPTED[field] in text


@pytest.mark.parametrize("vocabulary", list(SYNONYMS))
def test_every_synonym_means_an_accepted_value(vocabulary: str) -> None:
    """Each synonym table points only at values the model accepts, and no synonym is itself accepted."""
    accepted = accepted_values(vocabulary)
    assert set(SYNONYMS[vocabulary].values()) <= accepted
    assert not {normalise(synonym) for synonym in SYNONYMS[vocabulary]} & {normalise(value) for value in accepted}


def test_the_tables_cover_every_closed_vocabulary() -> None:
    """Confidence, direction, kind, status, reliability and credibility each have a synonym table."""
    assert set(SYNONYMS) == {"confidence", "direction", "kind", "status", "reliability", "credibility"}
    assert accepted_values("confidence") == set(CONFIDENCE_LEVELS)


def test_alternative_view_confidence_suggests_too() -> None:
    """An alternative view's confidence is the same vocabulary, with the same suggestion."""
    assert AlternativeView.model_fields["confidence"].annotation is not None
    text = MINIMAL + "alternative_views:\n  - {id: AV1, view: Other., confidence: medium}\n"
    assert "did you mean 'moderate'? accepted: 'high', 'moderate' or 'low'" in message(text)


def test_suggest_without_synonyms_is_spelling_only() -> None:
    """Callers without a synonym table get the nearest spelling, or nothing."""
    assert suggest("sumary", ["summary", "title"]) == "did you mean 'summary'? "
    assert suggest("zzz", ["summary", "title"]) == ""


def test_a_synonym_wins_over_a_spelling() -> None:
    """A known synonym is matched ignoring case, spaces and hyphens before any spelling is guessed."""
    assert closest("Work_In progress", ["draft", "final"], SYNONYMS["status"]) == "draft"
    assert closest("finl", ["draft", "final"], SYNONYMS["status"]) == "final"

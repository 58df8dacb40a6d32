"""Every field rule of input format version 1, with the message a user sees for breaking it."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from brief.errors import InputError
from brief.input.document import parse_document
from brief.input.loader import load_document
from brief.model.brief import Brief
from tests.samples import MINIMAL

SOURCES = """\
evidence:
  - id: E1
    text: A thing was seen.
    source: S1
sources:
  - id: S1
    title: A report
"""


def brief_of(text: str) -> Brief:
    return load_document(parse_document(textwrap.dedent(text).encode(), "in.yaml"), Path("in.yaml")).brief


def messages(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        brief_of(text)
    return [str(problem) for problem in caught.value.problems]


def one_message(text: str) -> str:
    [message] = messages(text)
    return message


def with_judgement(**fields: str | None) -> str:
    """MINIMAL with the first judgement's fields replaced or added; a field given None is left out."""
    judgement = {"id": "KJ1", "statement": "Something will happen.", "likelihood": "likely", "confidence": "moderate"} | fields
    lines = "\n".join(f"    {key}: {value}" for key, value in judgement.items() if value is not None)
    return "title: T\ndate: 2025-03-14\nsummary: S\nkey_judgements:\n  - " + lines.lstrip() + "\n"


def test_minimal_brief_is_valid() -> None:
    """Title, date, summary and one key judgement make a valid brief with sensible defaults."""
    brief = brief_of(MINIMAL)
    assert (brief.title, brief.date, brief.status, brief.language, brief.template, brief.scale) == (
        "Minimal brief",
        date(2025, 3, 14),
        "draft",
        "en",
        "policy-brief",
        "icd203",
    )


@pytest.mark.parametrize("field", ["title", "date", "summary", "key_judgements"])
def test_required_document_fields(field: str) -> None:
    """Each required field, when missing, is named at the mapping it belongs in."""
    text = "\n".join(
        line for line in MINIMAL.splitlines() if not line.startswith(field) and not (field == "key_judgements" and line.startswith(" "))
    )
    assert f"in.yaml:1:1: {field}: is required but missing" in messages(text + "\n")


@pytest.mark.parametrize("field", ["id", "statement", "likelihood", "confidence"])
def test_required_judgement_fields(field: str) -> None:
    """Each required field of a key judgement is reported at the judgement's line."""
    assert one_message(with_judgement(**{field: None})) == f"in.yaml:5:5: key_judgements[0].{field}: is required but missing"


def test_empty_text_is_refused() -> None:
    """A required text field that is blank is an error, not an empty heading."""
    assert one_message(MINIMAL.replace("title: Minimal brief", "title: '  '")) == "in.yaml:1:8: title: must not be empty"


def test_text_field_given_a_list() -> None:
    """A text field given a list says it expected text."""
    assert one_message(MINIMAL + "subtitle: [a, b]\n") == "in.yaml:9:11: subtitle: expected text, got a list"


def test_unknown_field_suggests_the_close_one() -> None:
    """A misspelt field is an error with a did-you-mean and the fields accepted there."""
    message = one_message(MINIMAL + "sumary: again\n")
    assert message.startswith("in.yaml:9:1: sumary: unknown field 'sumary'; did you mean 'summary'? accepted here: title, subtitle,")


def test_unknown_field_inside_a_judgement() -> None:
    """Unknown fields inside list items are caught too, with that item's fields listed."""
    message = one_message(with_judgement(likelyhood="likely"))
    assert message.startswith("in.yaml:9:5: key_judgements[0].likelyhood: unknown field 'likelyhood'; did you mean 'likelihood'?")
    assert "accepted here: id, statement, likelihood, confidence, basis, evidence, against, assumptions" in message


@pytest.mark.parametrize("spelling", ["likely", "Likely", "LIKELY", " likely ", "probable"])
def test_likelihood_is_matched_leniently(spelling: str) -> None:
    """Case and surrounding space do not matter, and the equivalent term means the same."""
    assert brief_of(with_judgement(likelihood=repr(spelling))).key_judgements[0].likelihood == "likely"


@pytest.mark.parametrize("spelling", ["very unlikely", "very-unlikely", "Very Unlikely", "very_unlikely", "very  unlikely"])
def test_likelihood_ignores_hyphens_and_spaces(spelling: str) -> None:
    """Spaces, hyphens and underscores between words are one term."""
    assert brief_of(with_judgement(likelihood=repr(spelling))).key_judgements[0].likelihood == "very-unlikely"


def test_likelihood_outside_the_scale_lists_the_scale() -> None:
    """A term the scale lacks is an error listing the scale's terms, with a suggestion."""
    assert one_message(with_judgement(likelihood="very likley")) == (
        "in.yaml:7:17: key_judgements[0].likelihood: 'very likley' is not a term of the icd203 scale; "
        "did you mean 'very likely'? accepted: almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain"
    )


def test_phia_scale_accepts_its_own_terms_only() -> None:
    """With scale: phia, PHIA terms are accepted and ICD 203-only terms are not."""
    text = with_judgement(likelihood="realistic possibility") + "scale: phia\n"
    assert brief_of(text).key_judgements[0].likelihood == "realistic-possibility"
    message = one_message(with_judgement(likelihood="roughly even chance") + "scale: phia\n")
    assert "'roughly even chance' is not a term of the phia scale" in message
    assert (
        "accepted: remote chance, highly unlikely, unlikely, realistic possibility, likely or probable, highly likely, almost certain"
        in message
    )


def test_unknown_scale() -> None:
    """A scale that does not exist lists the known ones, and likelihoods are not also reported."""
    assert one_message(MINIMAL + "scale: kent1964\n") == (
        "in.yaml:9:8: scale: 'kent1964' is not a known scale; accepted: icd203, phia, kent, or the path of a scale file (.yaml)"
    )


@pytest.mark.parametrize(("given", "expected"), [("high", "high"), ("Moderate", "moderate"), ("LOW", "low")])
def test_confidence_levels(given: str, expected: str) -> None:
    """Confidence is high, moderate or low, in any case."""
    assert brief_of(with_judgement(confidence=given)).key_judgements[0].confidence == expected


def test_confidence_outside_the_levels() -> None:
    """Another confidence is refused with the three accepted levels."""
    assert one_message(with_judgement(confidence="certain")) == (
        "in.yaml:8:17: key_judgements[0].confidence: 'certain' is not accepted; did you mean 'high'? accepted: 'high', 'moderate' or 'low'"
    )


@pytest.mark.parametrize("value", ["2025-02-30", "14/03/2025", "2025", "yesterday", "2025-3-14"])
def test_bad_dates(value: str) -> None:
    """Anything but a real YYYY-MM-DD date is refused with the format to use."""
    assert one_message(MINIMAL.replace("2025-03-14", value)) == (
        f"in.yaml:2:7: date: '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14"
    )


def test_status_values() -> None:
    """Status is draft or final."""
    assert brief_of(MINIMAL + "status: Final\n").status == "final"
    assert one_message(MINIMAL + "status: published\n") == (
        "in.yaml:9:9: status: 'published' is not accepted; did you mean 'final'? accepted: 'draft' or 'final'"
    )


def test_authors_as_strings_or_mappings() -> None:
    """Authors may be plain names or {name, role, organisation}, mixed."""
    brief = brief_of(MINIMAL + "authors:\n  - Jane Roe\n  - {name: John Doe, role: editor, organisation: Unit}\n")
    assert [(author.name, author.role, author.organisation) for author in brief.authors] == [
        ("Jane Roe", None, None),
        ("John Doe", "editor", "Unit"),
    ]
    assert brief_of(MINIMAL + "authors: Jane Roe\n").authors[0].name == "Jane Roe"


def test_author_without_name() -> None:
    """An author mapping needs a name."""
    assert one_message(MINIMAL + "authors:\n  - role: editor\n") == "in.yaml:10:5: authors[0].name: is required but missing"


@pytest.mark.parametrize("tag", ["en", "en-GB", "ru", "be", "uk-UA", "sr-Latn-RS", "es-419"])
def test_language_tags_accepted(tag: str) -> None:
    """Well-formed BCP 47 tags are accepted."""
    assert brief_of(MINIMAL + f"language: {tag}\n").language == tag


@pytest.mark.parametrize("tag", ["english", "en_GB", "e", "en-", "русский"])
def test_language_tags_refused(tag: str) -> None:
    """Language names and malformed tags are refused with examples of tags."""
    assert one_message(MINIMAL + f"language: {tag}\n") == (
        f"in.yaml:9:11: language: '{tag}' is not a BCP 47 language tag; write e.g. en, en-GB, ru, uk or be"
    )


def test_key_judgments_spelling() -> None:
    """The spelling key_judgments is accepted as key_judgements."""
    assert brief_of(MINIMAL.replace("key_judgements", "key_judgments")).key_judgements[0].id == "KJ1"


def test_both_spellings_at_once() -> None:
    """Giving both spellings is an error, not a silent choice."""
    text = MINIMAL + "key_judgments:\n  - id: KJ2\n    statement: X\n    likelihood: likely\n    confidence: low\n"
    assert (
        one_message(text)
        == "in.yaml:9:1: key_judgments: 'key_judgments' is another spelling of 'key_judgements', which is also given; give only one"
    )


def test_at_least_one_judgement() -> None:
    """An empty list of key judgements is refused."""
    assert (
        one_message("title: T\ndate: 2025-03-14\nsummary: S\nkey_judgements: []\n")
        == "in.yaml:4:17: key_judgements: a brief needs at least one key judgement"
    )


def test_ids_must_be_unique_across_the_file() -> None:
    """An id reused by another kind of item is refused, naming the first use's line."""
    message = one_message(MINIMAL + SOURCES.replace("id: E1", "id: KJ1").replace("evidence:\n", "evidence:\n"))
    assert (
        message == "in.yaml:10:9: evidence[0].id: id 'KJ1' is already used by a key judgement at line 5; ids must be unique across the file"
    )


def test_id_format() -> None:
    """Ids are short names of letters, digits, '-', '_' and '.'."""
    message = one_message(with_judgement(id="'KJ 1'"))
    assert (
        message
        == "in.yaml:5:9: key_judgements[0].id: 'KJ 1' is not a valid id; ids use letters, digits, '-', '_' and '.', and start with a letter or digit"
    )


def test_references_must_exist() -> None:
    """Every id referred to must exist; the message lists the ids that do, or suggests a close one."""
    text = with_judgement(evidence="[E1, E2]") + SOURCES
    assert one_message(text) == "in.yaml:9:20: key_judgements[0].evidence[1]: 'E2' is not the id of any evidence item; known: E1"
    text = with_judgement(evidence="[E1, E_1]") + SOURCES.replace("id: E1", "id: E_1")
    assert "'E1' is not the id of any evidence item; did you mean 'E_1'?" in one_message(text)


def test_reference_to_the_wrong_kind() -> None:
    """An evidence list that names a source says what the id is instead."""
    assert (
        one_message(with_judgement(against="[S1]") + SOURCES)
        == "in.yaml:9:15: key_judgements[0].against[0]: 'S1' is a source, not an evidence item"
    )


def test_evidence_source_must_exist() -> None:
    """Evidence must name an existing source."""
    message = one_message(MINIMAL + SOURCES.replace("source: S1", "source: S9"))
    assert message == "in.yaml:12:13: evidence[0].source: 'S9' is not the id of any source; known: S1"


def test_indicator_judgements_may_name_alternative_views() -> None:
    """Indicators bear on key judgements or alternative views, and nothing else."""
    text = (
        MINIMAL
        + "alternative_views:\n  - id: AV1\n    view: Another view.\nindicators:\n  - text: Watch this.\n    judgements: [KJ1, AV1]\n"
    )
    assert brief_of(text).indicators[0].judgements == ("KJ1", "AV1")
    assert "'KJ9' is not the id of any key judgement or alternative view" in one_message(text.replace("AV1]", "KJ9]"))


def test_single_id_is_a_list_of_one() -> None:
    """`evidence: E1` means the same as `evidence: [E1]`."""
    assert brief_of(with_judgement(evidence="E1") + SOURCES).key_judgements[0].evidence == ("E1",)


@pytest.mark.parametrize("value", ["0", "7", "high"])  # a whole rating (B2) suggests its half: tests/test_suggestions.py
def test_credibility_range(value: str) -> None:
    """Information credibility is a whole number from 1 to 6."""
    message = one_message(MINIMAL + SOURCES.replace("source: S1", f"source: S1\n    credibility: {value}"))
    assert message.startswith(
        f"in.yaml:13:18: evidence[0].credibility: '{value}' is not an information credibility grade; accepted: 1 (confirmed by other sources),"
    )


@pytest.mark.parametrize(("value", "expected"), [("A", "A"), ("b", "B"), ("F", "F")])
def test_reliability_grades(value: str, expected: str) -> None:
    """Source reliability is a letter from A to F, in either case."""
    assert brief_of(MINIMAL + SOURCES + f"    reliability: {value}\n").sources[0].reliability == expected


def test_reliability_outside_the_grades() -> None:
    """Another letter is refused with the grades and their meanings."""
    message = one_message(MINIMAL + SOURCES + "    reliability: G\n")
    assert message.startswith(
        "in.yaml:16:18: sources[0].reliability: 'G' is not a source reliability grade; accepted: A (completely reliable),"
    )


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x", "example.org", "https://"])
def test_source_urls_are_http_only(url: str) -> None:
    """A source's url must be an http or https address."""
    message = one_message(MINIMAL + SOURCES + f"    url: '{url}'\n")
    assert message == f"in.yaml:16:10: sources[0].url: '{url}' is not accepted; a source's url is an http:// or https:// address"


def test_source_kind_values() -> None:
    """Source kinds are a fixed list."""
    assert brief_of(MINIMAL + SOURCES + "    kind: Video\n").sources[0].kind == "video"
    assert (
        "'podcast' is not accepted; did you mean 'other'? accepted: 'official', 'news', 'report', 'academic', 'social', 'video' or 'other'"
        in one_message(MINIMAL + SOURCES + "    kind: podcast\n")
    )


def test_indicator_direction_values() -> None:
    """An indicator strengthens or weakens."""
    text = MINIMAL + "indicators:\n  - text: Watch.\n    judgements: KJ1\n    direction: supports\n"
    assert one_message(text) == (
        "in.yaml:12:16: indicators[0].direction: 'supports' is not accepted; did you mean 'strengthens'? accepted: 'strengthens' or 'weakens'"
    )


def test_sections_need_heading_and_body() -> None:
    """A discussion section has a heading and a body."""
    assert one_message(MINIMAL + "sections:\n  - heading: Only a heading\n") == "in.yaml:10:5: sections[0].body: is required but missing"


def test_every_problem_is_reported_at_once() -> None:
    """Type errors, unknown fields and dangling references come together, in line order."""
    text = with_judgement(likelihood="maybe", confidence="sure", evidence="[E7]") + "titel: x\n"
    lines = [message.split(":")[1] for message in messages(text)]
    assert len(lines) == 4
    assert lines == sorted(lines, key=int)

"""The wording rules read the brief's language: Russian briefs are reviewed as English ones are, in Russian."""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from brief.errors import RefusedFile
from brief.model.scales import SCALES
from brief.review import lexicon_data
from brief.review.lexicon_data import FOLDER, LexiconError, expand, languages, read_lexicon, vocabulary
from brief.review.report import Report
from brief.review.wording import Lexicon

# A Russian brief that follows every standard: the review marks nothing in it.
RU_CLEAN = """\
title: Чистая оценка
date: 2025-03-14
language: ru
summary: Главное в двух словах.
key_judgements:
  - id: KJ1
    statement: Правительство уйдёт в отставку до выборов.
    likelihood: likely
    confidence: moderate
    evidence: [E1, E2]
evidence:
  - {id: E1, text: Министры подали в отставку., source: S1, credibility: 2, date: 2025-03-01}
  - {id: E2, text: Переговоры о коалиции зашли в тупик., source: S2, credibility: 2}
sources:
  - {id: S1, title: Сообщение агентства, reliability: B, date: 2025-03-01, accessed: 2025-03-02}
  - {id: S2, title: Телеграмма посольства, reliability: A}
alternative_views:
  - id: AV1
    view: Коалиция сохранится.
    likelihood: unlikely
    confidence: low
    against: [E1]
"""
STATEMENT = "Правительство уйдёт в отставку до выборов."
PREFIX = len("    statement: ")  # a statement's first character is at this column, less one
WORDING = ("T01", "T02", "T03", "T04")  # the rules this module is about; other rules are tested elsewhere


@pytest.fixture
def review(review: Callable[..., Report]) -> Callable[..., Report]:
    """The shared review, written from RU_CLEAN instead of CLEAN."""
    return functools.partial(review, base=RU_CLEAN)


def codes(report: Report) -> list[str]:
    """The codes of the wording rules' active findings, in order."""
    return [mark.rule.code for mark in report.findings if mark.rule.code in WORDING]


def stated(statement: str, likelihood: str = "likely") -> tuple[tuple[str, str], tuple[str, str]]:
    """Replacements giving KJ1 `statement`, rated `likelihood`."""
    return (STATEMENT, statement), ("likelihood: likely", f"likelihood: {likelihood}")


def test_clean_russian_brief_has_no_findings(review: Callable[..., Report]) -> None:
    """A Russian brief that follows the standards gets no marks from the wording rules."""
    assert codes(review()) == []


# T01 term-mismatch


def test_russian_wording_stronger_than_the_likelihood(review: Callable[..., Report]) -> None:
    """'почти наверняка' in a judgement rated likely is T01 at the words, with a Russian message."""
    statement = "Правительство почти наверняка уйдёт в отставку до выборов."
    [mark] = review(*stated(statement)).findings
    assert (mark.rule.code, mark.line, mark.column) == ("T01", 7, PREFIX + statement.index("почти") + 1)
    assert mark.message == (
        "«почти наверняка» означает 95–99%, а указанная вероятность — «likely» (55–80%); согласуйте формулировку с вероятностью"
    )


@pytest.mark.parametrize(
    ("statement", "likelihood"),
    [
        ("Отставка правительства маловероятна.", "likely"),
        ("Правительство, весьма маловероятно, уйдёт в отставку.", "likely"),
        ("Отставка правительства весьма вероятна.", "unlikely"),
        ("Отставка правительства — вероятный исход.", "unlikely"),
        ("Правительство, скорее всего, уйдёт в отставку.", "unlikely"),
        ("Правительство вряд ли уйдёт в отставку.", "likely"),
    ],
)
def test_inflected_russian_terms_are_read(review: Callable[..., Report], statement: str, likelihood: str) -> None:
    """Adverbs, short and full adjectives and everyday words are read in their band, whatever their ending."""
    assert codes(review(*stated(statement, likelihood))) == ["T01"]


@pytest.mark.parametrize(
    ("statement", "likelihood"),
    [
        ("Отставка правительства маловероятна.", "unlikely"),
        ("Правительство, вероятно, уйдёт в отставку.", "likely"),
        ("Отставка правительства вероятна.", "likely"),
        ("Правительство, скорее всего, уйдёт в отставку.", "likely"),
        ("Отставка правительства весьма маловероятна.", "very unlikely"),
        (STATEMENT, "almost certain"),
    ],
)
def test_agreeing_russian_wording_is_fine(review: Callable[..., Report], statement: str, likelihood: str) -> None:
    """Words in the band of the stated likelihood, or none, raise nothing."""
    assert codes(review(*stated(statement, likelihood))) == []


def test_unlikely_is_never_read_as_likely_in_russian(review: Callable[..., Report]) -> None:
    """'маловероятно' in a likely judgement is read as itself (20–45%), never as 'вероятно' inside it."""
    [mark] = review(*stated("Отставка маловероятно состоится.")).findings
    assert mark.message.startswith("«маловероятно» означает 20–45%")


def test_almost_certainly_not_is_not_almost_certainly(review: Callable[..., Report]) -> None:
    """'почти наверняка не' is the low end of the scale, not 'почти наверняка' followed by a word."""
    report = review(*stated("Правительство почти наверняка не уйдёт в отставку.", "almost no chance"))
    assert codes(report) == []
    [mark] = review(*stated("Правительство почти наверняка не уйдёт в отставку.")).findings
    assert mark.message.startswith("«почти наверняка не» означает 1–5%")


def test_russian_alternative_view_is_held_to_its_likelihood(review: Callable[..., Report]) -> None:
    """An alternative view's Russian wording is checked against its own likelihood."""
    assert codes(review(("Коалиция сохранится.", "Коалиция почти наверняка сохранится."))) == ["T01"]
    assert codes(review(("Коалиция сохранится.", "Коалиция, маловероятно, сохранится."))) == []


# T02 confidence-with-likelihood


def test_russian_confidence_and_likelihood_in_one_sentence(review: Callable[..., Report]) -> None:
    """A confidence level and a likelihood term in one Russian sentence is T02, said in Russian."""
    summary = "С высокой степенью уверенности считаем, что коалиция, вероятно, распадётся."
    [mark] = review(("Главное в двух словах.", summary)).findings
    assert (mark.rule.code, mark.field, mark.line, mark.column) == ("T02", "summary", 4, len("summary: ") + 3)
    assert mark.message.startswith("«высокой степенью уверенности» и «вероятно» стоят в одном предложении;")


def test_russian_confidence_and_likelihood_apart(review: Callable[..., Report]) -> None:
    """Confidence in one sentence and likelihood in the next is fine."""
    summary = "У нас высокая уверенность в этих сведениях. Коалиция, вероятно, распадётся."
    assert codes(review(("Главное в двух словах.", summary))) == []


# T03 foreign-scale-term


@pytest.mark.parametrize("wording", ["реальная возможность", "реальной возможностью"])
def test_phia_term_in_a_russian_icd203_brief(review: Callable[..., Report], wording: str) -> None:
    """PHIA's 'реальная возможность', in any case, in an ICD 203 brief is T03, said in Russian."""
    [mark] = review(("Главное в двух словах.", f"Досрочные выборы остаются {wording}.")).findings
    assert mark.rule.code == "T03"
    assert mark.message == f"«{wording}» — термин шкалы phia, а в этом документе шкала icd203; используйте только её термины"


def test_russian_terms_of_the_declared_scale_are_not_foreign(review: Callable[..., Report]) -> None:
    """In a PHIA brief, PHIA's 'реальная возможность' is fine and ICD 203's 'примерно равные шансы' is marked."""
    assert codes(review(("Главное в двух словах.", "Досрочные выборы — реальная возможность."), extra="scale: phia\n")) == []
    report = review(("Главное в двух словах.", "У досрочных выборов примерно равные шансы."), extra="scale: phia\n")
    assert codes(report) == ["T03"]


# T04 vague-hedge


@pytest.mark.parametrize("hedge", ["может", "возможно", "пожалуй", "по-видимому", "могут"])
def test_russian_hedges_in_a_statement(review: Callable[..., Report], hedge: str) -> None:
    """Russian hedging words in a key judgement's statement are T04 at the word, said in Russian."""
    [mark] = review((STATEMENT, f"Правительство {hedge} уйти в отставку до выборов.")).findings
    assert (mark.rule.code, mark.column) == ("T04", PREFIX + len("Правительство ") + 1)
    assert mark.message.startswith(f"«{hedge}» — оговорка, которая не говорит, насколько это вероятно;")


@pytest.mark.parametrize(
    "statement", ["Правительство уйдёт в отставку в мае.", "Правительство воспользуется возможностью уйти в отставку."]
)
def test_russian_words_that_only_look_like_hedges(review: Callable[..., Report], statement: str) -> None:
    """'мае' (May) and 'возможностью' (a noun, not 'возможно') are not hedges."""
    assert codes(review((STATEMENT, statement))) == []


# Which lexicon a brief reads


@pytest.mark.parametrize(("language", "tag"), [("ru", "ru"), ("ru-RU", "ru"), ("en", "en"), ("en-US", "en"), ("de", "en")])
def test_language_tags_fall_back_like_the_translation_tables(language: str, tag: str) -> None:
    """A region's tag reads its language's lexicon; a language without one is reviewed in English."""
    assert vocabulary(language).tag == tag


def test_region_tag_is_reviewed_in_its_language(review: Callable[..., Report]) -> None:
    """A ru-RU brief is reviewed with the Russian words."""
    assert codes(review(("language: ru", "language: ru-RU"), *stated("Отставка маловероятна."))) == ["T01"]


def test_a_language_without_a_lexicon_is_reviewed_in_english(review: Callable[..., Report]) -> None:
    """A German brief gets the English review: English words are read, and the message is English."""
    [mark] = review(("language: ru", "language: de"), (STATEMENT, "The government could fall.")).findings
    assert (mark.rule.code, mark.message[:7]) == ("T04", "'could'")
    assert codes(review(("language: ru", "language: de"), (STATEMENT, "Die Regierung fällt."))) == []


def test_english_words_are_not_read_in_a_russian_brief(review: Callable[..., Report]) -> None:
    """A Russian brief's review reads Russian hedges, not English ones that happen to stand in it."""
    assert codes(review((STATEMENT, "The government could fall."))) == []


@pytest.fixture
def lexicons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A lexicon folder of the test's own, holding English; the cache is cleared on both sides."""
    folder = tmp_path / "lexicons"
    folder.mkdir()
    shutil.copy(FOLDER / "en.toml", folder / "en.toml")
    monkeypatch.setattr(lexicon_data, "FOLDER", folder)
    vocabulary.cache_clear()
    yield folder
    vocabulary.cache_clear()


def test_adding_a_language_is_adding_a_file(review: Callable[..., Report], lexicons: Path) -> None:
    """A de.toml with German hedges and a German message makes German briefs reviewed in German."""
    (lexicons / "de.toml").write_text(
        '[hedges]\nwords = ["vielleicht"]\n[findings]\nvague-hedge = "„{written}“ ist vage"\n', encoding="utf-8"
    )
    [mark] = review(("language: ru", "language: de"), (STATEMENT, "Die Regierung fällt vielleicht.")).findings
    assert (mark.rule.code, mark.message) == ("T04", "„vielleicht“ ist vage")


def test_a_message_the_table_lacks_is_english(review: Callable[..., Report], lexicons: Path) -> None:
    """A lexicon without a [findings] message prints the English one."""
    (lexicons / "de.toml").write_text('[hedges]\nwords = ["vielleicht"]\n', encoding="utf-8")
    [mark] = review(("language: ru", "language: de"), (STATEMENT, "Die Regierung fällt vielleicht.")).findings
    assert mark.message.startswith("'vielleicht' hedges without saying how likely;")


# The lexicon files themselves


def test_alternatives_and_named_endings_expand() -> None:
    """'{a,b}' spells each alternative, '{name}' each ending named in [endings]; an unknown name is an error."""
    assert expand("уверен{,а}", {}) == ["уверен", "уверена"]
    assert expand("шанс{n} {x,y}", {"n": ["", "ы"]}) == ["шанс x", "шанс y", "шансы x", "шансы y"]
    with pytest.raises(LexiconError):
        expand("вероятн{adj}", {})


@pytest.mark.parametrize("tag", languages())
def test_every_message_has_the_english_placeholders(tag: str) -> None:
    """Each shipped lexicon's messages name the rules and use exactly English's placeholders."""
    english = vocabulary("en").findings
    for name, text in vocabulary(tag).findings.items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", english[name])), (tag, name)


@pytest.mark.parametrize("tag", languages())
def test_every_scale_term_in_a_lexicon_exists(tag: str) -> None:
    """A lexicon translates only terms the built-in scales have, so a renamed term cannot silently drop out."""
    for scale, terms in vocabulary(tag).scales.items():
        assert set(terms) <= {term.id for term in SCALES[scale].terms}, (tag, scale)


def test_russian_covers_every_term_and_every_rule() -> None:
    """Russian translates every built-in scale's every term and has a message for every wording rule."""
    words = vocabulary("ru")
    assert {scale: set(terms) for scale, terms in words.scales.items()} == {
        scale.id: {term.id for term in scale.terms} for scale in SCALES.values()
    }
    assert set(words.findings) == set(vocabulary("en").findings)


def test_lexicons_are_read_through_the_gate(tmp_path: Path) -> None:
    """A lexicon outside the lexicon folder is refused by the gate."""
    outside = tmp_path / "en.toml"
    outside.write_text("", encoding="utf-8")
    with pytest.raises(RefusedFile, match="outside"):
        read_lexicon(outside)


def test_a_lexicon_matches_whole_words_only() -> None:
    """'вероятно' is found in 'вероятно' and never inside 'маловероятно' or 'вероятность'."""
    lexicon = Lexicon(SCALES["icd203"], "ru")
    assert [match.written for match in lexicon.find("Вероятно; маловероятно; вероятность.")] == ["Вероятно", "маловероятно"]

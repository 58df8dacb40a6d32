"""Languages: fixed words come from the brief's language table, in both formats; English is the fallback."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from brief.render.template_set import builtin_root
from brief.render.translations import PACKAGE, Translations
from tests.parity import compare
from tests.readers import pdf_pages, read_docx, squeeze
from tests.samples import CLEAN

RUSSIAN = (
    CLEAN.replace("title: Clean brief", "title: Правительство уйдёт в отставку")
    .replace("summary: The bottom line.", "summary: Главное в двух словах.")
    .replace("date: 2025-03-14", "date: 2026-01-15")
    .replace("date: 2025-03-01", "date: 2026-01-10")
    .replace("accessed: 2025-03-02", "accessed: 2026-01-12, url: 'https://example.org/r'")
    + "language: ru\nclassification: НЕСЕКРЕТНО\n"
)


@pytest.fixture(scope="module")
def russian(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ru")
    (folder / "brief.yaml").write_text(RUSSIAN, encoding="utf-8")
    result = build(folder / "brief.yaml", folder / "out", ["pdf", "docx"])
    assert result.warnings == ()
    return {path.suffix.lstrip("."): path for path in result.outputs}


@pytest.mark.parametrize(
    "words",
    [
        "Главный вывод",
        "Ключевые оценки",
        "Вероятность: вероятно (55–80%). Уверенность: умеренная.",
        "Альтернативная точка зрения A",
        "15 января 2026 г.",
        "Сведений: 2; источников: 2",
        "Оценочная терминология",
        "почти наверняка",
        "Надёжность: B (обычно надёжен).",
        "дата обращения: 12 января 2026 г.",
    ],
)
def test_russian_brief_has_russian_words_in_both_formats(russian: dict[str, Path], words: str) -> None:
    """Headings, likelihood and confidence terms, dates, the box and the grades are Russian in PDF and DOCX."""
    read = read_docx(russian["docx"])
    assert squeeze(words) in squeeze("".join(pdf_pages(russian["pdf"])))
    assert squeeze(words) in squeeze("".join(read.body + read.footnotes))


def test_russian_page_furniture(russian: dict[str, Path]) -> None:
    """ "Page X of Y" is "Страница X из Y" in the PDF's margins and the DOCX's footer."""
    pages = pdf_pages(russian["pdf"])
    assert pages[0].rstrip().endswith(f"Страница 1 из {len(pages)}")
    assert read_docx(russian["docx"]).footer == ["НЕСЕКРЕТНО", "Страница {PAGE} из {NUMPAGES}"]


def test_russian_brief_keeps_parity(russian: dict[str, Path]) -> None:
    """The Russian brief's PDF and DOCX carry the same content in the same order."""
    compare(russian["pdf"], russian["docx"], "НЕСЕКРЕТНО")


def test_region_tag_uses_the_language_table(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """ru-RU has no table of its own and uses ru's, without a warning."""
    result = build(write_input(RUSSIAN.replace("language: ru", "language: ru-RU")), tmp_path / "out", ["docx"])
    assert result.warnings == ()
    assert "Ключевые оценки" in read_docx(result.outputs[0]).body


def test_unknown_language_falls_back_to_english_with_a_warning(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A language without a table prints English words, and the build says so and what to add."""
    result = runner.invoke(app, ["build", str(write_input(CLEAN + "language: de\n")), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert "warning: there is no translation table for 'de'; the brief's fixed words are in English." in result.stderr
    assert "de.toml" in result.stderr
    assert "Key judgements" in read_docx(tmp_path / "out" / "brief.docx").body


def test_adding_a_language_is_adding_one_file(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A template set's locales/de.toml is used; keys it lacks fall back to English, each named in a warning."""
    folder = tmp_path / "set"
    runner.invoke(app, ["templates", "copy", "policy-brief", str(folder), "--thin"])
    (folder / "locales").mkdir()
    (folder / "locales" / "de.toml").write_text(
        '[language]\nplural = "one-other"\n[labels]\nkey_judgements = "Kernaussagen"\n', encoding="utf-8"
    )
    result = build(write_input(CLEAN + f"language: de\ntemplate: {folder}\n"), tmp_path / "out", ["docx"])
    assert "Kernaussagen" in read_docx(result.outputs[0]).body
    assert "the de translation table lacks labels.bottom_line; English is used" in result.warnings


def test_every_table_has_every_english_key() -> None:
    """The shipped Russian tables (brief's and each set's) are complete: nothing falls back to English."""
    tables = [(PACKAGE / "en.toml", PACKAGE / "ru.toml")]
    tables += [
        (folder / "locales" / "en.toml", folder / "locales" / "ru.toml")
        for folder in builtin_root().iterdir()
        if (folder / "locales").is_dir()
    ]
    for english, russian in tables:
        assert _keys(tomllib.loads(english.read_text())) <= _keys(tomllib.loads(russian.read_text())), russian


def _keys(table: dict[str, object], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in table.items():
        if isinstance(value, dict) and key != "plurals":
            keys |= _keys(value, f"{prefix}{key}.")
        else:
            keys.add(prefix + key)
    return keys


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1 источник"),
        (2, "2 источника"),
        (5, "5 источников"),
        (11, "11 источников"),
        (21, "21 источник"),
        (22, "22 источника"),
        (112, "112 источников"),
    ],
)
def test_russian_plurals(number: int, expected: str) -> None:
    """Counted nouns take the Russian plural form the number needs."""
    assert Translations("ru").count(number, "source") == expected


def test_english_plurals() -> None:
    """English has one and other."""
    words = Translations("en")
    assert (words.count(1, "item"), words.count(7, "item")) == ("1 item", "7 items")


runner = CliRunner()

"""US English: an en-US brief prints US spellings and month-first dates; `organization` is taken for `organisation`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import docx
import jsonschema
import pypdf
import pytest

from brief.build import build
from brief.errors import InputError
from brief.input.loader import load
from brief.render.translations import Translations
from brief.tools.schema import input_schema
from tests.samples import CLEAN, MINIMAL

# CLEAN, dated 8 March 2023, with a source accessed on 2 March 2023: both dates print.
DATED = (
    CLEAN.replace("date: 2025-03-14", "date: 2023-03-08")
    .replace("date: 2025-03-01", "date: 2023-03-01")
    .replace("accessed: 2025-03-02", "accessed: 2023-03-02, url: 'https://example.org/r'")
)


def _outputs(folder: Path, language: str) -> tuple[str, str]:
    """The text of the PDF and of the DOCX built from DATED in `language`."""
    (folder / "brief.yaml").write_text(DATED + f"language: {language}\n", encoding="utf-8")
    result = build(folder / "brief.yaml", folder / "out", ["pdf", "docx"])
    assert result.warnings == ()
    paths = {path.suffix: path for path in result.outputs}
    pdf = " ".join(page.extract_text() for page in pypdf.PdfReader(paths[".pdf"]).pages)
    document = docx.Document(str(paths[".docx"]))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(pdf.split()), " ".join(" ".join([*(p.text for p in document.paragraphs), *cells]).split())


@pytest.fixture(scope="module")
def american(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The en-US brief's PDF and DOCX text."""
    return _outputs(tmp_path_factory.mktemp("en-us"), "en-US")


@pytest.fixture(scope="module")
def british(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The en-GB brief's PDF and DOCX text."""
    return _outputs(tmp_path_factory.mktemp("en-gb"), "en-GB")


@pytest.mark.parametrize("words", ["Key judgments", "March 8, 2023", "accessed March 2, 2023"])
def test_us_brief_prints_us_words_in_both_formats(american: tuple[str, str], words: str) -> None:
    """An en-US brief spells judgment the US way and puts the month first, in the PDF and the DOCX."""
    pdf, document = american
    assert words in pdf
    assert words in document


@pytest.mark.parametrize("words", ["Key judgements", "8 March 2023", "accessed 2 March 2023"])
def test_us_brief_has_no_british_words(american: tuple[str, str], words: str) -> None:
    """An en-US brief prints neither the British spelling nor the day-first date."""
    pdf, document = american
    assert words not in pdf and words not in document


@pytest.mark.parametrize("words", ["Key judgements", "8 March 2023"])
def test_british_brief_keeps_british_words(british: tuple[str, str], words: str) -> None:
    """An en-GB brief keeps "judgements" and the day-first date in both formats."""
    pdf, document = british
    assert words in pdf and words in document
    assert "Key judgments" not in pdf and "March 8, 2023" not in document


def test_us_table_sits_on_the_english_one() -> None:
    """en-US overrides only what differs: other words come from en, with no warning."""
    words = Translations("en-US")
    assert words.lookup("labels", "key_judgements") == "Key judgments"
    assert words.lookup("labels", "bottom_line") == "Bottom line up front"
    assert words.count(2, "judgement") == "2 judgments"
    assert words.warnings == []


@pytest.mark.parametrize(
    ("language", "expected"), [("en-US", "December 31, 2024"), ("en", "31 December 2024"), ("en-GB", "31 December 2024")]
)
def test_dates_follow_the_table(language: str, expected: str) -> None:
    """The date pattern is the table's: month first in en-US, day first in en and en-GB."""
    assert Translations(language).date(datetime.date(2024, 12, 31)) == expected


def test_organization_is_taken_for_organisation(write_input: Callable[..., Path]) -> None:
    """The brief's own `organization` is read as `organisation`, as `key_judgments` is read as `key_judgements`."""
    loaded = load(write_input(MINIMAL + "organization: Department of State\n"))
    assert loaded.brief.organisation == "Department of State"


def test_both_spellings_of_organisation_are_refused(write_input: Callable[..., Path]) -> None:
    """Giving `organisation` and `organization` both is an error, not a silent choice."""
    with pytest.raises(InputError):
        load(write_input(MINIMAL + "organisation: A\norganization: B\n"))


@pytest.mark.parametrize(("extra", "valid"), [("organization: State\n", True), ("organisation: State\norganization: State\n", False)])
def test_the_schema_takes_organization(extra: str, valid: bool) -> None:
    """`brief schema` accepts `organization` at the top level, and refuses it beside `organisation`."""
    data = {
        "title": "t",
        "date": "2025-03-14",
        "summary": "s",
        "key_judgements": [{"id": "KJ1", "statement": "s", "likelihood": "likely", "confidence": "low"}],
    }
    data |= dict(line.split(": ") for line in extra.splitlines())
    assert jsonschema.Draft202012Validator(input_schema()).is_valid(data) is valid

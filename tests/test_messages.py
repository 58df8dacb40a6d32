"""Messages that point at the cause: where a quote opened, the name that was meant, and brief's words alone."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from brief.cli import app
from brief.errors import InputError
from brief.input.document import parse_document
from brief.input.project import read_project

FILLER = "".join(f"note_{number}: text\n" for number in range(100))  # what the parser reads past an unclosed quote


def message(text: str) -> str:
    """The one problem parsing `text` as brief.yaml reports."""
    with pytest.raises(InputError) as caught:
        parse_document(text.encode(), "brief.yaml")
    [problem] = caught.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        (
            'summary: "Minsk',
            'brief.yaml:4:10: summary: this quoted value is never closed: the " opened here runs to the end of the file (line 104); close it with "',
        ),
        (
            "summary: 'Minsk",
            "brief.yaml:4:10: summary: this quoted value is never closed: the ' opened here runs to the end of the file (line 104); close it with '",
        ),
        ("authors: [Ann, Bob", "brief.yaml:4:10: authors: this list is never closed: the [ opened here runs to line 5; close it with ]"),
        (
            "sources: {a: 1, b: 2",
            "brief.yaml:4:10: sources: this mapping is never closed: the { opened here runs to line 5; close it with }",
        ),
    ],
)
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opened(opened: str, expected: str) -> None:
    """A quote or bracket left open on line 4 is reported at line 4, naming what closes it, not where YAML gave up."""
    assert message(f"title: T\ndate: 2025-01-01\nx: y\n{opened}\n{FILLER}") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\nsummary: 'Minsk",
            "brief.yaml:2:10: summary: this quoted value is never closed: the ' opened here runs to the end of the file (line 2); close it with '",
        ),
        (
            "title: T\nauthors: [Ann",
            "brief.yaml:2:10: authors: this list is never closed: the [ opened here runs to the end of the file (line 2); close it with ]",
        ),
    ],
)
def test_an_unclosed_quote_or_bracket_on_the_last_line(text: str, expected: str) -> None:
    """A quote or bracket opened on the file's last line is reported where it opened, running to the end of the file."""
    assert message(text) == expected


def test_a_nested_opening_is_placed_without_a_field() -> None:
    """An unclosed quote below the top level is placed by line and column; the field is left out rather than guessed."""
    assert message('key_judgements:\n  - statement: "Minsk\n    id: j1\n').startswith("brief.yaml:2:16: this quoted value is never closed")


def test_other_yaml_errors_keep_their_message() -> None:
    """Bad indentation, or a mistake inside a closed bracket, is still reported where YAML found it."""
    assert (
        message("title: T\n  date: x\nsummary: y\n")
        == "brief.yaml:2:7: this is not valid YAML: mapping values are not allowed in this context"
    )
    assert (
        message("a:\n  b: 1\n c: 2\n") == "brief.yaml:3:2: this is not valid YAML: while parsing a block mapping did not find expected key"
    )
    assert message("authors: [a,\n  b: c: d]\n").startswith("brief.yaml:2:7: this is not valid YAML: while parsing a flow sequence")


def project_problems(tmp_path: Path, text: str) -> list[str]:
    """The problems a brief.toml holding `text` is refused with."""
    (tmp_path / "brief.toml").write_text(text)
    with pytest.raises(InputError) as caught:
        read_project(tmp_path / "brief.toml")
    return [str(problem).removeprefix(str(tmp_path / "brief.toml")) for problem in caught.value.problems]


def test_a_misspelt_setting_suggests_the_one_meant(tmp_path: Path) -> None:
    """An unknown key in brief.toml names the nearest setting and lists all of them, as an input's unknown field does."""
    accepted = (
        "accepted: template, templates, output, organisation, logo, footer_line, classification, scale, ladder, exclude, sign_key, trust"
    )
    assert project_problems(tmp_path, 'output = "out"\ntemplte = "memo"\n') == [
        f":2: templte: unknown setting 'templte'; did you mean 'template'? {accepted}"
    ]
    assert project_problems(tmp_path, 'colour = "blue"\n') == [f":1: colour: unknown setting 'colour'; {accepted}"]


def test_a_misspelt_scale_or_ladder_name_suggests_the_one_meant(tmp_path: Path) -> None:
    """A built-in scale or ladder name brief.toml misspells is refused at its line with the nearest name."""
    assert project_problems(tmp_path, 'scale = "ICD-230"\nladder = "defualt"\n') == [
        ":1: scale: 'ICD-230' is not a known scale; did you mean 'icd203'? accepted: icd203, phia, kent, or the path of a scale file (.yaml)",
        ":2: ladder: 'defualt' is not a known ladder; did you mean 'default'? accepted: default, or the path of a ladder file (.yaml)",
    ]


def test_built_in_names_in_any_spelling_and_files_are_accepted(tmp_path: Path) -> None:
    """A scale written with other case, hyphens or spaces, and a scale file's path, are not mistaken for misspellings."""
    (tmp_path / "brief.toml").write_text('scale = "ICD 203"\nladder = "Default"\n')
    assert read_project(tmp_path / "brief.toml").settings.scale == "ICD 203"
    (tmp_path / "brief.toml").write_text('scale = "scales/house.yaml"\n')
    assert read_project(tmp_path / "brief.toml").settings.scale == "scales/house.yaml"


def carrying_pdf() -> bytes:
    """A small PDF carrying an input, as brief's PDFs do."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("brief.yaml", b"title: T\n")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def a_docx() -> bytes:
    """A Word file's bytes: a zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("brief.docx", a_docx, "carries no brief input (no custom XML part of urn:x-brief:carried:1); was it built by brief?"),
        ("cut.pdf", lambda: carrying_pdf()[:-7], "cannot read it as a PDF (is it damaged or cut short?): Stream has ended unexpectedly"),
    ],
)
def test_extract_prints_only_its_own_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, content: Callable[[], bytes], expected: str
) -> None:
    """`brief extract` on a Word file brief did not build or a cut-short PDF prints brief's one line, nothing of pypdf's, even where logging is set up."""
    (tmp_path / name).write_bytes(content())
    caplog.set_level(logging.DEBUG)  # a handler on the root logger, as a host application might install
    result = CliRunner().invoke(app, ["extract", str(tmp_path / name)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {tmp_path / name}: {expected}"]
    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []


def test_a_repaired_pdf_still_gives_its_input_quietly(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A PDF pypdf must repair (a wrong xref pointer) still gives its input back, with nothing on standard error."""
    (tmp_path / "moved.pdf").write_bytes(carrying_pdf().replace(b"startxref\n", b"startxref\n1"))
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "moved.pdf")])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "title: T\n", "")
    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []

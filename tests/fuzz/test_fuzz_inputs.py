"""Fuzzing is part of the tests: generated and mutated inputs build with every word, or are refused at their lines.

Each property runs a few dozen derandomised examples in CI (the `brief-ci` profile in
strategies.py); scripts/fuzz_campaign.py runs the same properties for thousands.
"""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from typer.testing import CliRunner

from brief.build import build
from brief.check import check_input
from brief.cli import app
from brief.errors import BriefError, InputError
from brief.review.report import ReviewFailed
from tests.fuzz.strategies import (
    Mutant,
    drawn,
    dump,
    fold,
    fuzz_settings,
    mutants,
    odd_texts,
    plain,
    printed_texts,
    read_text_data,
    unprintable,
    valid_briefs,
    words,
)
from tests.readers import pdf_pages, read_docx, squeeze
from tests.samples import MINIMAL

FORMATS = ["pdf", "docx", "html"]
WHOLE_FILE = "the file "  # a problem of the whole file (empty, no document, too big) has no line to point at


class _HtmlText(HTMLParser):
    """The text a reader of the HTML sees: every text node outside style and script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    """The visible text of a standalone HTML brief."""
    reader = _HtmlText()
    reader.feed(path.read_text(encoding="utf-8"))
    return "\n".join(reader.parts)


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, read with pypdf."""
    return "\n".join(pdf_pages(path))


def docx_text(path: Path) -> str:
    """The text of a DOCX's body, footnotes, header and footer, read from its XML."""
    document = read_docx(path)
    return "\n".join(document.body + document.footnotes + document.header + document.footer)


def format_texts(outputs: dict[str, Path]) -> dict[str, str]:
    """Each format's text, read back independently of the writers: every PDF page, the DOCX's parts, the HTML's text."""
    return {"pdf": pdf_text(outputs["pdf"]), "docx": docx_text(outputs["docx"]), "html": html_text(outputs["html"])}


def missing_words(data: Any, outputs: dict[str, Path]) -> dict[str, set[str]]:
    """The words of the input's printable text fields that a format does not show.

    Words are compared as sets, folded (case, NFKC). The PDF's lines are joined first (a long word
    may break across them), and it is read only when every text is plain (see `plain`): pypdf
    garbles text drawn in fallback fonts.
    """
    texts = list(printed_texts(data))
    expected = {word for text, markdown in texts if not unprintable(text) for word in words(text, markdown)}
    missing = {}
    for name, text in format_texts(outputs).items():
        shown = words(text)
        if name == "pdf":
            if not all(plain(text) for text, _ in texts):
                continue
            joined = fold(squeeze(text))
            lost = {word for word in expected if drawn(word) and word not in shown and word not in joined}
        else:
            lost = expected - shown
        if lost:
            missing[name] = lost
    return missing


def assert_refused_with_lines(error: BriefError, path: Path) -> None:
    """A refusal a user can act on: InputError problems each at a file and line, review errors each at a line."""
    if isinstance(error, InputError):
        assert error.problems, "an InputError with no problem"
        for problem in error.problems:
            assert Path(problem.file).is_relative_to(path.parent), f"{problem} names a file outside the input's folder"
            whole_file = problem.line is None and problem.message.startswith(WHOLE_FILE)
            assert whole_file or (isinstance(problem.line, int) and problem.line >= 1), f"no line: {problem}"
    elif isinstance(error, ReviewFailed):
        assert error.report.errors, "a failed review with no error"
        assert all(mark.line is not None and mark.file == str(path) for mark in error.report.errors), error.report.errors
    else:
        assert str(path) in str(error) or path.name in str(error), f"{type(error).__name__} does not name the input: {error}"


def build_or_refuse(mutant: Mutant, formats: list[str]) -> None:
    """Build a mutant: it builds with every printable word in every format, or is refused with file:line, and nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = mutant.write(Path(folder))
        out = Path(folder) / "out"
        try:
            result = build(path, out, formats)
        except BriefError as error:
            event(f"refused: {type(error).__name__}")
            assert_refused_with_lines(error, path)
            assert not out.exists() or not [entry for entry in out.iterdir() if not entry.name.startswith(".")], "a failed build wrote"
            return
        event("built")
        outputs = {name: result.output(name) for name in formats}
        if len(formats) == len(FORMATS):
            missing = missing_words(read_text_data(mutant.data), outputs)
            assert not missing, f"built, but words are missing: {missing}"


@fuzz_settings(20)  # the slowest property: each example builds a full brief in three formats (about 1.5 s)
@given(valid_briefs())
def test_valid_brief_prints_every_word_in_every_format(data: dict[str, Any]) -> None:
    """A generated valid brief builds in PDF, DOCX and HTML, and every word of every text field is in each."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.yaml"
        path.write_text(dump(data), encoding="utf-8")
        result = build(path, Path(folder) / "out", FORMATS)
        assert not result.report.errors
        assert missing_words(data, {name: result.output(name) for name in FORMATS}) == {}


@fuzz_settings(40)
@given(mutants())
def test_mutated_brief_builds_or_is_refused_at_its_lines(mutant: Mutant) -> None:
    """A valid brief with one mutation builds with every word, or is refused with file:line messages; never anything else."""
    build_or_refuse(mutant, FORMATS)


@fuzz_settings(20)
@given(odd_texts())
def test_arbitrary_unicode_text_builds_or_is_refused(mutant: Mutant) -> None:
    """Any Unicode text in a field builds (its words in the DOCX and HTML; in the PDF when plain) or is refused at its line."""
    build_or_refuse(mutant, FORMATS)


@fuzz_settings(30)
@given(mutants())
def test_check_and_build_agree(mutant: Mutant) -> None:
    """What `check` refuses, `build` refuses with the same problems; what `check` passes, `build` does not refuse."""
    with tempfile.TemporaryDirectory() as folder:
        path = mutant.write(Path(folder))
        try:
            checked = check_input(path)
        except InputError as refused:
            with pytest.raises(InputError) as built:
                build(path, Path(folder) / "out", ["html"])
            assert built.value.problems == refused.problems
            return
        except BriefError as refused:
            with pytest.raises(type(refused)) as other:
                build(path, Path(folder) / "out", ["html"])
            assert str(other.value) == str(refused)
            return
        if checked.report.errors:
            with pytest.raises(ReviewFailed) as failed:
                build(path, Path(folder) / "out", ["html"])
            assert failed.value.report.findings == checked.report.findings
            return
        build(path, Path(folder) / "out", ["html"])


@fuzz_settings(25)
@given(mutants())
def test_cli_check_exits_cleanly_with_file_and_line(mutant: Mutant) -> None:
    """`brief check FILE` exits 0 or 1, never with a traceback; each problem and review error it prints starts with `FILE:LINE:`."""
    with tempfile.TemporaryDirectory() as folder:
        path = mutant.write(Path(folder))
        result = CliRunner().invoke(app, ["check", str(path)])
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        at_line = re.compile(rf"^{re.escape(folder)}/[^:]+:[0-9]+(:[0-9]+)?: ")  # the input, or a file it names
        problems = result.stderr.splitlines()
        if problems and problems[0].startswith("error: "):  # a BriefError other than bad input: one message naming the file
            assert str(path) in result.stderr, result.stderr
        elif problems:
            assert re.fullmatch(r"[0-9]+ problem\(s\) found", problems[-1]), result.stderr
            whole_file = re.compile(rf"^{re.escape(str(path))}: the file ")
            assert all(at_line.match(line) or whole_file.match(line) for line in problems[:-1]), result.stderr
        errors = [line for line in result.stdout.splitlines() if re.search(r": error T[0-9]+ ", line)]
        assert all(at_line.match(line) for line in errors), result.stdout
        assert (result.exit_code == 1) == bool(problems or errors), result.output


def test_word_oracle_reads_the_minimal_input() -> None:
    """The oracle the properties rely on finds the minimal input's printed texts and their words."""
    assert words(MINIMAL) >= {"minimal", "brief", "bottom", "line"}
    assert {text for text, _ in printed_texts(read_text_data(MINIMAL.encode()))} == {
        "Minimal brief",
        "The bottom line.",
        "Something will happen.",
    }

"""`brief absorb`: a reviewer's edits to the DOCX come back into the YAML, and only the edited fields change."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.absorb.locating import input_for
from brief.build import build
from brief.cli import app
from brief.errors import UsageError
from tests.docx_edits import Reviewer, new_paragraph_after, part, rezip

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
runner = CliRunner()

# An analyst's input, with the things absorb must leave alone: comments, blank lines, odd quoting, blocks.
INPUT = """\
# Draft for the Thursday meeting.
title: 'Clean brief'
date: 2025-03-14

summary: |
  The bottom line: the government is "weakening" fast.
key_judgements:
  - id: KJ1
    statement: The government will fall before the election.   # the headline
    likelihood: likely
    confidence: moderate
    evidence: [E1, E2]
    basis: >
      Two ministers resigned this week
      and coalition talks stalled.

evidence:
  - {id: E1, text: Ministers have resigned., source: S1, credibility: 2, date: 2025-03-01}
  - {id: E2, text: Coalition talks stalled., source: S2, credibility: 2}
sources:
  - {id: S1, title: Wire report, reliability: B, date: 2025-03-01, accessed: 2025-03-02}
  - {id: S2, title: Embassy cable, reliability: A}
alternative_views:
  - id: AV1
    view: "The coalition survives."
    likelihood: unlikely
    confidence: low
    against: [E1]
"""


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], tuple[Path, bytes]]:
    """Write an input in a fresh project folder (the working folder), build its DOCX, give the input and the DOCX's bytes."""
    monkeypatch.chdir(tmp_path)

    def make(text: str = INPUT) -> tuple[Path, bytes]:
        path = tmp_path / "brief.yaml"
        path.write_text(text, encoding="utf-8")
        return path, build(path, tmp_path / "output", ["docx"]).output("docx").read_bytes()

    return make


def absorb(tmp_path: Path, data: bytes, *arguments: str) -> tuple[int, str, str]:
    """Run `brief absorb` on `data` saved as reviewed.docx; its exit code, standard output and standard error."""
    reviewed = tmp_path / "reviewed" / "brief.docx"
    reviewed.parent.mkdir(exist_ok=True)
    reviewed.write_bytes(data)
    result = runner.invoke(app, ["absorb", str(reviewed), *arguments])
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ, pairwise (the two texts have as many lines)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), (before, after)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_a_word_typed_over_changes_that_field_alone(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A word changed in a statement: that line changes, its trailing comment and every other byte stay."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "fall", "collapse")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 0, err
    assert changed_lines(INPUT, path.read_text()) == [
        (
            "    statement: The government will fall before the election.   # the headline\n",
            "    statement: The government will collapse before the election.   # the headline\n",
        )
    ]
    assert "key_judgements[0].statement: changed" in err


def test_tracked_changes_are_accepted_and_typography_is_not_written_back(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A tracked insertion and deletion in the summary apply; the typewriter quotes the analyst typed stay typewriter quotes."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.delete("summary", " fast")
    reviewer.insert("summary", "The bottom line:", " for now,")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 0, err
    assert changed_lines(INPUT, path.read_text()) == [
        ('  The bottom line: the government is "weakening" fast.\n', '  The bottom line: for now, the government is "weakening".\n')
    ]


def test_pending_lists_tracked_changes_and_applies_none(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """With --pending, each tracked change is listed with its author and date, and the input is unchanged."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.insert("summary", "The bottom line:", " for now,")
    code, _, err = absorb(tmp_path, reviewer.saved(), "--pending")
    assert code == 0, err
    assert path.read_text() == INPUT
    assert "brief.yaml:5: summary: tracked insert pending: ' for now,' (Ann Reviewer, 2026-11-25T10:00:00Z)" in err


def test_comments_print_at_their_line_and_are_written_with_comments(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A comment on a basis prints as INPUT:line: field: "text" (author, date); --comments writes it above the field."""
    path, data = draft()
    reviewer = Reviewer(data, author="Jane Roe")
    reviewer.comment("key_judgements[0].basis", "Which ministers?")
    saved = reviewer.saved()
    code, _, err = absorb(tmp_path, saved)
    assert code == 0, err
    assert 'brief.yaml:13: key_judgements[0].basis: "Which ministers?" (Jane Roe, 2026-11-25T10:00:00Z)' in err
    assert path.read_text() == INPUT
    code, _, err = absorb(tmp_path, saved, "--comments")
    assert code == 0, err
    assert "    # Jane Roe, 2026-11-25: Which ministers?\n    basis: >\n" in path.read_text()


def test_an_edit_outside_every_field_is_reported_with_its_place(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A heading the template prints, edited, is reported with page and paragraph, and absorb exits 1; field edits still apply."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.retitle("Key judgements", "Key findings")
    reviewer.type_over("alternative_views[0].view", "survives", "holds")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 1
    assert "brief.docx: page 1, paragraph 5: not absorbed (outside every field): 'Key findings'" in err
    assert changed_lines(INPUT, path.read_text()) == [('    view: "The coalition survives."\n', '    view: "The coalition holds."\n')]


def test_a_word_made_bold_comes_back_as_markdown(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A reviewer's bold on one word of an evidence text becomes **word** in that field, in its flow mapping, and nothing else changes."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.embolden("evidence[1].text", "stalled")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 0, err
    assert changed_lines(INPUT, path.read_text()) == [
        (
            "  - {id: E2, text: Coalition talks stalled., source: S2, credibility: 2}\n",
            "  - {id: E2, text: Coalition talks **stalled**., source: S2, credibility: 2}\n",
        )
    ]


def test_a_new_paragraph_between_fields_is_reported_not_dropped(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A paragraph the reviewer adds after the bottom line belongs to no field: reported with its place, exit 1, the input as it was."""
    path, data = draft()
    reviewer = Reviewer(data)
    new_paragraph_after(reviewer, "summary", "Add a line on the army.")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 1
    assert "not absorbed (outside every field): 'Add a line on the army.'" in err
    assert path.read_text() == INPUT


def test_a_portion_marked_field_changes_its_text_not_its_mark(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A judgement printed with its (S) mark: the edit changes the statement, and `portion: S` stays as it was."""
    text = INPUT.replace("title: 'Clean brief'", "title: 'Clean brief'\nclassification: SECRET").replace(
        "    likelihood: likely\n", "    portion: S\n    likelihood: likely\n", 1
    )
    path, data = draft(text)
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "fall", "collapse")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 0, err
    assert [new for _, new in changed_lines(text, path.read_text())] == [
        "    statement: The government will collapse before the election.   # the headline\n"
    ]


def test_a_field_changed_in_the_yaml_since_the_build_is_a_conflict(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """The analyst changed a statement after sending the DOCX, and the reviewer changed it too: both shown, the YAML's kept."""
    path, data = draft()
    analyst = INPUT.replace("will fall before the election", "will fall before the spring election")
    path.write_text(analyst)
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "fall", "collapse")
    reviewer.type_over("evidence[1].text", "stalled", "collapsed")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 1
    assert "brief.yaml:9: key_judgements[0].statement: conflict" in err
    assert "input:    'The government will fall before the spring election.'" in err
    assert "reviewed: 'The government will collapse before the election.'" in err
    assert changed_lines(analyst, path.read_text()) == [
        (
            "  - {id: E2, text: Coalition talks stalled., source: S2, credibility: 2}\n",
            "  - {id: E2, text: Coalition talks collapsed., source: S2, credibility: 2}\n",
        )
    ]


def test_dry_run_prints_a_diff_and_writes_nothing(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """--dry-run prints a unified diff of the input and leaves the file as it was."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].basis", "Two ministers", "Three ministers")
    code, out, err = absorb(tmp_path, reviewer.saved(), "--dry-run")
    assert code == 0, err
    assert path.read_text() == INPUT
    assert "-  Two ministers resigned this week\n" in out or "-      Two ministers resigned this week\n" in out
    assert "Three ministers" in out


def test_an_edit_that_fails_review_writes_nothing(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A reviewer's 'almost certainly' in a judgement rated likely fails the review (T01): nothing is written, exit 1."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "will fall", "will almost certainly fall")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 1
    assert "T01" in err and path.read_text() == INPUT


def test_russian_text_and_markdown_round_trip(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A Russian brief: a word changed in a statement with emphasis comes back as Markdown, the rest byte for byte."""
    text = INPUT.replace("title: 'Clean brief'", "title: 'Чистая записка'\nlanguage: ru").replace(
        "statement: The government will fall before the election.",
        "statement: Правительство *вероятно* уйдёт в отставку до выборов.",
    )
    text = text.replace(
        "likelihood: likely\n    confidence: moderate\n    evidence: [E1, E2]",
        "likelihood: likely\n    confidence: moderate\n    evidence: [E1, E2]",
        1,
    )
    path, data = draft(text)
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "до выборов", "до весны")
    code, _, err = absorb(tmp_path, reviewer.saved())
    assert code == 0, err
    assert [new for _, new in changed_lines(text, path.read_text())] == [
        "    statement: Правительство *вероятно* уйдёт в отставку до весны.   # the headline\n"
    ]


def test_absorb_finds_the_input_by_the_name_the_docx_carries(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """Without INPUT, the input the DOCX was built from is found in the working folder; a DOCX brief did not build is refused."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.type_over("evidence[0].text", "resigned", "quit")
    assert absorb(tmp_path, reviewer.saved())[0] == 0
    assert "text: Ministers have quit." in path.read_text()
    (tmp_path / "plain.docx").write_bytes(b"PK\x03\x04 not really")
    result = runner.invoke(app, ["absorb", str(tmp_path / "plain.docx")])
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_edits_survive_a_libreoffice_round_trip(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """The same edits, opened and saved as DOCX by LibreOffice before absorbing, give the same YAML."""
    path, data = draft()
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "fall", "collapse")
    reviewer.insert("summary", "The bottom line:", " for now,")
    reviewer.comment("key_judgements[0].basis", "Which ministers?")
    source = tmp_path / "lo" / "brief.docx"
    source.parent.mkdir()
    source.write_bytes(reviewer.saved())
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        [str(SOFFICE), profile, "--headless", "--convert-to", "docx", "--outdir", str(tmp_path / "saved"), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    code, _, err = absorb(tmp_path, (tmp_path / "saved" / "brief.docx").read_bytes())
    assert code == 0, err
    assert [new for _, new in changed_lines(INPUT, path.read_text())] == [
        '  The bottom line: for now, the government is "weakening" fast.\n',
        "    statement: The government will collapse before the election.   # the headline\n",
    ]
    assert 'key_judgements[0].basis: "Which ministers?"' in err


@pytest.mark.parametrize("carried", ["../secret.yaml", "/etc/brief.yaml", "a\x1b[2Kb.yaml", "brief.sh"])
def test_a_carried_name_never_reaches_outside_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, carried: str) -> None:
    """The input name a DOCX carries, crafted to climb out or to be no input: refused as usage, with the way to name INPUT."""
    monkeypatch.chdir(tmp_path)
    (tmp_path.parent / "secret.yaml").write_text("title: canary\n")
    with pytest.raises(UsageError, match="name the input"):
        input_for(tmp_path / "reviewed.docx", carried)


def test_a_forged_snapshot_cannot_reach_a_field_that_is_not_text(draft: Callable[..., tuple[Path, bytes]], tmp_path: Path) -> None:
    """A DOCX whose snapshot claims the title's bookmark is `classification`: the edit is reported, the marking never written."""
    text = INPUT.replace("title: 'Clean brief'", "title: 'Clean brief'\nclassification: SECRET")
    path, data = draft(text)
    reviewer = Reviewer(data)
    reviewer.type_over("title", "Clean brief", "UNCLASSIFIED")
    saved = reviewer.saved()
    name = next(member for member in zipfile.ZipFile(io.BytesIO(saved)).namelist() if b"urn:x-brief:fields:1" in part(saved, member))
    forged = rezip(saved, {name: part(saved, name).replace(b'path="title"', b'path="classification"')})
    code, _, err = absorb(tmp_path, forged)
    assert code == 1
    assert "'classification' is not a text field absorb changes" in err
    assert path.read_text() == text


def test_the_input_is_found_below_the_working_folder_past_a_virtual_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's layout: the input in inputs/, a .venv of thousands of files beside it; absorb still finds it, and says nothing changed."""
    (tmp_path / "inputs").mkdir()
    path = tmp_path / "inputs" / "brief.yaml"
    path.write_text(INPUT, encoding="utf-8")
    data = build(path, tmp_path / "output", ["docx"]).output("docx").read_bytes()
    packages = tmp_path / ".venv" / "lib"
    packages.mkdir(parents=True)
    for number in range(6000):
        (packages / f"module{number}.py").touch()
    monkeypatch.chdir(tmp_path)
    code, _, err = absorb(tmp_path, data, "--dry-run")
    assert code == 0, err
    assert f"{path.relative_to(tmp_path)}: no field to change" in err or f"{path}: no field to change" in err

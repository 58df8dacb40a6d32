"""The command line follows the conventions users know: --version, -h, bare flags, defaults and examples in help, one meaning per option name."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from typer import _click
from typer.core import TyperGroup, TyperOption
from typer.testing import CliRunner

from brief import __version__
from brief.cli import app
from brief.model.rules import RULES
from brief.tools.rule_pages import checks_page
from tests.samples import EXAMPLE, ROOT

runner = CliRunner()


def command_paths(group: _click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], _click.Command]]:
    """Every command and sub-command of the app, with the words that call it."""
    yield path, group
    if isinstance(group, TyperGroup):
        for name, command in group.commands.items():
            yield from command_paths(command, (*path, name))


COMMANDS = list(command_paths(typer.main.get_command(app)))
LEAVES = [(path, command) for path, command in COMMANDS if not isinstance(command, TyperGroup)]


def ids(entries: list[tuple[tuple[str, ...], _click.Command]]) -> list[str]:
    """Test ids: the command's words, or 'brief' for the app itself."""
    return [" ".join(path) or "brief" for path, _ in entries]


def test_version_prints_the_package_version() -> None:
    """`brief --version` prints `brief X.Y.Z` and exits 0."""
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"brief {__version__}\n")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=ids(COMMANDS))
def test_short_and_long_help_everywhere(path: tuple[str, ...], command: _click.Command) -> None:
    """-h and --help both print the same help, with no `<bool>` after a flag."""
    short, long = runner.invoke(app, [*path, "-h"]), runner.invoke(app, [*path, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout and "Usage: " in short.stdout
    assert "<bool>" not in short.stdout and "{" not in short.stdout.splitlines()[1]


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=ids(LEAVES))
def test_help_shows_an_example_and_every_default(path: tuple[str, ...], command: _click.Command) -> None:
    """Each command's help has an Example line, and each option that takes a value says its default."""
    assert re.search(rf"^Example: brief {' '.join(path)}\b", command.help or "", re.MULTILINE)
    context = _click.Context(command)
    valued = [param for param in command.get_params(context) if isinstance(param, TyperOption) and not param.is_flag and not param.hidden]
    undocumented = [param.opts[0] for param in valued if "default:" not in (param.get_help_record(context) or ("", ""))[1]]
    assert undocumented == []


def test_a_flag_takes_no_value() -> None:
    """`--strict true` is not read as a value: `true` is refused as a missing input, a usage error."""
    result = runner.invoke(app, ["build", str(EXAMPLE), "--strict", "true"])
    assert result.exit_code == 2
    assert "'true' does not exist" in result.stderr


def test_usage_lines_name_arguments_by_metavar() -> None:
    """The usage line reads INPUT..., as users expect, not {inputs}...."""
    assert re.search(r"build \[OPTIONS\] INPUT\.\.\. *$", runner.invoke(app, ["build", "-h"]).stdout, re.MULTILINE)


def test_help_imports_no_library_module() -> None:
    """Loading the command line pulls in neither the model nor WeasyPrint, so `brief --help` stays fast."""
    code = (
        "import sys, brief.cli; print(sorted(m for m in sys.modules if m.startswith(('weasyprint', 'brief.build', 'brief.model.brief'))))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout == "[]\n"


def test_rules_lists_every_rule() -> None:
    """`brief rules` prints one line per rule: code, name, severity and summary."""
    lines = runner.invoke(app, ["rules"]).stdout.splitlines()
    assert [line.split()[:3] for line in lines] == [[rule.code, rule.name, rule.severity] for rule in RULES]
    assert all(line.endswith(rule.summary) for line, rule in zip(lines, RULES, strict=True))


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_explain_prints_the_rules_text(rule: object) -> None:
    """`brief explain` by code (any case) or name prints the rule's explanation, example and fix."""
    assert isinstance(rule, type(RULES[0]))
    by_code, by_name = runner.invoke(app, ["explain", rule.code.lower()]), runner.invoke(app, ["explain", rule.name])
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout
    flat = " ".join(by_code.stdout.split())
    assert " ".join(rule.explanation.split()) in flat and " ".join(rule.fix.split()) in flat
    assert rule.example.rstrip() in by_code.stdout


def test_explain_an_unknown_rule_suggests_the_nearest() -> None:
    """An unknown code is a usage error that names the nearest rules."""
    result = runner.invoke(app, ["explain", "unsuported-judgement"])
    assert result.exit_code == 2
    assert result.stderr == "usage error: 'unsuported-judgement' is not a rule's code or name; did you mean unsupported-judgement?\n"


def test_checks_page_is_generated_from_the_rule_table() -> None:
    """docs/checks.md's rules section is what the rule table generates: run scripts/make_checks_doc.py after editing a rule."""
    page = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert checks_page(page) == page
    assert all(f"### {rule.code} {rule.name} ({rule.severity})" in page for rule in RULES)


@pytest.mark.parametrize("option", ["--report", "--format"])
def test_check_report_option_and_its_old_spelling(option: str) -> None:
    """`check --report json` prints JSON; the old `--format json` still does, with one deprecation warning."""
    result = runner.invoke(app, ["check", option, "json", str(EXAMPLE)])
    assert result.exit_code == 0 and result.stdout.startswith("{")
    assert result.stderr.count("warning: --format is deprecated") == (option == "--format")


@pytest.mark.parametrize("option", ["--output", "-o", "--out"])
def test_extract_output_file_and_its_old_spelling(option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`extract --output FILE` (or -o) writes the input to FILE; the old `--out` still does."""
    monkeypatch.setattr("brief.distribution.attachment.extract_input", lambda _: ("brief.yaml", b"title: x\n"))
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = runner.invoke(app, ["extract", str(pdf), option, str(tmp_path / "again.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.yaml").read_bytes() == b"title: x\n"


@pytest.mark.parametrize("option", ["--output", "--out"])
def test_proof_output_file_and_its_old_spelling(option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`proof --output FILE` names the sheet; the old `--out` still does."""
    asked: list[Path | None] = []

    def write_proof(_: Path, out: Path | None, __: str | None) -> SimpleNamespace:
        asked.append(out)
        return SimpleNamespace(path=out, warnings=(), notes=())

    monkeypatch.setattr("brief.tools.proof.proof_file.write_proof", write_proof)
    assert runner.invoke(app, ["proof", str(EXAMPLE), option, str(tmp_path / "sheet.png")]).exit_code == 0
    assert asked == [tmp_path / "sheet.png"]

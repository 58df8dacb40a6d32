"""The command line: the messages a user sees, exit codes, and that a failed build writes nothing."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml
from typer.testing import CliRunner

from brief.cli import app
from brief.render.template_set import builtin_root
from tests.readers import visible
from tests.samples import EXAMPLE, MINIMAL

runner = CliRunner()


def test_build_writes_pdf_and_docx(tmp_path: Path) -> None:
    """`brief build` writes OUT/<name>.pdf and .docx, and the manifest of both, and says so."""
    result = runner.invoke(app, ["build", str(EXAMPLE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"wrote {tmp_path / 'belarus.pdf'}",
        f"wrote {tmp_path / 'belarus.docx'}",
        f"wrote {tmp_path / 'belarus.manifest.json'}",
    ]
    assert (tmp_path / "belarus.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "belarus.docx").read_bytes().startswith(b"PK")


def test_bad_input_lists_problems_exits_1_and_writes_nothing(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Bad input: every problem on stderr with file and line, exit 1, no output files."""
    path = write_input(MINIMAL.replace("likelihood: likely", "likelihood: probably not").replace("2025-03-14", "2025-13-01"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2:7: date: '2025-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14",
        f"{path}:7:17: key_judgements[0].likelihood: 'probably not' is not a term of the icd203 scale; accepted: "
        "almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain",
        "2 problem(s) found; nothing written",
    ]
    assert not out.exists()


def test_failed_build_leaves_earlier_output_untouched(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A build that fails does not replace or damage the outputs of an earlier good build."""
    path = write_input(MINIMAL)
    assert runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out")]).exit_code == 0
    before = {output.name: output.read_bytes() for output in visible(tmp_path / "out")}
    path.write_text(MINIMAL.replace("confidence: moderate", "confidence: total"))
    assert runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out")]).exit_code == 1
    assert {output.name: output.read_bytes() for output in visible(tmp_path / "out")} == before


def test_template_failure_is_a_message_not_a_traceback(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A broken template set gives one error line and exit 1, and nothing is written."""
    folder = tmp_path / "set"
    shutil.copytree(builtin_root() / "policy-brief", folder)
    (folder / "brief.html").write_text('{% extends "base.html" %}{% block summary %}<blink>x</blink>{% endblock %}')
    result = runner.invoke(app, ["build", str(write_input(MINIMAL + f"template: {folder}\n")), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {folder / 'brief.html'}:1: <blink> is not in the template vocabulary")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_format_is_bad_usage(tmp_path: Path) -> None:
    """An unknown --format exits 2 and lists the formats."""
    result = runner.invoke(app, ["build", str(EXAMPLE), "--format", "pdf,odt", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "usage error: --format: odt is not a format; accepted: pdf, docx, html"


def test_missing_input_is_bad_usage(tmp_path: Path) -> None:
    """A path that does not exist exits 2."""
    result = runner.invoke(app, ["build", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_build_never_overwrites_its_input(tmp_path: Path) -> None:
    """An output that would land on the input is refused, and the input is left alone."""
    path = tmp_path / "brief.html"
    path.write_text(MINIMAL)
    result = runner.invoke(app, ["build", str(path), "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "would overwrite the input" in result.stderr
    assert path.read_text() == MINIMAL


def test_several_inputs_build_independently(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """With several inputs, good ones are built, bad ones reported, and the exit status is 1."""
    good = write_input(MINIMAL, "good.yaml")
    bad = write_input("title: only a title\n", "bad.yaml")
    result = runner.invoke(app, ["build", str(good), str(bad), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 1
    assert sorted(output.name for output in visible(tmp_path / "out")) == ["good.docx", "good.manifest.json"]
    assert f"{bad}:1:1: date: is required but missing" in result.stderr


def test_html_output_is_standalone(tmp_path: Path) -> None:
    """--format html writes one file with its styles and fonts inside, referring to no other file."""
    result = runner.invoke(app, ["build", str(EXAMPLE), "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "belarus.html").read_text()
    assert '<link rel="stylesheet"' not in html
    assert "file:" not in html and 'src: url("fonts/' not in html
    assert 'url("data:font/ttf;base64,' in html
    assert "Belarus is hedging against a Russian defeat" in html


def test_check_validates_and_writes_nothing(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """`brief check` prints the review of a valid input and every problem of an invalid one, writing nothing."""
    good = write_input(MINIMAL, "good.yaml")
    bad = write_input(MINIMAL.replace("title: Minimal brief\n", ""), "bad.yaml")
    result = runner.invoke(app, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1].split()[:2] for line in lines[:-1]] == [["warning", "T09"], ["warning", "T06"]]
    assert lines[-1] == f"{good}: needs review (0 errors, 2 warnings, 0 silenced)"
    assert result.stderr.splitlines() == [f"{bad}:1:1: title: is required but missing", "1 problem(s) found"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.yaml", "good.yaml"]


def test_check_finds_a_missing_template_set(write_input: Callable[..., Path]) -> None:
    """`brief check` reports a template set that does not exist, at the input's line."""
    path = write_input(MINIMAL + "template: policy-breif\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:9:11: template: no template set 'policy-breif'")


def test_new_writes_a_starter_that_builds(tmp_path: Path) -> None:
    """`brief new` writes a commented starter that passes a strict review and builds, and will not overwrite."""
    path = tmp_path / "starter.yaml"
    assert runner.invoke(app, ["new", str(path)]).exit_code == 0
    assert path.read_text().startswith("# A new brief.")
    assert runner.invoke(app, ["check", "--strict", str(path)]).exit_code == 0
    assert runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out")]).exit_code == 0
    again = runner.invoke(app, ["new", str(path)])
    assert again.exit_code == 2
    assert "exists; pass --force" in again.stderr


def test_schema_describes_the_example(tmp_path: Path) -> None:
    """`brief schema` prints a JSON Schema that the example input satisfies, as a YAML editor sees it."""
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    as_editor_sees = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=_iso))
    jsonschema.validate(as_editor_sees, schema)
    broken = as_editor_sees | {"status": "published"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)


def _iso(value: object) -> str:
    assert isinstance(value, datetime.date)
    return value.isoformat()

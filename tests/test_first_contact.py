"""First contact: the README's two commands are what CI runs, and a machine without Pango is told what to install."""

from __future__ import annotations

import builtins
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from brief.cli import app
from tests.samples import MINIMAL, ROOT

runner = CliRunner()


def readme_commands() -> list[str]:
    """The shell commands of the README's quick start, in order."""
    readme = (ROOT / "README.md").read_text()
    quick_start = readme[readme.index("## Quick start") : readme.index("\n## ", readme.index("## Quick start") + 1)]
    return re.findall(r"```sh\n(.+?)\n```", quick_start)


def test_the_quick_start_makes_and_uses_a_virtual_environment() -> None:
    """Both commands create a venv and install into it, so a Debian system Python never refuses them."""
    build, tests = readme_commands()
    assert build == "python3 -m venv .venv && . .venv/bin/activate && pip install . && brief build inputs/belarus.yaml"
    assert tests.startswith("python3 -m venv .venv && . .venv/bin/activate && ") and tests.endswith("pip install -e '.[test]' && pytest")


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    """.ci/run ends with exactly the README's test command, so CI follows a new user's path."""
    _, tests = readme_commands()
    assert (ROOT / ".ci" / "run").read_text().rstrip().splitlines()[-1] == tests


def test_a_machine_without_pango_is_told_what_to_install(write_input: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When WeasyPrint cannot load Pango, the PDF build fails with the packages to install, not a traceback; the DOCX still builds."""
    real_import = builtins.__import__

    def without_pango(name: str, *arguments: Any, **keywords: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *arguments, **keywords)

    monkeypatch.setattr(builtins, "__import__", without_pango)
    path = write_input(MINIMAL)
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "the PDF needs Pango, which is not installed" in result.stderr
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out"), "--format", "docx"]).exit_code == 0

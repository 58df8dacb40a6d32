"""The pipeline's layering, as pyproject's import-linter contracts state it, holds in the package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"]


def lint(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run import-linter in `folder`, importing packages from there first."""
    return subprocess.run([*LINT, *arguments], cwd=folder, capture_output=True, text=True, env={"PYTHONPATH": str(folder)}, check=False)


def test_each_stage_imports_only_the_stages_before_it() -> None:
    """Every contract in pyproject.toml is kept: no stage imports a later one, and writers never import the brief's model."""
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_contract_catches_an_import_against_the_flow(tmp_path: Path) -> None:
    """A model module that imports the render stage breaks the same layers contract."""
    contract = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(contract[contract.index("[tool.importlinter]") :])
    settings = tomllib.loads(contract)["tool"]["importlinter"]
    named = {
        module
        for rule in settings["contracts"]
        for key in ("layers", "source_modules", "forbidden_modules")
        for module in rule.get(key, [])
    }
    for module in {name.removeprefix("brief.") for name in named} | {"render.markdown"}:
        folder = tmp_path / "brief" / module.replace(".", "/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text("")
    (tmp_path / "brief" / "__init__.py").write_text("")
    (tmp_path / "brief" / "model" / "__init__.py").write_text("import brief.render.markdown\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "brief.model is not allowed to import brief.render" in result.stdout

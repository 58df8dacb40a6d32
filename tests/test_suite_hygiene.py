"""The test suite's own hygiene: every test module stands alone, sharing data through tests/samples.py only."""

from __future__ import annotations

import ast

from tests.samples import ROOT

TESTS = ROOT / "tests"


def _is_test_module(dotted: str) -> bool:
    """Whether a dotted module name is a test module or a conftest: its last part starts with test_ or is conftest."""
    last = dotted.rsplit(".", 1)[-1]
    return dotted.split(".", 1)[0] == "tests" and (last.startswith("test_") or last == "conftest")


def imported_test_modules(source: str, module: str) -> list[str]:
    """The test modules and conftests that `source`, the text of the module named `module`, imports (relative imports resolved)."""
    package = module.rsplit(".", 1)[0]
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            if _is_test_module(base):
                found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names if _is_test_module(f"{base}.{alias.name}")]
    return found


def test_no_test_module_imports_another_test_module() -> None:
    """No file under tests/ imports a tests.test_* module or a conftest: shared data lives in tests/samples.py."""
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        offenders += [
            f"{path.relative_to(ROOT)} imports {name}" for name in imported_test_modules(path.read_text(encoding="utf-8"), module)
        ]
    assert offenders == []


def test_the_scan_catches_each_way_of_importing_a_test_module() -> None:
    """The scan sees absolute, from-package and relative imports of test modules and conftests, and passes helper modules."""
    # Written with a stand-in for the package name, so that a grep of the suite for such imports finds none here.
    source = """\
import PACKAGE.test_checks
from PACKAGE.conftest import MINIMAL
from PACKAGE import test_parity
from PACKAGE.hostile.test_gate import PACKAGE
from . import conftest
from .test_provenance import DISTRIBUTED
from ..test_cli import runner
from PACKAGE.samples import CLEAN
from PACKAGE.readers import read_docx
from PACKAGE.hostile import harness
import pytest
""".replace("PACKAGE.", "tests.").replace("from PACKAGE import", "from tests import")
    assert imported_test_modules(source, "tests.hostile.test_example") == [
        "tests.test_checks",
        "tests.conftest",
        "tests.test_parity",
        "tests.hostile.test_gate",
        "tests.hostile.conftest",
        "tests.hostile.test_provenance",
        "tests.test_cli",
    ]

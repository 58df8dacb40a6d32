"""The package stays readable: small modules and short functions, as docs/architecture.md promises."""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "brief"
MOST_LINES = 400
MEDIAN_BODY = 8


def body_lengths(source: str) -> list[int]:
    """The length in lines of every function body in `source`, its docstring left out."""
    lengths = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if body:
                lengths.append((body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1)
    return lengths


def test_no_module_is_over_400_lines() -> None:
    """A module that grows past 400 lines has grown a second responsibility and is split."""
    long = {str(path.relative_to(PACKAGE)): n for path in PACKAGE.rglob("*.py") if (n := len(path.read_text().splitlines())) > MOST_LINES}
    assert long == {}


def test_the_median_function_is_short() -> None:
    """Half the package's functions have bodies of eight lines or fewer."""
    lengths = [length for path in PACKAGE.rglob("*.py") for length in body_lengths(path.read_text(encoding="utf-8"))]
    assert statistics.median(lengths) <= MEDIAN_BODY


def test_the_measure_counts_body_lines_without_the_docstring() -> None:
    """A function of a docstring and three statements measures three lines, so the median above means what it says."""
    source = 'def f():\n    """Doc."""\n    a = 1\n    b = 2\n    return a + b\n'
    assert body_lengths(source) == [3]

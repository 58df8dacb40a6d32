"""Shared fixtures: the example brief built once, and a writer of small inputs. Shared data lives in tests/samples.py."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from brief.build import build
from brief.input.loader import load
from brief.review.report import Report, review_brief
from tests.samples import CLEAN, EXAMPLE


@pytest.fixture(scope="session")
def example_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example brief built once into PDF, DOCX and HTML."""
    out = tmp_path_factory.mktemp("example")
    result = build(EXAMPLE, out, ["pdf", "docx", "html"])
    return {path.suffix.lstrip("."): path for path in result.outputs}


@pytest.fixture
def write_input(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (dedented) to an input file and return its path."""

    def write(text: str, name: str = "brief.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def review(write_input: Callable[..., Path]) -> Callable[..., Report]:
    """Review an input written from a base (CLEAN unless given) with replacements and additions."""

    def run(*replacements: tuple[str, str], extra: str = "", base: str = CLEAN) -> Report:
        text = base
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new)
        return review_brief(load(write_input(text + textwrap.dedent(extra))))

    return run


@pytest.fixture(autouse=True, scope="session")
def private_build_record(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in the tests record their manifests in a cache folder of the run's own, never the user's."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous

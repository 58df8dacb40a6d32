"""The render stage: one sandboxed, autoescaping template set renders the brief's HTML."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.check import check_input, choose_template_set
from brief.errors import InputError, TemplateError, UsageError
from brief.input.loader import load
from brief.render.engine import render_document
from brief.render.template_set import builtin_root, find_template_set
from tests.samples import EXAMPLE, MINIMAL


def copied_set(tmp_path: Path) -> Path:
    """A copy of the policy-brief set an editor can change."""
    folder = tmp_path / "my-set"
    shutil.copytree(builtin_root() / "policy-brief", folder)
    return folder


def render_with(set_folder: Path, input_path: Path = EXAMPLE) -> str:
    loaded = load(input_path)
    return render_document(loaded, find_template_set(str(set_folder), Path.cwd())).html


def test_sections_come_in_the_documented_order() -> None:
    """Title block, summary, judgements, discussion, alternatives, indicators, implications, evidence, sources, scale box."""
    html = render_with(builtin_root() / "policy-brief")
    markers = [
        'class="title-block"',
        'class="summary"',
        'class="key-judgements"',
        'class="discussion"',
        'class="alternative-views"',
        'class="indicators"',
        'class="implications"',
        'class="evidence"',
        'class="sources"',
        'class="estimative-language"',
    ]
    positions = [html.index(marker) for marker in markers]
    assert positions == sorted(positions)


def test_values_are_escaped(write_input: Callable[..., Path]) -> None:
    """A title holding markup is printed as text: autoescape is on."""
    path = write_input(MINIMAL.replace("title: Minimal brief", "title: '<script>alert(1)</script>'"))
    html = render_with(builtin_root() / "policy-brief", path)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_template_syntax_in_input_is_not_evaluated(write_input: Callable[..., Path]) -> None:
    """Jinja syntax in an input value is printed, never run."""
    path = write_input(MINIMAL.replace("title: Minimal brief", "title: \"{{ 7 * 7 }} {% include 'base.html' %}\""))
    html = render_with(builtin_root() / "policy-brief", path)
    assert "{{ 7 * 7 }} {% include &#39;base.html&#39; %}" in html
    assert ">49<" not in html


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    """A broken template is reported with its file and line."""
    folder = copied_set(tmp_path)
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block summary %}\n{% if %}\n{% endblock %}\n')
    with pytest.raises(TemplateError, match=r"brief\.html:3: "):
        render_with(folder)


def test_undefined_name_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A misspelt variable fails the build at its template line instead of printing nothing."""
    folder = copied_set(tmp_path)
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block summary %}\n<p>{{ sumary }}</p>\n{% endblock %}\n')
    with pytest.raises(TemplateError, match=r"brief\.html:3: 'sumary' is undefined"):
        render_with(folder)


def test_templates_are_sandboxed(tmp_path: Path) -> None:
    """A template cannot reach Python internals."""
    folder = copied_set(tmp_path)
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block summary %}{{ "".__class__.__mro__ }}{% endblock %}\n')
    with pytest.raises(TemplateError, match="unsafe"):
        render_with(folder)


def test_unknown_template_in_input_points_at_its_line(write_input: Callable[..., Path]) -> None:
    """An input naming a template set that does not exist is an input error at that line."""
    path = write_input(MINIMAL + "template: polcy-brief\n")
    with pytest.raises(InputError) as caught:
        choose_template_set(load(path))
    assert (
        str(caught.value)
        == f"{path}:9:11: template: no template set 'polcy-brief': built-in sets are assessment, memo, policy-brief; a path must be a folder holding template.toml"
    )


def test_unknown_template_option_is_a_usage_error(write_input: Callable[..., Path]) -> None:
    """--template naming nothing is bad usage."""
    with pytest.raises(UsageError, match="--template: no template set 'nope'"):
        check_input(write_input(MINIMAL), "nope")


def test_template_path_relative_to_the_input(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A template path in an input is found relative to the input's folder."""
    copied_set(tmp_path)
    path = write_input(MINIMAL + "template: my-set\n")
    assert choose_template_set(load(path)).folder == (tmp_path / "my-set").resolve()


def test_broken_template_metadata(tmp_path: Path) -> None:
    """A template.toml with an unknown key is reported with the file."""
    folder = copied_set(tmp_path)
    (folder / "template.toml").write_text('name = "x"\ncolour = "red"\n')
    with pytest.raises(TemplateError, match=r"template\.toml: colour: Extra inputs are not permitted"):
        find_template_set(str(folder), Path.cwd())

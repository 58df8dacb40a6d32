"""The one gate: what it refuses, and proof that no other code path opens a file for someone else."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from brief import gate
from brief.check import check_input
from brief.cli import app
from brief.errors import RefusedFile
from brief.input.loader import load
from brief.render.context import build_context
from brief.render.template_set import builtin_names, builtin_root, find_template_set
from brief.render.translations import Labels, Translations
from tests.hostile.harness import Scene, make_fifo
from tests.samples import EXAMPLE, MINIMAL, ROOT

PACKAGE = ROOT / "brief"
# Calls that open a file by name; only the modules below may make them, for the reason given.
OPENING_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "FileSystemLoader", "copytree", "copy", "copyfile"}
ALLOWED = {
    "gate.py": "the gate itself",
    "output.py": "writes the build's own outputs, to names brief chose",
    "starter.py": "brief new copies brief's own starter.yaml",
    "preview_session.py": "webbrowser.open opens the preview's address in a browser, not a file",
    "template_copier.py": "writes the copy, after reading the set through the gate",
    "archive.py": "opens the parts of a zip held in memory, after the gate read it",
    "images.py": "decodes an image held in memory, after the gate read it",
    "durable.py": "the output writer's primitives: a new file synced, a folder synced",
    "aside.py": "reads back the copies in brief's own store, to compare them with the new ones",
    "register.py": "appends to the issue register brief keeps, opened without following a link or blocking on a FIFO",
    "issuing.py": "appends made passwords to the secrets file the user names, owner-only, without following a link",
    "encryption.py": "pikepdf opens a PDF held in memory, which brief has just written",
}


def opening_calls() -> Iterator[tuple[str, int, str]]:
    """Every call in the package whose name opens a file: (module, line, name)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and not _through_gate(node.func):
                function = node.func
                name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
                if name in OPENING_CALLS or (isinstance(function, ast.Attribute) and name == "open" and _is_os(function)):
                    yield str(path.relative_to(PACKAGE)), node.lineno, name


def _through_gate(function: ast.expr) -> bool:
    return isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id == "gate"


def _is_os(function: ast.Attribute) -> bool:
    return isinstance(function.value, ast.Name) and function.value.id == "os"


def test_no_code_path_but_the_gate_opens_a_file() -> None:
    """Outside the gate, only the output writer, brief new and the copier's writes open files by name."""
    stray = [f"{module}:{line}: {name}" for module, line, name in opening_calls() if Path(module).name not in ALLOWED]
    assert stray == []


def test_the_scan_would_see_a_stray_read() -> None:
    """The scan above finds a read_text call, so an empty result means something."""
    tree = ast.parse("from pathlib import Path\nPath('x').read_text()\n")
    assert any(isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "read_text" for node in ast.walk(tree))


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda folder: make_fifo(folder / "pipe"), "it is a FIFO (named pipe); a template must be a regular file"),
        (lambda folder: folder, "it is a folder; a template must be a regular file"),
        (lambda folder: folder / "absent", "it does not exist"),
    ],
    ids=["fifo", "folder", "absent"],
)
def test_gate_refuses_what_is_not_a_regular_file(tmp_path: Path, make: Any, reason: str) -> None:
    """A FIFO, a folder or nothing is refused with the reason, without blocking."""
    with pytest.raises(RefusedFile) as refused:
        gate.read_bytes(make(tmp_path), gate.TEMPLATE, [tmp_path])
    assert refused.value.reason == reason


def test_gate_limit_holds_on_both_sides(tmp_path: Path) -> None:
    """A file of exactly the limit is read; one byte more is refused, naming both sizes."""
    kind = gate.Kind("template", 10)
    (tmp_path / "ten").write_bytes(b"x" * 10)
    (tmp_path / "eleven").write_bytes(b"x" * 11)
    assert gate.read_bytes(tmp_path / "ten", kind, [tmp_path]) == b"x" * 10
    with pytest.raises(RefusedFile, match="it is 11 bytes; a template may be at most 10 bytes"):
        gate.read_bytes(tmp_path / "eleven", kind, [tmp_path])


def test_gate_follows_links_inside_and_refuses_links_out(tmp_path: Path) -> None:
    """A link to a file inside the folder is read; a link (or a chain of links) out of it is refused with the real path."""
    inside, outside = tmp_path / "set", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    (inside / "real.html").write_text("ok")
    (outside / "secret").write_text("secret")
    (inside / "near.html").symlink_to(inside / "real.html")
    (inside / "hop.html").symlink_to(inside / "far.html")
    (inside / "far.html").symlink_to(outside / "secret")
    assert gate.read_text(inside / "near.html", gate.TEMPLATE, [inside]) == "ok"
    with pytest.raises(RefusedFile, match=f"its real path {outside / 'secret'} is outside {inside}"):
        gate.read_text(inside / "hop.html", gate.TEMPLATE, [inside], named_at="base.html:3")


def test_gate_names_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    """Text that is not UTF-8 is refused with its line and byte, not a UnicodeDecodeError."""
    (tmp_path / "latin.html").write_bytes(b"ok\nd\xe9j\xe0\n")
    with pytest.raises(RefusedFile, match=r"line 2 is not UTF-8 text \(byte 0xe9 at offset 4\)"):
        gate.read_text(tmp_path / "latin.html", gate.TEMPLATE, [tmp_path])


def test_gate_refuses_a_path_too_long_for_the_file_system(tmp_path: Path) -> None:
    """A name longer than the file system allows is a refusal with the reason, not an OSError."""
    with pytest.raises(RefusedFile, match="File name too long"):
        gate.read_bytes(tmp_path / ("x" * 5000), gate.INPUT, None)


PLAIN = (str, bool, int, float, type(None), __import__("datetime").date)


def walk(value: Any, path: str) -> Iterator[str]:
    """Every place in a template context that holds something other than plain data."""
    if isinstance(value, PLAIN):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from ([] if isinstance(key, str) else [f"{path} has the key {key!r}"])
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
    elif not (path == ".t" and isinstance(value, Labels)):
        yield f"{path} is a {type(value).__name__}"


@pytest.mark.parametrize("name", builtin_names())
def test_templates_see_plain_data_only(name: str) -> None:
    """The whole context of every built-in set holds text, numbers, dates, lists and mappings, and t: nothing else."""
    loaded = load(EXAMPLE)
    template_set = find_template_set(name, EXAMPLE.parent)
    context = build_context(loaded, template_set, Translations(loaded.brief.language, template_set.folders))
    assert list(walk(context, "")) == []
    assert [name for name in dir(context["t"]) if not name.startswith("_")] == ["count", "noun", "word"]


def test_the_walk_would_see_an_object() -> None:
    """The walk above reports a path or a model hidden in a list, so an empty result means something."""
    assert list(walk({"x": [Path("/")]}, "")) == [".x[0] is a PosixPath"]


def test_a_set_beside_the_input_says_it_is_not_the_built_in_one(scene: Scene) -> None:
    """A project set named like a built-in one: check and build say which folder it came from."""
    (scene.work / "templates").mkdir()
    shadow = scene.template_set("policy-brief")
    os.replace(shadow, scene.work / "templates" / "policy-brief")
    note = f"template set 'policy-brief' comes from {(scene.work / 'templates' / 'policy-brief').resolve()}, not the built-in set"
    path = scene.input()
    assert note in str(check_input(path).loaded.settings.notes)
    runner = CliRunner()
    assert note in runner.invoke(app, ["check", str(path)]).output
    assert note in runner.invoke(app, ["build", str(path), "--out", str(scene.out), "--format", "html"]).output
    explained = runner.invoke(app, ["check", str(path), "--explain-config"]).output
    assert f"template set 'policy-brief' from {(scene.work / 'templates' / 'policy-brief').resolve()}" in explained


def test_the_built_in_set_gets_no_note(tmp_path: Path) -> None:
    """The built-in set itself gets no note: the other side of the rule above."""
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL)
    assert check_input(path).loaded.settings.notes == ()
    assert check_input(path).template_set.folder == (builtin_root() / "policy-brief").resolve()


def test_templates_copy_refuses_a_link_out_and_writes_nothing(scene: Scene) -> None:
    """Copying a set with a link to a file outside it stops before anything is written, naming the link."""
    folder = scene.template_set()
    (folder / "fonts" / "extra.ttf").symlink_to(scene.canary)
    destination = scene.work / "copy"
    result = CliRunner().invoke(app, ["templates", "copy", str(folder), str(destination)])
    assert result.exit_code == 1
    assert "extra.ttf: refused: its real path" in result.output
    assert not destination.exists()


@pytest.mark.parametrize(
    "expression, allowed",
    [
        ('{{ ("x" * 1000000)|length }}', True),
        ('{{ ("x" * 1000001)|length }}', False),
        ("{{ 1000 * 2000 }}", True),
        ("{{ 2 ** 1001 }}", False),
    ],
)
def test_templates_cannot_make_huge_values(expression: str, allowed: bool) -> None:
    """Repeating text or lists with * stops at a million items, and ** at a thousandth power; numbers multiply freely."""
    from jinja2.exceptions import SecurityError

    from brief.render.engine import BoundedSandbox

    template = BoundedSandbox().from_string(expression)
    if allowed:
        assert template.render()
    else:
        with pytest.raises(SecurityError):
            template.render()

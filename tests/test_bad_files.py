"""Files as users produce them (a broken logo, a Latin-1 stylesheet, a path too long): a message each, never a traceback."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from brief.cli import app
from brief.render.template_set import builtin_root
from tests.samples import MINIMAL

runner = CliRunner()


def png() -> bytes:
    """A small, good PNG."""
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f4e79").save(stream, "PNG")
    return stream.getvalue()


def jpeg() -> bytes:
    """A JPEG, to be misnamed .png."""
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f4e79").save(stream, "JPEG")
    return stream.getvalue()


SVG_BOMB = (
    '<svg xmlns="http://www.w3.org/2000/svg"><defs><rect id="l0" width="1" height="1"/>'
    + "".join(f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 11))
    + '</defs><use href="#l10"/></svg>'
).encode()
LOGOS = {
    "garbage-png": ("logo.png", b"not an image at all", "is not a PNG image that can be drawn"),
    "truncated-png": ("logo.png", png()[:60], "is not a PNG image that can be drawn"),
    "jpeg-named-png": ("logo.png", jpeg(), "is a JPEG image, not a PNG; save it as PNG or SVG"),
    "garbage-svg": ("logo.svg", b"<svg", "is not SVG: Couldn't find end of Start Tag svg"),
    "html-named-svg": ("logo.svg", b"<html><body>hello</body></html>", "is not SVG (its root must be <svg>, without a DOCTYPE)"),
    "svg-use-bomb": ("logo.svg", SVG_BOMB, "has a <use> of shapes that themselves <use> others"),
}


@pytest.mark.parametrize("name, data, message", LOGOS.values(), ids=list(LOGOS))
def test_a_logo_no_format_can_draw_is_refused_by_check_and_build(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    """check and build refuse an undrawable logo with the same message, at brief.toml's line; nothing is written."""
    (tmp_path / name).write_bytes(data)
    (tmp_path / "brief.toml").write_text(f'organisation = "Unit"\nlogo = "{name}"\n')
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL)
    expected = f"{tmp_path / 'brief.toml'}:2: logo: '{name}' {message}"
    for command in (["check", str(path)], ["build", str(path), "--out", str(tmp_path / "out")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1
        assert expected in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name, data", [("logo.png", png()), ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')]
)
def test_a_good_logo_passes_check(tmp_path: Path, name: str, data: bytes) -> None:
    """The other side: a drawable PNG or SVG logo passes check."""
    (tmp_path / name).write_bytes(data)
    (tmp_path / "brief.toml").write_text(f'logo = "{name}"\n')
    (tmp_path / "brief.yaml").write_text(MINIMAL)
    assert runner.invoke(app, ["check", str(tmp_path / "brief.yaml")]).exit_code == 0


@pytest.mark.parametrize(
    "file, data, message",
    [
        (
            "style.css",
            b"/* caf\xe9 */\nbody { color: black; }\n",
            r"style\.css: refused: line 1 is not UTF-8 text \(byte 0xe9 at offset 6\)",
        ),
        ("base.html", b"<!-- caf\xe9 -->\n", r"base\.html: refused: line 1 is not UTF-8 text \(byte 0xe9"),
        ("template.toml", b'name = "caf\xe9"\n', r"template\.toml: refused: line 1 is not UTF-8 text"),
    ],
)
def test_a_set_file_that_is_not_utf8_names_its_line(
    write_input: Callable[..., Path], tmp_path: Path, file: str, data: bytes, message: str
) -> None:
    """A Latin-1 stylesheet, template or template.toml is refused with the file, line and byte; exit 1."""
    folder = tmp_path / "set"
    shutil.copytree(builtin_root() / "policy-brief", folder)
    target = folder / file
    target.write_bytes(data + (target.read_bytes() if file != "template.toml" else b""))
    result = runner.invoke(app, ["build", str(write_input(MINIMAL + f"template: {folder}\n")), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output


@pytest.mark.parametrize("field", ["previous", "scale", "template"])
def test_a_path_longer_than_the_file_system_allows_is_a_message(write_input: Callable[..., Path], field: str) -> None:
    """A path value of 5,000 characters is refused at its line with a message, not an OSError."""
    value = "x" * 5000 + (".yaml" if field != "template" else "")
    result = runner.invoke(app, ["check", str(write_input(MINIMAL + f"{field}: {value}\n"))])
    assert result.exit_code == 1
    assert f"brief.yaml:9:{len(field) + 3}: {field}:" in result.output
    assert "Traceback" not in result.output


def test_a_bug_is_one_line_naming_where_the_details_are(tmp_path: Path) -> None:
    """An unexpected exception (here: one injected into the library) prints one line, saves the traceback, exits 70."""
    script = (
        "import brief.check, sys\n"
        "def broken(*args, **kwargs): raise RuntimeError('injected')\n"
        "brief.check.check_input = broken\n"
        "sys.argv = ['brief', 'check', sys.argv[1]]\n"
        "from brief.entry import main\nmain()\n"
    )
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL)
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, env={**os.environ, "TMPDIR": str(tmp_path)}
    )
    assert result.returncode == 70
    [line] = result.stderr.splitlines()
    assert line.startswith("internal error: RuntimeError: injected; this is a bug in brief, details saved to ")
    saved = Path(line.rsplit(" ", 1)[1])
    assert saved.parent == tmp_path and "Traceback" in saved.read_text()


@pytest.mark.parametrize("limit, refused", [(800, False), (799, True)])
def test_the_pixel_limit_holds_on_both_sides(monkeypatch: pytest.MonkeyPatch, limit: int, refused: bool) -> None:
    """A 40 by 20 logo passes a limit of 800 pixels and is refused at 799, before it is decoded."""
    monkeypatch.setattr("brief.input.images.MAX_PIXELS", limit)
    from brief.input.images import image_problem

    problem = image_problem(png(), ".png")
    assert problem == ("is 40 by 20 pixels; a logo may have at most 799" if refused else None)


def test_a_truncated_logo_is_refused_even_after_weasyprint_is_loaded() -> None:
    """WeasyPrint tells Pillow to draw truncated files; the logo check still refuses one, and leaves the setting as it was."""
    import weasyprint  # noqa: F401 - its import sets ImageFile.LOAD_TRUNCATED_IMAGES
    from PIL import ImageFile

    from brief.input.images import image_problem

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    assert (image_problem(png()[:60], ".png") or "").startswith("is not a PNG image that can be drawn")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True

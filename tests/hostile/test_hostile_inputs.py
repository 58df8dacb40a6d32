"""Hostile inputs and projects, as another office might send them: refused at the line that names the file, nothing leaks."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli import app
from brief.render.template_set import builtin_root
from tests.browser import CHROMIUM, Browser
from tests.hostile.harness import Scene, attempt, make_fifo
from tests.samples import MINIMAL

Setup = Callable[[Scene], Path]


def naming(field: str, value: Callable[[Scene], str], prepare: Callable[[Scene], object] = lambda scene: None) -> Setup:
    """An input whose `field` names the file `value` gives, after `prepare` has made it."""

    def setup(scene: Scene) -> Path:
        prepare(scene)
        return scene.input(f"{field}: '{value(scene)}'\n")

    return setup


def project(settings: str, prepare: Callable[[Scene], object] = lambda scene: None) -> Setup:
    """An input under a brief.toml holding `settings` ({canary} filled in), after `prepare`."""

    def setup(scene: Scene) -> Path:
        prepare(scene)
        (scene.work / "brief.toml").write_text(settings.format(canary=scene.canary), encoding="utf-8")
        return scene.input()

    return setup


def raw_project(data: bytes) -> Setup:
    """An input under a brief.toml of exactly these bytes."""

    def setup(scene: Scene) -> Path:
        (scene.work / "brief.toml").write_bytes(data)
        return scene.input()

    return setup


def link(name: str, target: Callable[[Scene], Path]) -> Callable[[Scene], Path]:
    """Make `name` in the work folder a symbolic link to `target`."""

    def make(scene: Scene) -> Path:
        path = scene.work / name
        path.symlink_to(target(scene))
        return path

    return make


def canary_named(suffix: str) -> Callable[[Scene], Path]:
    """A copy of the canary with another suffix, outside the work folder."""

    def make(scene: Scene) -> Path:
        return Path(shutil.copy(scene.canary, scene.canary.with_suffix(suffix)))

    return make


CASES: dict[str, tuple[Setup, str]] = {
    "previous-climbing": (naming("previous", lambda scene: "../outside/old.yaml"), r"brief\.yaml:9:\d+: previous: .* is outside"),
    "previous-absolute": (naming("previous", lambda scene: str(canary_named(".yaml")(scene))), r"previous: .* is outside"),
    "previous-symlink": (
        naming("previous", lambda scene: "old.yaml", link("old.yaml", canary_named(".yaml"))),
        r"brief\.yaml:9:\d+: previous: 'old\.yaml' is outside",
    ),
    "previous-fifo": (
        naming("previous", lambda scene: "old.yaml", lambda scene: make_fifo(scene.work / "old.yaml")),
        r"brief\.yaml:9:\d+: previous: 'old\.yaml' is refused: it is a FIFO",
    ),
    "scale-device": (
        naming("scale", lambda scene: "zero.yaml", link("zero.yaml", lambda scene: Path("/dev/zero"))),
        r"brief\.yaml:9:\d+: scale: 'zero\.yaml' is outside",
    ),
    "ladder-fifo": (
        naming("ladder", lambda scene: "ladder.yaml", lambda scene: make_fifo(scene.work / "ladder.yaml")),
        r"ladder: 'ladder\.yaml' is refused: it is a FIFO",
    ),
    "logo-absolute": (project('logo = "{canary}.png"', canary_named(".png")), r"brief\.toml:1: logo: .* is outside the project's folder"),
    "logo-symlink": (
        project('logo = "logo.png"', link("logo.png", canary_named(".png"))),
        r"brief\.toml:1: logo: 'logo\.png' is outside the project's folder",
    ),
    "logo-fifo": (
        project('logo = "logo.png"', lambda scene: make_fifo(scene.work / "logo.png")),
        r"brief\.toml:1: logo: 'logo\.png' is refused: it is a FIFO",
    ),
    "project-scale-outside": (project('scale = "../outside/scale.yaml"'), r"brief\.toml:1: scale: .* is outside the project's folder"),
    "project-templates-outside": (project('templates = "../outside"'), r"brief\.toml:1: templates: .* is outside the project's folder"),
    "project-not-utf8": (
        raw_project(b'organisation = "\xff"\n'),
        r"brief\.toml: refused: line 1 is not UTF-8",
    ),
    "project-symlink": (
        lambda scene: link("brief.toml", canary_named(".toml"))(scene) and scene.input(),
        r"brief\.toml: refused: its real path .* is outside",
    ),
}


@pytest.mark.parametrize("setup, message", CASES.values(), ids=list(CASES))
def test_hostile_input_is_refused_and_nothing_leaks(scene: Scene, setup: Setup, message: str) -> None:
    """A file an input or its project names out of bounds stops the build at the line that names it; nothing leaks."""
    outcome = attempt(scene, setup(scene))
    outcome.assert_refused(message)
    outcome.assert_nothing_leaked()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_an_input_that_is_not_a_file_is_refused_without_reading(scene: Scene, kind: str) -> None:
    """An input named on the command line that is a FIFO or /dev/zero is refused at once, not read for ever."""
    path = make_fifo(scene.work / "pipe.yaml") if kind == "fifo" else link("zero.yaml", lambda scene: Path("/dev/zero"))(scene)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "a FIFO (named pipe); an input must be a regular file" in result.output or "a character device" in result.output


def test_recipients_fifo_is_refused(scene: Scene) -> None:
    """A recipients file that is a FIFO is refused with its name; nothing is written."""
    pipe = make_fifo(scene.work / "recipients.txt")
    result = CliRunner().invoke(app, ["build", str(scene.input()), "--out", str(scene.out), "--copies", "--recipients", str(pipe)])
    assert result.exit_code == 1
    assert f"{pipe}: cannot read the recipients: it is a FIFO" in result.output
    assert not scene.out.exists()


LOADING_TEXT = """\
summary: |
  <img src="{url}/summary.png"> <script src="{url}/s.js"></script> ![x]({url}/md.png)
  <iframe src="{url}/f"></iframe> [link](javascript:fetch('{url}/js')) {{{{ lipsum.__globals__ }}}}
"""


def test_text_that_would_load_things_prints_literally(scene: Scene) -> None:
    """Markup, Markdown images and template code in the input build as literal text in every format; nothing leaks."""
    text = MINIMAL.replace("summary: The bottom line.\n", LOADING_TEXT.format(url=scene.listener.url))
    outcome = attempt(scene, scene.input(text=text))
    assert outcome.build_code == 0, outcome.messages
    html = (scene.out / "brief.html").read_text(encoding="utf-8")
    assert "&lt;img src=" in html and "{{ lipsum." in html  # Markdown makes __globals__ bold, as it would any word
    outcome.assert_nothing_leaked()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed; .ci/run installs it")
def test_html_output_and_preview_load_nothing_in_a_real_browser(scene: Scene) -> None:
    """Opened in headless Chromium, the HTML of a hostile input and the preview page of a hostile set reach no address."""
    text = MINIMAL.replace("summary: The bottom line.\n", LOADING_TEXT.format(url=scene.listener.url))
    outcome = attempt(scene, scene.input(text=text))
    assert outcome.build_code == 0, outcome.messages
    hostile_set = scene.work / "hostile"
    shutil.copytree(builtin_root() / "policy-brief", hostile_set)
    base = hostile_set / "base.html"
    base.write_text(base.read_text().replace("<body>\n", f'<body>\n<img src="{scene.listener.url}/set.png">\n', 1))
    refused = attempt(scene, scene.input(), hostile_set)
    page = scene.root / "preview.html"
    page.write_bytes(refused.preview)
    browser = Browser(scene.root / "chromium")
    try:
        for path in (scene.out / "brief.html", page):
            browser.open(path.as_uri())
            browser.wait_for("does not build" if path == page else "Minimal brief")
            time.sleep(1)  # time for any image, script or frame to be fetched
    finally:
        browser.close()
    assert scene.listener.hits == []


def test_an_output_store_that_links_elsewhere_is_refused_and_nothing_there_is_touched(scene: Scene) -> None:
    """A project whose output folder ships `.brief` as a link to another folder: refused, and that folder is untouched."""
    victim = scene.root / "outside" / "Documents"
    (victim / "brief").mkdir(parents=True)
    (victim / "brief" / "thesis.txt").write_text("years of work")
    out = scene.work / "output"
    out.mkdir()
    (out / ".brief").symlink_to(victim)
    (out / "brief.html").mkdir()  # a folder where an output's name goes made the old code clean up the store
    (scene.work / "brief.toml").write_text('output = "output"\n')
    path = scene.input()
    before = scene.snapshot()
    result = CliRunner().invoke(app, ["build", str(path), "--format", "html"])
    assert result.exit_code == 1
    assert f"{out / '.brief'}: is not a folder brief made (it is a link or a file); remove it and build again" in result.output
    assert scene.snapshot() == before


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "a0: &a0 {k: v}\n" + "".join(f"a{n}: &a{n} {{<<: [{', '.join([f'*a{n - 1}'] * 10)}], k{n}: v}}\n" for n in range(1, 9)),
            "the file expands to over 100,000 values (through merge keys?)",
        ),
        ("x: &a {k: v, <<: *a}\n", "a merge key (<<) brings in the mapping it is part of"),
    ],
    ids=["merge-bomb", "self-merge"],
)
def test_merge_keys_cannot_multiply_or_loop(scene: Scene, text: str, message: str) -> None:
    """Merge keys that multiply into billions of pairs, or merge a mapping into itself, are refused at once."""
    result = CliRunner().invoke(app, ["check", str(scene.input(text=text))])
    assert result.exit_code == 1
    assert message in result.output


def test_a_stylesheet_cannot_end_its_own_style_element_in_the_html(scene: Scene) -> None:
    """A CSS comment holding </style><img …> stays a comment in the standalone HTML: no element comes of it."""
    import tinyhtml5

    folder = scene.template_set()
    css = folder / "style.css"
    css.write_text(f'/* </style><img src="{scene.listener.url}/img"> */\n' + css.read_text())
    outcome = attempt(scene, scene.input(), folder)
    assert outcome.build_code == 0, outcome.messages
    root = tinyhtml5.parse((scene.out / "brief.html").read_text(encoding="utf-8"), namespace_html_elements=False)
    assert not [element for element in root.iter("img") if scene.listener.url in element.get("src", "")]
    outcome.assert_nothing_leaked()


def store_with_current(scene: Scene, target: str) -> Path:
    """A project output folder whose store's `current` link points at `target`."""
    out = scene.work / "output"
    (out / ".brief" / "brief").mkdir(parents=True)
    (out / ".brief" / "brief" / "current").symlink_to(target)
    (scene.work / "brief.toml").write_text('output = "output"\n')
    return out


def test_a_current_link_out_of_the_store_is_refused_and_nothing_is_written_there(scene: Scene) -> None:
    """A project's store whose `current` points outside (with a plain output to adopt) is refused; the target is untouched."""
    victim = scene.root / "outside" / "home"
    victim.mkdir()
    out = store_with_current(scene, str(victim))
    (out / "brief.html").write_text("planted")
    path = scene.input()
    before = scene.snapshot()
    result = CliRunner().invoke(app, ["build", str(path), "--format", "html"])
    assert result.exit_code == 1
    assert "current: is not a link brief made (to a v-… folder beside it)" in result.output
    after = {key: value for key, value in scene.snapshot().items() if not key.endswith(".brief/brief/.lock")}
    assert after == before  # only the store's own lock file, inside the output folder, is new


def test_a_copy_name_linking_out_of_the_store_is_left_alone(scene: Scene) -> None:
    """A copy's name that climbs out of the store is not brief's: it is not turned into a hard link to the file it names."""
    out = store_with_current(scene, "v-0000000000000000")
    (out / ".brief" / "brief" / "v-0000000000000000").mkdir()
    climbing = out / "brief-copy-01.pdf"
    climbing.symlink_to(".brief/brief/current/../../../../outside/secret.txt")
    result = CliRunner().invoke(app, ["build", str(scene.input()), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert climbing.is_symlink() and os.readlink(climbing).endswith("secret.txt")
    assert scene.canary.stat().st_nlink == 1


def test_a_planted_manifest_cannot_make_a_build_delete_files(scene: Scene) -> None:
    """A manifest left in the output folder listing the input and other files: the build deletes none of them."""
    (scene.work / "notes.txt").write_text("my work")
    path = scene.input()
    (scene.work / "brief.manifest.json").write_text('{"files": [{"file": "brief.yaml"}, {"file": "notes.txt"}]}')
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(scene.work), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert path.read_text() and (scene.work / "notes.txt").read_text() == "my work"


@pytest.mark.parametrize("manifest", ['{"files": 5}', "null", "[" * 100_000 + "]" * 100_000])
def test_a_malformed_manifest_in_the_output_folder_does_not_stop_builds(scene: Scene, manifest: str) -> None:
    """Whatever an old manifest beside the outputs holds, the build publishes its set."""
    (scene.work / "out").mkdir()
    (scene.work / "out" / "brief.manifest.json").write_text(manifest)
    result = CliRunner().invoke(app, ["build", str(scene.input()), "--out", str(scene.work / "out"), "--format", "html"])
    assert result.exit_code == 0, result.output

"""Hostile and careless folders, projects, manifests and options against batch builds (`brief build FOLDER...`).

A test that fails here is a bug in the batch code; one that passes is a guarantee that holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from brief.batch import runner as batch_runner
from brief.batch.inputs import Input
from brief.batch.plan import plan
from brief.build import build as build_one
from brief.cli import app
from brief.errors import UsageError
from tests.hostile.harness import Scene, every_byte, make_fifo
from tests.samples import DISTRIBUTED, MINIMAL

runner = CliRunner()


def brief(*arguments: object) -> Result:
    """Run the command line in this process."""
    return runner.invoke(app, [str(argument) for argument in arguments])


def build_lib(tmp_path: Path, *options: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """`brief build lib --out out --format html OPTIONS` as a process of its own, in `tmp_path`."""
    command = [sys.executable, "-m", "brief", "build", "lib", "--out", "out", "--format", "html", *options]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=timeout)


def no_bug(result: Result) -> None:
    """The command ended with a status of its own, not an exception of brief's."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def library(root: Path, names: dict[str, str]) -> Path:
    """A folder of inputs, by their place below it."""
    for name, text in names.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def secret_in(folder: Path, secret: str) -> list[Path]:
    """The files below `folder` holding `secret` anywhere, hidden streams included."""
    files = [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []
    return [path for path in files if any(secret.encode() in data for data in every_byte(path))]


# --- What a folder holds ----------------------------------------------------------------------------------------------


def test_a_symlink_loop_named_like_an_input_is_not_an_internal_error(tmp_path: Path) -> None:
    """A link to itself named loop.yaml in a folder fails that brief with a message, not a RuntimeError from Path.resolve."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL})
    os.symlink("loop.yaml", lib / "loop.yaml")
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    assert (tmp_path / "out" / "a.html").exists()


def test_a_link_in_a_folder_to_an_input_outside_it_is_not_built(scene: Scene) -> None:
    """A file in someone's folder that links to a brief elsewhere on the machine must not be read into the outputs."""
    private = scene.root / "outside" / "private.yaml"
    private.write_text(MINIMAL.replace("Minimal brief", scene.secret), encoding="utf-8")
    lib = library(scene.work / "lib", {"a.yaml": MINIMAL})
    os.symlink(private, lib / "stolen.yaml")
    result = brief("build", lib, "--out", scene.out, "--format", "html", "--jobs", "1")
    no_bug(result)
    assert scene.secret not in result.output
    assert secret_in(scene.out, scene.secret) == [], "a file outside the folder was built into its outputs"


def test_fifos_devices_binary_and_huge_files_named_like_inputs_fail_alone(tmp_path: Path) -> None:
    """A FIFO, a /dev/zero link, a non-UTF-8 file and a 6 MB file each fail their own brief; the good one is built."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL})
    make_fifo(lib / "fifo.yaml")
    os.symlink("/dev/zero", lib / "zero.yaml")
    (lib / "binary.yaml").write_bytes(b"title: \xff\xfe\n")
    (lib / "huge.yaml").write_bytes(b"# " + b"x" * 6_000_000 + b"\n")
    result = build_lib(tmp_path, "--jobs", "1")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "5 briefs: 1 built, 0 up to date, 4 failed" in result.stderr
    assert (tmp_path / "out" / "a.html").exists()


def test_links_to_folders_are_not_followed(tmp_path: Path) -> None:
    """A link to / and a link to the folder itself are not walked: the batch is the folder's one input."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL})
    os.symlink("/", lib / "root")
    os.symlink(".", lib / "self")
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir() if not path.name.startswith(".")) == [
        "a.html",
        "a.manifest.json",
        "register.jsonl",
    ]


def test_odd_folder_names_build(tmp_path: Path) -> None:
    """Folders with a newline, unicode and brackets in their names build like any other."""
    lib = library(tmp_path / "lib", {"new\nline/a.yaml": MINIMAL, "ünïcødé 東京/b.yaml": MINIMAL, "[x]/c.yaml": MINIMAL})
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "ünïcødé 東京" / "b.html").exists()


def test_hostile_project_exclusions_are_harmless(tmp_path: Path) -> None:
    """exclude values that climb, are absolute, empty, '**' or thousands of stars neither crash nor hide the project's input."""
    lib = library(tmp_path / "lib", {"p/z.yaml": MINIMAL})
    patterns = ["../", "/", "/etc", "**/..", "", "*" * 5000, "a/" * 2000]
    (lib / "p" / "brief.toml").write_text(f"exclude = {json.dumps(patterns)}\n", encoding="utf-8")
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    assert (tmp_path / "out" / "p" / "z.html").exists(), result.output


def test_a_fifo_brief_toml_fails_its_briefs_without_hanging(tmp_path: Path) -> None:
    """A brief.toml that is a FIFO neither hangs the scan nor the build: its briefs fail with a message."""
    lib = library(tmp_path / "lib", {"p/w.yaml": MINIMAL, "top.yaml": MINIMAL})
    make_fifo(lib / "p" / "brief.toml")
    result = build_lib(tmp_path, "--jobs", "1")
    assert result.returncode == 1, result.stderr
    assert "FIFO" in result.stderr and "Traceback" not in result.stderr


# --- Inputs that vanish from a batch ----------------------------------------------------------------------------------


def test_inputs_that_name_each_other_are_not_silently_left_out(tmp_path: Path) -> None:
    """a names b as previous, b names a, c names itself as scale: each is built or reported, never silently dropped."""
    lib = library(
        tmp_path / "lib",
        {
            "ok.yaml": MINIMAL,
            "a.yaml": MINIMAL + "previous: b.yaml\n",
            "b.yaml": MINIMAL + "previous: a.yaml\n",
            "c.yaml": MINIMAL + "scale: c.yaml\n",
        },
    )
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        assert name in result.output, f"{name} vanished from the batch without a word:\n{result.output}"


def test_a_broken_input_cannot_hide_another_by_naming_it(tmp_path: Path) -> None:
    """An input that does not even load, naming victim.yaml as its previous version, cannot keep it out of the batch unsaid."""
    lib = library(tmp_path / "lib", {"victim.yaml": MINIMAL, "evil.yaml": "previous: victim.yaml\n"})
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    assert f"not built {lib / 'victim.yaml'}: {lib / 'evil.yaml'} names it" in result.output


def test_a_sub_project_whose_output_is_itself_does_not_silently_hide_its_inputs(tmp_path: Path) -> None:
    """A brief.toml below the library saying output = "." must not make its inputs disappear from the batch unreported."""
    lib = library(tmp_path / "lib", {"top.yaml": MINIMAL, "team/x.yaml": MINIMAL})
    (lib / "team" / "brief.toml").write_text('output = "."\n', encoding="utf-8")
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    no_bug(result)
    assert "x.yaml" in result.output, result.output


def test_an_input_named_like_a_manifest_on_the_command_line_builds(tmp_path: Path) -> None:
    """x.manifest.json named on the command line is an input: it is built (or fails) with a message, never a crash."""
    (tmp_path / "x.manifest.json").write_text(json.dumps({"title": "T", "summary": "S"}), encoding="utf-8")
    result = brief("build", tmp_path / "x.manifest.json", "--out", tmp_path / "out", "--format", "html")
    no_bug(result)


def test_an_output_folder_inside_the_input_folder_is_not_read_as_inputs(tmp_path: Path) -> None:
    """--out inside the folder being built: the second run finds the same one input, up to date."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL})
    brief("build", lib, "--out", lib / "out", "--format", "html")
    result = brief("build", lib, "--out", lib / "out", "--format", "html")
    no_bug(result)
    assert result.exit_code == 0 and "up to date" in result.output, result.output


# --- Output names -----------------------------------------------------------------------------------------------------


def test_an_input_named_like_another_inputs_numbered_copy_is_refused(tmp_path: Path) -> None:
    """a.yaml's copy 1 is a-copy-01.pdf, and so is a-copy-01.yaml's PDF: the batch must refuse before building, not let them overwrite each other."""
    lib = library(tmp_path / "lib", {"a.yaml": DISTRIBUTED, "a-copy-01.yaml": DISTRIBUTED.replace("Clean brief", "Another brief")})
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "pdf", "--copies", "--jobs", "1")
    no_bug(result)
    assert result.exit_code == 2, result.output


def test_outputs_differing_only_in_case_are_a_collision(tmp_path: Path) -> None:
    """a.yaml and A.yaml would write the same files on a case-insensitive output folder (macOS, SMB, exFAT): plan refuses them."""
    inputs = [Input(tmp_path / "a.yaml", Path(".")), Input(tmp_path / "A.yaml", Path("."))]
    with pytest.raises(UsageError):
        plan(inputs, tmp_path / "out")


# --- Options ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["²/3", "1/³", pytest.param("1/" + "9" * 5000, id="5000-digits")])
def test_a_shard_of_odd_digits_is_a_usage_error(tmp_path: Path, spec: str) -> None:
    """--shard with superscript digits or a 5,000-digit number is a usage error (2), not an internal error."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL})
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--shard", spec)
    no_bug(result)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_no_workers_is_a_usage_error(tmp_path: Path, jobs: str) -> None:
    """--jobs 0 and negative are refused as usage."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL})
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", jobs)
    no_bug(result)
    assert result.exit_code == 2


def test_a_thousand_workers_for_two_briefs_is_two(tmp_path: Path) -> None:
    """--jobs 1000 on two briefs builds both (the pool is never larger than the work)."""
    library(tmp_path / "lib", {"a.yaml": MINIMAL, "b.yaml": MINIMAL})
    result = build_lib(tmp_path, "--jobs", "1000", timeout=180)
    assert result.returncode == 0, result.stderr
    assert "2 briefs: 2 built" in result.stderr


# --- Manifests beside the outputs -------------------------------------------------------------------------------------


def shipped_project(root: Path) -> Path:
    """A project as someone else sends it: brief.toml, an input, and an output folder it built."""
    project = library(root / "project", {"brief.toml": 'output = "output"\n', "a.yaml": MINIMAL})
    result = brief("build", project, "--format", "html")
    assert result.exit_code == 0, result.output
    return project


def replace_output(folder: Path, name: str, data: bytes, *, link_to: Path | None = None) -> None:
    """Put other content (or a link) at an output's name, and make the manifest beside it list it."""
    manifest_path = folder / "a.manifest.json"
    document = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in document["files"]:
        if entry["file"] == name:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
    (folder / name).unlink()
    if link_to is not None:
        os.symlink(link_to, folder / name)
    else:
        (folder / name).write_bytes(data)
    manifest_path.unlink()
    manifest_path.write_text(json.dumps(document), encoding="utf-8")


def test_a_forged_manifest_shipped_with_a_project_does_not_pass_off_its_outputs_as_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output folder that comes with a project holds a.html with other content and a manifest listing it under the right build key: brief build must not call that up to date."""
    monkeypatch.chdir(tmp_path)
    project = shipped_project(tmp_path)
    replace_output(project / "output", "a.html", b"<html>FORGED: this is not what a.yaml says</html>")
    result = brief("build", project, "--format", "html")
    no_bug(result)
    assert b"FORGED" not in (project / "output" / "a.html").read_bytes(), result.output


def test_an_output_linking_out_of_the_output_folder_is_not_read_to_decide_up_to_date(scene: Scene) -> None:
    """a.html shipped as a link to a file outside, with a manifest guessing its hash: "up to date" must not confirm the guess."""
    project = shipped_project(scene.work)
    replace_output(project / "output", "a.html", scene.canary.read_bytes(), link_to=scene.canary)
    result = brief("build", project, "--format", "html")
    no_bug(result)
    assert "up to date" not in result.output, "the up-to-date check read a file outside the output folder and confirmed its hash"


def test_a_manifest_naming_files_outside_is_read_only_beside_itself(scene: Scene) -> None:
    """A manifest listing ../../outside/secret.txt with the canary's hash reads nothing outside: the brief is built again."""
    project = shipped_project(scene.work)
    manifest_path = project / "output" / "a.manifest.json"
    document = json.loads(manifest_path.read_text(encoding="utf-8"))
    document["files"].append(
        {"file": "../../../outside/secret.txt", "format": "txt", "sha256": hashlib.sha256(scene.canary.read_bytes()).hexdigest()}
    )
    manifest_path.unlink()
    manifest_path.write_text(json.dumps(document), encoding="utf-8")
    result = brief("build", project, "--format", "html")
    no_bug(result)
    assert "wrote" in result.output and scene.secret not in result.output


def test_a_manifest_that_is_a_fifo_does_not_hang_the_up_to_date_check(tmp_path: Path) -> None:
    """A FIFO at a.manifest.json in the output folder: the brief is built again, no hang."""
    library(tmp_path / "lib", {"a.yaml": MINIMAL})
    (tmp_path / "out").mkdir()
    make_fifo(tmp_path / "out" / "a.manifest.json")
    result = build_lib(tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode in (0, 1), result.stderr


# --- The display, and bugs --------------------------------------------------------------------------------------------


def test_the_progress_bar_prints_file_names_not_markup(tmp_path: Path) -> None:
    """On a terminal, a file at '[/nope].yaml' (folder '[' then 'nope].yaml') is a name, not rich markup that raises MarkupError."""
    library(tmp_path / "lib", {"[/nope].yaml": MINIMAL, "b.yaml": MINIMAL})
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", "build", "lib", "--out", "out", "--format", "html", "--jobs", "1"],
        cwd=tmp_path,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "200"},
    )
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(main)
    text = seen.decode(errors="replace")
    assert "MarkupError" not in text and "Traceback" not in text, text[-2000:]


def test_a_bug_building_one_brief_does_not_swallow_the_rest_of_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug of brief's (not a BriefError) in one brief fails that brief; the others are still built and reported, with the summary."""
    lib = library(tmp_path / "lib", {"a.yaml": MINIMAL, "b.yaml": MINIMAL, "c.yaml": MINIMAL})
    original = build_one

    def buggy(path: Path, *arguments: Any, **options: Any) -> Any:
        if Path(path).name == "b.yaml":
            raise RuntimeError("a bug of brief's")
        return original(path, *arguments, **options)

    monkeypatch.setattr(batch_runner, "build", buggy)
    result = brief("build", lib, "--out", tmp_path / "out", "--format", "html", "--jobs", "1")
    assert "wrote" in result.output and "c.html" in result.output, result.output
    assert "3 briefs" in result.output, result.output

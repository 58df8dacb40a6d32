"""A whole library: folders as inputs, mirrored outputs, collisions, --jobs, skipping up-to-date briefs, shards, the summary."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import brief
from brief.batch.inputs import Found, Input, collect
from brief.batch.plan import Job, shard
from brief.build import Options, build, is_up_to_date
from brief.cli import app
from brief.errors import BriefError, InputError, Problem, RefusedFile
from brief.render.template_set import find_template_set
from brief.review.report import Report, ReviewFailed
from brief.tools.template_copier import copy_template_set
from tests.readers import visible
from tests.samples import CLEAN, MINIMAL

runner = CliRunner()
DESK_SCALE = (
    "name: Desk\nterms:\n  - {id: slim, label: slim chance, low: 0, high: 40}\n  - {id: fair, label: fair chance, low: 40, high: 100}\n"
)
UK_LADDER = "name: uk\nlevels:\n  - {banner: OFFICIAL, portion: O}\n  - {banner: SECRET, portion: S}\n"
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="{colour}"/></svg>'
NAMING = MINIMAL.replace("likelihood: likely", "likelihood: fair chance\n    portion: O") + "scale: desk.yaml\nprevious: prev.yaml\n"


def library(root: Path) -> Path:
    """A library: briefs at the top and in two nested folders, with an earlier version, a hidden folder and a manifest."""
    for place in ("top.yaml", "europe/belarus.yaml", "europe/east/moldova.yaml", "asia/kazakhstan.json"):
        path = root / place
        path.parent.mkdir(parents=True, exist_ok=True)
        text = CLEAN.replace("Clean brief", path.stem.title())
        path.write_text(text if path.suffix != ".json" else _as_json(text))
    (root / "europe" / "belarus.yaml").write_text(CLEAN + "previous: archive/belarus-old.yaml\n")
    (root / "europe" / "archive").mkdir()
    (root / "europe" / "archive" / "belarus-old.yaml").write_text(CLEAN.replace("Clean brief", "Old Belarus"))
    (root / ".git").mkdir()
    (root / ".git" / "config.yaml").write_text("not: a brief\n")
    (root / "europe" / "old.manifest.json").write_text("{}")
    return root


def _as_json(text: str) -> str:
    import json

    import yaml

    return json.dumps(yaml.safe_load(text), default=str)


def places(found: Found) -> list[str]:
    """Where each input sits below the arguments' common base."""
    return [item.place for item in found.inputs]


def outputs_below(folder: Path) -> set[str]:
    """Every output a user sees below `folder`, by its path relative to it; issue registers, logs with times, apart (test_register.py)."""
    files = [path for path in folder.rglob("*") if ".brief" not in path.parts and path.is_file()]
    return {path.relative_to(folder).as_posix() for path in files if path.name != "register.jsonl"}


def test_a_folder_means_every_input_below_it_but_the_files_they_name(tmp_path: Path) -> None:
    """A folder yields each brief below it in path order; earlier versions, hidden folders and manifests are left out."""
    root = library(tmp_path / "lib")
    assert places(collect([root])) == ["asia/kazakhstan.json", "europe/belarus.yaml", "europe/east/moldova.yaml", "top.yaml"]


def test_a_file_named_on_the_command_line_is_always_an_input(tmp_path: Path) -> None:
    """An earlier version named outright is built, though a folder scan leaves it out; the same file twice counts once."""
    root = library(tmp_path / "lib")
    old = root / "europe" / "archive" / "belarus-old.yaml"
    assert places(collect([old, root / "top.yaml", old])) == ["europe/archive/belarus-old.yaml", "top.yaml"]


def test_brief_toml_excludes_folders_and_the_project_keeps_its_own_apart(tmp_path: Path) -> None:
    """Folders brief.toml excludes, its output folder, its template sets and the scale and ladder files it names are no inputs."""
    root = library(tmp_path / "lib")
    (root / "brief.toml").write_text('exclude = ["europe/east"]\noutput = "built"\nladder = "uk.yaml"\n')
    (root / "uk.yaml").write_text(UK_LADDER)
    for extra in ("built/stale.yaml", "templates/house/extra.yaml"):
        (root / extra).parent.mkdir(parents=True, exist_ok=True)
        (root / extra).write_text(CLEAN)
    assert places(collect([root])) == ["asia/kazakhstan.json", "europe/belarus.yaml", "top.yaml"]


def test_an_exclusion_on_one_side_of_its_pattern_only(tmp_path: Path) -> None:
    """`exclude = ["*/old"]` leaves out europe/old but keeps europe/older, asia/far/old (`*` is one folder) and old.yaml."""
    root = tmp_path / "lib"
    for place in ("europe/old/a.yaml", "europe/older/b.yaml", "europe/old.yaml", "asia/far/old/c.yaml"):
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).write_text(CLEAN)
    (root / "brief.toml").write_text('exclude = ["*/old"]\n')
    assert places(collect([root])) == ["asia/far/old/c.yaml", "europe/old.yaml", "europe/older/b.yaml"]


def test_outputs_mirror_the_input_folders(tmp_path: Path) -> None:
    """Two briefs of one name in different folders build side by side under --out, in the same folders."""
    root = library(tmp_path / "lib")
    (root / "asia" / "belarus.yaml").write_text(CLEAN)
    result = runner.invoke(app, ["build", str(root / "europe"), str(root / "asia"), "--out", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 0, result.stderr
    assert outputs_below(tmp_path / "out") == {
        f"{folder}/{name}.{suffix}"
        for folder, name in (("europe", "belarus"), ("europe/east", "moldova"), ("asia", "belarus"), ("asia", "kazakhstan"))
        for suffix in ("html", "manifest.json")
    }


def test_colliding_outputs_stop_the_batch_before_anything_is_built(tmp_path: Path) -> None:
    """a.yaml and a.json in one folder would share outputs: usage error naming both, exit 2, nothing written."""
    root = library(tmp_path / "lib")
    (root / "top.json").write_text(_as_json(CLEAN))
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{root / 'top.json'} and {root / 'top.yaml'} would both write" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_with_no_inputs_is_a_usage_error(tmp_path: Path) -> None:
    """`brief build EMPTY` says the folder holds no input files, and exits 2."""
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        f"usage error: {tmp_path / 'empty'}: no input files (.yaml, .yml, .json) here or below",
    )


def test_check_takes_folders_too(tmp_path: Path) -> None:
    """`brief check FOLDER` checks every input the folder holds, and only those."""
    root = library(tmp_path / "lib")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.stderr
    checked = re.findall(r"^(\S+): ok", result.stdout, re.MULTILINE)
    assert checked == [
        str(root / place) for place in ("asia/kazakhstan.json", "europe/belarus.yaml", "europe/east/moldova.yaml", "top.yaml")
    ]


def test_the_summary_names_each_failure_and_the_exit_status_is_1(tmp_path: Path) -> None:
    """A batch with a broken brief builds the others, then counts them and names the failure with its first error."""
    root = library(tmp_path / "lib")
    (root / "europe" / "east" / "moldova.yaml").write_text(CLEAN.replace("likelihood: likely", "likelihood: maybe"))
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out"), "--format", "html", "--jobs", "1"])
    assert result.exit_code == 1
    moldova = root / "europe" / "east" / "moldova.yaml"
    assert result.stderr.splitlines()[-2:] == [
        "4 briefs: 3 built, 0 up to date, 1 failed",
        f"  failed {moldova}: {moldova}:7:17: key_judgements[0].likelihood: 'maybe' is not a term of the icd203 scale; accepted: "
        "almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain",
    ]
    assert f"[3/4] failed {moldova}" in result.stderr.splitlines()
    assert (tmp_path / "out" / "top.html").exists()


def test_jobs_change_nothing_but_the_time(tmp_path: Path) -> None:
    """A batch with a failure prints the same lines, exits the same and writes the same bytes with --jobs 1 and --jobs 2."""
    root = library(tmp_path / "lib")
    (root / "top.yaml").write_text(CLEAN.replace("summary: The bottom line.", "summary: [unclosed"))
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = subprocess.run(
            [sys.executable, "-m", "brief", "build", "lib", "--out", out.name, "--jobs", jobs], cwd=tmp_path, capture_output=True, text=True
        )
        files = {name: (out / name).read_bytes() for name in outputs_below(out)}
        runs[jobs] = (result.returncode, result.stdout.replace(out.name, "OUT"), result.stderr.replace(out.name, "OUT"), files)
    assert runs["1"][0] == 1
    assert runs["1"] == runs["2"]


def test_an_unchanged_brief_is_skipped_and_force_builds_it(tmp_path: Path) -> None:
    """A second build leaves the outputs untouched and says they are up to date; --force writes them again."""
    root = library(tmp_path / "lib")
    out = tmp_path / "out"
    arguments = ["build", str(root / "top.yaml"), "--out", str(out), "--format", "html"]
    runner.invoke(app, arguments)
    store = {path: path.stat().st_ino for path in (out / ".brief" / "top").iterdir()}
    again = runner.invoke(app, arguments)
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "1 brief: 0 built, 1 up to date, 0 failed\n")
    assert {path: path.stat().st_ino for path in (out / ".brief" / "top").iterdir()} == store
    forced = runner.invoke(app, [*arguments, "--force"])
    assert forced.stdout.splitlines() == [f"wrote {out / 'top.html'}", f"wrote {out / 'top.manifest.json'}"]


@pytest.mark.parametrize("damage", ["changed", "deleted"])
def test_an_output_changed_since_its_build_is_built_again(tmp_path: Path, damage: str) -> None:
    """An output edited or removed since its build makes the brief out of date, though its key is the same."""
    path = library(tmp_path / "lib") / "top.yaml"
    build(path, tmp_path / "out", ["html"])
    target = tmp_path / "out" / "top.html"
    if damage == "deleted":
        target.unlink()
    else:
        target.write_text("edited")
    assert not is_up_to_date(path, tmp_path / "out", Options(("html",)))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A brief naming a previous version and a scale file, in a project with a ladder, a logo and its own template set."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "brief.toml").write_text('ladder = "uk.yaml"\nlogo = "logo.svg"\ntemplate = "house"\n')
    (root / "uk.yaml").write_text(UK_LADDER)
    (root / "logo.svg").write_text(LOGO.format(colour="navy"))
    copy_template_set(find_template_set("policy-brief", root, []), root / "templates" / "house", thin=True)
    (root / "desk.yaml").write_text(DESK_SCALE)
    (root / "prev.yaml").write_text(NAMING.replace("Minimal brief", "Earlier brief").replace("previous: prev.yaml\n", ""))
    (root / "recipients.txt").write_text("Jane Roe\n")
    (root / "brief.yaml").write_text(NAMING)
    return root


def append(path: Path, text: str) -> None:
    """Add `text` at the end of a file."""
    path.write_text(path.read_text() + text)


OPTIONS = Options(("html",), recipients=Path("recipients.txt"))
CHANGES: dict[str, Callable[[Path], object]] = {
    "the input": lambda root: (root / "brief.yaml").write_text(NAMING + "# a comment\n"),
    "the previous version": lambda root: append(root / "prev.yaml", "# edited\n"),
    "the scale file": lambda root: (root / "desk.yaml").write_text(DESK_SCALE + "source: Style guide\n"),
    "the ladder file": lambda root: (root / "uk.yaml").write_text(UK_LADDER + "# edited\n"),
    "the logo": lambda root: (root / "logo.svg").write_text(LOGO.format(colour="red")),
    "brief.toml": lambda root: append(root / "brief.toml", 'organisation = "Desk"\n'),
    "a template set file": lambda root: append(root / "templates" / "house" / "template.toml", "# edited\n"),
    "the recipients file": lambda root: (root / "recipients.txt").write_text("John Doe\n"),
}
OTHER_OPTIONS = {
    "formats": Options(("html", "pdf"), recipients=Path("recipients.txt")),
    "strict": Options(("html",), strict=True, recipients=Path("recipients.txt")),
    "release_to": Options(("html",), release_to="OFFICIAL", recipients=Path("recipients.txt")),
    "pdf_a": Options(("html",), pdf_a=True, recipients=Path("recipients.txt")),
    "copies": Options(("html",), copies=True, recipients=Path("recipients.txt")),
    "template": Options(("html",), template="policy-brief", recipients=Path("recipients.txt")),
}


def built_project(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's brief built with OPTIONS (paths relative to the project), and up to date."""
    monkeypatch.chdir(root)
    build(Path("brief.yaml"), Path("out"), OPTIONS.formats, recipients=OPTIONS.recipients)
    assert is_up_to_date(Path("brief.yaml"), Path("out"), OPTIONS)
    return Path("brief.yaml")


@pytest.mark.parametrize("part", CHANGES)
def test_each_file_the_key_covers_makes_the_brief_out_of_date(project: Path, monkeypatch: pytest.MonkeyPatch, part: str) -> None:
    """Changing any file the build depends on (input, named files, project, template set, recipients) means building again."""
    path = built_project(project, monkeypatch)
    CHANGES[part](project)
    assert not is_up_to_date(path, Path("out"), OPTIONS)


@pytest.mark.parametrize("option", OTHER_OPTIONS)
def test_each_option_the_key_covers_makes_the_brief_out_of_date(project: Path, monkeypatch: pytest.MonkeyPatch, option: str) -> None:
    """The same brief asked for with another option is not up to date against the outputs of the first."""
    path = built_project(project, monkeypatch)
    assert not is_up_to_date(path, Path("out"), OTHER_OPTIONS[option])


def test_another_version_of_brief_makes_every_brief_out_of_date(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading brief invalidates what an earlier version built."""
    path = built_project(project, monkeypatch)
    monkeypatch.setattr("brief.distribution.build_key.__version__", brief.__version__ + ".post1")
    assert not is_up_to_date(path, Path("out"), OPTIONS)


def test_a_file_the_key_does_not_cover_leaves_the_brief_up_to_date(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new file beside the brief, which it does not name, changes nothing: the key is not just a folder's hash."""
    path = built_project(project, monkeypatch)
    (project / "notes.txt").write_text("unrelated")
    assert is_up_to_date(path, Path("out"), OPTIONS)


def jobs_of(names: list[str]) -> list[Job]:
    """Jobs for inputs at these places, in this order."""
    return [Job(Input(Path(name), Path(name).parent), Path("out")) for name in names]


@given(st.lists(st.text("abcdef/", min_size=1, max_size=8).map(lambda name: f"{name}.yaml"), unique=True, max_size=30), st.integers(1, 6))
def test_shards_partition_the_inputs_exactly(names: list[str], count: int) -> None:
    """Shards 1..N of a library hold every input once, differ in size by at most one, and ignore the order given."""
    jobs = jobs_of(names)
    shards = [[job.path for job in shard(jobs, f"{number}/{count}")] for number in range(1, count + 1)]
    assert sorted(path for part in shards for path in part) == sorted(job.path for job in jobs)
    assert max(map(len, shards)) - min(map(len, shards)) <= 1
    reordered = [[job.path for job in shard(list(reversed(jobs)), f"{number}/{count}")] for number in range(1, count + 1)]
    assert [sorted(part) for part in reordered] == [sorted(part) for part in shards]


@pytest.mark.parametrize("spec", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
def test_a_shard_out_of_range_is_a_usage_error(tmp_path: Path, spec: str) -> None:
    """--shard takes K/N with 1 <= K <= N; anything else is refused, naming what is accepted."""
    root = library(tmp_path / "lib")
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out"), "--shard", spec])
    assert result.exit_code == 2
    assert f"--shard: {spec!r} is not a shard; give K/N with 1 <= K <= N" in result.stderr


def test_a_shard_builds_only_its_slice(tmp_path: Path) -> None:
    """--shard 2/2 builds every second brief in path order, and the summary counts only those."""
    root = library(tmp_path / "lib")
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out"), "--format", "html", "--shard", "2/2"])
    assert result.exit_code == 0, result.stderr
    assert outputs_below(tmp_path / "out") == {"europe/belarus.html", "europe/belarus.manifest.json", "top.html", "top.manifest.json"}
    assert result.stderr.splitlines()[-1] == "2 briefs: 2 built, 0 up to date, 0 failed"


def test_a_killed_worker_fails_its_briefs_and_leaves_the_outputs_whole(tmp_path: Path) -> None:
    """A worker killed while publishing fails its brief with a message, not a traceback; each output set stays whole."""
    root = library(tmp_path / "lib")
    environment = os.environ | {"BRIEF_FAULT_AT": "staged"}
    result = subprocess.run(
        [sys.executable, "-m", "brief", "build", str(root), "--out", str(tmp_path / "out"), "--format", "html", "--jobs", "2"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the process building it stopped unexpectedly" in result.stderr
    assert not [path for path in visible(tmp_path / "out") if path.suffix == ".html" and path.exists()]


@pytest.mark.parametrize(
    "error",
    [
        InputError([Problem("brief.yaml", 3, 1, "title", "is missing")]),
        RefusedFile("a.yaml", "input", "a FIFO", "brief.toml:2"),
        ReviewFailed(Report("brief.yaml", (), ())),
        BriefError("plain"),
    ],
)
def test_errors_survive_the_trip_back_from_a_worker(error: BriefError) -> None:
    """Each error a worker sends back arrives whole: same class, message and parts."""
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), vars(copy)) == (type(error), str(error), vars(error))


def test_a_terminal_sees_the_stages_of_a_single_brief(tmp_path: Path) -> None:
    """On a terminal, a single brief's progress names its stages as it goes (rich, on standard error)."""
    import pty

    path = library(tmp_path / "lib") / "top.yaml"
    command = [sys.executable, "-m", "brief", "build", str(path), "--out", str(tmp_path / "out"), "--format", "pdf"]
    process_id, terminal = pty.fork()
    if process_id == 0:
        os.execvpe(command[0], command, os.environ | {"COLUMNS": "160"})
    seen = b""
    with open(terminal, "rb", closefd=True) as screen:
        while True:
            try:
                chunk = screen.read1(4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    os.waitpid(process_id, 0)
    text = seen.decode(errors="replace")
    assert "writing the PDF" in text
    assert f"wrote {tmp_path / 'out' / 'top.pdf'}" in text

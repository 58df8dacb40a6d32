"""A build's outputs are one set: real builds killed at every step of the commit leave the old set or the new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from brief.build import build
from brief.errors import OutputError
from brief.write.output import STEPS, publish
from tests.readers import visible
from tests.samples import MINIMAL

OLD_FORMATS, NEW_FORMATS = ["pdf", "docx", "html"], ["pdf", "docx"]  # the new set drops a name, too
LEGACY_STEPS = ("adopting", "adopted")


def published(folder: Path) -> dict[str, bytes]:
    """What a user sees in an output folder: each name that opens, with its bytes (a dangling link is no file)."""
    return {path.name: path.read_bytes() for path in visible(folder) if path.exists()}


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The old and the new set of one brief, each built cleanly once, to compare against."""
    root = tmp_path_factory.mktemp("sets")
    found = {}
    for name, formats, title in (("old", OLD_FORMATS, "Old title"), ("new", NEW_FORMATS, "New title")):
        path = root / name / "brief.yaml"
        path.parent.mkdir()
        path.write_text(MINIMAL.replace("Minimal brief", title))
        build(path, root / name / "out", formats)
        found[name] = published(root / name / "out")
    return found


@pytest.fixture
def brief_file(tmp_path: Path) -> Path:
    """The input, as the new build will read it."""
    path = tmp_path / "work" / "brief.yaml"
    path.parent.mkdir()
    path.write_text(MINIMAL.replace("Minimal brief", "New title"))
    return path


def build_old(brief_file: Path, out: Path) -> None:
    """The old set in `out`, through the store: an earlier version of the same input."""
    old = brief_file.parent.parent / "old" / brief_file.name
    old.parent.mkdir(exist_ok=True)
    old.write_text(MINIMAL.replace("Minimal brief", "Old title"))
    build(old, out, OLD_FORMATS)


def killed_build(brief_file: Path, out: Path, step: str) -> int:
    """Run `brief build` in its own process, killed with SIGKILL at `step`; its exit status."""
    command = [sys.executable, "-m", "brief", "build", str(brief_file), "--out", str(out), "--format", ",".join(NEW_FORMATS)]
    return subprocess.run(command, env={**os.environ, "BRIEF_FAULT_AT": step}, capture_output=True, timeout=120).returncode


def leftovers(out: Path) -> list[str]:
    """What an interrupted build may leave: staging folders, stale versions, temporary links and files."""
    store = out / ".brief" / "brief"
    extra = [entry.name for entry in store.iterdir() if entry.name.startswith((".staging-", ".current-"))]
    versions = [entry.name for entry in store.iterdir() if entry.name.startswith("v-")]
    hidden = [entry.name for entry in out.iterdir() if entry.name.startswith(".") and entry.name != ".brief"]
    return extra + hidden + (versions if len(versions) > 1 else [])


def test_every_step_is_a_place_a_test_can_kill() -> None:
    """The steps the tests below kill at are the commit's own, in order, and none is missing."""
    assert STEPS == (
        "locked",
        "staging",
        "staged",
        "versioned",
        "adopting",
        "adopted",
        "linking",
        "linked",
        "set aside",
        "registered",
        "switched",
        "cleaned",
    )


@pytest.mark.slow
@pytest.mark.parametrize("step", [step for step in STEPS if step not in LEGACY_STEPS])
def test_a_build_killed_at_any_step_leaves_a_whole_set(sets: dict[str, dict[str, bytes]], brief_file: Path, step: str) -> None:
    """Killed at `step`, the folder holds the whole old set or the whole new one; the next build cleans up and publishes."""
    out = brief_file.parent / "out"
    build_old(brief_file, out)
    assert published(out) == sets["old"]
    assert killed_build(brief_file, out, step) == -9
    assert published(out) in (sets["old"], sets["new"])
    assert published(out) == (sets["new"] if step in ("switched", "cleaned") else sets["old"])
    build(brief_file, out, NEW_FORMATS)
    assert published(out) == sets["new"]
    assert leftovers(out) == []


@pytest.mark.slow
@pytest.mark.parametrize("step", ["staging", "adopting", "adopted", "linking", "switched"])
def test_plain_files_of_an_older_brief_are_adopted_whole(sets: dict[str, dict[str, bytes]], brief_file: Path, step: str) -> None:
    """Plain outputs of an older brief stay a whole set through a kill; those the new set names become the store's."""
    out = brief_file.parent / "out"
    out.mkdir()
    for name, data in sets["old"].items():
        (out / name).write_bytes(data)
    # A plain file the new set does not name (the old HTML) is not provably brief's: it stays as it was.
    kept = {"brief.html": sets["old"]["brief.html"]}
    assert killed_build(brief_file, out, step) == -9
    assert published(out) == (sets["new"] | kept if step == "switched" else sets["old"])
    build(brief_file, out, NEW_FORMATS)
    assert published(out) == sets["new"] | kept
    assert all((out / name).is_symlink() for name in sets["new"])
    assert leftovers(out) == []


def test_a_build_killed_while_writing_its_files_leaves_the_old_set_byte_for_byte(
    sets: dict[str, dict[str, bytes]], brief_file: Path
) -> None:
    """Killed after writing the first of its new files, a build leaves every old file as it was, byte for byte."""
    out = brief_file.parent / "out"
    build_old(brief_file, out)
    assert killed_build(brief_file, out, "staging") == -9
    assert published(out) == sets["old"]


# `brief new --force` run where a file may grow to only LIMIT bytes (RLIMIT_FSIZE): its write stops part-way, for certain.
LIMIT = 1000
LIMITED = (
    "import resource, runpy, signal, sys; sys.dont_write_bytecode = True; "
    "signal.signal(signal.SIGXFSZ, getattr(signal, sys.argv[1])); "
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0)); resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]),) * 2); "
    "sys.argv = ['brief', *sys.argv[3:]]; runpy.run_module('brief', run_name='__main__')"
)


@pytest.mark.parametrize(
    ("signal_action", "status"), [("SIG_DFL", -signal.SIGXFSZ), ("SIG_IGN", 1)], ids=["killed-mid-write", "write-fails-mid-way"]
)
def test_an_interrupted_overwrite_leaves_the_previous_file_byte_for_byte(tmp_path: Path, signal_action: str, status: int) -> None:
    """A file overwritten by a write that stops part-way (killed, or failing) keeps its previous bytes; a whole write replaces them."""
    path = tmp_path / "brief.yaml"
    previous = b"title: The previous input, which must survive\n" * 40  # longer than LIMIT, so any write over it shows
    path.write_bytes(previous)
    command = [sys.executable, "-c", LIMITED, signal_action, str(LIMIT), "new", str(path), "--force"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == status, result.stderr
    assert path.read_bytes() == previous
    if status == 1:
        assert result.stderr.startswith(f"error: {path}: cannot write it: File too large"), result.stderr
        assert sorted(entry.name for entry in tmp_path.iterdir()) == ["brief.yaml"]  # no partial file left behind
    whole = subprocess.run([sys.executable, "-m", "brief", "new", str(path), "--force"], cwd=tmp_path, capture_output=True, timeout=120)
    assert whole.returncode == 0, whole.stderr
    assert path.read_bytes() != previous and path.read_text().startswith("# A new brief.")


def test_names_the_new_set_drops_are_gone(sets: dict[str, dict[str, bytes]], brief_file: Path) -> None:
    """A name only the old set had (its HTML) is gone once the new set is published: no stale file beside a fresh manifest."""
    out = brief_file.parent / "out"
    build_old(brief_file, out)
    build(brief_file, out, NEW_FORMATS)
    assert sorted(path.name for path in visible(out)) == sorted(sets["new"])


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system, where the machine lets us mount one; skipped with the reason where not."""
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {result.stderr.strip() or 'mount failed'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_names_the_folder_and_leaves_the_old_set(small_disk: Path, brief_file: Path) -> None:
    """On a full disk the build fails with a message naming the folder, the old set stays, and nothing is left behind."""
    out = small_disk / "out"
    build(brief_file, out, ["pdf"])
    before = published(out)
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    (small_disk / "filler").write_bytes(b"\0" * max(free - 300_000, 0))  # room for a PDF, not for the DOCX's fonts
    with pytest.raises(OutputError) as refused:
        build(brief_file, out, ["pdf", "docx", "html"])
    assert str(refused.value) == f"{out}: cannot write the outputs of brief: No space left on device; the previous outputs are as they were"
    assert published(out) == before
    assert leftovers(out) == []


def test_a_failed_first_build_leaves_no_store(tmp_path: Path) -> None:
    """When writing the first set fails, no .brief folder is left behind."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.pdf").mkdir()  # a folder where the PDF's name should go
    with pytest.raises(OutputError, match=r"cannot write the outputs of brief: .*brief\.pdf is a folder"):
        publish(out, "brief", {"brief.pdf": b"%PDF", "brief.docx": b"PK"})
    assert sorted(path.name for path in out.iterdir()) == ["brief.pdf"]


def test_numbered_copies_a_rebuild_does_not_make_again_move_aside(tmp_path: Path) -> None:
    """Copies issued by one build move, byte for byte, into a dated folder when the next build makes none; the store is left clean."""
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL + "distribution: [Jane Roe, John Doe]\n")
    out = tmp_path / "out"
    issued = {copy.name: copy.read_bytes() for copy in build(path, out, ["pdf"], copies=True).outputs if "-copy-" in copy.name}
    assert sorted(issued) == ["brief-copy-01.pdf", "brief-copy-02.pdf"]
    path.write_text(MINIMAL.replace("Minimal brief", "Amended") + "distribution: [Jane Roe, John Doe]\n")
    build(path, out, ["pdf"])
    (aside,) = out.glob("brief-issued-*")
    assert {name: (aside / name).read_bytes() for name in issued} == issued
    assert not any((out / name).exists() for name in issued)
    build(path, out, ["pdf"], copies=True)  # a later build that makes copies again makes them in the set, as links
    assert all((out / name).is_symlink() for name in issued)
    assert leftovers(out) == []


def test_a_set_never_takes_over_another_sets_file(tmp_path: Path) -> None:
    """Publishing a name that is a link into another set's store is refused, and that set's file is left as it was."""
    publish(tmp_path, "a", {"a-copy-01.pdf": b"the copy issued to Jane Roe"})
    with pytest.raises(OutputError, match=r"a-copy-01\.pdf: is an output of a, not of a-copy-01"):
        publish(tmp_path, "a-copy-01", {"a-copy-01.pdf": b"another brief"})
    assert (tmp_path / "a-copy-01.pdf").read_bytes() == b"the copy issued to Jane Roe"

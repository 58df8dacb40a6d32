"""The issue register: every file a build issued stays provable, whatever was built later, and no manifest is believed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from brief.distribution import register
from brief.distribution.manifest import sha256
from brief.errors import OutputError
from tests.samples import MINIMAL

runner = CliRunner()
TWO = MINIMAL + "distribution: [Jane Roe, John Doe]\n"


def built(tmp_path: Path, text: str = TWO, **options: object) -> tuple[Path, Path]:
    """An input written in tmp_path and built into tmp_path/out (PDF only, for speed); the input and the folder."""
    path = tmp_path / "brief.yaml"
    path.write_text(text)
    build(path, tmp_path / "out", ["pdf"], **options)  # type: ignore[arg-type]
    return path, tmp_path / "out"


def lines(out: Path) -> list[dict[str, object]]:
    """The register's records, as written."""
    return [json.loads(line) for line in (out / register.NAME).read_text().splitlines()]


def verify(*arguments: str) -> tuple[int, str]:
    """`brief verify` run in-process: its exit code and everything it printed."""
    result = runner.invoke(app, ["verify", *arguments])
    return result.exit_code, result.output


def test_every_file_a_build_issues_is_recorded(tmp_path: Path) -> None:
    """One record per file issued (master and each copy) with its hash, copy, recipient, time and build; the manifest is not one."""
    _, out = built(tmp_path, copies=True)
    records = lines(out)
    assert [record["file"] for record in records] == ["brief.pdf", "brief-copy-01.pdf", "brief-copy-02.pdf"]
    assert all(record["sha256"] == sha256((out / str(record["file"])).read_bytes()) for record in records)
    assert [record["copy"]["recipient"] for record in records[1:]] == ["Jane Roe", "John Doe"]  # type: ignore[index]
    assert len({record["build"] for record in records}) == 1 and all(str(record["time"]).endswith("Z") for record in records)


def test_each_build_appends_and_chains(tmp_path: Path) -> None:
    """A second build adds records after the first's, each naming the line before it, and never rewrites the first's."""
    path, out = built(tmp_path)
    first = (out / register.NAME).read_bytes()
    path.write_text(TWO.replace("Minimal brief", "Minimal brief, corrected"))
    build(path, out, ["pdf"])
    data = (out / register.NAME).read_bytes()
    assert data.startswith(first) and len(data.splitlines()) == 2
    read = register.read(out / register.NAME)
    assert read.faults == () and read.entries[1].record["previous"] == sha256(first.rstrip(b"\n"))


def test_a_rebuild_moves_earlier_copies_into_a_dated_folder_and_they_still_verify(tmp_path: Path) -> None:
    """After a rebuild to fix a typo, the earlier copies sit whole in a dated folder, the user is told, and verify finds them."""
    path, out = built(tmp_path, copies=True)
    issued = {name: (out / name).read_bytes() for name in ("brief-copy-01.pdf", "brief-copy-02.pdf")}
    path.write_text(TWO.replace("Minimal brief", "Minimal brief, typo fixed"))
    result = build(path, out, ["pdf"])
    (dated,) = [entry for entry in out.iterdir() if entry.name.startswith("brief-issued-")]
    assert {name: (dated / name).read_bytes() for name in issued} == issued
    assert not any((out / name).exists() for name in issued)  # no copy of the old issue beside the new PDF
    assert any("moved the 2 numbered copies" in note and str(dated) in note for note in result.notes)
    code, output = verify(str(dated / "brief-copy-02.pdf"))
    assert code == 0 and "copy 2 of 2, prepared for John Doe, of brief.yaml" in output and "unsigned" in output, output


def test_a_rebuild_with_the_same_copies_sets_nothing_aside(tmp_path: Path) -> None:
    """Rebuilding the same copies byte for byte is the same issue: no dated folder appears."""
    path, out = built(tmp_path, copies=True)
    build(path, out, ["pdf"], copies=True)
    assert not [entry for entry in out.iterdir() if entry.name.startswith("brief-issued-")]


def test_verify_ignores_a_lying_manifest(tmp_path: Path) -> None:
    """A hand-written manifest naming another recipient changes nothing: verify answers from the register, labelled unsigned."""
    _, out = built(tmp_path, copies=True)
    copy = out / "brief-copy-01.pdf"
    lie = {
        "input": {"file": "other.yaml"},
        "files": [
            {
                "file": copy.name,
                "format": "pdf",
                "sha256": sha256(copy.read_bytes()),
                "copy": {"number": 9, "of": 9, "recipient": "Mallory"},
            }
        ],
    }
    (out / "forged.manifest.json").write_text(json.dumps(lie))
    code, output = verify(str(copy))
    assert code == 0 and "prepared for Jane Roe" in output and "Mallory" not in output and "unsigned" in output


def test_a_manifest_alone_proves_nothing(tmp_path: Path) -> None:
    """A genuine PDF sent with a forged manifest and no register is not vouched for: exit 1, saying no register was found."""
    _, out = built(tmp_path, copies=True)
    elsewhere = tmp_path / "received"
    elsewhere.mkdir()
    (elsewhere / "brief-copy-01.pdf").write_bytes((out / "brief-copy-01.pdf").read_bytes())
    (elsewhere / "brief.manifest.json").write_bytes((out / "brief.manifest.json").read_bytes())
    code, output = verify(str(elsewhere / "brief-copy-01.pdf"))
    assert code == 1 and "no issue register found" in output


def test_verify_reads_a_register_named_on_the_command_line(tmp_path: Path) -> None:
    """A copy received elsewhere is found in the office's register given with --register."""
    _, out = built(tmp_path, copies=True)
    received = tmp_path / "received.pdf"
    received.write_bytes((out / "brief-copy-02.pdf").read_bytes())
    code, output = verify(str(received), "--register", str(out / register.NAME))
    assert code == 0 and "prepared for John Doe" in output


def test_verify_says_a_changed_file_changed(tmp_path: Path) -> None:
    """A copy changed by one byte is refused, naming the record of the file it was and both hashes."""
    _, out = built(tmp_path, copies=True)
    data = bytearray((out / "brief-copy-01.pdf").read_bytes())
    data[-20] ^= 1
    changed = out / "changed" / "brief-copy-01.pdf"
    changed.parent.mkdir()
    changed.write_bytes(bytes(data))
    code, output = verify(str(changed))
    assert code == 1 and "changed since it was issued" in output and "line 2" in output


def test_the_manifest_option_is_refused_with_the_reason(tmp_path: Path) -> None:
    """--manifest is a usage error that says why: a manifest proves nothing."""
    _, out = built(tmp_path)
    result = runner.invoke(app, ["verify", str(out / "brief.pdf"), "--manifest", str(out / "brief.manifest.json")])
    assert result.exit_code == 2 and "proves nothing" in result.output


def test_a_removed_record_shows_as_a_break(tmp_path: Path) -> None:
    """Taking a record out of the middle of the register is reported as a break in the chain, with its line."""
    _, out = built(tmp_path, copies=True)
    kept = (out / register.NAME).read_text().splitlines()
    (out / register.NAME).write_text(kept[0] + "\n" + kept[2] + "\n")
    code, output = verify(str(out / "brief-copy-02.pdf"))
    assert code == 0 and "line 2 does not follow the line before it" in output


def test_issued_lists_builds_files_and_recipients(tmp_path: Path) -> None:
    """`brief issued FOLDER` lists each build with its time and brief, then each file with its copy and recipient."""
    path, out = built(tmp_path, copies=True)
    path.write_text(TWO.replace("Minimal brief", "Corrected"))
    build(path, out, ["pdf"])
    result = runner.invoke(app, ["issued", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("brief.yaml") == 2 and "brief-copy-02.pdf  copy 2 of 2, John Doe" in result.output


def test_issued_says_when_nothing_was_issued(tmp_path: Path) -> None:
    """An output folder without a register says nothing was issued, and exits 0."""
    result = runner.invoke(app, ["issued", str(tmp_path)])
    assert result.exit_code == 0 and "nothing issued" in result.output


def test_a_register_that_is_a_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    """A register.jsonl planted as a link (say, to a file of the user's) is never written through: the build fails, the target is as it was."""
    canary = tmp_path / "canary.txt"
    canary.write_text("untouched")
    (tmp_path / "out").mkdir()
    os.symlink(canary, tmp_path / "out" / register.NAME)
    with pytest.raises(OutputError, match="issue register"):
        built(tmp_path)
    assert canary.read_text() == "untouched"


@pytest.mark.timeout(60)
def test_a_register_that_is_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    """A FIFO planted as the register cannot hang a build: it is refused as not a regular file."""
    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / register.NAME)
    with pytest.raises(OutputError, match="not a regular file"):
        built(tmp_path)


def test_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    """A line that is not JSON, or not a record, is reported with its line; the records around it still verify."""
    _, out = built(tmp_path, copies=True)
    text = (out / register.NAME).read_text().splitlines()
    (out / register.NAME).write_text("\n".join([text[0], "not json", '{"file": 3}', *text[1:]]) + "\n")
    read = register.read(out / register.NAME)
    assert len(read.entries) == 3
    assert any(":2: " in fault or "line 2 is not JSON" in fault for fault in read.faults)
    assert any("line 3 is not a record" in fault for fault in read.faults)


def test_a_build_killed_after_registering_leaves_every_published_copy_recorded(tmp_path: Path) -> None:
    """Killed between the register and the switch: the old set stays current and every file published is in the register."""
    path, out = built(tmp_path, copies=True)
    old = (out / "brief.manifest.json").read_bytes()
    path.write_text(TWO.replace("Minimal brief", "Fixed"))
    environment = os.environ | {"BRIEF_FAULT_AT": "registered"}
    command = [sys.executable, "-m", "brief", "build", str(path), "--out", str(out), "--format", "pdf", "--copies"]
    assert subprocess.run(command, env=environment, capture_output=True).returncode == -9
    assert (out / "brief.manifest.json").read_bytes() == old
    listed = {entry.record["sha256"] for entry in register.read(out / register.NAME).entries}
    assert {sha256(file.read_bytes()) for file in out.glob("brief*.pdf")} <= listed


def test_a_build_killed_after_setting_copies_aside_loses_nothing(tmp_path: Path) -> None:
    """Killed right after the dated folder is made: the old set is whole, and the next build reuses that folder rather than making another."""
    path, out = built(tmp_path, copies=True)
    old = (out / "brief.manifest.json").read_bytes()
    path.write_text(TWO.replace("Minimal brief", "Fixed"))
    environment = os.environ | {"BRIEF_FAULT_AT": "set aside"}
    command = [sys.executable, "-m", "brief", "build", str(path), "--out", str(out), "--format", "pdf"]
    assert subprocess.run(command, env=environment, capture_output=True).returncode == -9
    assert (out / "brief-copy-01.pdf").exists() and (out / "brief.manifest.json").read_bytes() == old
    build(path, out, ["pdf"])
    assert len([entry for entry in out.iterdir() if entry.name.startswith("brief-issued-")]) == 1

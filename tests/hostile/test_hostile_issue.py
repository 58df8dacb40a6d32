"""Hostile cases against issued copies: forged records, planted registers and stores, changed signed PDFs, secrets, kills."""

from __future__ import annotations

import base64
import csv
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from asn1crypto import cms  # type: ignore[import-untyped]
from pypdf import PdfWriter
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from brief.distribution import register
from brief.distribution.manifest import sha256
from brief.errors import OutputError
from brief.write.output import STEPS
from tests.hostile.harness import Scene, every_byte, make_fifo
from tests.pki import P12_PASSWORD, party, pki
from tests.samples import MINIMAL

runner = CliRunner()
TWO = MINIMAL + "distribution: [Jane Roe, John Doe]\n"
ENV = {"BRIEF_SIGN_PASSWORD": P12_PASSWORD}


def brief(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """A brief command run in-process: its exit code and all it printed (stdout and stderr); never a traceback."""
    result = runner.invoke(app, list(arguments), env=env if env is not None else ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The office's key and CA, a stranger's key, and a brief built signed with two numbered copies into out/."""
    root = tmp_path_factory.mktemp("office")
    files = {"key": root / "office.p12", "ca": root / "ca.pem", "stranger": root / "stranger.p12", "input": root / "brief.yaml"}
    files["key"].write_bytes(pki().office.p12(chain=(pki().root.certificate,)))
    files["ca"].write_bytes(pki().root.pem)
    files["stranger"].write_bytes(pki().stranger.p12())
    files["input"].write_text(TWO)
    out = root / "out"
    code, output = brief("build", str(files["input"]), "--out", str(out), "--format", "pdf", "--copies", "--sign-key", str(files["key"]))
    assert code == 0, output
    return files | {"out": out}


def lines_of(out: Path) -> list[dict[str, object]]:
    """The register's records as written, signatures included."""
    return [json.loads(line) for line in (out / register.NAME).read_text().splitlines()]


def planted(folder: Path, name: str, data: bytes, records: list[dict[str, object]]) -> Path:
    """A file `name` with `data` in `folder`, beside a register holding `records` (one a line, as written); the file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    (folder / register.NAME).write_text("".join(json.dumps(record) + "\n" for record in records))
    return folder / name


def fake(data: bytes, **fields: object) -> dict[str, object]:
    """A record of `data` written by hand, as anyone could, with `fields` over the usual ones."""
    record = {"brief": "b.yaml", "file": "b.pdf", "format": "pdf", "sha256": sha256(data), "time": "2026-01-01T00:00:00Z"}
    return record | {"build": "x", "copy": None, "previous": None} | fields


def test_a_real_signature_on_a_forged_record_vouches_for_nothing(office: dict[str, Path], tmp_path: Path) -> None:
    """A genuine signed record with its file and recipient changed keeps its signature: without --trust it is not 'signed by the office'."""
    forged = b"%PDF-1.7\n% Mallory's own file\n"
    record = lines_of(office["out"])[1] | {"sha256": sha256(forged), "previous": None}
    record["copy"] = {"number": 1, "of": 2, "recipient": "Mallory"}
    file = planted(tmp_path / "forged", "brief-copy-01.pdf", forged, [record])
    for trust in ([], ["--trust", str(office["ca"])]):
        code, output = brief("verify", str(file), *trust)
        assert code == 1 and "Mallory" not in output and "its signature does not hold" in output, output


def test_a_record_whose_signature_cannot_be_checked_vouches_for_nothing(office: dict[str, Path], tmp_path: Path) -> None:
    """A `signature` that is not CMS, or CMS naming a digest no library knows: not 'signed by' anyone, vouches for nothing."""
    data = b"%PDF-1.7\n% not a brief\n"
    signed = cms.ContentInfo.load(base64.b64decode(str(lines_of(office["out"])[0]["signature"])))
    signed["content"]["signer_infos"][0]["digest_algorithm"] = {"algorithm": "2.16.1.2.3"}
    for signature in ("MAMCAQE=", base64.b64encode(signed.dump(force=True)).decode()):
        code, output = brief("verify", str(planted(tmp_path, "b.pdf", data, [fake(data, signature=signature)])))
        assert code == 1 and "signed by ," not in output and "does not hold" in output


def test_a_record_signed_by_a_key_the_office_does_not_trust_is_refused(office: dict[str, Path], tmp_path: Path) -> None:
    """A stranger's signed build and register: --trust refuses both the record and the PDF, naming the stranger."""
    out = tmp_path / "out"
    arguments = ["build", str(office["input"]), "--out", str(out), "--format", "pdf", "--sign-key", str(office["stranger"])]
    assert brief(*arguments)[0] == 0
    code, output = brief("verify", str(out / "brief.pdf"), "--trust", str(office["ca"]))
    assert code == 1 and "Stranger" in output and "chain to a trusted certificate" in output


def test_a_signed_copy_changed_or_crafted_after_signing_is_refused(office: dict[str, Path], tmp_path: Path) -> None:
    """An update appended after the signature, or a /ByteRange crafted to trip the parser: refused with or without --trust, no traceback."""
    writer = PdfWriter(office["out"] / "brief-copy-01.pdf", incremental=True)
    writer.add_attachment("evil.yaml", b"title: evil\n")
    writer.write(tmp_path / "brief-copy-01.pdf")
    data = (office["out"] / "brief-copy-01.pdf").read_bytes()
    start = data.rindex(b"/ByteRange [") + 12
    (tmp_path / "crafted.pdf").write_bytes(data[:start] + b"0 /Sig 1 2 " + data[start + 11 :])
    for name, trust in itertools.product(["brief-copy-01.pdf", "crafted.pdf"], [[], ["--trust", str(office["ca"])]]):
        code, output = brief("verify", str(tmp_path / name), "--register", str(office["out"] / register.NAME), *trust)
        assert code == 1 and ("changed after it was signed" in output or name == "crafted.pdf")


def test_a_valid_record_of_another_file_does_not_vouch(office: dict[str, Path], tmp_path: Path) -> None:
    """Copy 1 beside a register holding only copy 2's genuine signed record: refused, and John Doe's copy is not claimed."""
    copy = office["out"].joinpath("brief-copy-01.pdf").read_bytes()
    file = planted(tmp_path, "brief-copy-01.pdf", copy, [lines_of(office["out"])[2] | {"previous": None}])
    code, output = brief("verify", str(file))
    assert code == 1 and "prepared for John Doe" not in output


def test_a_chain_break_and_a_duplicate_record_are_reported(office: dict[str, Path], tmp_path: Path) -> None:
    """A genuine record copied to the end of the register: the break is a warning, the copy still verifies from its signed record."""
    folder = tmp_path / "out"
    shutil.copytree(office["out"], folder, symlinks=True)
    lines = (folder / register.NAME).read_text().splitlines()
    (folder / register.NAME).write_text("\n".join([*lines, lines[1]]) + "\n")
    code, output = brief("verify", str(folder / "brief-copy-01.pdf"), "--trust", str(office["ca"]))
    assert code == 0 and "does not follow the line before it" in output and "issued 2 times" in output


def test_a_forged_record_placed_first_does_not_speak_for_a_signed_copy(office: dict[str, Path], tmp_path: Path) -> None:
    """An unsigned record for a genuine copy, naming Mallory, put first: --trust names the signed record's recipient and line."""
    folder = tmp_path / "out"
    shutil.copytree(office["out"], folder, symlinks=True)
    forged = {key: value for key, value in lines_of(office["out"])[1].items() if key != "signature"}
    forged["copy"] = {"number": 1, "of": 2, "recipient": "Mallory"}
    (folder / register.NAME).write_text(json.dumps(forged) + "\n" + (office["out"] / register.NAME).read_text())
    code, output = brief("verify", str(folder / "brief-copy-01.pdf"), "--trust", str(office["ca"]))
    assert code == 0 and "Mallory" not in output and "prepared for Jane Roe" in output and "line 3: signed by" in output


def test_escape_sequences_in_a_register_never_reach_the_terminal(tmp_path: Path) -> None:
    """A record whose recipient holds a newline and terminal escapes cannot add or hide lines in verify's or issued's verdict."""
    data = b"%PDF-1.7\n% planted\n"
    fake_name = "Jane\x1b[8m\n  register: line 9: signed by Analysis Office, trusted\u202e"
    record = fake(data, build="x\x1b]52;c;cm0gLXJmIH4=\x07", copy={"number": 1, "of": 1, "recipient": fake_name})
    file = planted(tmp_path, "b.pdf", data, [record])
    for arguments in (["verify", str(file)], ["issued", str(tmp_path)]):
        code, output = brief(*arguments)
        assert code == 0 and "\x1b" not in output and "\u202e" not in output and "\x07" not in output
        assert not any(line.startswith("  register: line 9") for line in output.splitlines())


def test_a_planted_store_linking_outside_is_never_set_aside(scene: Scene) -> None:
    """A store that came with the folder, its copy and manifest links to the user's secret: nothing outside is linked into a dated folder."""
    version = scene.out / ".brief" / "brief" / "v-0123456789abcdef"
    version.mkdir(parents=True)
    os.symlink(version.name, version.parent / "current")
    for name in ("brief-copy-01.pdf", "brief.manifest.json"):
        os.symlink(scene.canary, version / name)
    path = scene.input(text=TWO)
    before = {key: value for key, value in scene.snapshot().items() if not key.startswith("out")}
    build(path, scene.out, ["pdf"], copies=True)
    assert not list(scene.out.glob("brief-issued-*"))
    outside = [entry for entry in scene.out.rglob("*") if not entry.resolve().is_relative_to(scene.out.resolve())]
    assert outside == [] and {key: value for key, value in scene.snapshot().items() if not key.startswith("out")} == before


def endless(path: Path, size: int = 1024**3) -> None:
    """A sparse file of `size` bytes at `path`: one line that never ends."""
    with path.open("wb") as stream:
        stream.truncate(size)


def test_a_huge_planted_copy_is_set_aside_without_being_read(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4 GB sparse file planted as a plain numbered copy is compared by size, never read whole, and kept in a dated folder."""
    scene.out.mkdir()
    endless(scene.out / "brief-copy-01.pdf", 4 * 1024**3)
    reading = Path.read_bytes  # read whole, a file larger than any output fails the test
    monkeypatch.setattr(Path, "read_bytes", lambda path: pytest.fail(str(path)) if path.stat().st_size > 2**26 else reading(path))
    result = build(scene.input(text=TWO), scene.out, ["pdf"], copies=True)
    assert any("moved the 1 numbered copy" in note for note in result.notes)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["link", "fifo", "folder", "endless line"])
def test_a_planted_register_fails_the_build_before_anything_is_published(scene: Scene, kind: str) -> None:
    """A register that is a link, a FIFO, a folder or one endless line: the build stops before publishing; the canary is untouched."""
    scene.out.mkdir()
    path = scene.out / register.NAME
    plant: dict[str, Callable[[], object]] = {"link": lambda: os.symlink(scene.canary, path), "fifo": lambda: make_fifo(path)}
    plant |= {"folder": path.mkdir, "endless line": lambda: endless(path)}
    plant[kind]()
    brief_input = scene.input(text=TWO)
    before = scene.snapshot()
    with pytest.raises(OutputError, match="issue register"):
        build(brief_input, scene.out, ["pdf"], copies=True)
    assert sorted(entry.name for entry in scene.out.iterdir()) == [register.NAME] and scene.snapshot() == before


@pytest.mark.timeout(60)
def test_verify_refuses_fifos_and_links_it_is_given_without_hanging_or_leaking(office: dict[str, Path], scene: Scene) -> None:
    """A FIFO as the file, the register or the trust file, and a planted register linking to the secret: exit 1, nothing of the secret said."""
    fifo = make_fifo(scene.work / "pipe")
    copy = office["out"] / "brief-copy-01.pdf"
    for arguments in ([str(fifo)], [str(copy), "--register", str(fifo)], [str(copy), "--trust", str(fifo)]):
        code, output = brief("verify", *arguments)
        assert code == 1 and "FIFO" in output, output
    os.symlink(scene.canary, scene.work / register.NAME)
    shutil.copy(copy, scene.work / "brief-copy-01.pdf")
    code, output = brief("verify", str(scene.work / "brief-copy-01.pdf"))
    assert code == 1 and scene.secret not in output


@pytest.mark.timeout(60)
def test_a_planted_fifo_register_hides_nothing_from_issued(office: dict[str, Path], tmp_path: Path) -> None:
    """`brief issued` on a folder where one register below is a FIFO: the real one is still listed, the FIFO named, exit 1."""
    shutil.copytree(office["out"], tmp_path / "out", symlinks=True)
    (tmp_path / "out" / "sub").mkdir()
    make_fifo(tmp_path / "out" / "sub" / register.NAME)
    code, output = brief("issued", str(tmp_path / "out"))
    assert code == 1 and "brief-copy-02.pdf  copy 2 of 2, John Doe" in output and "FIFO" in output


def test_a_register_that_is_not_utf8_or_not_json_is_reported_by_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, deep nesting and an enormous number: each is a numbered warning, not a crash."""
    data = b"%PDF-1.7\n%\n"
    (tmp_path / "b.pdf").write_bytes(data)
    (tmp_path / register.NAME).write_bytes(b"\xff\xfe\x00bad\n" + b"[" * 100_000 + b"\n" + b'{"copy": 1' + b"9" * 5000 + b"}\n")
    code, output = brief("verify", str(tmp_path / "b.pdf"))
    assert code == 1 and "line 1 is not JSON" in output and "and 0 more" not in output


def people(scene: Scene, password: str = "") -> list[str]:
    """The arguments of an encrypted build of two copies, the first with `password` (else none given); input and CSV written."""
    listed = scene.work / "people.csv"
    listed.write_text(f"name,password\nJane Roe,{password}\nJohn Doe,\n")
    path = str(scene.input(text=TWO))
    return ["build", path, "--out", str(scene.out), "--format", "pdf", "--copies", "--recipients", str(listed), "--encrypt"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["link to the secret", "fifo", "inside the output through a linked folder"])
def test_a_hostile_secrets_file_is_refused_before_anything_is_issued(scene: Scene, kind: str) -> None:
    """A secrets path that is a link, a FIFO, or leads into the output folder through a link: refused, nothing published, canary untouched."""
    secrets = scene.work / "secrets.csv"
    if kind == "link to the secret":
        os.symlink(scene.canary, secrets)
    elif kind == "fifo":
        make_fifo(secrets)
    else:
        scene.out.mkdir()
        os.symlink(scene.out, scene.work / "private")
        secrets = scene.work / "private" / "secrets.csv"
    arguments = people(scene)
    before = scene.snapshot()
    code, output = brief(*arguments, "--secrets", str(secrets), env={})
    assert code in (1, 2) and str(secrets.name) in output
    assert not (scene.out / "brief-copy-01.pdf").exists() and scene.snapshot() == before


def test_an_encrypted_copys_password_leaks_nowhere(scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A given password and a generated one appear in no message, register, manifest, store, carried input or build record."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    given = f"pw-{scene.secret}"
    secrets = scene.root / "private" / "secrets.csv"
    secrets.parent.mkdir()
    code, output = brief(*people(scene, given), "--secrets", str(secrets), env={})
    assert code == 0, output
    generated = next(csv.DictReader(secrets.read_text().splitlines()))["password"]
    places = [(str(path), data) for path in scene.out.rglob("*") if path.is_file() for data in every_byte(path)]
    places += [("messages", output.encode())]
    places += [(str(path), path.name.encode()) for path in (tmp_path / "cache").rglob("*")]
    for password in (given, generated, scene.secret):
        assert not [where for where, data in places if password.encode() in data]


def test_the_build_key_is_no_oracle_for_a_recipients_password(scene: Scene) -> None:
    """Two builds whose recipients files differ only in one password write the same build key: the key says nothing of the password."""
    keys = []
    for number, password in enumerate(("guess-one", "guess-two")):
        listed = scene.work / f"people-{number}.csv"
        listed.write_text(f"name,password\nJane Roe,{password}\n")
        out = scene.root / f"out-{number}"
        arguments = ["build", str(scene.input(text=TWO)), "--out", str(out), "--format", "pdf", "--copies", "--recipients", str(listed)]
        assert brief(*arguments, "--encrypt", env={})[0] == 0
        keys.append({str(record["build_key"]) for record in lines_of(out)})
    assert keys[0] == keys[1]


@pytest.mark.parametrize(("name", "fault"), [("a" * 300 + ".yaml", "too long"), ("x/" + "b" * 250 + "/" + "c" * 220 + ".yaml", "too long")])
def test_a_carried_name_too_long_to_write_is_refused_before_anything_is_written(tmp_path: Path, name: str, fault: str) -> None:
    """A PDF carrying a name no file system holds: refused with its reason, and DIR gains nothing (not even the input)."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    for carried in ("brief.yaml", name):
        writer.add_attachment(carried, b"title: x\n")
    writer.write(tmp_path / "in.pdf")
    code, output = brief("extract", str(tmp_path / "in.pdf"), "--all", str(tmp_path / "dir"))
    assert code == 1 and fault in output and not list((tmp_path / "dir").rglob("*") if (tmp_path / "dir").exists() else [])


def test_a_recipients_certificate_linking_outside_its_folder_is_refused(scene: Scene) -> None:
    """A recipients CSV whose certificate column names a link to the secret: refused at its row, nothing issued, the secret unsaid."""
    os.symlink(scene.canary, scene.work / "jane.pem")
    listed = scene.work / "people.csv"
    listed.write_text("name,certificate\nJane Roe,jane.pem\nJohn Doe,../outside/secret.txt\n")
    arguments = ["build", str(scene.input(text=TWO)), "--out", str(scene.out), "--format", "pdf", "--copies", "--recipients", str(listed)]
    code, output = brief(*arguments, "--encrypt", env={})
    assert code == 1 and "row 2" in output and "row 3" in output and scene.secret not in output and not scene.out.exists()


def test_a_projects_trust_and_sign_key_linking_outside_are_refused(office: dict[str, Path], scene: Scene) -> None:
    """A brief.toml whose trust and sign_key are links out of the project: refused at their lines, nothing signed or trusted."""
    os.symlink(office["ca"], scene.work / "ca.pem")
    os.symlink(office["key"], scene.work / "key.p12")
    (scene.work / "brief.toml").write_text('trust = "ca.pem"\nsign_key = "key.p12"\n')
    code, output = brief("verify", str(office["out"] / "brief.pdf"))
    assert code != 0 and "brief.toml:1" in output and "trusted" not in output.replace("not trusted", "")
    code, output = brief("build", str(scene.input(text=TWO)), "--out", str(scene.out), "--format", "pdf")
    assert code != 0 and "brief.toml:2" in output and not scene.out.exists()


@pytest.fixture(scope="module")
def first_issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief built with two numbered copies, to copy for each killed rebuild."""
    root = tmp_path_factory.mktemp("issue")
    (root / "brief.yaml").write_text(TWO)
    build(root / "brief.yaml", root / "out", ["pdf"], copies=True)
    return root


def issued_copies(out: Path) -> list[Path]:
    """Every numbered copy in the folder or its dated folders, followed through the set's links."""
    return [path for path in out.rglob("brief-copy-*.pdf") if ".brief" not in path.relative_to(out).parts and path.exists()]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("step", [step for step in STEPS if not step.startswith("adopt")])  # adopting: only a folder from before the store
def test_a_rebuild_killed_at_any_step_loses_no_issued_copy(first_issue: Path, tmp_path: Path, step: str) -> None:
    """Killed at each step of publishing a changed issue, then rebuilt: every copy of the first issue is still there and verifies."""
    shutil.copytree(first_issue, tmp_path, symlinks=True, dirs_exist_ok=True)
    out, path = tmp_path / "out", tmp_path / "brief.yaml"
    first = {sha256(copy.read_bytes()) for copy in issued_copies(out)}
    path.write_text(TWO.replace("Minimal brief", "Corrected brief"))
    command = [sys.executable, "-m", "brief", "build", str(path), "--out", str(out), "--format", "pdf", "--copies"]
    killed = subprocess.run(command, env=os.environ | {"BRIEF_FAULT_AT": step}, capture_output=True, timeout=110)
    assert killed.returncode == -9, killed.stderr
    assert first <= {sha256(copy.read_bytes()) for copy in issued_copies(out)}
    build(path, out, ["pdf"], copies=True)
    kept = {sha256(copy.read_bytes()): copy for copy in issued_copies(out)}
    assert first <= set(kept) and all(brief("verify", str(kept[digest]))[0] == 0 for digest in first)


def killed_append(*arguments: object) -> Path:
    """The register's append, killed before it writes."""
    raise KeyboardInterrupt


def test_a_build_killed_between_publishing_and_registering_leaves_no_unrecorded_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill just before the register is appended (simulated) leaves no published copy that the register does not list."""
    (tmp_path / "brief.yaml").write_text(TWO)
    monkeypatch.setattr(register, "append", killed_append)
    with pytest.raises(KeyboardInterrupt):
        build(tmp_path / "brief.yaml", tmp_path / "out", ["pdf"], copies=True)
    monkeypatch.undo()
    published = [path for path in (tmp_path / "out").glob("brief-copy-*.pdf") if path.exists()]
    listed = {record["sha256"] for record in lines_of(tmp_path / "out")} if (tmp_path / "out" / register.NAME).exists() else set()
    assert {sha256(path.read_bytes()) for path in published} <= listed


def test_a_signers_name_holding_escape_sequences_never_reaches_the_terminal(office: dict[str, Path], tmp_path: Path) -> None:
    """A build signed by a certificate whose name holds escapes and a newline: verify and issued show them as codes."""
    (tmp_path / "odd.p12").write_bytes(party("Office\x1b[2K\r\n  signature: forged", "Elsewhere", pki().other_root).p12())
    out = tmp_path / "out"
    assert brief("build", str(office["input"]), "--out", str(out), "--format", "pdf", "--sign-key", str(tmp_path / "odd.p12"))[0] == 0
    for arguments in (["verify", str(out / "brief.pdf")], ["verify", str(out / "brief.pdf"), "--trust", str(office["ca"])]):
        output = brief(*arguments)[1]
        assert "\x1b" not in output and "\r" not in output and "\n  signature: forged" not in output, output
    assert "\x1b" not in brief("issued", str(out))[1]

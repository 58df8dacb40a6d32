"""Issuing signed and encrypted copies end to end: `brief build --sign-key/--encrypt`, then `brief verify --trust`."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from brief.cli import app
from brief.distribution import register
from brief.distribution.manifest import sha256
from tests.pki import P12_PASSWORD, pki
from tests.samples import MINIMAL

runner = CliRunner()
TWO = MINIMAL + "distribution: [Jane Roe, John Doe]\n"
ENV = {"BRIEF_SIGN_PASSWORD": P12_PASSWORD}


def office(tmp_path: Path) -> dict[str, Path]:
    """The office's key, its CA's certificate, a stranger's key, and an input, written in tmp_path/keys."""
    keys = tmp_path / "keys"
    keys.mkdir(exist_ok=True)
    files = {"key": keys / "office.p12", "ca": keys / "ca.pem", "stranger": keys / "stranger.p12", "input": tmp_path / "brief.yaml"}
    files["key"].write_bytes(pki().office.p12(chain=(pki().root.certificate,)))
    files["ca"].write_bytes(pki().root.pem)
    files["stranger"].write_bytes(pki().stranger.p12())
    files["input"].write_text(TWO)
    return files


def brief(*arguments: str, env: dict[str, str] = ENV) -> tuple[int, str]:
    """A brief command run in-process with the office's password in the environment: exit code and output."""
    result = runner.invoke(app, list(arguments), env=env)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A brief built signed, with numbered copies, into out/."""
    files = office(tmp_path_factory.mktemp("signed"))
    code, output = brief(
        "build",
        str(files["input"]),
        "--out",
        str(files["input"].parent / "out"),
        "--format",
        "pdf",
        "--copies",
        "--sign-key",
        str(files["key"]),
    )
    assert code == 0, output
    return files | {"out": files["input"].parent / "out"}


def test_every_pdf_issued_is_signed_and_verifies_as_trusted(signed: dict[str, Path]) -> None:
    """The master and each copy carry the office's signature; verify with the office's CA names the signer, the time and the copy."""
    for name in ("brief.pdf", "brief-copy-01.pdf", "brief-copy-02.pdf"):
        code, output = brief("verify", str(signed["out"] / name), "--trust", str(signed["ca"]))
        assert code == 0, output
        assert "signature: signed by Analysis Office, Test Office at " in output and output.count("trusted") == 2
    code, output = brief("verify", str(signed["out"] / "brief-copy-02.pdf"), "--trust", str(signed["ca"]))
    assert "copy 2 of 2, prepared for John Doe" in output and " UTC" in output


def test_register_records_are_signed(signed: dict[str, Path]) -> None:
    """Each record of a signed build carries a signature and names its signer."""
    records = [json.loads(line) for line in (signed["out"] / register.NAME).read_text().splitlines()]
    assert records and all(record.get("signature") and record.get("signed_by") for record in records)


def test_a_forged_unsigned_record_is_refused_where_the_office_signs(signed: dict[str, Path], tmp_path: Path) -> None:
    """An unsigned PDF with a hand-written register record: labelled unsigned without --trust, refused with it."""
    out = tmp_path / "forged"
    code, output = brief("build", str(signed["input"]), "--out", str(out), "--format", "pdf", env={})
    assert code == 0, output
    code, output = brief("verify", str(out / "brief.pdf"))
    assert code == 0 and "unsigned" in output
    code, output = brief("verify", str(out / "brief.pdf"), "--trust", str(signed["ca"]))
    assert code == 1 and "only a trusted signature vouches" in output


def test_a_changed_signed_file_is_refused(signed: dict[str, Path], tmp_path: Path) -> None:
    """A signed copy with one byte changed inside what the signature covers is refused, whatever the register says."""
    data = bytearray((signed["out"] / "brief-copy-01.pdf").read_bytes())
    data[len(data) // 3] ^= 0x01
    changed = tmp_path / "brief-copy-01.pdf"
    changed.write_bytes(bytes(data))
    code, output = brief("verify", str(changed), "--register", str(signed["out"] / register.NAME), "--trust", str(signed["ca"]))
    assert code == 1 and "changed after it was signed by Analysis Office" in output


def test_a_stranger_signature_is_reported_untrusted(signed: dict[str, Path], tmp_path: Path) -> None:
    """A build signed with a key the office does not trust verifies as signed, but not trusted: exit 1 naming the signer."""
    out = tmp_path / "out"
    code, output = brief("build", str(signed["input"]), "--out", str(out), "--format", "pdf", "--sign-key", str(signed["stranger"]))
    assert code == 0, output
    code, output = brief("verify", str(out / "brief.pdf"), "--trust", str(signed["ca"]))
    assert code == 1 and "signed by Stranger, Elsewhere, whose certificate does not chain to a trusted certificate" in output


def test_a_wrong_password_is_a_clear_message(signed: dict[str, Path], tmp_path: Path) -> None:
    """A wrong BRIEF_SIGN_PASSWORD stops the build before anything is written, with a message and no traceback."""
    code, output = brief(
        "build",
        str(signed["input"]),
        "--out",
        str(tmp_path / "out"),
        "--sign-key",
        str(signed["key"]),
        env={"BRIEF_SIGN_PASSWORD": "wrong"},
    )
    assert code in (1, 2) and "office.p12" in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()


def recipients_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    """A recipients CSV with a header, in tmp_path."""
    path = tmp_path / "recipients.csv"
    with path.open("w", newline="") as stream:
        csv.writer(stream).writerows([["name", "organisation", "password", "certificate"], *rows])
    return path


def test_each_encrypted_copy_opens_with_its_own_password_only(signed: dict[str, Path], tmp_path: Path) -> None:
    """A given password and a generated one each open their own copy only; the generated one is in the secrets file, owner-only, and nowhere in the outputs."""
    listed = recipients_file(tmp_path, [["Jane Roe", "Cabinet Office", "jane-s3cret-pass", ""], ["John Doe", "Treasury", "", ""]])
    out, secrets = tmp_path / "out", tmp_path / "private" / "passwords.csv"
    secrets.parent.mkdir()
    arguments = ["build", str(signed["input"]), "--out", str(out), "--format", "pdf", "--copies", "--recipients", str(listed)]
    code, output = brief(*arguments, "--encrypt", "--secrets", str(secrets), env={})
    assert code == 0, output
    (row,) = list(csv.DictReader(secrets.read_text().splitlines()))
    assert row["file"] == "brief-copy-02.pdf" and row["recipient"].startswith("John Doe") and stat.S_IMODE(secrets.stat().st_mode) == 0o600
    passwords = {"brief-copy-01.pdf": "jane-s3cret-pass", "brief-copy-02.pdf": row["password"]}
    for name, password in passwords.items():
        with pikepdf.open(out / name, password=password) as pdf:
            assert pdf.is_encrypted and pdf.allow.print_highres and not pdf.allow.extract
        other = next(value for key, value in passwords.items() if key != name)
        with pytest.raises(pikepdf.PasswordError):
            pikepdf.open(out / name, password=other)
    everything = b"".join(path.read_bytes() for path in out.rglob("*") if path.is_file())
    assert b"jane-s3cret-pass" not in everything and row["password"].encode() not in everything


def test_encrypted_copies_are_recorded_and_verify(signed: dict[str, Path], tmp_path: Path) -> None:
    """The register says a copy is encrypted (never with what), and verify finds an encrypted copy by its bytes."""
    listed = recipients_file(tmp_path, [["Jane Roe", "", "pass-one-two-three", ""]])
    out = tmp_path / "out"
    code, output = brief(
        "build", str(signed["input"]), "--out", str(out), "--format", "pdf", "--copies", "--recipients", str(listed), "--encrypt"
    )
    assert code == 0, output
    records = [json.loads(line) for line in (out / register.NAME).read_text().splitlines()]
    assert records[-1]["encrypted"] == "password" and "pass-one-two-three" not in (out / register.NAME).read_text()
    code, output = brief("verify", str(out / "brief-copy-01.pdf"))
    assert code == 0 and "copy 1 of 1" in output


def test_a_changed_password_is_never_skipped_as_up_to_date(signed: dict[str, Path], tmp_path: Path) -> None:
    """Rebuilding encrypted copies after only a password changed makes a copy that opens with the new password."""
    out = tmp_path / "out"
    for password in ("first-pass-phrase", "second-pass-phrase"):
        listed = recipients_file(tmp_path, [["Jane Roe", "", password, ""]])
        arguments = ["build", str(signed["input"]), "--out", str(out), "--format", "pdf", "--copies", "--recipients", str(listed)]
        assert brief(*arguments, "--encrypt", env={})[0] == 0
    with pikepdf.open(out / "brief-copy-01.pdf", password="second-pass-phrase") as pdf:
        assert pdf.is_encrypted


def test_encryption_without_a_place_for_generated_passwords_is_refused(signed: dict[str, Path], tmp_path: Path) -> None:
    """--encrypt for recipients with no password and no --secrets stops before anything is issued, saying what to add."""
    code, output = brief("build", str(signed["input"]), "--out", str(tmp_path / "out"), "--format", "pdf", "--copies", "--encrypt", env={})
    assert code == 2 and "--secrets FILE" in output
    assert not (tmp_path / "out" / "brief-copy-01.pdf").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--pdf-a"], "PDF/A forbids encryption"),
        (["--secrets", "{out}/passwords.csv"], "must not be among the outputs"),
        (["--allow", "print,edit"], "edit is not a permission"),
    ],
)
def test_impossible_encryption_requests_are_usage_errors(signed: dict[str, Path], tmp_path: Path, extra: list[str], message: str) -> None:
    """PDF/A with encryption, a secrets file among the outputs, an unknown permission: each a usage error saying why."""
    out = tmp_path / "out"
    arguments = ["build", str(signed["input"]), "--out", str(out), "--format", "pdf", "--copies", "--encrypt"]
    code, output = brief(*arguments, *[word.format(out=out) for word in extra], env={})
    assert code == 2 and message in output


def test_encrypt_needs_copies(signed: dict[str, Path], tmp_path: Path) -> None:
    """--encrypt without --copies is a usage error: only numbered copies are encrypted."""
    code, output = brief("build", str(signed["input"]), "--out", str(tmp_path / "out"), "--encrypt", env={})
    assert code == 2 and "add --copies" in output


def test_sign_key_in_brief_toml_signs(tmp_path: Path) -> None:
    """sign_key in the project's brief.toml signs the build, the password coming from the environment."""
    files = office(tmp_path)
    (tmp_path / "brief.toml").write_text('sign_key = "keys/office.p12"\ntrust = "keys/ca.pem"\n')
    code, output = brief("build", str(files["input"]), "--out", str(tmp_path / "out"), "--format", "pdf")
    assert code == 0, output
    records = [json.loads(line) for line in (tmp_path / "out" / register.NAME).read_text().splitlines()]
    assert records[0]["signed_by"] and records[0]["signature"]


def test_sign_key_outside_the_project_is_refused(tmp_path: Path) -> None:
    """A brief.toml naming a key outside its project (someone else's key) is refused at its line; nothing is signed with it."""
    project = tmp_path / "project"
    project.mkdir()
    files = office(tmp_path)
    (project / "brief.toml").write_text('output = "out"\nsign_key = "../keys/office.p12"\n')
    (project / "brief.yaml").write_text(TWO)
    code, output = brief("build", str(project / "brief.yaml"), "--format", "pdf")
    assert code != 0 and "brief.toml:2" in output and "outside the project" in output
    assert files["key"].exists() and not (project / "out").exists()


def test_the_template_set_sets_permissions_and_allow_overrides(signed: dict[str, Path], tmp_path: Path) -> None:
    """A set's `permissions` apply to encrypted copies when --allow is not given; --allow wins when it is."""
    assert brief("templates", "copy", "policy-brief", str(tmp_path / "open"), "--thin")[0] == 0
    metadata = tmp_path / "open" / "template.toml"
    metadata.write_text(metadata.read_text() + 'permissions = ["print", "copy"]\n')
    listed = recipients_file(tmp_path, [["Jane Roe", "", "pass-one-two-three", ""]])
    arguments = ["build", str(signed["input"]), "--format", "pdf", "--copies", "--recipients", str(listed), "--encrypt"]
    allowed = {}
    for name, extra in (("set", []), ("option", ["--allow", "none"])):
        code, output = brief(*arguments, "--template", str(tmp_path / "open"), "--out", str(tmp_path / name), *extra, env={})
        assert code == 0, output
        with pikepdf.open(tmp_path / name / "brief-copy-01.pdf", password="pass-one-two-three") as pdf:
            allowed[name] = (pdf.allow.print_highres, pdf.allow.extract)
    assert allowed == {"set": (True, True), "option": (False, False)}


def test_a_lying_manifest_is_refused_where_the_office_signs(signed: dict[str, Path], tmp_path: Path) -> None:
    """A genuine unsigned PDF sent with a manifest and a register record written by hand: --trust refuses both as proof."""
    out = tmp_path / "out"
    assert brief("build", str(signed["input"]), "--out", str(out), "--format", "pdf", env={})[0] == 0
    entry = {
        "file": "brief.pdf",
        "format": "pdf",
        "sha256": sha256((out / "brief.pdf").read_bytes()),
        "copy": {"number": 1, "of": 1, "recipient": "Mallory"},
    }
    (out / "brief.manifest.json").unlink()
    (out / "brief.manifest.json").write_text(json.dumps({"input": {"file": "brief.yaml"}, "files": [entry]}))
    code, output = brief("verify", str(out / "brief.pdf"), "--trust", str(signed["ca"]))
    assert code == 1 and "Mallory" not in output and "unsigned" in output

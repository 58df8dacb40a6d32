"""What every hostile test needs: a secret to steal, a network to reach, and a way to see whether either happened.

The "secret" is a canary file outside every folder brief may read, and a canary value in the
environment; the "network" is a listener on 127.0.0.1 that records every connection. After
an attempt, `Attempt.assert_nothing_leaked` looks at every byte brief wrote or said
(PDF streams inflated, every DOCX part, the HTML, the preview page, the messages), at every
file outside the output folder, and at the listener.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import stat
import threading
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from brief.cli import app
from brief.render.template_set import builtin_root
from brief.tools.preview import Preview
from tests.samples import MINIMAL

ENVIRONMENT_KEY = "BRIEF_HOSTILE_SECRET"
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


class Listener:
    """A TCP listener on 127.0.0.1 that counts whoever connects: the stand-in for the network."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """An address that would reach the listener."""
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.hits.append(connection.recv(4096) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@dataclass
class Scene:
    """A folder for one attack: the canary outside it, the secret in the environment, the listener."""

    root: Path
    listener: Listener
    secret: str = field(default_factory=lambda: f"CANARY-{uuid.uuid4().hex}")
    environment_secret: str = field(default_factory=lambda: f"ENVSECRET-{uuid.uuid4().hex}")

    def __post_init__(self) -> None:
        (self.root / "outside").mkdir(parents=True)
        self.canary.write_text(f"{self.secret}\n", encoding="utf-8")
        (self.root / "work").mkdir()

    @property
    def canary(self) -> Path:
        """The file an attacker wants to read."""
        return self.root / "outside" / "secret.txt"

    @property
    def work(self) -> Path:
        """Where the hostile input and set live."""
        return self.root / "work"

    @property
    def out(self) -> Path:
        """Where the build writes."""
        return self.root / "out"

    def template_set(self, name: str = "hostile") -> Path:
        """A whole copy of the policy-brief set to make hostile."""
        folder = self.work / name
        shutil.copytree(builtin_root() / "policy-brief", folder)
        metadata = folder / "template.toml"
        metadata.write_text(re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', metadata.read_text(encoding="utf-8")), encoding="utf-8")
        return folder

    def input(self, extra: str = "", text: str = MINIMAL, name: str = "brief.yaml") -> Path:
        """An input in the work folder."""
        path = self.work / name
        path.write_text(text + extra, encoding="utf-8")
        return path

    def snapshot(self) -> dict[str, str]:
        """Every entry under the scene's root but the output folder: its kind and, for a file, a hash of its bytes."""
        found = {}
        for path in sorted(self.root.rglob("*")):
            if path.is_relative_to(self.out) and path != self.out:
                continue
            found[str(path.relative_to(self.root))] = _fingerprint(path)
        return found


@dataclass
class Attempt:
    """What brief did with one hostile case: exit codes, messages, the files it wrote, the preview page."""

    scene: Scene
    build_code: int
    messages: str
    preview: bytes
    before: dict[str, str]

    def outputs(self) -> list[Path]:
        """The files the build wrote."""
        return sorted(path for path in self.scene.out.rglob("*") if path.is_file()) if self.scene.out.exists() else []

    def assert_nothing_leaked(self) -> None:
        """No canary and no environment secret anywhere brief wrote or said; nothing outside the output changed; no connection."""
        haystacks = [("messages", self.messages.encode()), ("preview page", self.preview)]
        haystacks += [(str(path), data) for path in self.outputs() for data in every_byte(path)]
        for secret in (self.scene.secret, self.scene.environment_secret):
            for where, data in haystacks:
                assert secret.encode() not in data, f"the secret leaked into {where}"
        outside_out = {key: value for key, value in self.scene.snapshot().items() if not key.startswith("out")}
        assert outside_out == {key: value for key, value in self.before.items() if not key.startswith("out")}
        assert self.scene.listener.hits == [], f"something reached the network: {self.scene.listener.hits[:3]}"
        assert b"internal error" not in self.preview, "the preview met an error brief does not expect"

    def assert_refused(self, pattern: str) -> None:
        """The build stopped with exit 1, wrote nothing, and the message matches `pattern` (it names the file)."""
        assert self.build_code == 1, self.messages
        assert re.search(pattern, self.messages), self.messages
        assert self.outputs() == []
        assert "Traceback" not in self.messages


def attempt(scene: Scene, input_path: Path, template: Path | None = None) -> Attempt:
    """Build `input_path` in PDF, DOCX and HTML with the set `template`, check both, and render the preview page."""
    before = scene.snapshot()
    runner = CliRunner()
    option = ["--template", str(template)] if template else []
    build = runner.invoke(app, ["build", str(input_path), "--out", str(scene.out), "--format", "pdf,docx,html", *option])
    check = runner.invoke(app, ["check", str(input_path), *option])
    messages = build.output + check.output
    if template is not None:
        messages += runner.invoke(app, ["templates", "check", str(template)]).output
    preview = Preview(input_path, str(template) if template else None)
    preview.rebuild()
    assert build.exception is None or isinstance(build.exception, SystemExit), build.exception
    return Attempt(scene, build.exit_code, messages, preview.build.page, before)


def every_byte(path: Path) -> Iterator[bytes]:
    """The file's bytes, and what they hide: each part of a DOCX, each inflated stream of a PDF."""
    data = path.read_bytes()
    yield data
    if data.startswith(b"PK"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield archive.read(name)
    for match in STREAM.finditer(data):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


def make_fifo(path: Path) -> Path:
    """A named pipe nobody writes to: reading it would hang a careless program for ever."""
    os.mkfifo(path)
    return path


def _fingerprint(path: Path) -> str:
    status = path.lstat()
    if stat.S_ISLNK(status.st_mode):
        return f"link to {os.readlink(path)}"
    if stat.S_ISREG(status.st_mode):
        return "file " + hashlib.sha256(path.read_bytes()).hexdigest()
    return f"mode {stat.S_IFMT(status.st_mode):o}"

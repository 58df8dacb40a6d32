"""The live preview, driven in a real headless browser: load, edit, break, fix, stop."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from brief.tools.preview import Preview
from tests.browser import CHROMIUM, Browser
from tests.samples import EXAMPLE

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed; .ci/run installs it")


@pytest.fixture
def brief_file(tmp_path: Path) -> Path:
    """A copy of the example brief (and its previous version) to edit."""
    shutil.copytree(EXAMPLE.parent / "archive", tmp_path / "archive")
    return Path(shutil.copy(EXAMPLE, tmp_path / "belarus.yaml"))


@pytest.fixture
def server(brief_file: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`brief serve` on a free port, without opening a browser; stopped with Ctrl-C at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", "serve", str(brief_file), "--port", "0", "--no-open"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    url = None
    for line in process.stdout:
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    assert url, "the server did not say where it listens"
    yield process, url
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    process.stdout.close()


@needs_chromium
def test_preview_follows_edits_in_a_real_browser(server: tuple[subprocess.Popen[str], str], brief_file: Path, tmp_path: Path) -> None:
    """The page shows the brief, picks up an edit by itself, shows a mistake with file and line, and recovers."""
    process, url = server
    browser = Browser(tmp_path / "chromium")
    try:
        browser.open(url)
        browser.wait_for("Belarus is hedging against a Russian defeat")
        brief_file.write_text(brief_file.read_text().replace("title: Belarus is hedging", "title: Minsk is hedging"))
        browser.wait_for("Minsk is hedging against a Russian defeat")
        brief_file.write_text(brief_file.read_text().replace("confidence: low\n", "confidence: lowish\n", 1))
        text = browser.wait_for("does not build")
        assert re.search(rf"{re.escape(str(brief_file))}:\d+:\d+: key_judgements\[0\]\.confidence: 'lowish' is not accepted", text)
        brief_file.write_text(brief_file.read_text().replace("confidence: lowish\n", "confidence: low\n"))
        browser.wait_for("Minsk is hedging against a Russian defeat")
    finally:
        browser.close()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert process.stdout is not None
    assert process.stdout.read().splitlines()[-1] == "stopped"


def test_preview_serves_the_pdf_and_docx_of_the_latest_build(server: tuple[subprocess.Popen[str], str]) -> None:
    """The PDF and DOCX links give the files of the brief as it now stands."""
    _, url = server
    with urllib.request.urlopen(url + "brief.pdf") as response:
        assert response.headers["Content-Type"] == "application/pdf" and response.read().startswith(b"%PDF")
    with urllib.request.urlopen(url + "brief.docx") as response:
        assert response.read().startswith(b"PK")


def test_preview_listens_on_this_machine_only_by_default(server: tuple[subprocess.Popen[str], str]) -> None:
    """By default the preview binds 127.0.0.1."""
    _, url = server
    assert url.startswith("http://127.0.0.1:")


def test_rebuild_keeps_the_version_moving(brief_file: Path) -> None:
    """Each rebuild gives a new version, which the page's script watches; a failed one serves an error page."""
    preview = Preview(brief_file)
    assert preview.rebuild().startswith("built")
    first = preview.build.version
    brief_file.write_text("title: [broken\n")
    status = preview.rebuild()
    assert status.startswith(f"failed: {brief_file}:1:8: title: this list is never closed")
    assert preview.build.version == first + 1
    assert b"does not build" in preview.build.page and b"/version" in preview.build.page

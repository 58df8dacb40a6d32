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
from typer.testing import CliRunner

from brief.cli import app
from brief.tools.preview import Preview
from tests.browser import CHROMIUM, Browser
from tests.samples import CLEAN, EXAMPLE, MINIMAL

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


def test_page_and_terminal_list_each_finding_with_its_line_and_rule(tmp_path: Path) -> None:
    """Each finding shows escaped in the bar's list and as a terminal line, with file, line and rule; counts take the singular."""
    brief_file = tmp_path / "a<i>.yaml"
    brief_file.write_text(CLEAN.split("alternative_views:")[0])
    preview = Preview(brief_file)
    status, *lines = preview.rebuild().splitlines()
    assert status.endswith("· 0 review errors, 1 warning")
    assert len(lines) == 1 and lines[0].startswith(f"{brief_file}:5:3: warning T09 no-alternative-view: key_judgements: KJ1 is not")
    page = preview.build.page.decode()
    assert f"<li><code>{tmp_path}/a&lt;i&gt;.yaml:5:3: warning T09 no-alternative-view: key_judgements: KJ1 is not" in page
    assert "<summary>1 finding</summary>" in page and "a<i>" not in page
    assert '<a style="color:#fff" href="/brief.pdf" target="_blank" rel="noopener">Print view</a>' in page


def test_a_clean_brief_has_no_finding_list(tmp_path: Path) -> None:
    """A brief the review passes prints its status line alone, and the bar has no list."""
    brief_file = tmp_path / "clean.yaml"
    brief_file.write_text(CLEAN)
    preview = Preview(brief_file)
    assert preview.rebuild().endswith("· 0 review errors, 0 warnings")
    assert b"brief-preview-findings" not in preview.build.page


def test_standalone_html_inlines_the_logo(tmp_path: Path) -> None:
    """`brief build --format html` of a project with a logo draws it from a data: URL, never a file: one."""
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40"/></svg>'
    )
    (tmp_path / "brief.toml").write_text('organisation = "Office"\nlogo = "logo.svg"\n')
    (tmp_path / "note.yaml").write_text(CLEAN)
    result = CliRunner().invoke(app, ["build", str(tmp_path / "note.yaml"), "--out", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "note.html").read_text()
    assert re.search(r'<img class="logo" src="data:image/svg\+xml;base64,', html) and "file:" not in html


@needs_chromium
def test_finding_list_shows_in_a_real_browser(server: tuple[subprocess.Popen[str], str], brief_file: Path, tmp_path: Path) -> None:
    """The bar's list of findings opens in the browser and shows each finding with its line and rule."""
    _, url = server
    brief_file.write_text(MINIMAL)
    browser = Browser(tmp_path / "chromium")
    try:
        browser.open(url)
        browser.wait_for("2 findings")
        browser.evaluate("document.getElementById('brief-preview-findings').open = true")
        browser.wait_for(f"{brief_file}:5:5: warning T06 unsupported-judgement")
    finally:
        browser.close()

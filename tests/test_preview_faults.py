"""The preview never lies: a build that fails in a way brief does not expect says so, the watcher survives, and a page that may be stale says so."""

from __future__ import annotations

import http.client
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import watchfiles

import brief.build
import brief.check
from brief.tools.preview import Preview, PreviewServer, serve, watch
from tests.browser import CHROMIUM, Browser
from tests.samples import MINIMAL

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed; .ci/run installs it")
STALE = "not connected to brief serve: this page may be out of date"


# Registered before any page script runs, so it sees every violation of the page's policy.
@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, for this test: a folder of its own, so saved tracebacks land there and nowhere else."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def brief_file(tmp_path: Path, temp_folder: Path) -> Path:
    """The minimal brief, in a folder of its own to edit and watch."""
    folder = tmp_path / "input"
    folder.mkdir()
    path = folder / "brief.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture
def served(brief_file: Path) -> Iterator[tuple[Preview, PreviewServer]]:
    """A built preview of the minimal brief, served in this process on a free port of 127.0.0.1."""
    preview = Preview(brief_file)
    assert preview.rebuild().startswith("built")
    server = serve(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield preview, server
    server.shutdown()  # a test may have stopped it already: shutdown() then returns at once
    server.server_close()
    thread.join(timeout=10)


def fail_once(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """Make the next call of brief.check.check_input raise `error`, and the ones after it work again."""
    real = brief.check.check_input
    faults = [error]

    def flaky(*args: Any, **kwargs: Any) -> Any:
        """Raise the fault the first time, then check the input as usual."""
        if faults:
            raise faults.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(brief.check, "check_input", flaky)


def get(server: PreviewServer, path: str) -> tuple[int, bytes]:
    """The status and body of GET `path`, asked as the owner's browser asks."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{server.server_port}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def edit_until(path: Path, text: str, done: Callable[[], bool], timeout: float = 30) -> None:
    """Write `text` to `path`, again every 2 s (a watcher may not have been watching yet), until `done()`; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path.write_text(text, encoding="utf-8")
        retry = min(deadline, time.monotonic() + 2)
        while time.monotonic() < retry:
            if done():
                return
            time.sleep(0.05)
    raise AssertionError(f"the edit of {path} was not picked up within {timeout} s")


@pytest.mark.parametrize(
    "fault",
    [RuntimeError("a fault under test"), OSError(28, "No space left on device"), RecursionError("maximum recursion depth exceeded")],
    ids=["bug", "oserror", "recursion"],
)
def test_an_unexpected_failure_shows_as_an_internal_error(
    brief_file: Path, temp_folder: Path, monkeypatch: pytest.MonkeyPatch, fault: Exception
) -> None:
    """The page and the status line name the exception and the saved traceback; the next rebuild brings the brief back."""
    preview = Preview(brief_file)
    fail_once(monkeypatch, fault)
    saved = temp_folder / f"brief-preview-error-{os.getpid()}.txt"
    described = f"{type(fault).__name__}: {fault}"
    status = preview.rebuild()
    assert status == f"internal error: {described}; details saved to {saved}"
    page = preview.build.page.decode()
    assert "internal error while building" in page and described in page and f"details saved to {saved}" in page
    assert "internal error at " in page and "Minimal brief" not in page and preview.build.document is None
    details = saved.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details and "in flaky" in details and details.rstrip().endswith(described)
    assert preview.rebuild().startswith("built")
    assert b"Minimal brief" in preview.build.page and b"internal error" not in preview.build.page


def test_memory_error_is_not_swallowed(brief_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Running out of memory is not an error page: it ends the build as it would anything else."""
    fail_once(monkeypatch, MemoryError())
    with pytest.raises(MemoryError):
        Preview(brief_file).rebuild()


def test_the_details_never_write_through_a_planted_link(brief_file: Path, temp_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link left under the details file's name is replaced, not written through: the file it points to stays as it was."""
    victim = temp_folder / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    planted = temp_folder / f"brief-preview-error-{os.getpid()}.txt"
    planted.symlink_to(victim)
    fail_once(monkeypatch, RuntimeError("a fault under test"))
    assert Preview(brief_file).rebuild().endswith(f"details saved to {planted}")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not planted.is_symlink() and "a fault under test" in planted.read_text(encoding="utf-8")


def test_the_watcher_survives_a_failed_rebuild(brief_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the first rebuild failing unexpectedly, the watcher reports it, keeps watching, and shows the next edit."""
    preview = Preview(brief_file)
    assert preview.rebuild().startswith("built")
    fail_once(monkeypatch, RuntimeError("the first rebuild fails"))
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(preview, stop, lines.append), daemon=True)
    thread.start()
    try:
        first = MINIMAL.replace("title: Minimal brief", "title: First edit")
        edit_until(
            brief_file, first, lambda: any(line.startswith("internal error: RuntimeError: the first rebuild fails") for line in lines)
        )
        assert b"internal error" in preview.build.page or b"First edit" in preview.build.page
        second = MINIMAL.replace("title: Minimal brief", "title: Second edit")
        edit_until(brief_file, second, lambda: b"Second edit" in preview.build.page and lines[-1].startswith("built"))
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_watcher_that_fails_restarts(brief_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When watching the files fails, the watcher says so, restarts after a pause, rebuilds what changed meanwhile, and follows edits."""
    real = watchfiles.watch
    calls: list[tuple[Any, ...]] = []

    def failing_once(*args: Any, **kwargs: Any) -> Any:
        """Fail the first time, as a full inotify table would; watch for real after that."""
        calls.append(args)
        if len(calls) == 1:
            raise OSError("inotify watch limit reached")
        return real(*args, **kwargs)

    monkeypatch.setattr(watchfiles, "watch", failing_once)
    preview = Preview(brief_file)
    assert preview.rebuild().startswith("built")
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(preview, stop, lines.append), kwargs={"pauses": (0.05, 0.1)}, daemon=True)
    thread.start()
    try:
        edited = MINIMAL.replace("title: Minimal brief", "title: Watched again")
        edit_until(brief_file, edited, lambda: b"Watched again" in preview.build.page and len(lines) >= 2 and len(calls) >= 2)
        assert lines[0] == "watching the files failed: OSError: inotify watch limit reached; restarting in 0.05 s"
        assert lines[1].startswith("watching again; built")
        followed = MINIMAL.replace("title: Minimal brief", "title: Followed after the restart")
        edit_until(brief_file, followed, lambda: b"Followed after the restart" in preview.build.page)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive() and preview.build.watching


def test_a_watcher_that_stops_for_good_says_so(served: tuple[Preview, PreviewServer], monkeypatch: pytest.MonkeyPatch) -> None:
    """When the watcher ends while the server runs, the terminal says so and /version tells every page it may be stale."""
    preview, server = served

    def out_of_memory(*args: Any, **kwargs: Any) -> Any:
        """Fail as nothing else may be caught."""
        raise MemoryError

    monkeypatch.setattr(watchfiles, "watch", out_of_memory)
    lines: list[str] = []
    with pytest.raises(MemoryError):
        watch(preview, threading.Event(), lines.append)
    assert lines == ["stopped watching the files: restart brief serve to see changes"]
    assert get(server, "/version") == (200, f"{preview.build.tag()} stopped".encode())


def test_version_says_when_a_build_is_running(served: tuple[Preview, PreviewServer], monkeypatch: pytest.MonkeyPatch) -> None:
    """While a rebuild runs, /version says "building" beside the version of the page being served; after it, the new version alone."""
    preview, server = served
    release, started = threading.Event(), threading.Event()
    real = brief.check.check_input

    def slow(*args: Any, **kwargs: Any) -> Any:
        """Hold the build until the test lets it go."""
        started.set()
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(brief.check, "check_input", slow)
    before = preview.build.tag()
    thread = threading.Thread(target=preview.rebuild, daemon=True)
    thread.start()
    assert started.wait(timeout=30)
    assert get(server, "/version") == (200, f"{before} building".encode())
    release.set()
    thread.join(timeout=30)
    assert get(server, "/version") == (200, preview.build.tag().encode()) and preview.build.tag() != before
    assert f'data-version="{preview.build.tag()}"'.encode() in get(server, "/")[1]


def test_another_servers_page_is_not_taken_for_this_ones(brief_file: Path) -> None:
    """Two previews' first builds carry different versions, so a page left open from a stopped server reloads from the new one."""
    first, second = Preview(brief_file), Preview(brief_file)
    first.rebuild()
    second.rebuild()
    assert first.build.version == second.build.version == 1 and first.build.tag() != second.build.tag()


def test_a_failing_download_says_internal_error(served: tuple[Preview, PreviewServer], monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF that fails to render unexpectedly answers 500 with the exception and where its traceback was saved."""
    _, server = served

    def broken_writer(format_name: str) -> Any:
        """Fail as a bug in a writer would."""
        raise ValueError("a writer bug")

    monkeypatch.setattr(brief.build, "writer", broken_writer)
    status, body = get(server, "/brief.pdf")
    assert status == 500 and body.decode().startswith("internal error: ValueError: a writer bug; details saved to ")


def test_a_failed_build_keeps_the_template_set_watched(brief_file: Path) -> None:
    """After a build fails, the template set and brief.toml of the last working build are still watched, so fixing them brings the brief back."""
    preview = Preview(brief_file)
    assert preview.rebuild().startswith("built")
    working = preview.watched()
    assert len(working) > 1 and working[0] == brief_file.parent.resolve()
    brief_file.write_text("title: [broken\n", encoding="utf-8")
    assert preview.rebuild().startswith("failed")
    assert preview.watched() == working


@needs_chromium
def test_the_page_says_when_the_server_is_gone(served: tuple[Preview, PreviewServer], tmp_path: Path) -> None:
    """In Chromium, once the server stops, the bar turns red and says the page may be out of date, with when it was built."""
    _, server = served
    browser = Browser(tmp_path / "chromium")
    try:
        browser.record_violations()
        browser.open(f"http://127.0.0.1:{server.server_port}/")
        browser.wait_for("Minimal brief")
        assert STALE not in browser.text()
        server.shutdown()
        server.server_close()
        text = browser.wait_for(STALE, timeout=5)
        assert f"{STALE} · built " in text and "Minimal brief" in text
        assert browser.evaluate("document.getElementById('brief-preview-bar').style.backgroundColor") == "rgb(163, 0, 0)"
        assert browser.evaluate("JSON.stringify(window.violations)") == "[]"
    finally:
        browser.close()


@needs_chromium
def test_the_page_says_rebuilding_then_reloads(
    served: tuple[Preview, PreviewServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Chromium, the bar says "rebuilding…" while a build runs, then the page reloads with the new build."""
    preview, server = served
    release = threading.Event()
    real = brief.check.check_input

    def slow(*args: Any, **kwargs: Any) -> Any:
        """Hold the build until the test lets it go."""
        release.wait(timeout=30)
        return real(*args, **kwargs)

    browser = Browser(tmp_path / "chromium")
    thread = threading.Thread(target=preview.rebuild, daemon=True)
    try:
        browser.open(f"http://127.0.0.1:{server.server_port}/")
        browser.wait_for("Minimal brief")
        monkeypatch.setattr(brief.check, "check_input", slow)
        preview.path.write_text(MINIMAL.replace("title: Minimal brief", "title: Rebuilt brief"), encoding="utf-8")
        thread.start()
        browser.wait_for("rebuilding… · built ", timeout=5)
        release.set()
        browser.wait_for("Rebuilt brief", timeout=10)
    finally:
        release.set()
        thread.join(timeout=30)
        browser.close()

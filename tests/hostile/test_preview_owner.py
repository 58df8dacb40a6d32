"""The live preview serves its owner only: other Host names, methods and origins get nothing of the brief."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from brief.tools.preview import POLICY, RELOAD_HASH, Preview, PreviewServer, owner_hosts, serve
from tests.browser import CHROMIUM, Browser
from tests.samples import MINIMAL

TITLE = b"Minimal brief"
BURST = 300


# Registered before any page script runs, so it sees every violation of the page's policy.
@dataclass
class Answer:
    """One HTTP answer, read whole."""

    status: int
    headers: dict[str, str]
    body: bytes


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Preview, PreviewServer]]:
    """A preview of the minimal brief, served in this process on a free port of 127.0.0.1."""
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    built = Preview(path)
    assert built.rebuild().startswith("built")
    server = serve(built, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield built, server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def fetch(port: int, path: str = "/", host: str | None = None, method: str = "GET", origin: str | None = None) -> Answer:
    """Ask 127.0.0.1:`port` with exactly the Host header given (none when None), as a rebinding page's browser would."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        if origin is not None:
            connection.putheader("Origin", origin)
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, {name.lower(): value for name, value in response.getheaders()}, response.read())
    finally:
        connection.close()


def own(server: PreviewServer) -> str:
    """The Host header the owner's browser sends."""
    return f"127.0.0.1:{server.server_port}"


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]"])
def test_the_owners_host_gets_the_brief(preview: tuple[Preview, PreviewServer], name: str) -> None:
    """A request naming a loopback address and the bound port gets the page with the brief."""
    _, server = preview
    answer = fetch(server.server_port, host=f"{name}:{server.server_port}")
    assert answer.status == 200 and TITLE in answer.body


@pytest.mark.parametrize(
    "host",
    ["attacker.example:{port}", "127.0.0.1:{other}", "localhost", "127.0.0.1.attacker.example:{port}", None],
    ids=["rebinding-name", "wrong-port", "no-port", "lookalike-name", "no-host"],
)
@pytest.mark.parametrize("path", ["/", "/version", "/brief.pdf"])
def test_any_other_host_is_refused(preview: tuple[Preview, PreviewServer], host: str | None, path: str) -> None:
    """A DNS-rebinding name, a wrong or missing port, or no Host at all gets a short 403 and nothing of the brief."""
    _, server = preview
    port = server.server_port
    answer = fetch(port, path, host.format(port=port, other=port + 1) if host else None)
    assert answer.status == 403
    assert answer.headers["content-type"] == "text/plain" and len(answer.body) < 200
    assert TITLE not in answer.body and b"%PDF" not in answer.body


def test_two_host_headers_are_refused(preview: tuple[Preview, PreviewServer]) -> None:
    """A request with the owner's Host and a second one is refused: which one counts is not left to chance."""
    _, server = preview
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    connection.putrequest("GET", "/", skip_host=True)
    connection.putheader("Host", own(server))
    connection.putheader("Host", f"attacker.example:{server.server_port}")
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 403 and TITLE not in response.read()
    connection.close()


@pytest.mark.parametrize("method", ["OPTIONS", "POST", "PUT", "DELETE", "PATCH", "PROPFIND"])
def test_methods_other_than_get_are_not_allowed(preview: tuple[Preview, PreviewServer], method: str) -> None:
    """Any method but GET and HEAD gets 405 from the owner and 403 from anyone else, neither with the brief."""
    _, server = preview
    allowed = fetch(server.server_port, host=own(server), method=method, origin="http://attacker.example")
    refused = fetch(server.server_port, host=f"attacker.example:{server.server_port}", method=method)
    assert (allowed.status, allowed.headers["allow"]) == (405, "GET, HEAD")
    assert refused.status == 403
    assert TITLE not in allowed.body + refused.body


def test_no_answer_allows_another_origin(preview: tuple[Preview, PreviewServer]) -> None:
    """No answer, good or bad, carries a CORS header that would let another site read it."""
    _, server = preview
    port = server.server_port
    answers = [
        fetch(port, path, host, method, origin="http://attacker.example")
        for path in ("/", "/version", "/nowhere")
        for host in (own(server), f"attacker.example:{port}")
        for method in ("GET", "OPTIONS")
    ]
    assert {answer.status for answer in answers} == {200, 403, 404, 405}
    assert not [name for answer in answers for name in answer.headers if name.startswith("access-control-")]


def test_every_answer_carries_the_policy(preview: tuple[Preview, PreviewServer]) -> None:
    """The page, the error page, the version, a 404, a 405 and a 403 all carry the CSP and the other protective headers."""
    built, server = preview
    port = server.server_port
    answers = [fetch(port, "/", own(server)), fetch(port, "/version", own(server)), fetch(port, "/nowhere", own(server))]
    answers += [fetch(port, "/", own(server), "POST"), fetch(port, "/", f"attacker.example:{port}")]
    built.path.write_text("title: [broken\n", encoding="utf-8")
    assert built.rebuild().startswith("failed")
    answers.append(fetch(port, "/", own(server)))
    assert b"does not build" in answers[-1].body
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and f"script-src '{RELOAD_HASH}'" in policy and "connect-src 'self'" in policy
        assert all(directive in policy for directive in ("frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"))
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["cross-origin-resource-policy"] == "same-origin"


def test_the_policy_allows_nothing_external() -> None:
    """Each fetch directive of the policy names data:, 'self', inline styles or the reload script's hash, never a host."""
    sources = {source for directive in POLICY.split("; ") for source in directive.split()[1:]}
    assert sources == {"'none'", "data:", "'unsafe-inline'", f"'{RELOAD_HASH}'", "'self'"}


def test_an_explicit_host_is_accepted_too() -> None:
    """Binding an address with --host accepts that address as the Host too, beside the loopback names, with the bound port."""
    assert owner_hosts("192.0.2.10", 8765) == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765", "192.0.2.10:8765"}
    assert "[fd00::1]:8765" in owner_hosts("fd00::1", 8765)
    assert "127.0.0.1" in owner_hosts("127.0.0.1", 80)  # a browser leaves out port 80


def test_a_burst_of_requests_is_answered(preview: tuple[Preview, PreviewServer]) -> None:
    """Hundreds of connections at once each get the version and the page: none is reset or dropped, no thread stays behind."""
    _, server = preview
    before = threading.active_count()
    start = threading.Barrier(BURST, timeout=30)
    outcomes: list[object] = []

    def ask() -> None:
        """Wait for the others, then ask for the version and the page, and record what came back."""
        try:
            start.wait()
            outcomes.append(tuple(fetch(server.server_port, path, own(server)).status for path in ("/version", "/")))
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as error:
            outcomes.append(error)

    threads = [threading.Thread(target=ask, daemon=True) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert [outcome for outcome in outcomes if outcome != (200, 200)] == []
    assert len(outcomes) == BURST
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)  # the server's threads end just after their last byte
    assert threading.active_count() <= before


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed; .ci/run installs it")
def test_the_page_works_under_its_policy_in_a_real_browser(preview: tuple[Preview, PreviewServer], tmp_path: Path) -> None:
    """In Chromium the page loads with no policy violation, an injected script does not run, and the reload script follows edits."""
    built, server = preview
    browser = Browser(tmp_path / "chromium")
    try:
        browser.record_violations()
        browser.open(f"http://{own(server)}/")
        browser.wait_for("Minimal brief")
        injected = "var s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s);"
        browser.call("Runtime.evaluate", expression=injected)
        time.sleep(0.5)  # violations are reported asynchronously
        assert browser.evaluate("JSON.stringify([window.violations, window.injected === undefined])") == '[["script-src-elem"],true]'
        built.path.write_text(MINIMAL.replace("title: Minimal brief", "title: Edited brief"), encoding="utf-8")
        built.rebuild()
        browser.wait_for("Edited brief")
        assert browser.evaluate("JSON.stringify(window.violations)") == "[]"
    finally:
        browser.close()

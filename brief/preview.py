"""`brief serve`: a live preview that rebuilds when the input, its template set or brief.toml changes.

The page is the brief's standalone HTML with a bar on top (when it was built, the review's
counts, links to the PDF and DOCX made from the same render) and a small script that
reloads the page when the build changes. A mistake (bad YAML, a template error) shows in
the page with its file and line, and the server keeps running; fixing the file brings the
brief back. Nothing is written to disk: builds stay in memory.

The server answers its owner only. Any web page the user visits can make the browser send
requests to 127.0.0.1, and a DNS-rebinding name can even make them same-origin, so a request
is answered only when its Host header names the address the server listens on; every answer
carries a Content-Security-Policy under which the page loads nothing from anywhere and runs
nothing but its own reload script.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from markupsafe import Markup, escape

from brief.errors import BriefError, InputError
from brief.render import RenderedDocument

RELOAD_SCRIPT = """
(function () {
  var version = Number(document.currentScript.dataset.version);
  setInterval(function () {
    fetch("/version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (Number(v) !== version) { location.reload(); }
    }).catch(function () {});
  }, 400);
})();
"""
# The version rides on an attribute, so the script's text, and with it its hash, never changes.
RELOAD_HASH = "sha256-" + base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode()).digest()).decode()
POLICY = "; ".join(
    [
        "default-src 'none'",
        "img-src data:",
        "font-src data:",
        "style-src 'unsafe-inline'",
        f"script-src '{RELOAD_HASH}'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WATCHED_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".html", ".css", ".docx", ".ttf", ".otf", ".png", ".svg", ".jpg", ".jpeg")
BAR_STYLE = (
    "position:sticky;top:0;z-index:10;margin:0 0 1em;padding:6px 12px;font:13px/1.4 sans-serif;"
    "background:#1f4e79;color:#fff;display:flex;gap:1.2em;align-items:center"
)


@dataclass
class Build:
    """The latest build: the page to show, and the rendered document the PDF and DOCX come from."""

    version: int = 0
    page: bytes = b""
    document: RenderedDocument | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Preview:
    """Builds one input on demand and keeps the latest result for the server."""

    def __init__(self, path: Path, template: str | None = None) -> None:
        self.path = path
        self.template = template
        self.build = Build()

    def rebuild(self) -> str:
        """Build the brief again, and say how it went; a failure becomes a page that says what to fix."""
        from brief.html_writer import write_html
        from brief.preflight import check_input
        from brief.render import render_document

        document = None
        try:
            checked = check_input(self.path, self.template)
            document = render_document(checked.loaded, checked.template_set)
            counts = f"{len(checked.report.errors)} review errors, {len(checked.report.warnings)} warnings"
            status = f"built {time.strftime('%H:%M:%S')} · {counts}"
            page = _with_bar(write_html(document), status, links=True)
        except InputError as error:
            messages = [str(problem) for problem in error.problems]
            status, page = f"failed: {messages[0]}", _error_page(self.path, messages)
        except BriefError as error:
            status, page = f"failed: {error}", _error_page(self.path, [str(error)])
        with self.build.lock:
            self.build.version += 1
            script = f'<script data-version="{self.build.version}">{RELOAD_SCRIPT}</script>'
            self.build.page = page.replace(b"</body>", script.encode() + b"</body>", 1)
            self.build.document = document
        return status

    def watched(self) -> list[Path]:
        """What to watch: the input's folder, the template set's folders, the project's brief.toml."""
        paths = [self.path.parent.resolve()]
        document = self.build.document
        if document is not None:
            paths += document.template_set.folders
            if document.loaded.project.file:
                paths.append(document.loaded.project.file)
        return list(dict.fromkeys(paths))

    def file(self, format_name: str) -> bytes | None:
        """The PDF or DOCX of the latest build, made on request."""
        from brief.build import writer

        document = self.build.document
        return writer(format_name)(document)[0] if document else None


def watch(preview: Preview, stop: threading.Event, report: Callable[[str], None]) -> None:
    """Rebuild on every change until `stop` is set; follow the template set if it changes."""
    from watchfiles import watch as changes

    while not stop.is_set():
        paths = preview.watched()
        for _ in changes(*paths, stop_event=stop, debounce=150, step=50, watch_filter=_relevant):
            report(preview.rebuild())
            if preview.watched() != paths:
                break


def _relevant(change: object, path: str) -> bool:
    """Only files a brief is made from: a log or an output written beside the input is no reason to rebuild."""
    return path.lower().endswith(WATCHED_SUFFIXES)


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """The request handler serving `preview`."""

    class Handler(BaseHTTPRequestHandler):
        server: PreviewServer
        timeout = 30  # a connection that never finishes its request gives its thread back

        def do_GET(self) -> None:
            """Answer the owner's browser: the page, its version, the PDF and DOCX; anyone else gets 403."""
            if not self._from_owner():
                self._refuse()
            elif self.path in ("/", "/index.html"):
                with preview.build.lock:
                    page = preview.build.page
                self._send(200, "text/html; charset=utf-8", page)
            elif self.path == "/version":
                self._send(200, "text/plain", str(preview.build.version).encode())
            elif self.path in ("/brief.pdf", "/brief.docx"):
                self._send_file(self.path.rsplit(".", 1)[1])
            else:
                self._send(404, "text/plain", b"not found")

        do_HEAD = do_GET

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """Every error the base class raises (a bad request, an unknown method) in plain text, with the same headers."""
            if code == HTTPStatus.NOT_IMPLEMENTED and not self._from_owner():  # any method but GET and HEAD
                self._refuse()
            elif code == HTTPStatus.NOT_IMPLEMENTED:
                self._send(405, "text/plain", b"method not allowed", Allow="GET, HEAD")
            else:
                self._send(code, "text/plain", (message or HTTPStatus(code).phrase).encode("ascii", "replace"))
            self.close_connection = True

        def _from_owner(self) -> bool:
            """Whether the request names this server's own address: a rebinding name, a missing Host or a wrong port does not."""
            hosts = self.headers.get_all("Host", [])
            return len(hosts) == 1 and hosts[0].lower() in self.server.hosts

        def _refuse(self) -> None:
            """The answer to a request the owner's browser did not send."""
            self._send(403, "text/plain", b"forbidden: this preview answers only requests to its own address, such as 127.0.0.1\n")

        def _send_file(self, format_name: str) -> None:
            """The PDF or DOCX of the latest build, or why there is none."""
            try:
                data = preview.file(format_name)
            except BriefError as error:
                self._send(500, "text/plain; charset=utf-8", str(error).encode())
                return
            if data is None:
                self._send(503, "text/plain", b"the brief does not build; see the preview page")
                return
            types = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
            self._send(200, types[format_name], data)

        def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
            """One answer, with the headers every answer carries."""
            self.send_response(status)
            for name, value in {**SECURITY_HEADERS, **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left mid-reply; it will ask again
                if self.command != "HEAD":
                    self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Say nothing: requests are not news; builds are reported by the command."""

    return Handler


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server: a daemon thread per request, and the Host headers it answers."""

    daemon_threads = True  # an idle browser connection never holds up Ctrl-C; finished threads are not kept
    request_queue_size = 1024  # the default 5 drops connections when many arrive at once
    hosts: frozenset[str] = frozenset()  # answers nobody until serve() says who owns it


def serve(preview: Preview, host: str, port: int) -> PreviewServer:
    """A server for `preview`, bound and ready; the caller runs serve_forever()."""
    server = PreviewServer((host, port), handler_for(preview))
    server.hosts = owner_hosts(host, server.server_port)
    return server


def owner_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the owner's browser sends: a loopback name or the address given to --host, with the bound port."""
    names = {*LOOPBACK_NAMES, (f"[{host}]" if ":" in host else host).lower()}
    defaults = names if port == 80 else set()  # a browser leaves out the default port
    return frozenset({f"{name}:{port}" for name in names} | defaults)


def _with_bar(html: bytes, status: str, *, links: bool) -> bytes:
    downloads = ' <a style="color:#fff" href="/brief.pdf">PDF</a> <a style="color:#fff" href="/brief.docx">DOCX</a>' if links else ""
    bar = f'<div id="brief-preview-bar" style="{BAR_STYLE}"><strong>brief preview</strong><span>{escape(status)}</span>{downloads}</div>'
    return html.replace(b"<body>", b"<body>" + bar.encode(), 1)


def _error_page(path: Path, messages: list[str]) -> bytes:
    items = Markup("").join(Markup("<li><code>{}</code></li>").format(message) for message in messages)
    body = Markup(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>brief: {path} does not build</title></head>'
        '<body style="font:15px/1.5 sans-serif;max-width:60em;margin:2em auto;padding:0 1em">'
        '<h1 style="color:#a30000">{path} does not build</h1><p>Fix the file and save: this page comes back by itself.</p>'
        '<ul id="brief-problems">{items}</ul></body></html>'
    ).format(path=str(path), items=items)
    return _with_bar(str(body).encode(), f"failed at {time.strftime('%H:%M:%S')}", links=False)

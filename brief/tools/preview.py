"""`brief serve`: a live preview that rebuilds when the input, its template set or brief.toml changes.

The page is the brief's standalone HTML with a bar on top (when it was built, the review's
counts and a folded list of its findings, which the terminal prints too; a print view, the PDF,
and links to the PDF and DOCX made from the same render) and a small script that
reloads the page when the build changes (brief/preview_page.py). A mistake (bad YAML, a
template error) shows in the page with its file and line, and the server keeps running;
fixing the file brings the brief back. Builds stay in memory.

The preview never lies: any other failure of a build (a bug, an OSError) shows in the page as
an internal error, with the exception and the file in the temp folder its traceback was saved
to (the one thing written to disk); the watcher keeps watching, and restarts itself if it
fails. A page that is not the latest build says so (see brief/preview_page.py).

The server answers its owner only. Any web page the user visits can make the browser send
requests to 127.0.0.1, and a DNS-rebinding name can even make them same-origin, so a request
is answered only when its Host header names the address the server listens on; every answer
carries a Content-Security-Policy under which the page loads nothing from anywhere and runs
nothing but its own reload script.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from brief.errors import BriefError, InputError
from brief.model.tables import INPUT_SUFFIXES
from brief.render.document import RenderedDocument
from brief.tools.preview_page import RELOAD_HASH as RELOAD_HASH  # re-exported: the policy allows the reload script by it
from brief.tools.preview_page import counted, describe, error_page, internal_error_page, save_details, with_bar, with_script

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
WATCHED_SUFFIXES = (*INPUT_SUFFIXES, ".toml", ".html", ".css", ".docx", ".ttf", ".otf", ".png", ".svg", ".jpg", ".jpeg")
WATCHER_PAUSES = (1.0, 30.0)  # how long a failed watcher waits before it restarts: first, and at most


@dataclass
class Build:
    """The latest build: the page to show, and the rendered document the PDF and DOCX come from."""

    version: int = 0
    page: bytes = b""
    document: RenderedDocument | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    instance: str = field(default_factory=lambda: secrets.token_hex(4))  # a page another server built is not this one's version 1
    watching: bool = True  # False once the watcher has stopped for good while the server still runs

    def tag(self) -> str:
        """The version a page carries and /version answers: this server's, and the build's number."""
        return f"{self.instance}.{self.version}"


class Preview:
    """Builds one input on demand and keeps the latest result for the server."""

    def __init__(self, path: Path, template: str | None = None) -> None:
        self.path = path
        self.template = template
        self.build = Build()
        self.rebuilding = threading.Lock()  # one build at a time, so the newest version is always the newest files
        self.sources: list[Path] = []  # the last working build's template folders and brief.toml

    def rebuild(self) -> str:
        """Build the brief again, and say how it went (a status line, then one line a finding); a failure becomes a page that says what to fix, or what went wrong."""
        with self.rebuilding:
            status, page, document, sources = self._attempt()
            with self.build.lock:
                self.build.version += 1
                self.build.page = with_script(page, self.build.tag())
                self.build.document = document
            if document is not None:
                self.sources = sources
        return status

    def _attempt(self) -> tuple[str, bytes, RenderedDocument | None, list[Path]]:
        """One build: the status line, the page, the rendered document when it built, and the files it came from."""
        try:
            from brief.check import check_input
            from brief.render.engine import render_document
            from brief.write.html import write_html

            checked = check_input(self.path, self.template)
            document = render_document(checked.loaded, checked.template_set)
            report = checked.report
            status = f"built {time.strftime('%H:%M:%S')} · {counted(len(report.errors), 'review error')}, {counted(len(report.warnings), 'warning')}"
            findings = [str(finding) for finding in report.findings]
            project = checked.loaded.project.file
            sources = [*checked.template_set.folders, *([project] if project else [])]
            page = with_bar(write_html(document), status, links=True, findings=findings)
            return "\n".join([status, *findings]), page, document, sources  # the terminal lists the findings the bar does
        except InputError as error:
            messages = [str(problem) for problem in error.problems]
            return f"failed: {messages[0]}", error_page(self.path, messages), None, []
        except BriefError as error:
            return f"failed: {error}", error_page(self.path, [str(error)]), None, []
        except MemoryError:
            raise
        except Exception as error:  # a bug, an OSError, a RecursionError: the page says so instead of going stale
            saved = save_details(error, self.path)
            return f"internal error: {describe(error)}; {saved}", internal_error_page(self.path, error, saved), None, []

    def watched(self) -> list[Path]:
        """What to watch: the input's folder, and the template set's folders and brief.toml of the last build that worked.

        A build that fails keeps them watched, so fixing the template (or brief.toml) that broke it brings the brief back;
        one deleted since is left out, as watching a missing path fails.
        """
        return list(dict.fromkeys([self.path.parent.resolve(), *(path for path in self.sources if path.exists())]))

    def file(self, format_name: str) -> bytes | None:
        """The PDF or DOCX of the latest build, made on request."""
        from brief.build import writer

        document = self.build.document
        return writer(format_name)(document)[0] if document else None


def watch(preview: Preview, stop: threading.Event, report: Callable[[str], None], pauses: tuple[float, float] = WATCHER_PAUSES) -> None:
    """Rebuild on every change until `stop` is set; follow the template set if it changes; restart after a pause if watching fails."""
    from watchfiles import watch as changes

    pause = pauses[0]
    try:
        while not stop.is_set():
            try:
                paths = preview.watched()
                for _ in changes(*paths, stop_event=stop, debounce=150, step=50, watch_filter=_relevant):
                    _say(report, preview.rebuild())
                    pause = pauses[0]
                    if preview.watched() != paths:
                        break
            except MemoryError:
                raise
            except Exception as error:
                _say(report, f"watching the files failed: {describe(error)}; restarting in {pause:g} s")
                if stop.wait(pause):
                    break
                pause = min(pause * 2, pauses[1])
                _say(report, f"watching again; {preview.rebuild()}")  # what changed meanwhile shows now
    finally:
        if not stop.is_set():
            preview.build.watching = False  # every page now says it may be out of date
            _say(report, "stopped watching the files: restart brief serve to see changes")


def _say(report: Callable[[str], None], line: str) -> None:
    """Print one status line; a terminal that is gone (a broken pipe) does not stop the watcher."""
    with contextlib.suppress(Exception):
        report(line)


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
                self._send(200, "text/plain", _version(preview).encode())
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
            except MemoryError:
                raise
            except Exception as error:
                message = f"internal error: {describe(error)}; {save_details(error, preview.path)}"
                self._send(500, "text/plain; charset=utf-8", message.encode())
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


def _version(preview: Preview) -> str:
    """What /version answers: the latest build's version, and whether a build is running or the watcher has stopped."""
    with preview.build.lock:
        tag = preview.build.tag()
    if not preview.build.watching:
        return f"{tag} stopped"
    return f"{tag} building" if preview.rebuilding.locked() else tag


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

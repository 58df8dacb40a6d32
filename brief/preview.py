"""`brief serve`: a live preview that rebuilds when the input, its template set or brief.toml changes.

The page is the brief's standalone HTML with a bar on top (when it was built, the review's
counts, links to the PDF and DOCX made from the same render) and a small script that
reloads the page when the build changes. A mistake (bad YAML, a template error) shows in
the page with its file and line, and the server keeps running; fixing the file brings the
brief back. Nothing is written to disk: builds stay in memory.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from markupsafe import Markup, escape

from brief.errors import BriefError, InputError
from brief.render import RenderedDocument

RELOAD_SCRIPT = """<script>
(function () {
  var version = %s;
  setInterval(function () {
    fetch("/version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (Number(v) !== version) { location.reload(); }
    }).catch(function () {});
  }, 400);
})();
</script>"""
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
            self.build.page = page.replace(b"</body>", (RELOAD_SCRIPT % self.build.version).encode() + b"</body>", 1)
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
        def do_GET(self) -> None:
            if self.path in ("/", "/index.html"):
                with preview.build.lock:
                    self._send(200, "text/html; charset=utf-8", preview.build.page)
            elif self.path == "/version":
                self._send(200, "text/plain", str(preview.build.version).encode())
            elif self.path in ("/brief.pdf", "/brief.docx"):
                self._send_file(self.path.rsplit(".", 1)[1])
            else:
                self._send(404, "text/plain", b"not found")

        def _send_file(self, format_name: str) -> None:
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

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left mid-reply; it will ask again
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests are not news; builds are reported by the command

    return Handler


def serve(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    """A server for `preview`, bound and ready; the caller runs serve_forever()."""
    server = ThreadingHTTPServer((host, port), handler_for(preview))
    server.daemon_threads = True
    return server


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

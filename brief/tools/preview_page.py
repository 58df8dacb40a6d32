"""What the live preview shows: the bar on top of the page, its reload script, and the pages for a build that fails.

The page never claims to be the latest build when it may not be. Its bar says when it was built; its
script asks the server for the current version every 400 ms, reloads when there is a newer one, says
"rebuilding…" while a build runs, and says plainly that the page may be out of date when the server
does not answer (stopped, or the request failed) or no longer watches the files. A build that fails
in a way brief does not expect (a bug, a full disk) shows as an internal error, with the exception
and the file its traceback was saved to.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup, escape

# One static text, so its hash (allowed by the page's Content-Security-Policy) never changes: the
# build's version rides on an attribute, and the bar is changed through the DOM, never by markup.
RELOAD_SCRIPT = r"""
(function () {
  var version = document.currentScript.dataset.version;
  var bar = document.getElementById("brief-preview-bar");
  var status = document.getElementById("brief-preview-status");
  var built = status ? status.textContent : "";
  var colour = bar ? bar.style.backgroundColor : "";
  var asking = false;
  function say(text, background) {
    if (bar && status) { status.textContent = text; bar.style.backgroundColor = background; }
  }
  function stale(why) {
    say(why + ": this page may be out of date \u00b7 " + built, "#a30000");
  }
  setInterval(function () {
    if (asking) { return; }
    asking = true;
    var control = new AbortController();
    var timer = setTimeout(function () { control.abort(); }, 2000);
    fetch("/version", {cache: "no-store", signal: control.signal}).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (answer) {
      var words = answer.split(" ");
      if (words[0] !== version) { location.reload(); }
      else if (words[1] === "stopped") { stale("brief serve no longer watches the files"); }
      else if (words[1] === "building") { say("rebuilding\u2026 \u00b7 " + built, colour); }
      else { say(built, colour); }
    }).catch(function () {
      stale("not connected to brief serve");
    }).then(function () { clearTimeout(timer); asking = false; });
  }, 400);
})();
"""
RELOAD_HASH = "sha256-" + base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode()).digest()).decode()
BAR_STYLE = (
    "position:sticky;top:0;z-index:10;margin:0 0 1em;padding:6px 12px;font:13px/1.4 sans-serif;"
    "background-color:#1f4e79;color:#fff;display:flex;flex-wrap:wrap;gap:.3em 1.2em;align-items:center"
)
PAGE_STYLE = "font:15px/1.5 sans-serif;max-width:60em;margin:2em auto;padding:0 1em"
LONGEST_MESSAGE = 4000  # on the page; the terminal line is shorter still, and the saved file has it all


def with_bar(html: bytes, status: str, *, links: bool, findings: Sequence[str] = ()) -> bytes:
    """The page with the bar first in its body (a body with attributes, or none at all, gets it too)."""
    downloads = (
        ' <a style="color:#fff" href="/brief.pdf" target="_blank" rel="noopener">Print view</a>'
        ' <a style="color:#fff" href="/brief.pdf">PDF</a> <a style="color:#fff" href="/brief.docx">DOCX</a>'
        if links
        else ""
    )
    bar = (
        f'<div id="brief-preview-bar" style="{BAR_STYLE}"><strong>brief preview</strong>'
        f'<span id="brief-preview-status">{escape(status)}</span>{downloads}{_listed(findings)}</div>'
    ).encode()
    page, found = re.subn(rb"<body\b[^>]*>", lambda match: match.group(0) + bar, html, count=1, flags=re.IGNORECASE)
    return page if found else bar + html


def _listed(findings: Sequence[str]) -> Markup:
    """The review's findings as a list the bar folds away, each with its file, line and rule; none, no list."""
    if not findings:
        return Markup("")
    items = Markup("").join(Markup("<li><code>{}</code></li>").format(finding) for finding in findings)
    return Markup('<details id="brief-preview-findings"><summary>{}</summary><ul style="margin:.3em 0">{}</ul></details>').format(
        counted(len(findings), "finding"), items
    )


def counted(number: int, noun: str) -> str:
    """`number` and `noun`, plural unless one: "1 warning", "2 warnings"."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def with_script(page: bytes, version: str) -> bytes:
    """The page with the reload script last in its body, watching `version`."""
    script = f'<script data-version="{escape(version)}">{RELOAD_SCRIPT}</script>'.encode()
    head, found, tail = page.rpartition(b"</body>")
    return head + script + found + tail if found else page + script


def error_page(path: Path, messages: list[str]) -> bytes:
    """The page for a brief that does not build: what to fix, with its file and line."""
    items = Markup("").join(Markup("<li><code>{}</code></li>").format(message) for message in messages)
    body = Markup(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>brief: {path} does not build</title></head>'
        '<body style="{style}"><h1 style="color:#a30000">{path} does not build</h1><p>Fix the file and save: this page comes back by itself.</p>'
        '<ul id="brief-problems">{items}</ul></body></html>'
    ).format(path=str(path), style=PAGE_STYLE, items=items)
    return with_bar(str(body).encode(), f"failed at {time.strftime('%H:%M:%S')}", links=False)


def internal_error_page(path: Path, error: BaseException, saved: str) -> bytes:
    """The page for a build that failed in a way brief does not expect: the exception, and where its traceback is."""
    body = Markup(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>brief: internal error building {path}</title></head>'
        '<body style="{style}"><h1 style="color:#a30000">internal error while building {path}</h1>'
        "<p>brief failed in a way it does not expect: a bug, or a problem on this machine such as a full disk. "
        "Save the file again to retry: this page comes back by itself once the build works.</p>"
        '<p id="brief-internal-error"><code>{error}</code></p><p id="brief-error-details">{saved}</p></body></html>'
    ).format(path=str(path), style=PAGE_STYLE, error=describe(error, LONGEST_MESSAGE), saved=saved)
    return with_bar(str(body).encode(), f"internal error at {time.strftime('%H:%M:%S')}", links=False)


def describe(error: BaseException, longest: int = 300) -> str:
    """The exception's type and message on one line, cut at `longest` characters; a message that cannot be printed says so."""
    try:
        message = str(error)
    except Exception:
        message = "(the message cannot be printed)"
    text = " ".join(f"{type(error).__name__}: {message}".split()) if message else type(error).__name__
    return text if len(text) <= longest else text[: longest - 1] + "…"


def save_details(error: BaseException, path: Path) -> str:
    """Write the traceback to brief-preview-error-<pid>.txt in the temp folder and say where, or say why it could not be saved.

    The file is written under a fresh private name and then renamed over the fixed one, so a file or
    link another user left under that name is never written through; if the rename is refused, the
    fresh name is the one given.
    """
    folder = Path(tempfile.gettempdir())
    header = f"brief preview of {path}, {time.strftime('%Y-%m-%d %H:%M:%S')}, Python {sys.version.split()[0]}\n\n"
    try:
        details = "".join(traceback.format_exception(error))
    except Exception:
        details = describe(error, LONGEST_MESSAGE) + "\n(the traceback cannot be formatted)\n"
    try:
        descriptor, fresh = tempfile.mkstemp(prefix="brief-preview-error-", suffix=".txt", dir=folder)
    except OSError as problem:
        return f"the details could not be saved in {folder}: {describe(problem)}"
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="replace") as file:
            file.write(header + details)
    except OSError as problem:
        with contextlib.suppress(OSError):
            os.unlink(fresh)
        return f"the details could not be saved in {folder}: {describe(problem)}"
    target = folder / f"brief-preview-error-{os.getpid()}.txt"
    try:
        os.replace(fresh, target)
    except OSError:
        target = Path(fresh)
    return f"details saved to {target}"

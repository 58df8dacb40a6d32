"""A headless Chromium driven over the DevTools protocol: enough to load a page and read it."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket

VIOLATIONS = """window.violations = [];
document.addEventListener("securitypolicyviolation", function (e) { window.violations.push(e.effectiveDirective); });"""
CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))), None)


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        arguments = [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        self.process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._port(profile / "DevToolsActivePort")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            targets = json.load(response)
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.ids = itertools.count(1)

    def _port(self, file: Path) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if file.is_file() and file.read_text().strip():
                return int(file.read_text().splitlines()[0])
            time.sleep(0.1)
        raise TimeoutError("Chromium did not open its DevTools port")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and wait for its answer."""
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == message_id:
                return dict(message.get("result", {}))

    def open(self, url: str) -> None:
        """Load a page."""
        self.call("Page.navigate", url=url)

    def record_violations(self) -> None:
        """From the next page on, collect Content-Security-Policy violations in window.violations."""
        self.call("Page.enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", source=VIOLATIONS)

    def evaluate(self, expression: str) -> str:
        """The value of a JavaScript expression in the page, as a string."""
        return str(self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"]["value"])

    def text(self) -> str:
        """The page's visible text, or '' while it loads."""
        result = self.call("Runtime.evaluate", expression="document.body ? document.body.innerText : ''", returnByValue=True)
        return str(result.get("result", {}).get("value", ""))

    def wait_for(self, words: str, timeout: float = 30) -> str:
        """The page's text once it holds `words`; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if words in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{words!r} did not appear; the page says: {text[:500]!r}")

    def close(self) -> None:
        """Close the page and the browser."""
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)

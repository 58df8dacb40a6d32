"""`brief serve` from start to Ctrl-C: first build, server, watcher, browser, and a clean stop."""

from __future__ import annotations

import signal
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from brief.errors import BriefError
from brief.tools.preview import Preview, serve, watch


class CannotListen(BriefError):
    """The preview's address or port cannot be bound."""


def preview_until_stopped(
    input: Path, template: str | None, host: str, port: int, *, open_browser: bool, say: Callable[[str], None]
) -> None:
    """Serve a live preview of `input` until Ctrl-C or SIGTERM, reporting each step through `say`."""
    preview = Preview(input, template)
    say(preview.rebuild())
    try:
        server = serve(preview, host, port)
    except OSError as error:
        raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror}; choose another --port") from error
    url = f"http://{host}:{server.server_port}/"
    say(f"previewing {input} at {url}; Ctrl-C stops")
    stop = threading.Event()
    threading.Thread(target=watch, args=(preview, stop, say), daemon=True).start()
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C
    if open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        say("stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

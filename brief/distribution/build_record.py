"""The local record of builds: the manifests this user's builds wrote, so one that came with a project passes nothing off.

The build key is a hash of data anyone sending a project has: they could ship outputs of their
own with a manifest holding the right key, and a build that trusted it would call their files
up to date. So a brief is skipped only when its manifest is one a build here wrote: each build
records its manifest's SHA-256 in the user's cache folder ($XDG_CACHE_HOME/brief/built, else
~/.cache/brief/built), one empty file per manifest. A record that cannot be written or read
means the brief is built again; deleting the folder costs only rebuilds.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def remember(manifest: bytes) -> None:
    """Record that a build here wrote `manifest`; a cache folder that cannot be written only means a rebuild next time."""
    entry = _entry(manifest)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        entry.touch()
    except OSError:
        pass


def remembers(manifest: bytes) -> bool:
    """Whether a build here wrote `manifest`."""
    return _entry(manifest).is_file()


def _entry(manifest: bytes) -> Path:
    digest = hashlib.sha256(manifest).hexdigest()
    return _folder() / digest[:2] / digest


def _folder() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "brief" / "built"

"""The scene of every hostile test: a canary, a secret in the environment, a listener on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import ENVIRONMENT_KEY, Listener, Scene


@pytest.fixture
def scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Scene]:
    """A fresh scene; the listener is closed afterwards."""
    listener = Listener()
    made = Scene(tmp_path, listener)
    monkeypatch.setenv(ENVIRONMENT_KEY, made.environment_secret)
    monkeypatch.chdir(made.work)
    try:
        yield made
    finally:
        listener.close()

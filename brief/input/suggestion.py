"""The accepted name nearest a misspelt one, so a message can say which was meant."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def suggest(written: str, accepted: Iterable[str]) -> str:
    """`did you mean 'x'? ` for the accepted name nearest `written`, or nothing when none is near."""
    close = get_close_matches(written, list(accepted), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""

"""Tables laid over tables: a region's words over its language's, a set's labels over its parent's."""

from __future__ import annotations

from typing import Any


def lay_over(into: dict[str, Any], layer: dict[str, Any]) -> None:
    """Lay `layer` over `into`, table by table: a nested table merges, any other value replaces."""
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            lay_over(into[key], value)
        else:
            into[key] = value

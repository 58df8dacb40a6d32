"""The accepted name nearest a misspelt one, so a message can say which was meant.

A closed vocabulary may also give near-synonyms (brief/model/tables.py SYNONYMS): `medium`
suggests `moderate`, though the two are spelt nothing alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from difflib import get_close_matches

from brief.model.scales import normalise


def suggest(written: str, accepted: Iterable[str], synonyms: Mapping[str, str] | None = None) -> str:
    """`did you mean 'x'? ` for the accepted name `written` most likely means, or nothing when none is near."""
    meant = closest(written, accepted, synonyms or {})
    return f"did you mean {meant!r}? " if meant else ""


def closest(written: str, accepted: Iterable[str], synonyms: Mapping[str, str]) -> str | None:
    """The value a near-synonym stands for, else the accepted name or synonym spelt nearest `written`."""
    by_key = {normalise(synonym): meant for synonym, meant in synonyms.items()}
    if normalise(written) in by_key:
        return by_key[normalise(written)]
    names = list(accepted)
    close = get_close_matches(written, [*names, *synonyms], n=1, cutoff=0.6)
    if not close:
        return None
    return close[0] if close[0] in names else synonyms[close[0]]

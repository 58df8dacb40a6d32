"""Releasable versions: the same brief cut to the portions at or below a level.

The cut is made on the input's data, before anything is rendered, so nothing of a removed
portion can reach the releasable files: not their text, their metadata, the input they
carry, or the parts of the DOCX. Sources that only removed evidence cited go too. The banner
is worked out again from what remains; a judgement that keeps its place but loses all its
evidence is flagged. The previous version is cut to the same level, or left out when it
carries no marks to cut by.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

import yaml

from brief.errors import InputError, Problem, UsageError
from brief.input.document import Document
from brief.input.loader import LoadedBrief, Release, load_document
from brief.input.markings import Marking, Markings, highest
from brief.input.positions import FieldPath, Positions
from brief.model.tables import PORTION_LISTS

UNMARKED_PROSE = ("scope_note", "implications")  # fields with no portion of their own
REFERENCES = {
    "key_judgements": ("evidence", "against"),
    "alternative_views": ("evidence", "against", "competes_with"),
    "indicators": ("judgements",),
}


def releasable(loaded: LoadedBrief, level_text: str, withheld: str) -> LoadedBrief:
    """The releasable version of `loaded` at the level `level_text` names.

    `withheld` stands in for a bottom line above the level: the caller words it in the brief's language.
    """
    level = release_level(loaded, level_text)
    data, flagged = cut(loaded, level, withheld)
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    document = Document(f"{loaded.document.file} (releasable to {level.banner})", data, Positions(), raw)
    cut_brief = load_document(document, loaded.path, follow_previous=False, project=loaded.project)
    previous = None
    if loaded.previous is not None and loaded.previous.markings.ladder is not None:
        previous = releasable(replace(loaded.previous, previous=None), level_text, withheld)
    return replace(cut_brief, previous=previous, release=Release(level.banner, tuple(flagged)))


def release_level(loaded: LoadedBrief, text: str) -> Marking:
    """The marking --release-to names, in the brief's ladder."""
    ladder = loaded.markings.ladder
    if ladder is None:
        raise UsageError(f"--release-to: {loaded.path} marks no portions and names no ladder, so there is nothing to cut by")
    try:
        return ladder.parse(text)
    except ValueError as error:
        raise UsageError(f"--release-to: {error}") from error


def slug(level: str) -> str:
    """A level as it goes in a file name: S//REL TO GBR becomes s-rel-to-gbr."""
    return re.sub(r"[^a-z0-9]+", "-", level.lower()).strip("-")


def cut(loaded: LoadedBrief, level: Marking, withheld: str) -> tuple[dict[str, Any], list[str]]:
    """The input's data with every portion above `level` removed, and the judgements flagged."""
    data, markings = copy.deepcopy(loaded.document.data), loaded.markings
    before = {item.id: bool(item.evidence) for item in loaded.brief.key_judgements}
    kept_paths: list[FieldPath] = [("summary",)] if _releasable(markings, ("summary",), level) else []
    for key in PORTION_LISTS:
        if isinstance(data.get(key), list):
            indices = [index for index in range(len(data[key])) if _releasable(markings, (key, index), level)]
            kept_paths += [(key, index) for index in indices]
            data[key] = [data[key][index] for index in indices]
    if not data.get("key_judgements"):
        raise InputError(
            [
                Problem(
                    str(loaded.path),
                    None,
                    None,
                    "key_judgements",
                    f"no key judgement is releasable at {level.banner}; there is no releasable version",
                )
            ]
        )
    if not _releasable(markings, ("summary",), level):
        data["summary"] = withheld
        data["summary_portion"] = markings.ladder.lowest.level.portion if markings.ladder else None
    if not level.covers(_default(loaded, data)):  # unmarked prose takes the default marking
        for field in UNMARKED_PROSE:
            data.pop(field, None)
    _drop_references(data)
    cited = {item.get("source") for item in data.get("evidence", []) if isinstance(item, dict)}
    data["sources"] = [source for source in data.get("sources", []) if isinstance(source, dict) and source.get("id") in cited]
    judgements = [item for item in data["key_judgements"] if isinstance(item, dict)]
    flagged = [str(item.get("id")) for item in judgements if before.get(str(item.get("id"))) and not _ids(item.get("evidence"))]
    assert markings.ladder is not None  # release_level refused a brief without one
    data["classification"] = highest([markings.portions[path] for path in kept_paths if path in markings.portions], markings.ladder).banner
    data.pop("previous", None)
    return data, flagged


def _default(loaded: LoadedBrief, data: dict[str, Any]) -> Marking:
    """The marking of prose that cannot carry a portion marking of its own: the input's portion_default, else the lowest."""
    ladder = loaded.markings.ladder
    assert ladder is not None
    default = loaded.document.data.get("portion_default")
    return ladder.parse(default) if isinstance(default, str) and default.strip() else ladder.lowest


def _releasable(markings: Markings, path: FieldPath, level: Marking) -> bool:
    marking = markings.portions.get(path)
    return marking is None or level.covers(marking)


def _drop_references(data: dict[str, Any]) -> None:
    """Remove references to items the cut removed, so nothing points at them."""
    ids = {
        name: {item.get("id") for item in data.get(name, []) if isinstance(item, dict)}
        for name in ("key_judgements", "evidence", "alternative_views")
    }
    targets = {
        "evidence": ids["evidence"],
        "against": ids["evidence"],
        "competes_with": ids["key_judgements"],
        "judgements": ids["key_judgements"] | ids["alternative_views"],
    }
    for name, fields in REFERENCES.items():
        for item in data.get(name, []):
            for field in fields:
                if isinstance(item, dict) and field in item:
                    item[field] = [ref for ref in _ids(item[field]) if ref in targets[field]]


def _ids(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [ref for ref in value or [] if isinstance(ref, str)]

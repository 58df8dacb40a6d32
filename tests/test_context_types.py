"""The template context has one type, TemplateContext, and docs/templates.md's table names exactly its variables."""

from __future__ import annotations

import dataclasses
import re
import textwrap
import types
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from brief.input.document import parse_document
from brief.input.loader import LoadedBrief, load, load_document
from brief.model.brief import Recipient
from brief.render.context import build_context
from brief.render.context_types import Copy, CopyRecipient, TemplateContext
from brief.render.template_set import find_template_set
from brief.render.translations import Translations
from tests.samples import BUILT_IN_SETS, CLEAN, DISTRIBUTED, EXAMPLE, MINIMAL, ROOT

DOCS = ROOT / "docs" / "templates.md"


def documented_names() -> list[str]:
    """The names in the first column of the table under "What templates can print"."""
    section = DOCS.read_text(encoding="utf-8").split("## What templates can print", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])]


def fields_of(hint: Any) -> dict[str, Any] | None:
    """The field types of a mapping's declared type: a TypedDict, or a dataclass or model that `plain` makes a mapping; else None."""
    if typing.is_typeddict(hint) or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return typing.get_type_hints(hint)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return {name: typing.get_type_hints(hint)[name] for name in hint.model_fields}
    return None


def mismatches(value: Any, hint: Any, path: str) -> Iterator[str]:
    """Every place where `value` is not of the type `hint` (a mapping's type, list, dict, tuple, union or class)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    hints = fields_of(hint)
    if hints is not None:
        if not isinstance(value, dict):
            yield f"{path} is a {type(value).__name__}, not a mapping"
            return
        if set(value) != set(hints):
            yield f"{path} has the keys {sorted(value)}, its type {sorted(hints)}"
        for key in set(value) & set(hints):
            yield from mismatches(value[key], hints[key], f"{path}.{key}")
    elif origin in (types.UnionType, typing.Union):
        if all(list(mismatches(value, option, path)) for option in args):
            yield f"{path} is {value!r}, none of {hint}"
    elif origin is list or (origin is tuple and args[-1:] == (Ellipsis,)):
        yield from _items(value, path, lambda index: args[0])
    elif origin is tuple:  # plain() makes a tuple a list of the same length
        if isinstance(value, list) and len(value) != len(args):
            yield f"{path} has {len(value)} items, its type {len(args)}"
        else:
            yield from _items(value, path, lambda index: args[index])
    elif origin is dict:
        if not isinstance(value, dict):
            yield f"{path} is a {type(value).__name__}, not a mapping"
            return
        for key, item in value.items():
            yield from mismatches(key, args[0], f"{path} key")
            yield from mismatches(item, args[1], f"{path}[{key!r}]")
    elif hint is type(None):
        if value is not None:
            yield f"{path} is {value!r}, not None"
    elif not isinstance(value, hint) or (hint is int and isinstance(value, bool)) or (hint is date and not isinstance(value, date)):
        yield f"{path} is a {type(value).__name__}, not a {hint.__name__}"


def _items(value: Any, path: str, hint_of: Any) -> Iterator[str]:
    if not isinstance(value, list):
        yield f"{path} is a {type(value).__name__}, not a list"
        return
    for index, item in enumerate(value):
        yield from mismatches(item, hint_of(index), f"{path}[{index}]")


def loaded_text(text: str) -> LoadedBrief:
    return load_document(parse_document(textwrap.dedent(text).encode(), "in.yaml"), Path("in.yaml"))


def test_docs_table_names_exactly_the_context_variables() -> None:
    """Every variable of TemplateContext is in docs/templates.md's table, and the table names no other."""
    documented = documented_names()
    assert len(documented) == len(set(documented)), "a variable is documented twice"
    assert sorted(documented) == sorted(typing.get_type_hints(TemplateContext))


@pytest.mark.parametrize("set_name", BUILT_IN_SETS)
@pytest.mark.parametrize("case", ["example", "minimal", "clean", "distributed"])
def test_built_context_is_a_template_context(set_name: str, case: str) -> None:
    """The context built for each built-in set and brief (changes, copies, distribution included) has exactly the declared type."""
    loaded = {
        "example": lambda: load(EXAMPLE),
        "minimal": lambda: loaded_text(MINIMAL),
        "clean": lambda: loaded_text(CLEAN),
        "distributed": lambda: loaded_text(DISTRIBUTED),
    }[case]()
    template_set = find_template_set(set_name, EXAMPLE.parent)
    context = build_context(
        loaded,
        template_set,
        Translations(loaded.brief.language, template_set.folders),
        Copy(1, 3, CopyRecipient.of(Recipient(name="Jane Roe"))),
    )
    assert list(mismatches(context, TemplateContext, "")) == []


def test_the_type_check_would_see_a_wrong_value() -> None:
    """The walk above reports a missing key and a wrong type, so an empty result means something."""
    loaded = loaded_text(MINIMAL)
    template_set = find_template_set("policy-brief", EXAMPLE.parent)
    context: Any = dict(build_context(loaded, template_set, Translations("en", template_set.folders)))
    del context["generator"]
    context["summary"] = "not markup"
    assert sorted(mismatches(context, TemplateContext, "")) == [
        f" has the keys {sorted(context)}, its type {sorted(typing.get_type_hints(TemplateContext))}",
        ".summary is a str, not a Markup",
    ]

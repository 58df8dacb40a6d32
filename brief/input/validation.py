"""Turn a parsed Document into a model (a Brief, a scale), or into every Problem to fix.

Pydantic's errors are translated here into messages for analysts: the field as they wrote
it, what was wrong, and what is accepted, at the line where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from brief.errors import InputError, Problem
from brief.input.document import Document
from brief.input.positions import FieldPath, data_path
from brief.input.references import check_references
from brief.input.suggestion import suggest
from brief.model.brief import Brief
from brief.model.grades import CREDIBILITY, RELIABILITY
from brief.model.scales import Scale
from brief.model.tables import OTHER_SPELLINGS, SYNONYMS

M = TypeVar("M", bound=BaseModel)


def validate(document: Document, scale: Scale | None, problems: Sequence[Problem] = ()) -> Brief:
    """The Brief an input describes, its likelihoods checked against `scale` (None: unknown).

    Raise InputError listing every problem in it, with `problems` found before validation.
    """
    brief: Brief = validate_model(Brief, document, {"scale": scale}, [*problems, *check_references(document)])
    return brief


def validate_model(model: type[M], document: Document, context: dict[str, Any] | None = None, problems: Sequence[Problem] = ()) -> M:
    """`document` as a `model`; raise InputError with its problems and the `problems` given."""
    found = list(problems)
    result = None
    try:
        result = model.model_validate(document.data, context=context)
    except ValidationError as error:
        found += [_problem(document, details, model) for details in error.errors(include_url=False)]
    if found or result is None:
        raise InputError(sorted(found, key=lambda problem: (problem.file != document.file, problem.line or 0, problem.column or 0)))
    return result


def _problem(document: Document, details: ErrorDetails, model: type[BaseModel]) -> Problem:
    path = data_path(details["loc"], document.data)
    kind = details["type"]
    # a missing field is pointed at the mapping it belongs in, an unknown one at its key
    position = document.positions.locate(path[:-1]) if kind == "missing" else document.positions.locate(path, key=kind == "extra_forbidden")
    line, column = (position.line, position.column) if position else (None, None)
    return Problem(document.file, line, column, document.field_name(path), _message(details, path, document.data, model))


# What each kind of validation error means to an analyst: {value} is the value as written,
# other names come from the error's context.
MESSAGES = {
    "missing": "is required but missing",
    "string_type": "expected text, got {value}",
    "str_type": "expected text, got {value}",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long (at most {max_length} characters)",
    "string_pattern_mismatch": "{value} is not a valid id; ids use letters, digits, '-', '_' and '.', and start with a letter or digit",
    "literal_error": "{value} is not accepted; accepted: {expected}",
    "tuple_type": "expected a list, got {value}",
    "list_type": "expected a list, got {value}",
    "model_type": "expected a mapping of fields (name: value), got {value}",
    "model_attributes_type": "expected a mapping of fields (name: value), got {value}",
    "dict_type": "expected a mapping of fields (name: value), got {value}",
    "int_parsing": "expected a whole number, got {value}",
    "int_type": "expected a whole number, got {value}",
    "int_from_float": "expected a whole number, got {value}",
    "less_than_equal": "{value} is above the most accepted, {le}",
    "greater_than_equal": "{value} is below the least accepted, {ge}",
    "too_short": "needs at least {min_length} item(s)",
}


class _Context(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "None"


def _message(details: ErrorDetails, path: FieldPath, data: dict[str, Any], model: type[BaseModel]) -> str:
    kind = details["type"]
    if kind == "extra_forbidden":
        return _unknown_field(path, data, model)
    if kind not in MESSAGES:
        return _suggesting(str(details["msg"]), details, path)
    return _suggesting(MESSAGES[kind].format_map(_Context(details.get("ctx", {}), value=_shown(details.get("input")))), details, path)


# The grades whose validators (in brief/model/brief.py) refuse a value with an error of the grade's name.
GRADES: dict[str, dict[Any, str]] = {"credibility": dict(CREDIBILITY), "reliability": dict(RELIABILITY)}


def _suggesting(message: str, details: ErrorDetails, path: FieldPath) -> str:
    """A refused value of a closed vocabulary, with the accepted value it most likely means before the accepted list."""
    vocabulary = _vocabulary(details, path)
    if vocabulary is None:
        return message
    hint = suggest(str(details.get("input")), _accepted(details, vocabulary), SYNONYMS.get(vocabulary))
    head, found, accepted = message.partition("; accepted: ")
    return f"{head}; {hint}accepted: {accepted}" if hint and found else message


def _vocabulary(details: ErrorDetails, path: FieldPath) -> str | None:
    """The closed vocabulary a refused value belongs to, named by its field; None for other errors."""
    if details["type"] in GRADES:
        return details["type"]
    if details["type"] == "literal_error" and path and isinstance(path[-1], str):
        return path[-1]
    return None


def _accepted(details: ErrorDetails, vocabulary: str) -> list[str]:
    """The values a closed vocabulary accepts: a grade's table, or the choices pydantic lists for a Literal."""
    if vocabulary in GRADES:
        return [str(grade) for grade in GRADES[vocabulary]]
    return re.findall(r"'([^']*)'", str(details.get("ctx", {}).get("expected", "")))


def _unknown_field(path: FieldPath, data: dict[str, Any], root: type[BaseModel]) -> str:
    name = str(path[-1])
    model = _model_at(root, path[:-1])
    accepted = list(model.model_fields) if model else []
    settled = OTHER_SPELLINGS.get(name)
    if settled and len(path) == 1 and settled in data:
        return f"{name!r} is another spelling of {settled!r}, which is also given; give only one"
    return f"unknown field {name!r}; {suggest(name, accepted)}accepted here: {', '.join(accepted)}"


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model that validates the mapping at `path`, for listing its fields."""
    current: type[BaseModel] | None = model
    for segment in path:
        if isinstance(segment, int) or current is None:
            continue
        field = _field_named(current, segment)
        current = _inner_model(field.annotation) if field else None
    return current


def _field_named(model: type[BaseModel], name: str) -> Any:
    for field_name, field in model.model_fields.items():
        if name == field_name:
            return field
    return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _inner_model(argument)
        if found:
            return found
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")

"""The JSON Schema of the input format, for completion and checking in an editor's YAML plugin.

The schema is the validator: pydantic writes it from the models, and each of the models'
validators says here what it reads (keyed by the validator function, so the two move
together). So it accepts what brief accepts: any scalar where text is taken (brief reads
`title: 1984` as the text 1984), one value where a list is taken, a name alone for an author
or recipient, one silence without a list, key_judgments for key_judgements, codes and words
in any case (reliability b, TLP:AMBER, ICD-203), and surrounding space, which brief trims.

What JSON Schema cannot say, it says more loosely, never more strictly:
- ids referred to must exist, and ids must be unique across the file;
- a likelihood must be a term of the brief's scale, which brief.toml or a scale file may set:
  any text is taken, with the built-in terms as examples;
- portion markings and the classification must fit the ladder;
- the files scale, ladder and previous name must exist in the input's folder: only their
  suffix is checked;
- Markdown nested deeper than brief prints;
- characters no output can hold (control characters), which brief refuses in any value;
- a number's spelling: brief reads the text (`id: 1e5`), the editor a number, so a number is
  taken where some spelling of it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from brief.model import brief as model
from brief.model.brief import Brief
from brief.model.rules import RULES
from brief.model.scales import SCALES
from brief.model.tables import INPUT_SUFFIXES, OTHER_SPELLINGS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCALAR = ["string", "number", "boolean"]  # what an editor may read a plain scalar as; brief reads its text

# Characters no output can hold are refused as the file is read (brief/input/document.py),
# in any value: the schema leaves them to that, as its patterns would be slow to check and generate.
ANY, SPACE, INK = r"[\s\S]", r"\s", r"\S"
# Python's lower() and casefold() also turn the Kelvin sign into k, and casefold() the long s into s.
OTHER_CASES = {"k": "\u212a"}
OTHER_FOLDS = {"k": "\u212a", "s": "\u017f"}
_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
DATE = f"^{SPACE}*(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29){SPACE}*$"


def input_schema() -> dict[str, Any]:
    """The JSON Schema of input format version 1."""
    schema = Brief.model_json_schema(mode="validation", schema_generator=_InputSchema)
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "brief input (format version 1)"
    definitions, properties = schema["$defs"], schema["properties"]
    _likelihood_terms(definitions["KeyJudgement"]["properties"]["likelihood"])
    _likelihood_terms(definitions["AlternativeView"]["properties"]["likelihood"]["anyOf"][0])
    properties["previous"]["anyOf"][0] = _file_name()
    properties["ladder"]["anyOf"][0] = {"anyOf": [_words(["default"]), _file_name()]}
    _other_spellings(schema)
    for person in ("Author", "Recipient"):
        _organization(definitions[person])
    definitions["Silence"]["properties"]["rule"]["examples"] = [key for rule in RULES for key in (rule.code, rule.name)]
    cleaned: dict[str, Any] = _without_formats(schema)
    return cleaned


class _InputSchema(GenerateJsonSchema):
    """Pydantic's schema of the models, with what each validator reads in place of the type it returns."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        if "pattern" in schema:  # the only patterned string is an id
            return _id()
        if "max_length" in schema:
            return _text(schema["max_length"])
        return _text()

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        return _read(BEFORE, schema["function"]["function"], super().function_before_schema(schema))

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        return _read(AFTER, schema["function"]["function"], super().function_after_schema(schema))


def _read(readings: dict[Any, Callable[[JsonSchemaValue], JsonSchemaValue]], function: Any, inner: JsonSchemaValue) -> JsonSchemaValue:
    reading = readings.get(function)
    return reading(inner) if reading else inner


def _text(max_length: int | None = None) -> JsonSchemaValue:
    """Text brief trims: any scalar with something printed in it, at most `max_length` long once trimmed."""
    if max_length is None:
        return {"type": SCALAR, "pattern": INK}
    return {"type": SCALAR, "pattern": f"^{SPACE}*{INK}(?:{ANY}{{0,{max_length - 2}}}{INK})?{SPACE}*$"}


def _id() -> JsonSchemaValue:
    """An id; a number is one when written without a sign (12, 1.5)."""
    return {
        "anyOf": [
            {"type": "string", "pattern": f"^{SPACE}*[A-Za-z0-9][A-Za-z0-9_.-]{{0,63}}{SPACE}*$"},
            {"type": ["number", "boolean"], "minimum": 0},
        ]
    }


def _any_case(word: str, others: dict[str, str] = OTHER_CASES) -> str:
    """A pattern for `word` in any case, as Python folds case; other characters stand for themselves."""
    return "".join(
        f"[{letter.upper()}{letter.lower()}{others.get(letter.lower(), '')}]" if letter.isalpha() else _escape(letter) for letter in word
    )


def _escape(character: str) -> str:
    """Only what ECMAScript's unicode mode allows escaped: a hyphen outside a class stays bare."""
    return "\\" + character if character in ".+*?()[]{}|^$\\/" else character


def _words(words: Iterable[str], prefix: str = "", others: dict[str, str] = OTHER_CASES) -> JsonSchemaValue:
    """Any of `words` in any case, with space around it, after an optional `prefix`."""
    alternatives = "|".join(_any_case(word, others) for word in sorted(words, key=len, reverse=True))
    optional = f"(?:{_any_case(prefix)})?" if prefix else ""
    return {"type": "string", "pattern": f"^{SPACE}*{optional}(?:{alternatives}){SPACE}*$"}


def _file_name() -> JsonSchemaValue:
    """A YAML or JSON file's name, as brief tells one from a built-in name."""
    suffixes = "|".join(_any_case(suffix) for suffix in INPUT_SUFFIXES)
    return {"type": "string", "pattern": f"^{ANY}*(?:{suffixes}){SPACE}*$"}


def _scale(inner: JsonSchemaValue) -> JsonSchemaValue:
    """A built-in scale's name, ignoring case, spaces, hyphens and underscores, or a scale file."""
    gap = f"(?:{SPACE}|[_-])*"
    names = "|".join(gap.join(_any_case(letter, OTHER_FOLDS) for letter in name) for name in SCALES)
    return {"anyOf": [{"type": "string", "pattern": f"^{gap}(?:{names}){gap}$"}, _file_name()]}


def _language(inner: JsonSchemaValue) -> JsonSchemaValue:
    return {"type": "string", "pattern": f"^{SPACE}*{model.LANGUAGE_PATTERN.pattern[1:-1]}{SPACE}*$"}


def _web_url(inner: JsonSchemaValue) -> JsonSchemaValue:
    """An http or https address with a host: something printed before any path, query or fragment."""
    return {"type": "string", "pattern": f"^{SPACE}*{_any_case('http')}{_any_case('s')}?://[^/?#]*[^/?#\\s]"}


def _rule(inner: JsonSchemaValue) -> JsonSchemaValue:
    return _words([key for rule in RULES for key in (rule.code, rule.name)], others=OTHER_FOLDS)


def _credibility(inner: JsonSchemaValue) -> JsonSchemaValue:
    return {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 6}, {"type": "string", "pattern": f"^{SPACE}*0*[1-6]{SPACE}*$"}]}


def _one_or_many(inner: JsonSchemaValue) -> JsonSchemaValue:
    """A list, or one scalar item standing for a list of it (a mapping is not wrapped)."""
    items = inner["items"]
    scalars = [branch for branch in items.get("anyOf", [items]) if "$ref" not in branch]
    return {"anyOf": [*scalars, inner]}


BEFORE: dict[Any, Callable[[JsonSchemaValue], JsonSchemaValue]] = {
    model._lowercase: lambda inner: _words(inner["enum"]),
    model._reliability: lambda inner: _words(inner["enum"]),
    model._tlp: lambda inner: _words(inner["enum"], prefix="tlp:"),
    model._credibility: _credibility,
    model._iso_date: lambda inner: {"type": "string", "pattern": DATE},
    model._one_or_many: _one_or_many,
    model._author: lambda inner: {"anyOf": [_text(), inner]},
    model._one_silence_or_many: lambda inner: {"anyOf": [inner["items"], inner]},
}
AFTER: dict[Any, Callable[[JsonSchemaValue], JsonSchemaValue]] = {
    model._scale: _scale,
    model._language: _language,
    model._web_url: _web_url,
    model._rule: _rule,
}


def _likelihood_terms(property_schema: dict[str, Any]) -> None:
    terms = {scale.id: [term.label for term in scale.terms] for scale in SCALES.values()}
    property_schema["description"] += " " + "; ".join(f"{name}: {', '.join(labels)}" for name, labels in terms.items())
    property_schema["examples"] = sorted({label for labels in terms.values() for label in labels})


def _without_formats(node: Any) -> Any:
    """Drop pydantic's format: date, which a checker would apply untrimmed; DATE says more, trimmed."""
    if isinstance(node, dict):
        return {key: _without_formats(value) for key, value in node.items() if (key, value) != ("format", "date")}
    return [_without_formats(item) for item in node] if isinstance(node, list) else node


def _organization(person: dict[str, Any]) -> None:
    """Accept organization for organisation in a person, as the loader does: either spelling, not both."""
    properties = person["properties"]
    properties["organization"] = {**properties["organisation"], "title": "Organization", "description": "Another spelling of organisation."}
    person["not"] = {"required": ["organisation", "organization"]}


def _other_spellings(schema: dict[str, Any]) -> None:
    """Accept key_judgments for key_judgements (one of the two required) and organization for organisation: never both."""
    properties = schema["properties"]
    for other, key in OTHER_SPELLINGS.items():
        properties[other] = {**properties[key], "title": other.replace("_", " ").title(), "description": f"Another spelling of {key}."}
        if key in schema["required"]:
            schema["required"] = [name for name in schema["required"] if name != key]
            schema["oneOf"] = [{"required": [key]}, {"required": [other]}]
        else:
            schema.setdefault("allOf", []).append({"not": {"required": [key, other]}})

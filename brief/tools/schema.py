"""The JSON Schema of the input format, for completion and checking in an editor's YAML plugin.

Pydantic writes most of it from the models; the rest says what the models accept beyond
their types: an author given as a plain name, the likelihood terms of each scale, and the
spelling key_judgments.
"""

from __future__ import annotations

from typing import Any

from brief.model.brief import Brief
from brief.model.rules import RULES
from brief.model.scales import SCALES
from brief.model.tables import OTHER_SPELLINGS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def input_schema() -> dict[str, Any]:
    """The JSON Schema of input format version 1."""
    schema = Brief.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "brief input (format version 1)"
    definitions = schema["$defs"]
    schema["properties"]["authors"]["items"] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Author"}]}
    _likelihood_terms(definitions["KeyJudgement"]["properties"]["likelihood"])
    _likelihood_terms(definitions["AlternativeView"]["properties"]["likelihood"]["anyOf"][0])
    _other_spellings(schema)
    definitions["Silence"]["properties"]["rule"]["examples"] = [key for rule in RULES for key in (rule.code, rule.name)]
    return schema


def _likelihood_terms(property_schema: dict[str, Any]) -> None:
    terms = {scale.id: [term.label for term in scale.terms] for scale in SCALES.values()}
    property_schema["description"] += " " + "; ".join(f"{name}: {', '.join(labels)}" for name, labels in terms.items())
    property_schema["examples"] = sorted({label for labels in terms.values() for label in labels})


def _other_spellings(schema: dict[str, Any]) -> None:
    """Accept key_judgments for key_judgements: one of the two is required, not both."""
    properties = schema["properties"]
    for other, key in OTHER_SPELLINGS.items():
        properties[other] = {**properties[key], "title": other.replace("_", " ").title(), "description": f"Another spelling of {key}."}
        schema["required"] = [name for name in schema["required"] if name != key]
        schema["oneOf"] = [{"required": [key]}, {"required": [other]}]

"""The JSON Schema of the input format, for completion and checking in an editor's YAML plugin.

Pydantic writes most of it from the models; the rest says what the models accept beyond
their types: an author given as a plain name, the likelihood terms of each scale, and the
spelling key_judgments.
"""

from __future__ import annotations

from typing import Any

from brief.checks.catalogue import RULES
from brief.model import Brief
from brief.scales import SCALES

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
    _american_spelling(schema)
    definitions["Silence"]["properties"]["rule"]["examples"] = [key for rule in RULES for key in (rule.code, rule.name)]
    return schema


def _likelihood_terms(property_schema: dict[str, Any]) -> None:
    terms = {scale.id: [term.label for term in scale.terms] for scale in SCALES.values()}
    property_schema["description"] += " " + "; ".join(f"{name}: {', '.join(labels)}" for name, labels in terms.items())
    property_schema["examples"] = sorted({label for labels in terms.values() for label in labels})


def _american_spelling(schema: dict[str, Any]) -> None:
    """Accept key_judgments for key_judgements: one of the two is required, not both."""
    properties = schema["properties"]
    properties["key_judgments"] = {
        **properties["key_judgements"],
        "title": "Key Judgments",
        "description": "Another spelling of key_judgements.",
    }
    schema["required"] = [name for name in schema["required"] if name != "key_judgements"]
    schema["oneOf"] = [{"required": ["key_judgements"]}, {"required": ["key_judgments"]}]

"""`brief schema` is the validator: what one accepts the other accepts, so an editor never flags a good input or passes a bad one."""

from __future__ import annotations

import datetime
import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

from brief.errors import InputError
from brief.input.document import parse_document
from brief.input.loader import load, load_document
from brief.tools.schema import input_schema
from tests.samples import CLEAN, DISTRIBUTED, EXAMPLE, MINIMAL, ROOT

REPOSITORY_INPUTS = sorted(
    [*EXAMPLE.parent.glob("*.yaml"), *EXAMPLE.parent.glob("archive/*.yaml"), ROOT / "brief" / "tools" / "starter.yaml"]
)
SAMPLES = {"MINIMAL": MINIMAL, "CLEAN": CLEAN, "DISTRIBUTED": DISTRIBUTED}

# What the schema documents it cannot say (brief/tools/schema.py): ids across the file, the scale's
# terms, the ladder, files that must exist, Markdown depth, unprintable characters. A generated input may fail only with these.
CROSS_FIELD = (
    "is not the id of any",
    "is already used by",
    ", not a",
    "is not a term of the",
    "is not a level of the",
    "above the brief's classification",
    "does not exist in the input's folder",
    "is outside the input's folder",
    "levels deep",
    "cannot appear in a brief",
    "is a control character",
)

# Inputs brief accepts through another spelling or form of a value.
SPELLINGS = {
    "a recipient or author given by name alone": DISTRIBUTED + "authors: Jane Roe\n",
    "key_judgments for key_judgements": MINIMAL.replace("key_judgements:", "key_judgments:"),
    "grades and words in any case, with space": CLEAN.replace("reliability: B", "reliability: b").replace(
        "confidence: moderate", "confidence: ' High '"
    ),
    "a credibility as text": CLEAN.replace("credibility: 2,", "credibility: '3',"),
    "a number or yes/no where text is taken": MINIMAL.replace("Minimal brief", "1984").replace("The bottom line.", "true"),
    "one id where a list is taken": CLEAN.replace("evidence: [E1, E2]", "evidence: E1"),
    "one silence without a list": MINIMAL + "silence: {rule: t04, reason: Style of the house.}\n",
    "a TLP label as FIRST writes it": MINIMAL + "tlp: 'TLP:AMBER+STRICT'\n",
    "a scale name spelt loosely": MINIMAL + "scale: ICD-203\nladder: Default\n",
    "a leap day": MINIMAL.replace("2025-03-14", "2024-02-29"),
    "organization for organisation": MINIMAL + "distribution: [{name: Jane Roe, organization: Treasury, role: Adviser}]\n",
}
# Inputs brief refuses for what is in one value, whatever else the file holds.
REFUSED = {
    "a list for the title": MINIMAL.replace("title: Minimal brief", "title: [Minimal, brief]"),
    "no date": MINIMAL.replace("date: 2025-03-14\n", ""),
    "a day that is not in the month": MINIMAL.replace("2025-03-14", "'2025-02-29'"),
    "a status brief does not know": MINIMAL + "status: published\n",
    "both spellings of key_judgements": MINIMAL + "key_judgments: []\n",
    "an id with a space in it": MINIMAL.replace("id: KJ1", "id: KJ 1"),
    "a credibility above 6": CLEAN.replace("credibility: 2,", "credibility: 7,"),
    "a rule that does not exist": MINIMAL + "silence: {rule: T99, reason: none}\n",
    "a url that is not on the web": CLEAN.replace("title: Wire report", "title: Wire report, url: 'ftp://example.org'"),
    "a blank summary": MINIMAL.replace("summary: The bottom line.", "summary: '  '"),
    "both spellings of organisation": MINIMAL + "authors: [{name: Jane Roe, organisation: A, organization: B}]\n",
}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _as_editor_sees(text: str) -> Any:
    """The data a YAML plugin checks: YAML's own types, dates as the text they were written as."""
    return json.loads(json.dumps(yaml.safe_load(text), default=datetime.date.isoformat))


def _problems(text: str) -> list[str]:
    """What brief says is wrong with an input, from a folder of its own (no brief.toml above it)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.yaml"
        try:
            load_document(parse_document(text.encode(), str(path)), path)
        except InputError as error:
            return [problem.message for problem in error.problems]
    return []


@pytest.mark.parametrize("path", REPOSITORY_INPUTS, ids=lambda path: path.name)
def test_every_input_in_the_repository_fits_the_schema(path: Path) -> None:
    """The example, its archive and the starter load, and an editor checking them against `brief schema` flags nothing."""
    load(path)
    assert list(_validator().iter_errors(_as_editor_sees(path.read_text(encoding="utf-8")))) == []


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_every_sample_input_fits_the_schema(text: str) -> None:
    """The inputs the tests build from load, and fit `brief schema`."""
    assert _problems(text) == []
    assert list(_validator().iter_errors(_as_editor_sees(text))) == []


@pytest.mark.parametrize("text", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_the_schema_accepts_every_spelling_brief_accepts(text: str) -> None:
    """An input written with another spelling brief settles (a name alone, key_judgments, lowercase b) fits the schema too."""
    assert _problems(text) == []
    assert list(_validator().iter_errors(_as_editor_sees(text))) == []


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_the_schema_refuses_what_brief_refuses(text: str) -> None:
    """A value brief refuses on its own (a list for a title, February 29th of 2025) is flagged by the editor too."""
    assert _problems(text) != []
    assert not _validator().is_valid(_as_editor_sees(text))


def _as_written(value: Any) -> Any:
    """Generated data as an analyst types it: brief reads every scalar as its text, so a number is its spelling."""
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(abs(value) if value == 0 else value).replace("e+", "e")  # 1e20, as YAML writes it, not 1e+20
    return str(value) if isinstance(value, int) else value


def _json_for_yaml(data: Any) -> str:
    """JSON that YAML reads back as the same data: YAML folds raw line separators, so they are escaped."""
    return json.dumps(data, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@settings(max_examples=30, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(from_schema(input_schema(), codec="utf-8"))  # an input file is bytes: it cannot hold a lone surrogate
def test_what_the_schema_generates_brief_accepts(data: dict[str, Any]) -> None:
    """A document that fits `brief schema` loads, or fails only for what the schema says it cannot check (ids, terms, ladder, files)."""
    problems = _problems(_json_for_yaml(_as_written(data)))
    assert [message for message in problems if not any(fragment in message for fragment in CROSS_FIELD)] == []

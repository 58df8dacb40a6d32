"""Reading input files: malformed, hostile and odd YAML gets a clear message at its line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brief.errors import InputError
from brief.input.document import parse_document
from brief.input.loader import load
from tests.samples import MINIMAL


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


def test_malformed_yaml_points_at_line_and_column(write_input: Callable[..., Path]) -> None:
    """An unclosed list is reported where it opened, with the field, not where the parser gave up."""
    path = write_input("title: x\nauthors: [a, b\ndate: 2025-01-01\n")
    [message] = problems(path)
    assert message.startswith(f"{path}:2:10: authors: this list is never closed")


def test_empty_file_is_refused(write_input: Callable[..., Path]) -> None:
    """An empty file says it is empty and what a brief needs."""
    path = write_input("\n  \n")
    assert problems(path) == [f"{path}: the file is empty; a brief needs at least title, date, summary and key_judgements"]


def test_binary_file_is_refused(tmp_path: Path) -> None:
    """A binary file is named as not UTF-8 text, with no traceback."""
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problems(path) == [f"{path}:1: byte 0x89 is not UTF-8 text; is this a binary file? Inputs are UTF-8 YAML or JSON"]


def test_control_character_is_refused_at_its_line(tmp_path: Path) -> None:
    """A NUL byte inside otherwise valid text is reported at its line."""
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"title: ok\nsummary: bad\x00text\n")
    [message] = problems(path)
    assert message.startswith(f"{path}:2:")
    assert "U+0000" in message


def test_top_level_list_is_refused(write_input: Callable[..., Path]) -> None:
    """A file that holds a list says a brief is a mapping of fields."""
    path = write_input("- title: x\n")
    assert problems(path) == [f"{path}:1:1: the file holds a list; a brief is a mapping of fields (title: ...)"]


def test_python_tags_are_refused_not_constructed(write_input: Callable[..., Path]) -> None:
    """Language-specific tags are refused at their line, and nothing is executed."""
    path = write_input(MINIMAL + "subtitle: !!python/object/apply:os.system ['touch pwned']\nreference: !custom x\n")
    messages = problems(path)
    assert messages == [
        f"{path}:9:11: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; brief inputs use plain YAML values without tags",
        f"{path}:10:12: the tag '!custom' is not allowed; brief inputs use plain YAML values without tags",
    ]
    assert not (path.parent / "pwned").exists()


def test_alias_bomb_is_refused(write_input: Callable[..., Path]) -> None:
    """A billion-laughs file is refused once it passes the value budget, instead of exhausting memory."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    path = write_input("\n".join(lines) + "\n")
    [message] = problems(path)
    assert "expands to over 100,000 values (through aliases?)" in message


def test_recursive_alias_is_refused(write_input: Callable[..., Path]) -> None:
    """An alias that contains itself is refused rather than recursing forever."""
    path = write_input("title: &t\n  - *t\n")
    [message] = problems(path)
    assert "nested over 64 levels deep (a recursive alias?)" in message


def test_duplicate_key_names_both_lines(write_input: Callable[..., Path]) -> None:
    """A field given twice is an error at the second, naming the first line."""
    path = write_input(MINIMAL + "title: Again\n")
    assert problems(path) == [f"{path}:9:1: 'title' is given twice (first at line 1); give each field once"]


def test_several_documents_in_one_file_are_refused(write_input: Callable[..., Path]) -> None:
    """Two YAML documents in one file are refused: an input is one brief."""
    path = write_input(MINIMAL + "---\ntitle: second\n")
    [message] = problems(path)
    assert "expected a single document" in message


def test_scalars_stay_text() -> None:
    """YAML 1.1 surprises do not happen: no stays 'no', 1.10 stays '1.10', null is None."""
    document = parse_document(b"a: no\nb: 1.10\nc: null\nd: 'null'\ne:\nf: 0x1F\n", "f.yaml")
    assert document.data == {"a": "no", "b": "1.10", "c": None, "d": "null", "e": None, "f": "0x1F"}


def test_merge_keys_are_expanded_with_explicit_keys_winning() -> None:
    """A YAML merge key (<<: *base) copies the base's fields, and a field given beside it wins."""
    document = parse_document(b"base: &b {x: '1', y: '2'}\nitem:\n  <<: *b\n  y: '3'\n", "f.yaml")
    assert document.data["item"] == {"y": "3", "x": "1"}


def test_json_input_is_accepted(tmp_path: Path) -> None:
    """JSON is valid YAML: a JSON input loads like the YAML one."""
    path = tmp_path / "brief.json"
    path.write_text(
        '{"title": "T", "date": "2025-03-14", "summary": "S", "key_judgements": '
        '[{"id": "KJ1", "statement": "X", "likelihood": "likely", "confidence": "low"}], '
        '"evidence": [], "sources": [{"id": "S1", "title": "A source", "reliability": "B"}]}',
        encoding="utf-8",
    )
    brief = load(path).brief
    assert brief.title == "T"
    assert brief.sources[0].reliability == "B"


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    """A file over the size limit is refused before parsing."""
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"title: " + b"x" * 5_000_001 + b"\n")
    [message] = problems(path)
    assert "it is 5,000,009 bytes; an input may be at most 5,000,000 bytes" in message


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """Reading a file that does not exist is an InputError, not an OSError."""
    [message] = problems(tmp_path / "absent.yaml")
    assert message.endswith("absent.yaml: it does not exist")

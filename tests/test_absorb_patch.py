"""Patching reviewed edits into an input's YAML: only the edited values change, byte for byte everywhere else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief.absorb.patch import FieldEdit, PatchRefused, YamlComment, field_value, patch_yaml
from brief.input.document import parse_document
from brief.input.positions import FieldPath

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = """\
# An analyst's brief: comments, blank lines and odd quoting stay as written.

title:   'Belarus hedges: the ''long'' game'   # keep this note
date: 2026-11-24
summary: |
  Minsk is **hedging, not defecting**. Lukashenko keeps Putin close
  and the West open.

scope_note: >-
  This brief assesses Belarus's alignment between Russia, Ukraine and the
  West over the next six months.


key_judgements:
  - id: KJ1
    statement: Lukashenko is hedging rather than breaking with Russia.  # plain
    likelihood: likely
    confidence: low
  - statement: "Belarus will \\"not\\" send troops."
    id: KJ2
    likelihood: likely
    confidence: low
evidence:
  - {id: E1, text: Prisoners were released., source: S1}
implications:
  - Watch the border.
"""


def data(text: str) -> Any:
    """The data brief reads from `text`."""
    return parse_document(text.encode(), "brief.yaml").data


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines that differ, with the lines both share at the start and end left out."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return old[head : len(old) - tail], new[head : len(new) - tail]


def patched(path: FieldPath, text: str, source: str = SAMPLE) -> str:
    """`source` with one field edited, checked to load as the old data with that field alone changed."""
    result = patch_yaml(source, [FieldEdit(path, text)], file="brief.yaml")
    expected = data(source)
    target = expected
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = text
    assert data(result) == expected
    return result


def test_a_plain_value_stays_plain_and_keeps_its_trailing_comment() -> None:
    """A plain value is replaced in place; its line's comment and every other line stay."""
    result = patched(("key_judgements", 0, "statement"), "Lukashenko is hedging.")
    assert changed_lines(SAMPLE, result) == (
        ["    statement: Lukashenko is hedging rather than breaking with Russia.  # plain\n"],
        ["    statement: Lukashenko is hedging.  # plain\n"],
    )


def test_a_plain_value_that_would_read_differently_is_double_quoted() -> None:
    """Text with ': ' or ' #' cannot stay plain, so it is double-quoted, and the line's comment stays."""
    result = patched(("key_judgements", 0, "statement"), "Minsk: hedging # not defecting")
    assert changed_lines(SAMPLE, result)[1] == ['    statement: "Minsk: hedging # not defecting"  # plain\n']


def test_a_plain_value_that_yaml_would_type_is_quoted() -> None:
    """`no` plain would be a boolean to other YAML readers, so the edit quotes it."""
    result = patched(("implications", 0), "no")
    assert changed_lines(SAMPLE, result)[1] == ['  - "no"\n']


def test_single_quotes_stay_single_with_doubled_apostrophes() -> None:
    """A single-quoted value keeps its quotes, doubles an apostrophe, and keeps the odd spacing and comment around it."""
    result = patched(("title",), "Lukashenko's 'long' game")
    assert changed_lines(SAMPLE, result)[1] == ["title:   'Lukashenko''s ''long'' game'   # keep this note\n"]


def test_double_quotes_stay_double_with_escapes() -> None:
    """A double-quoted value keeps its quotes and escapes a quote and a backslash."""
    result = patched(("key_judgements", 1, "statement"), 'He said "no" \\ twice.')
    assert changed_lines(SAMPLE, result)[1] == ['  - statement: "He said \\"no\\" \\\\ twice."\n']


def test_a_literal_block_keeps_its_indicator_and_the_blank_line_after_it() -> None:
    """A | block's lines are replaced at their indentation; the header and the blank line after it stay."""
    result = patched(("summary",), "Minsk is hedging.\nThe West stays open.\n")
    assert changed_lines(SAMPLE, result) == (
        ["  Minsk is **hedging, not defecting**. Lukashenko keeps Putin close\n", "  and the West open.\n"],
        ["  Minsk is hedging.\n", "  The West stays open.\n"],
    )


def test_a_literal_block_changes_chomping_only_when_the_text_needs_it() -> None:
    """New text without a trailing newline turns | into |-, and nothing else moves."""
    result = patched(("summary",), "Minsk is hedging.")
    assert changed_lines(SAMPLE, result)[1] == ["summary: |-\n", "  Minsk is hedging.\n"]


def test_a_literal_block_starting_with_spaces_gets_an_indentation_indicator() -> None:
    """Text whose first line starts with spaces needs an indentation indicator to read back."""
    result = patched(("summary",), "  indented\nnot\n")
    assert changed_lines(SAMPLE, result)[1] == ["summary: |2\n", "    indented\n", "  not\n"]


def test_a_folded_block_is_rewrapped_at_its_width() -> None:
    """A > block stays folded, wrapped at its longest line's width, with its chomping and the blank lines after it."""
    text = "This brief assesses Belarus's alignment between Moscow, Kyiv and the West over the coming twelve months."
    result = patched(("scope_note",), text)
    old, new = changed_lines(SAMPLE, result)
    assert new == ["  This brief assesses Belarus's alignment between Moscow, Kyiv and the\n", "  West over the coming twelve months.\n"]
    assert max(len(line) for line in new) <= max(len(line) for line in old) and result.startswith(SAMPLE[: SAMPLE.index("  This")])


def test_a_folded_block_keeps_a_line_break_as_an_empty_line() -> None:
    """A newline in text folded into a > block is written as an empty line, so it reads back."""
    result = patched(("scope_note",), "First paragraph.\nSecond paragraph.")
    assert changed_lines(SAMPLE, result)[1] == ["  First paragraph.\n", "\n", "  Second paragraph.\n"]


def test_a_folded_block_that_cannot_fold_becomes_literal() -> None:
    """Text with an indented line cannot be folded faithfully, so the > block becomes a | block."""
    result = patched(("scope_note",), "Intro:\n  - a list")
    assert changed_lines(SAMPLE, result)[1][0] == "scope_note: |-\n"


def test_multi_line_text_turns_a_one_line_value_into_a_literal_block() -> None:
    """A new line in a one-line value makes a | block two columns inside the key, keeping the line's comment."""
    result = patched(("key_judgements", 0, "statement"), "Line one.\nLine two.")
    assert changed_lines(SAMPLE, result)[1] == ["    statement: |-  # plain\n", "      Line one.\n", "      Line two.\n"]


def test_a_flow_mapping_value_stays_on_its_line() -> None:
    """A value inside { } is replaced on its line, quoted when it holds a comma."""
    result = patched(("evidence", 0, "text"), "Released, then rearrested.")
    assert changed_lines(SAMPLE, result)[1] == ['  - {id: E1, text: "Released, then rearrested.", source: S1}\n']


def test_russian_text_is_written_as_is() -> None:
    """Cyrillic text and «ёлочки» stay readable, not escaped."""
    result = patched(("key_judgements", 0, "statement"), "Лукашенко «страхуется» — и это надолго.")
    assert "    statement: Лукашенко «страхуется» — и это надолго.  # plain\n" in result


def test_a_crlf_file_keeps_its_line_endings() -> None:
    """Every line of a CRLF file still ends in CRLF, the new block's lines too."""
    source = SAMPLE.replace("\n", "\r\n")
    result = patched(("key_judgements", 0, "statement"), "One.\nTwo.", source)
    assert result.count("\r\n") == result.count("\n")
    assert "      Two.\r\n" in result


def test_a_bom_is_kept() -> None:
    """A byte order mark at the start of the file stays there."""
    result = patched(("title",), "New", "\ufeff" + SAMPLE)
    assert result.startswith("\ufeff# An analyst's brief") and "title:   'New'" in result


def test_the_other_spelling_of_a_key_is_found() -> None:
    """A canonical path finds key_judgments when that is how the analyst spelled it."""
    source = SAMPLE.replace("key_judgements:", "key_judgments:")
    result = patch_yaml(source, [FieldEdit(("key_judgements", 0, "statement"), "Hedging.")], file="brief.yaml")
    assert "key_judgments:" in result and "statement: Hedging.  # plain" in result
    assert field_value(source, ("key_judgements", 0, "statement")) == "Lukashenko is hedging rather than breaking with Russia."


def test_a_json_input_keeps_json_strings() -> None:
    """A JSON input's string stays a JSON string, so the file is still JSON."""
    source = json.dumps(data(SAMPLE) | {"date": "2026-11-24"}, ensure_ascii=False, indent=2)
    result = patch_yaml(source, [FieldEdit(("summary",), 'Новый "итог".\nВторая строка.')], file="brief.json")
    assert json.loads(result)["summary"] == 'Новый "итог".\nВторая строка.'
    assert '"summary": "Новый \\"итог\\".\\nВторая строка.",' in result


def test_a_comment_goes_above_a_mapping_field() -> None:
    """A comment is written on its own lines above the field's key, at the key's indentation."""
    comment = YamlComment(("key_judgements", 0, "likelihood"), ("Jane Roe, 2026-11-20: is this right?", "Really?"))
    result = patch_yaml(SAMPLE, [], [comment], file="brief.yaml")
    assert changed_lines(SAMPLE, result)[1] == ["    # Jane Roe, 2026-11-20: is this right?\n", "    # Really?\n"]
    assert result.index("# Really?") < result.index("likelihood: likely")


def test_a_comment_on_a_list_item_field_goes_above_the_dash() -> None:
    """A comment on a field written after a list dash goes above the dash line, at the dash's indentation."""
    comment = YamlComment(("key_judgements", 1, "statement"), ("Check the source.",))
    result = patch_yaml(SAMPLE, [FieldEdit(("key_judgements", 1, "statement"), "Troops stay home.")], [comment], file="brief.yaml")
    assert '  # Check the source.\n  - statement: "Troops stay home."\n' in result


def test_a_multi_line_comment_text_becomes_several_comment_lines() -> None:
    """A line break inside a comment's text starts another # line, so nothing leaks out of the comment."""
    result = patch_yaml(SAMPLE, [], [YamlComment(("title",), ("one\ntwo",))], file="brief.yaml")
    assert "# one\n# two\ntitle:" in result


def test_a_field_written_through_an_alias_is_refused() -> None:
    """Editing a value shared through an anchor would change the other field too, so it is refused at its line."""
    source = "title: &t Shared\ndate: 2026-01-01\nsummary: *t\nkey_judgements: []\n"
    with pytest.raises(PatchRefused) as caught:
        patch_yaml(source, [FieldEdit(("summary",), "New")], file="brief.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("brief.yaml", 1, "summary") and "alias" in problem.message


def test_a_missing_field_is_refused_with_file_and_line() -> None:
    """A field the input no longer has is refused, naming the file, the nearest line and the field."""
    with pytest.raises(PatchRefused) as caught:
        patch_yaml(SAMPLE, [FieldEdit(("key_judgements", 0, "basis"), "New basis.")], file="brief.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("brief.yaml", 15, "key_judgements[0].basis")
    assert "no longer has" in str(caught.value)


def test_a_list_where_text_is_expected_is_refused() -> None:
    """A field holding a list cannot take text."""
    with pytest.raises(PatchRefused, match="holds a list"):
        patch_yaml(SAMPLE, [FieldEdit(("implications",), "text")], file="brief.yaml")


def test_text_no_brief_can_hold_is_refused() -> None:
    """A control character in the new text is refused before anything is written, naming the field."""
    with pytest.raises(PatchRefused, match="U\\+001F"):
        patch_yaml(SAMPLE, [FieldEdit(("title",), "bad\x1f")], file="brief.yaml")


def test_field_value_reads_text_and_none_when_absent() -> None:
    """field_value gives the value as written, and None for a field the input does not have."""
    assert (
        field_value(SAMPLE, ("scope_note",))
        == "This brief assesses Belarus's alignment between Russia, Ukraine and the West over the next six months."
    )
    assert field_value(SAMPLE, ("key_judgements", 5, "statement")) is None


def test_the_example_input_patches_cleanly(tmp_path: Path) -> None:
    """Editing a basis block in the shipped example changes only that block's lines."""
    source = (ROOT / "inputs" / "belarus.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "belarus.yaml"
    copy.write_text(patched(("key_judgements", 1, "basis"), "Troops would risk the regime.\n", source), encoding="utf-8")
    old, new = changed_lines(source, copy.read_text(encoding="utf-8"))
    assert new == ["      Troops would risk the regime.\n"] and len(old) == 3


FIELDS: list[FieldPath] = [
    ("title",),
    ("summary",),
    ("scope_note",),
    ("key_judgements", 0, "statement"),
    ("key_judgements", 1, "statement"),
    ("evidence", 0, "text"),
    ("implications", 0),
]
PIECES = [*"ab Щё:#'\"-?,[]{}&*!|>%@`\n\t\\", "  ", "- ", "\u00a0", "no", "…", "\n\n", "null", "2026-01-01"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=15).map("".join) | st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Cn")), max_size=20
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), text=TEXT, crlf=st.booleans())
def test_any_text_in_any_field_loads_back_exactly(field: FieldPath, text: str, crlf: bool) -> None:
    """Whatever text a reviewer leaves, the patched file loads to the old data with only that field changed."""
    source = SAMPLE.replace("\n", "\r\n") if crlf else SAMPLE
    result = patched(field, text, source)
    typed = yaml.safe_load(result)
    target = typed
    for step in field:
        target = target[step]
    assert target == text


def test_edits_and_comments_together_land_where_each_belongs() -> None:
    """Several edits and comments in one pass: each comment sits above its own field, each value is the new one."""
    edits = [FieldEdit(("title",), "T"), FieldEdit(("summary",), "S.\n"), FieldEdit(("key_judgements", 0, "statement"), "A\nB")]
    comments = [YamlComment(("title",), ("on title",)), YamlComment(("key_judgements", 0, "statement"), ("on statement",))]
    result = patch_yaml(SAMPLE, edits, comments, file="brief.yaml")
    assert "# on title\ntitle:   'T'   # keep this note\n" in result
    assert "    # on statement\n    statement: |-  # plain\n      A\n      B\n    likelihood: likely\n" in result
    assert data(result)["summary"] == "S.\n" and data(result)["key_judgements"][0]["statement"] == "A\nB"


def test_a_field_brought_in_by_a_merge_key_is_refused() -> None:
    """A value a mapping takes from a merge key (<<) is shared, so it is refused rather than guessed at."""
    source = "base: &b\n  text: shared\nitem:\n  <<: *b\n  other: own\n"
    with pytest.raises(PatchRefused, match="merge key"):
        patch_yaml(source, [FieldEdit(("item", "text"), "new")], file="brief.yaml")


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), text=TEXT)
def test_a_json_input_stays_json_whatever_the_text(field: FieldPath, text: str) -> None:
    """A JSON input patched with any text is still JSON, holding the old data with only that field changed."""
    old = json.loads(json.dumps(data(SAMPLE) | {"date": "2026-11-24"}))
    source = json.dumps(old, ensure_ascii=False, indent=2)
    target = old
    for step in field[:-1]:
        target = target[step]
    target[field[-1]] = text
    assert json.loads(patch_yaml(source, [FieldEdit(field, text)], file="brief.json")) == old

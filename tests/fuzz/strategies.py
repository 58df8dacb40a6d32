"""Hypothesis strategies for fuzzing inputs: valid briefs, one mutation of a valid brief, and the words a brief must print.

A valid brief is generated as plain data (`valid_briefs`), from words the built-in set's fonts
draw, so the PDF's text can be read back; `mutants` dumps one to YAML and breaks it in one way.
The profiles registered here are the CI budget (`brief-ci`, a few dozen examples per property,
derandomised so CI is stable) and the long local campaign (`brief-campaign`, driven by
scripts/fuzz_campaign.py through the BRIEF_FUZZ_* environment variables).
"""

from __future__ import annotations

import contextlib
import html.entities
import importlib
import json
import os
import re
import string
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from brief.model.scales import SCALES
from brief.review.wording import COMMON

# Hypothesis writes a patch for each failing example with libcst, whose import warns (an error under the
# project's filterwarnings, which would bury the failure in an INTERNALERROR): import it quietly first.
with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore", DeprecationWarning)
    importlib.import_module("hypothesis.extra._patching")

# --- profiles -----------------------------------------------------------------------------------

settings.register_profile(
    "brief-ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,  # nothing written into the checkout; a failure prints its example and blob
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "brief-campaign",
    max_examples=2000,
    deadline=None,
    derandomize=False,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz_settings(ci_examples: int) -> settings:
    """The settings of one property: `ci_examples` under the CI profile, the campaign's count under BRIEF_FUZZ_PROFILE=campaign."""
    if os.environ.get("BRIEF_FUZZ_PROFILE") == "campaign":
        examples = int(os.environ.get("BRIEF_FUZZ_EXAMPLES", "2000"))
        return settings(settings.get_profile("brief-campaign"), max_examples=examples)
    return settings(settings.get_profile("brief-ci"), max_examples=ci_examples)


# --- words --------------------------------------------------------------------------------------

# Letters every font of the policy-brief set draws (PT Serif, PT Sans, PT Mono, each style), so
# pypdf reads them back: ASCII, Latin-1 and Latin Extended-A, basic Cyrillic, digits. Letters
# whose NFKC or case-folded form is another string (ß, ĳ, ſ, İ...) are left out.
_RANGES = ((0x30, 0x3A), (0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x180), (0x400, 0x460))
_NOT_DRAWN = set("ĊċĔĕĠġĨĩĬĭĲĳĸĿŀŉŊŋŎŏŦŧŨũŴŵŶŷЀЍѐѝßİſ")
ALPHABET = "".join(
    char
    for low, high in _RANGES
    for code in range(low, high)
    if (char := chr(code)).isalnum() and char not in _NOT_DRAWN and unicodedata.normalize("NFKC", char) == char
)

# Words the tradecraft review reads as an estimate (T01, an error, when its band differs from the
# stated likelihood): generated prose avoids them so that a valid brief passes its review.
ESTIMATIVE = frozenset(
    word
    for phrase in [*COMMON, *(spelling for scale in SCALES.values() for term in scale.terms for spelling in term.spellings())]
    for word in re.split(r"[\s_-]+", phrase.casefold())
)

WORD = re.compile(r"[^\W_]+")  # a word: letters and digits; Markdown's _ and * are syntax, never part of one


def word_list() -> st.SearchStrategy[str]:
    """One word of the fonts' letters, never an estimative term."""
    return st.text(ALPHABET, min_size=1, max_size=8).filter(lambda word: word.casefold() not in ESTIMATIVE)


def phrases(min_words: int = 1, max_words: int = 6) -> st.SearchStrategy[str]:
    """A few words separated by single spaces: plain text that reads the same in every format."""
    return st.lists(word_list(), min_size=min_words, max_size=max_words).map(" ".join)


@st.composite
def _inline(draw: st.DrawFn) -> str:
    """A line of words, some of them emphasised, strong, code or a link."""
    parts = []
    for word in draw(st.lists(phrases(1, 3), min_size=1, max_size=3)):
        style = draw(st.sampled_from(["plain", "plain", "em", "strong", "code", "link"]))
        if style == "em":
            word = f"*{word}*"
        elif style == "strong":
            word = f"**{word}**"
        elif style == "code":
            word = f"`{word}`"
        elif style == "link":
            target = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8))
            word = f"[{word}](https://example.org/{target})"
        parts.append(word)
    return " ".join(parts)


@st.composite
def markdown_texts(draw: st.DrawFn) -> str:
    """Markdown of one or two blocks: paragraphs with inline markup, bulleted and numbered lists, quotes."""
    blocks = []
    for kind in draw(st.lists(st.sampled_from(["paragraph", "bullets", "numbers", "quote"]), min_size=1, max_size=2)):
        items = draw(st.lists(_inline(), min_size=1, max_size=2))
        if kind == "paragraph":
            blocks.append(" ".join(items) + ".")
        elif kind == "bullets":
            blocks.append("\n".join(f"- {item}" for item in items))
        elif kind == "numbers":
            blocks.append("\n".join(f"{number}. {item}" for number, item in enumerate(items, 1)))
        else:
            blocks.append("\n".join(f"> {item}" for item in items))
    return "\n\n".join(blocks)


# --- valid briefs -------------------------------------------------------------------------------

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,11}\Z")


def _spelled(term: str) -> st.SearchStrategy[str]:
    """A spelling of a term as an analyst might type it: any case, spaces, hyphens or underscores."""
    return st.tuples(st.sampled_from([" ", "-", "_"]), st.sampled_from([str.lower, str.upper, str.title])).map(
        lambda style: style[1](re.sub(r"[\s_-]+", style[0], term))
    )


def likelihoods(scale: str) -> st.SearchStrategy[str]:
    """A term of a built-in scale, by its id, label or a synonym, spelled leniently."""
    spellings = [spelling for term in SCALES[scale].terms for spelling in term.spellings()]
    return st.sampled_from(spellings).flatmap(_spelled)


confidences = st.sampled_from(["high", "moderate", "low"]).flatmap(lambda level: st.sampled_from([level, level.upper(), level.title()]))


@st.composite
def _dated(draw: st.DrawFn, latest: date) -> str | None:
    """An ISO date no later than `latest`, or None."""
    return draw(st.dates(date(1990, 1, 1), latest)).isoformat() if draw(st.booleans()) else None


@st.composite
def valid_briefs(draw: st.DrawFn) -> dict[str, Any]:
    """A brief that validates and passes review: 1-3 judgements, evidence with sources, views, indicators, sections."""
    taken: set[str] = set()

    def fresh_id() -> str:
        found = draw(ids.filter(lambda value: value.casefold() not in taken))
        taken.add(found.casefold())
        return found

    def optional(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(strategy) if draw(st.booleans()) else None

    scale = draw(st.sampled_from(sorted(SCALES)))
    brief_date = draw(st.dates(date(2001, 1, 1), date(2030, 12, 31)))
    data: dict[str, Any] = {"title": draw(phrases(1, 8)), "date": brief_date.isoformat()}
    if scale != "icd203" or draw(st.booleans()):
        data["scale"] = scale
    for field in ("subtitle", "reference", "organisation", "audience"):
        data[field] = optional(phrases(1, 4))
    data["authors"] = optional(
        st.lists(st.one_of(phrases(1, 3), st.fixed_dictionaries({"name": phrases(1, 3)}, optional={"role": phrases(1, 2)})), max_size=2)
    )
    data["summary"] = draw(markdown_texts())
    data["scope_note"] = optional(markdown_texts())
    sources = []
    for _ in range(draw(st.integers(0, 2))):
        source: dict[str, Any] = {"id": fresh_id(), "title": draw(phrases(1, 5))}
        source["author"], source["publisher"] = optional(phrases(1, 3)), optional(phrases(1, 3))
        source["kind"] = optional(st.sampled_from(["official", "news", "report", "academic", "social", "video", "other"]))
        source["url"] = optional(st.from_regex(r"\Ahttps://example\.org/[a-z0-9]{1,8}\Z"))
        source["reliability"] = optional(st.sampled_from("ABCDEFabcdef"))
        source["date"] = draw(_dated(brief_date))
        if source["date"] and draw(st.booleans()):
            source["accessed"] = draw(st.dates(date.fromisoformat(source["date"]), brief_date)).isoformat()
        sources.append(source)
    evidence = []
    for _ in range(draw(st.integers(0, 3)) if sources else 0):
        item: dict[str, Any] = {"id": fresh_id(), "text": draw(markdown_texts()), "source": draw(st.sampled_from(sources))["id"]}
        item["credibility"] = optional(st.integers(1, 6) | st.integers(1, 6).map(str))
        item["date"] = draw(_dated(brief_date))
        evidence.append(item)
    evidence_ids = [item["id"] for item in evidence]
    cited = st.lists(st.sampled_from(evidence_ids), unique=True, max_size=2) if evidence_ids else st.just([])
    judgements = []
    for _ in range(draw(st.integers(1, 3))):
        judgement: dict[str, Any] = {
            "id": fresh_id(),
            "statement": draw(markdown_texts()),
            "likelihood": draw(likelihoods(scale)),
            "confidence": draw(confidences),
        }
        judgement["basis"] = optional(markdown_texts())
        judgement["evidence"] = draw(cited)
        judgement["assumptions"] = optional(st.lists(phrases(1, 5), min_size=1, max_size=2))
        judgements.append(judgement)
    data["key_judgements"] = judgements
    views = []
    for _ in range(draw(st.integers(0, 2))):
        view: dict[str, Any] = {"id": fresh_id(), "view": draw(markdown_texts())}
        view["basis"] = optional(markdown_texts())
        view["against"] = draw(cited)
        if draw(st.booleans()):
            view["likelihood"], view["confidence"] = draw(likelihoods(scale)), draw(confidences)
        views.append(view)
    rated = [item["id"] for item in judgements + views]
    data["alternative_views"] = views
    data["indicators"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {"text": phrases(1, 6)},
                optional={
                    "judgements": st.lists(st.sampled_from(rated), unique=True, max_size=2),
                    "direction": st.sampled_from(["strengthens", "weakens"]),
                },
            ),
            max_size=2,
        )
    )
    data["implications"] = draw(st.lists(markdown_texts(), max_size=2))
    data["sections"] = draw(st.lists(st.fixed_dictionaries({"heading": phrases(1, 4), "body": markdown_texts()}), max_size=2))
    data["evidence"], data["sources"] = evidence, sources
    pruned: dict[str, Any] = _pruned(data)
    return pruned


def _pruned(value: Any) -> Any:
    """The data without None values and empty lists: fields left out, as an analyst would."""
    if isinstance(value, dict):
        return {key: _pruned(item) for key, item in value.items() if item is not None and item != []}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def dump(data: Any) -> str:
    """YAML text of `data`, in insertion order, key_judgements last so a mutation can append to it."""
    if isinstance(data, dict) and "key_judgements" in data:
        data = {key: value for key, value in data.items() if key != "key_judgements"} | {"key_judgements": data["key_judgements"]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# --- the words a brief must print -----------------------------------------------------------------

TEXT_FIELDS = ("title", "subtitle", "reference", "organisation", "audience")
MARKDOWN_FIELDS = ("summary", "scope_note")
ITEM_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # list -> (its text fields, its Markdown fields)
    "key_judgements": (("assumptions",), ("statement", "basis")),
    "key_judgments": (("assumptions",), ("statement", "basis")),
    "evidence": ((), ("text",)),
    "sources": (("title", "author", "publisher"), ()),
    "alternative_views": ((), ("view", "basis")),
    "indicators": (("text",), ()),
    "sections": (("heading",), ("body",)),
    "authors": (("name", "role", "organisation"), ()),
}


def printed_texts(data: Any) -> Iterator[tuple[str, bool]]:
    """Every text a brief prints, with whether it is Markdown, from input data of any shape (wrong types are skipped)."""
    if not isinstance(data, dict):
        return
    for name in TEXT_FIELDS + MARKDOWN_FIELDS:
        yield from _strings(data.get(name), name in MARKDOWN_FIELDS)
    yield from _strings(data.get("implications"), True)
    for name, (plain, marked) in ITEM_FIELDS.items():
        items = data.get(name)
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict):
                for field in plain + marked:
                    yield from _strings(item.get(field), field in marked)
            elif name == "authors":
                yield from _strings(item, False)


def _strings(value: Any, markdown: bool) -> Iterator[tuple[str, bool]]:
    if isinstance(value, str):
        yield value, markdown
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield item, markdown


# Markdown syntax that prints none of its own words: list markers (a list's numbers are its labels),
# and a link's target and title.
LIST_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))+", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\(\s*<?(?:https?|mailto):[^)\n]*\)", re.IGNORECASE)
ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def _entity(match: re.Match[str]) -> str:
    """An HTML entity as CommonMark prints it: the character it names (U+FFFD for none)."""
    name = match.group(1)
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return html.entities.html5.get(name + ";", match.group(0))


def fold(word: str) -> str:
    """A word as compared across formats: a style may print it in capitals, a font may draw a ligature."""
    return unicodedata.normalize("NFKC", word).upper().casefold()


def words(text: str, markdown: bool = False) -> set[str]:
    """The folded words of a text, without the Markdown syntax that prints none of its own."""
    if markdown:
        text = ENTITY.sub(_entity, LINK_TARGET.sub("]", LIST_MARKERS.sub(" ", text)))
    return {fold(word) for word in WORD.findall(unicodedata.normalize("NFKC", text))}


def drawn(word: str) -> bool:
    """Whether the set's own fonts draw every letter of a (folded) word, so pypdf can read it back."""
    return all(char in ALPHABET or char in ALPHABET.lower() for char in word)


PLAIN = frozenset(ALPHABET + string.printable)


def plain(text: str) -> bool:
    """Whether a text is only the fonts' letters, ASCII and line breaks. Any other character (a fallback
    font's glyph, U+2028) may make WeasyPrint encode a whole font with its own CMap, which pypdf reads
    as garbage (pdftotext reads it well): the PDF's words are looked for only in briefs of plain text."""
    return set(text) <= PLAIN


def unprintable(text: str) -> bool:
    """Whether a text holds a control character or a lone surrogate, which no format can show (brief refuses them)."""
    return any(unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n\r" for char in text)


# --- reading YAML as brief does: every scalar text ------------------------------------------------


class TextLoader(yaml.SafeLoader):
    """A safe loader that keeps every scalar as text (null aside) and resolves merge keys, as brief reads an input."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:null")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text_data(raw: bytes) -> Any:
    """The data of an input file, every scalar kept as text."""
    return yaml.load(raw.decode("utf-8-sig"), Loader=TextLoader)  # a SafeLoader: no tags, no code


# --- mutations ------------------------------------------------------------------------------------

PREVIOUS = """\
title: The previous version
date: 2000-01-01
summary: What we said then.
key_judgements:
  - {id: KJ1, statement: Then., likelihood: likely, confidence: low}
"""
SCALE_FILE = """\
name: Desk yardstick
terms:
  - {id: slim, label: slim chance, low: 0, high: 15}
  - {id: possible, label: real possibility, low: 15, high: 100}
"""
# Files beside every mutated input, so that a path mutation can name a real file, a folder or a link out.
BESIDE: dict[str, str] = {"previous.yaml": PREVIOUS, "scales/desk.yaml": SCALE_FILE, "sub/notes.txt": "not YAML\n"}
LINK_OUT = ("outside.yaml", "/etc/hostname")


@dataclass(frozen=True)
class Mutant:
    """An input file's bytes after one mutation, and what the mutation was (for a failure's report)."""

    mutation: str
    data: bytes

    def write(self, folder: Path, name: str = "brief.yaml") -> Path:
        """Write the input, and the files beside it that paths may name, into `folder`; return the input's path."""
        for relative, text in BESIDE.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
        link = folder / LINK_OUT[0]
        if not link.is_symlink():
            link.symlink_to(LINK_OUT[1])
        path = folder / name
        path.write_bytes(self.data)
        return path


FieldPath = tuple[str | int, ...]


def _paths(value: Any, prefix: FieldPath = ()) -> Iterator[FieldPath]:
    """Every place in nested data, the root aside."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield (*prefix, key)
        yield from _paths(item, (*prefix, key))


def _set(data: Any, path: FieldPath, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _text_paths(data: Any) -> list[FieldPath]:
    return [path for path in _paths(data) if isinstance(_get(data, path), str) and path[-1] not in ("id", "date", "likelihood")]


def _get(data: Any, path: FieldPath) -> Any:
    for key in path:
        data = data[key]
    return data


def _copy(data: Any) -> Any:
    return json.loads(json.dumps(data))


other_values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.just(""),
    phrases(1, 3),
    st.lists(phrases(1, 2), max_size=3),
    st.dictionaries(word_list(), phrases(1, 2), max_size=2),
    st.just([[["deep"]]]),
    st.just({"id": "X1"}),
)

ESCAPES = ["\\x01", "\\0", "\\e", "\\uFFFE", "\\uFDD0", "\\x85", "\\x7f", "\\x9b", "\\a", "\\b", "\\v", "\\f", "\\r", "\\t", "\\N", "\\_"]
ESCAPES += ["\\L", "\\P", "\\ud800", "\\udfff", "\\U0001F600", "\\U0010FFFF", "\\uFEFF", "\\u200b", "\\u202e", "\\x00"]
RAW_CHARACTERS = [chr(code) for code in [*range(0x00, 0x20), 0x7F, 0x85, 0x9B, 0xA0, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF, 0xFDD0]]
NOT_UTF8 = [b"\xff", b"\xfe", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\xf4\x90\x80\x80"]
PATHS = [
    "/etc/passwd",
    "/etc",
    "/",
    "/dev/zero",
    "/proc/self/environ",
    "../brief.yaml",
    "../../../../etc/passwd",
    "sub/../../x.yaml",
    "nonexistent.yaml",
    "sub/none.yml",
    "sub",
    "sub/notes.txt",
    "scales",
    "scales/desk.yaml",
    "previous.yaml",
    "brief.yaml",
    "outside.yaml",
    "./previous.yaml",
    "PREVIOUS.YAML",
    ".",
    "..",
    "~/.bashrc",
    "C:\\brief.yaml",
    "file:///etc/passwd",
    "https://example.org/x.yaml",
    "x.yaml\\..\\..\\y.yaml",
    "policy-brief",
    "memo",
    "icd203",
]
TAGS = [
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!python/object:builtins.dict {}",
    "!custom value",
    "!!binary aGVsbG8=",
    "!!str tagged",
    "!!int 3",
    "!!timestamp 2025-01-01",
    "!<tag:yaml.org,2002:str> long",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!null ''",
    "! bare",
]
DEEP_PREFIXES = ["> ", "- ", "* ", "1. ", "> - ", "- > "]
# Markdown (and HTML, and template syntax) at its edges: what brief does not render must show as typed.
MARKDOWN_EDGES = [
    "<!-- a comment -->",
    "a <span>b</span> c",
    "x [^1] y\n\n[^1]: note",
    "[text][undefined]",
    "&nbsp;alpha&#0;beta &#x110000; &amp; &copy;",
    "***",
    "___word___",
    "<https://exa mple.org>",
    "<a@b.org>",
    "`code` ``x`` ```y```",
    "    indented code",
    "```\nfenced\n```",
    "# heading",
    "Setext\n===",
    "| a | b |\n|---|---|\n| c | d |",
    "~~strike~~",
    "line\\\nbreak",
    "{{ template }} {% raw %}",
    "![alt](https://example.org/i.png)",
    "[text]()",
    "[text]( )",
    "[text](<>)",
    "[text](#)",
    "[text](//example.org)",
    "[text](HTTPS://EXAMPLE.ORG)",
    "[text](mailto:)",
    "[text](javascript:alert(1))",
    "<javascript:alert(1)>",
    "1) paren",
    "7. seven",
    "> quote\nlazy",
    "* a\n\n  * b\n\n    * c",
    "a\u00adb\u200bc \u202eevil\u202c",
    "\\",
    "*",
    "]",
]


def _lines(text: str, pattern: str) -> list[int]:
    return [index for index, line in enumerate(text.split("\n")) if re.match(pattern, line)]


@st.composite
def _structural(draw: st.DrawFn, data: dict[str, Any]) -> tuple[str, Any]:
    """One change to the data: a type, a reference, a date, a term, a path, a field added or removed, a length, a depth."""
    data = _copy(data)
    kind = draw(st.sampled_from(["type", "long", "deep", "markdown", "reference", "date", "term", "path", "unknown", "missing", "alias"]))
    places = list(_paths(data))
    texts = _text_paths(data) or [("title",)]
    if kind == "type":
        path = draw(st.sampled_from(places))
        value = draw(other_values)
        _set(data, path, value)
        return f"type: {path} = {value!r}", data
    if kind == "long":
        path = draw(st.sampled_from(texts))
        length = draw(st.integers(200, 6000))
        value = draw(
            st.sampled_from(
                [
                    (draw(word_list()) + " ") * (length // 8),
                    draw(st.text(ALPHABET, min_size=1, max_size=3)) * length,
                    "x" * length + " " + draw(word_list()),
                    "\n\n".join([draw(phrases(1, 3))] * (length // 30 + 1)),
                ]
            )
        )
        _set(data, path, value)
        return f"long: {path} = {len(value)} characters", data
    if kind == "deep":
        path = draw(st.sampled_from(texts))
        levels = draw(st.integers(1, 40))
        prefix = draw(st.sampled_from(DEEP_PREFIXES))
        style = draw(st.sampled_from(["prefix", "emphasis", "indent"]))
        words_ = draw(phrases(1, 3))
        if style == "prefix":
            value = prefix * levels + words_
        elif style == "emphasis":
            value = "*" * levels + words_ + "*" * levels
        else:
            value = "\n".join("  " * level + "- " + words_ for level in range(levels))
        _set(data, path, value)
        return f"deep: {path} = {value[:80]!r}", data
    if kind == "markdown":
        path = draw(st.sampled_from(texts))
        edge = draw(st.sampled_from(MARKDOWN_EDGES))
        value = draw(phrases(0, 2)) + " " + edge + " " + draw(phrases(0, 2))
        _set(data, path, value.strip() or edge)
        return f"markdown: {path} = {value!r}", data
    if kind == "reference":
        return _reference(draw, data)
    if kind == "date":
        candidates = [path for path in places if path[-1] in ("date", "accessed")] + [("date",)]
        path = draw(st.sampled_from(candidates))
        bad = st.sampled_from(
            [
                "2025-02-30",
                "14/03/2025",
                "2025",
                "2025-3-4",
                "0000-01-01",
                "0001-01-01",
                "9999-12-31",
                "2025-03-14T10:00:00",
                "2025-03-14 extra",
                "",
                "−2025-01-01",
                "２０２５-０１-０１",
            ]
        )
        future = st.dates(date(2031, 1, 1), date(2100, 1, 1)).map(date.isoformat)
        value = draw(
            st.one_of(bad, future, st.text(max_size=12), st.integers(), st.dates().map(lambda day: (day - timedelta(1)).isoformat()))
        )
        _set(data, path, value)
        return f"date: {path} = {value!r}", data
    if kind == "term":
        fields = ("likelihood", "confidence", "credibility", "reliability", "kind", "status", "tlp", "language", "direction", "url")
        candidates = [path for path in places if path[-1] in fields] + [(field,) for field in ("status", "tlp", "language", "scale")]
        path = draw(st.sampled_from(candidates))
        near = st.sampled_from(
            ["very likley", "probably not", "realistic possibility", "certain", "7", "0", "G", "AB", "javascript:alert(1)"]
        )
        value = draw(st.one_of(near, phrases(1, 2), st.text(max_size=10), likelihoods(draw(st.sampled_from(sorted(SCALES))))))
        _set(data, path, value)
        return f"term: {path} = {value!r}", data
    if kind == "path":
        field = draw(st.sampled_from(["previous", "scale", "template", "ladder"]))
        value = draw(
            st.one_of(
                st.sampled_from(PATHS),
                st.integers(100, 5000).map(lambda n: "a" * n + ".yaml"),
                st.integers(10, 3000).map(lambda n: "a/" * n + "x.yaml"),
            )
        )
        data[field] = value
        return f"path: {field} = {value[:80]!r}", data
    if kind == "unknown":
        mappings = [()] + [path for path in places if isinstance(_get(data, path), dict)]
        path = draw(st.sampled_from(mappings))
        key = draw(st.one_of(st.sampled_from(["sumary", "key_judgments", "titel", "Evidence", "id", "<<"]), word_list()))
        target = _get(data, path) if path else data
        target[key] = draw(other_values)
        return f"unknown: {path} + {key!r}", data
    if kind == "missing":
        path = draw(st.sampled_from(places))
        parent: Any = _get(data, path[:-1]) if len(path) > 1 else data
        del parent[path[-1]]
        return f"missing: {path}", data
    judgements = data["key_judgements"]  # "alias": the dumper writes an anchor and an alias for a shared object
    shared = draw(st.sampled_from(["judgement", "list", "mapping"]))
    if shared == "judgement":
        judgements.append(judgements[0])
    elif shared == "list" and data.get("evidence"):
        data["key_judgements"][0]["against"] = data["key_judgements"][0].setdefault("evidence", [])
    else:
        data["sections"] = [data.get("sections", [{"heading": "h", "body": "b"}])[0]] * 2
    return f"alias: shared {shared}", data


def _reference(draw: st.DrawFn, data: dict[str, Any]) -> tuple[str, Any]:
    """A reference that is dangling, of the wrong kind, or an id that clashes or is malformed."""
    judgement = draw(st.sampled_from(data["key_judgements"]))
    all_ids = [item["id"] for name in ("key_judgements", "evidence", "sources", "alternative_views") for item in data.get(name, [])]
    target = draw(st.one_of(st.sampled_from(all_ids), ids, st.sampled_from(["E99", "", " ", "KJ1 ", "a b", "-x", "x" * 65, "é1", "1"])))
    change = draw(st.sampled_from(["evidence", "against", "source", "indicator", "competes", "duplicate", "id"]))
    if change in ("evidence", "against"):
        judgement.setdefault(change, []).append(target)
    elif change == "source" and data.get("evidence"):
        data["evidence"][0]["source"] = target
    elif change == "indicator":
        data.setdefault("indicators", []).append({"text": "watch this", "judgements": [target]})
    elif change == "competes":
        data.setdefault("alternative_views", []).append({"id": "AVZ9", "view": "Another view.", "competes_with": target})
    elif change == "duplicate" and len(all_ids) > 1:
        judgement["id"] = draw(st.sampled_from([value for value in all_ids if value != judgement["id"]]))
    else:
        judgement["id"] = target
    return f"reference: {change} -> {target!r}", data


@st.composite
def _textual(draw: st.DrawFn, data: dict[str, Any]) -> tuple[str, bytes]:
    """One change to the YAML text or its bytes: escapes, raw characters, bad bytes, duplicates, tags, aliases, truncation."""
    text = dump(data)
    raw = text.encode("utf-8")
    kind = draw(
        st.sampled_from(
            [
                "escape",
                "raw",
                "not-utf8",
                "encoding",
                "duplicate",
                "tag",
                "merge",
                "bomb",
                "truncate",
                "flip",
                "splice",
                "lines",
                "json",
                "documents",
            ]
        )
    )
    if kind == "escape":
        path = draw(st.sampled_from(_text_paths(data) or [("title",)]))
        escape = draw(st.sampled_from(ESCAPES))
        marker = "FUZZMARKER"
        marked = _copy(data)
        _set(marked, path, marker)
        scalar = '"' + draw(phrases(1, 2)) + escape + draw(phrases(1, 2)) + '"'
        return f"escape: {path} holds {escape}", dump(marked).replace(marker, scalar, 1).encode("utf-8")
    if kind == "raw":
        char = draw(st.sampled_from(RAW_CHARACTERS))
        at = draw(st.integers(0, len(text)))
        return f"raw: U+{ord(char):04X} at character {at}", (text[:at] + char + text[at:]).encode("utf-8")
    if kind == "not-utf8":
        bad = draw(st.sampled_from(NOT_UTF8))
        at = draw(st.integers(0, len(raw)))
        return f"not-utf8: {bad!r} at byte {at}", raw[:at] + bad + raw[at:]
    if kind == "encoding":
        codec = draw(st.sampled_from(["latin-1", "cp1251", "utf-16", "utf-16-le", "utf-32", "utf-8-sig", "utf-7"]))
        return f"encoding: {codec}", text.encode(codec, errors="replace")
    if kind == "duplicate":
        lines = text.split("\n")
        keyed = _lines(text, r"^( *)(- )?[A-Za-z_]+:") or [0]
        index = draw(st.sampled_from(keyed))
        line = lines[index]
        copy = re.sub(r"^( *)- ", r"\1  ", line)
        lines.insert(index + 1, copy)
        return f"duplicate: line {index + 1} {line[:40]!r}", "\n".join(lines).encode("utf-8")
    if kind == "tag":
        lines = text.split("\n")
        scalars = _lines(text, r"^ *(- )?[A-Za-z_]+: [^|>&*!'\"\[{].*$") or [0]
        index = draw(st.sampled_from(scalars))
        tag = draw(st.sampled_from(TAGS))
        lines[index] = re.sub(r": .*$", f": {tag}", lines[index], count=1)
        return f"tag: line {index + 1} gets {tag}", "\n".join(lines).encode("utf-8")
    if kind == "merge":
        anchored = re.sub(r"^key_judgements:\n- ", "key_judgements:\n- &kj0\n  ", text, count=1, flags=re.MULTILINE)
        own = draw(st.sampled_from(["  id: KJMERGED\n", "  id: KJMERGED\n  statement: Merged.\n", ""]))
        return f"merge: <<: *kj0 with {own.strip()!r}", (anchored.rstrip("\n") + "\n- <<: *kj0\n" + own).encode("utf-8")
    if kind == "bomb":
        levels = draw(st.integers(1, 7))
        indent = draw(st.sampled_from(["", "  "]))  # a top-level field, or one of the last judgement's
        bomb = [f"{indent}bomb0: &b0 [w, w, w, w, w, w, w, w, w, w]"]
        bomb += [f"{indent}bomb{level}: &b{level} [" + ", ".join([f"*b{level - 1}"] * 10) + "]" for level in range(1, levels)]
        return f"bomb: {levels} levels of 10, indent {len(indent)}", (text.rstrip("\n") + "\n" + "\n".join(bomb) + "\n").encode("utf-8")
    if kind == "truncate":
        at = draw(st.integers(0, len(raw)))
        return f"truncate: at byte {at} of {len(raw)}", raw[:at]
    if kind == "flip":
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        byte = draw(st.integers(0, 255))
        return f"flip: byte {at} = {byte:#04x}", raw[:at] + bytes([byte]) + raw[at + 1 :]
    if kind == "splice":
        at = draw(st.integers(0, len(text)))
        inserted = draw(st.text(min_size=1, max_size=20))
        return f"splice: {inserted!r} at character {at}", (text[:at] + inserted + text[at:]).encode("utf-8", errors="surrogatepass")
    if kind == "lines":
        ending = draw(st.sampled_from(["\r\n", "\r", "\t", "\n\n", "\u2028", "\x85"]))
        if ending == "\t":
            return "lines: indented with tabs", re.sub(r"^( +)", lambda m: "\t" * len(m.group(1)), text, flags=re.MULTILINE).encode("utf-8")
        return f"lines: ending {ending!r}", text.replace("\n", ending).encode("utf-8")
    if kind == "json":
        ascii_only = draw(st.booleans())
        return f"json: ensure_ascii={ascii_only}", json.dumps(
            data, ensure_ascii=ascii_only, indent=draw(st.sampled_from([None, 2]))
        ).encode("utf-8")
    extra = draw(st.sampled_from(["---\ntitle: second\n", "...\n", "---\n", "--- !!str x\n"]))
    return f"documents: then {extra!r}", (text + extra).encode("utf-8")


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    """A valid brief with one mutation, of its data or of its YAML text."""
    data = draw(valid_briefs())
    if draw(st.booleans()):
        mutation, changed = draw(_structural(data))
        return Mutant(mutation, dump(changed).encode("utf-8"))
    mutation, raw = draw(_textual(data))
    return Mutant(mutation, raw)


# Letters with the characters Markdown, HTML, YAML and templates treat specially, to find where markup eats words.
MARKUP = "abcЖé12 \n\t*_`[]()<>!&#;:\\-+=.|~{}%'\"@/"


@st.composite
def odd_texts(draw: st.DrawFn) -> Mutant:
    """A valid brief whose one text field is arbitrary Unicode (any plane, controls, marks, bidi, noncharacters)."""
    data = draw(valid_briefs())
    path = draw(st.sampled_from(_text_paths(data)))
    value = draw(st.text(min_size=1, max_size=60) | st.text(MARKUP, min_size=1, max_size=60))
    _set(data, path, value)
    return Mutant(f"odd text: {path} = {value!r}", dump(data).encode("utf-8", errors="surrogatepass"))

"""Typography: typewriter quotes become the brief's language's quotation marks, and ranges of numbers take an en dash.

Applied once to the rendered HTML, so every word gets it whatever produced it (the input's plain
text, its Markdown, the template's own words, the translation tables) and both formats print it.
Only text between tags changes: tags, attribute values and the content of <code>, <pre>,
<style>, <script> and <head> are left as they are. A quote opens after a space, an opening
bracket, a dash or the start of a block, and closes otherwise; an apostrophe inside or at the
end of a word (it's, the analysts') is the apostrophe. ISO dates (2025-03-14) keep their hyphens;
"--" becomes an en dash and "---" an em dash, as in most typesetting tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG = re.compile(r"(<[^>]*>)")
VERBATIM = {"code", "pre", "style", "script", "head", "title"}
QUOTE_ENTITIES = {"&#34;": '"', "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&apos;": "'"}
QUOTE_ENTITY = re.compile("|".join(map(re.escape, QUOTE_ENTITIES)))
OPENS_AFTER = set(" \t\n\u00a0([{\u2014\u2013/-") | {""}
RANGE = re.compile(r"(?<![\d.,/-])(\d{1,4})-(\d{1,4})(?![\d/]|-\d)")  # 2024-2025, 30-40 %; not 2025-03-14


@dataclass(frozen=True)
class Quotes:
    """A language's quotation marks: double opening and closing, single opening and closing (the apostrophe is U+2019 in all)."""

    double_open: str
    double_close: str
    single_open: str
    single_close: str


QUOTES = {
    "en": Quotes("\u201c", "\u201d", "\u2018", "\u2019"),
    "ru": Quotes("\u00ab", "\u00bb", "\u201e", "\u201c"),
}


def typeset(html: str, language: str) -> str:
    """`html` with its text's quotes and number ranges set for `language` (English marks for a language without its own)."""
    quotes = QUOTES.get(language.split("-")[0].lower(), QUOTES["en"])
    parts, verbatim, before = TAG.split(html), 0, ""
    for index, part in enumerate(parts):
        if index % 2:
            verbatim = max(0, verbatim + _verbatim_change(part))
            before = "" if _is_block(part) else before
        elif part and not verbatim:
            parts[index] = _text(QUOTE_ENTITY.sub(lambda match: QUOTE_ENTITIES[match.group()], part), quotes, before)
            before = parts[index][-1]
    return "".join(parts)


def _text(text: str, quotes: Quotes, before: str) -> str:
    """One run of text between tags, `before` being the character that precedes it."""
    characters = list(RANGE.sub("\\1\u2013\\2", text.replace("---", "\u2014").replace("--", "\u2013")))
    for index, character in enumerate(characters):
        previous = characters[index - 1] if index else before
        if character == '"':
            characters[index] = quotes.double_open if previous in OPENS_AFTER else quotes.double_close
        elif character == "'":
            characters[index] = _single(previous, quotes)
    return "".join(characters)


def _single(previous: str, quotes: Quotes) -> str:
    """An apostrophe after a letter or digit, else a single quote opening or closing."""
    if previous.isalnum():
        return "\u2019"
    return quotes.single_open if previous in OPENS_AFTER else quotes.single_close


def _verbatim_change(tag: str) -> int:
    """+1 for a tag opening verbatim content, -1 for one closing it, else 0."""
    match = re.match(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)", tag)
    if not match or match.group(2).lower() not in VERBATIM or tag.endswith("/>"):
        return 0
    return -1 if match.group(1) else 1


def _is_block(tag: str) -> bool:
    """Whether a tag starts or ends a block, after which a quote opens."""
    return re.match(r"</?(p|li|td|th|h[1-6]|div|section|header|footer|br|tr|ol|ul|table|blockquote)\b", tag, re.IGNORECASE) is not None

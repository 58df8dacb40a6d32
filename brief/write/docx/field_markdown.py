"""Paragraphs read from a DOCX written back as the Markdown that prints them.

The inverse of render.markdown and the DOCX writer for what they make of a field: bold is
`**x**`, italic `*x*`, code `` `x` ``, a link `[text](url)`, a line break a backslash at the
end of the line, list paragraphs `- item` and `1. item`, a quote `> text`, and paragraphs are
joined by a blank line. Characters Markdown would read as markup are escaped, so the text
prints as it reads. A plain field (a title, a heading) is its text alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from brief.write.docx.field_walk import Paragraph, Piece

ESCAPE = re.compile(r"([\\`*\[\]])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/])|&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"^(\s*)(>|[+\-](?=\s|$)|\d+[.)](?=\s|$))")
SPACE = " \t\n"


def keep(piece: Piece, accepted: bool) -> bool:
    """Whether a piece is in the text with every tracked change accepted (or else rejected)."""
    return piece.change != ("delete" if accepted else "insert")


def plain_text(paragraphs: Sequence[tuple[Paragraph, list[Piece]]]) -> str:
    """A plain field's text: its pieces' text, paragraphs joined by a space."""
    return " ".join(" ".join("".join(piece.text for piece in pieces).split()) for _, pieces in paragraphs).strip()


def markdown(paragraphs: Sequence[tuple[Paragraph, list[Piece]]], base: int = 0) -> str:
    """Markdown for `paragraphs`, each with the pieces of it that count; lists `base` deep or less are the template's, not the field's."""
    blocks: list[str] = []
    previous: Paragraph | None = None
    counters: dict[str | None, int] = {}
    indents: list[str] = []  # how far each list depth's text stands in
    top: str | None = None  # the list of the last item at depth 1: another list there starts apart, after a blank line
    for paragraph, pieces in paragraphs:
        text = inline(pieces)
        if paragraph.block in ("bullet", "number", "continue"):
            paragraph = replace(paragraph, block="p") if paragraph.depth <= base else replace(paragraph, depth=paragraph.depth - base)
        if not text:
            continue
        if paragraph.block in ("bullet", "number"):
            del indents[paragraph.depth - 1 :]
            lead = "".join(indents)
            counters[paragraph.list_id] = counters.get(paragraph.list_id, 0) + 1
            marker = "- " if paragraph.block == "bullet" else f"{counters[paragraph.list_id]}. "
            indents.append(" " * len(marker))
            block = lead + marker + text.replace("\n", "\n" + lead + " " * len(marker))
            tight = (
                previous is not None
                and previous.block in ("bullet", "number", "continue")
                and (paragraph.depth > 1 or paragraph.list_id == top)
            )
            top = paragraph.list_id if paragraph.depth == 1 else top
        else:
            lead = "".join(indents[: paragraph.depth]) if paragraph.block == "continue" else ""
            if paragraph.block != "continue":
                indents = []
            quote = "> " if paragraph.block == "quote" else ""
            block, tight = lead + quote + text.replace("\n", "\n" + lead + quote), False
        blocks.append(("\n" if tight and blocks else "\n\n" if blocks else "") + block)
        previous = paragraph
    return "".join(blocks)


@dataclass(frozen=True)
class Span:
    """Consecutive text of one look."""

    text: str
    bold: bool
    italic: bool
    code: bool
    link: str | None
    is_break: bool = False


def inline(pieces: Sequence[Piece]) -> str:
    """One paragraph's pieces as inline Markdown, without space at either end."""
    spans: list[Span] = []
    for piece in pieces:
        if piece.is_break:
            spans.append(Span("\n", False, False, False, None, is_break=True))
            continue
        span = Span(piece.text, piece.bold, piece.italic, piece.code, piece.link)
        if (
            spans
            and not spans[-1].is_break
            and (spans[-1].bold, spans[-1].italic, spans[-1].code, spans[-1].link)
            == (
                span.bold,
                span.italic,
                span.code,
                span.link,
            )
        ):
            spans[-1] = Span(spans[-1].text + span.text, span.bold, span.italic, span.code, span.link)
        else:
            spans.append(span)
    lines = _lines(spans)
    return "\\\n".join(_line_start(line) for line in lines).strip(SPACE)


def _lines(spans: list[Span]) -> list[str]:
    """The spans as Markdown, one string for each line between line breaks."""
    lines: list[list[Span]] = []
    current: list[Span] = []
    for span in spans:
        if span.is_break:
            lines.append(current)
            current = []
        else:
            current.append(span)
    lines.append(current)
    return [_linked(line).strip(SPACE) for line in lines]


def _linked(spans: list[Span]) -> str:
    """Spans grouped by the link they are in; a link's text has its own emphasis."""
    out, group = [], []  # type: tuple[list[str], list[Span]]
    for span in [*spans, Span("", False, False, False, "\0")]:
        if group and span.link != group[0].link:
            text = _emphasised(group)
            if group[0].link:
                stripped = text.strip(SPACE)
                lead, trail = text[: len(text) - len(text.lstrip(SPACE))], text[len(text.rstrip(SPACE)) :]
                text = f"{lead}[{stripped}]({_url(group[0].link)}){trail}" if stripped else text
            out.append(text)
            group = []
        group.append(span)
    return "".join(out)


def _emphasised(spans: list[Span]) -> str:
    """Spans with ** and * around bold and italic text, whitespace kept outside the markers."""
    out, stack, pending = [], [], ""  # type: tuple[list[str], list[str], str]
    for span in spans:
        core = span.text.strip(SPACE)
        if not core:
            pending += span.text
            continue
        lead, trail = span.text[: len(span.text) - len(span.text.lstrip(SPACE))], span.text[len(span.text.rstrip(SPACE)) :]
        wanted = [mark for mark, on in (("**", span.bold), ("*", span.italic)) if on]
        while stack and not set(stack) <= set(wanted):
            out.append(stack.pop())
        out.append(pending + lead)
        for mark in wanted:
            if mark not in stack:
                stack.append(mark)
                out.append(mark)
        out.append(_code(core) if span.code else ESCAPE.sub(r"\\\g<0>", core))
        pending = trail
    out.extend(reversed(stack))
    return "".join(out) + pending


def _code(text: str) -> str:
    """Inline code, fenced by more backticks than it holds in a row."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _url(url: str) -> str:
    """A link target as Markdown writes it: in angle brackets when it holds spaces or parentheses."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _line_start(line: str) -> str:
    """A line that would start a list or a quote, escaped so it stays text."""
    return LINE_START.sub(lambda match: match.group(1) + "\\" + match.group(2) if match.group(2)[-1] in ">+-" else _number(match), line)


def _number(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2)[:-1] + "\\" + match.group(2)[-1]

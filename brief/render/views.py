"""Views: a brief's items as a template prints them, in the brief's language.

Ids are resolved to the items they name, terms to their translated labels and bands,
Markdown fields to safe HTML, dates to text. Every other string stays plain text, which the
template environment escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from brief.input.markings import Markings
from brief.input.positions import FieldPath
from brief.model.brief import AlternativeView, Evidence, Indicator, KeyJudgement, Source
from brief.model.grades import rating
from brief.model.scales import Scale, Term
from brief.render.fields import MARKER, mark_field
from brief.render.markdown import render_markdown
from brief.render.translations import Translations


@dataclass(frozen=True)
class TermView:
    """A likelihood term as printed: its label in the brief's language and its band."""

    id: str
    label: str
    band: str


@dataclass(frozen=True)
class ScaleView:
    """The scale in use, as the explanation box prints it."""

    id: str
    name: str
    source: str
    terms: tuple[TermView, ...]


@dataclass(frozen=True)
class SourceView:
    """A source as printed: its fields, its grade, and its citation."""

    id: str
    number: int
    title: str
    author: str | None
    publisher: str | None
    kind: str | None
    url: str | None
    date: str | None
    accessed: str | None
    reliability: str | None
    reliability_meaning: str | None
    citation: Markup  # in full, its address a live link
    short_title: str  # what later citations call it


@dataclass(frozen=True)
class EvidenceView:
    """An item of evidence as printed, with its source and Admiralty rating."""

    id: str
    number: int
    text: Markup
    source: SourceView
    credibility: int | None
    credibility_meaning: str | None
    rating: str
    date: str | None
    first_note: int | None  # the note where its source was cited in full, when an earlier item cited it


@dataclass(frozen=True)
class JudgementView:
    """A key judgement or an alternative view as printed."""

    id: str
    label: str
    statement: Markup
    likelihood: TermView | None
    confidence: str | None
    basis: Markup | None
    evidence: tuple[EvidenceView, ...]
    against: tuple[EvidenceView, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorView:
    """An indicator, with the labels of the judgements it bears on."""

    text: Markup  # between its field's markers
    bears_on: tuple[str, ...]
    direction: str | None
    portion: str | None = None


class Views:
    """Builds the views of one brief in one language, each portion with its portion marking."""

    def __init__(self, words: Translations, scale: Scale, markings: Markings | None = None) -> None:
        self.words = words
        self.scale = scale
        self.markings = markings

    def portion_marking(self, path: FieldPath) -> str | None:
        """The portion marking of the item at `path`, when the brief uses markings."""
        return self.markings.portion_marking(path) if self.markings else None

    def marked(self, html: Markup, path: FieldPath, field: FieldPath | None = None) -> Markup:
        """Block HTML of the field at `field` (else `path`) in its markers, the marking of the portion at `path` before them."""
        return with_portion_marking(mark_field(html, field or path), self.portion_marking(path))

    def term(self, term: Term, scale: Scale | None = None) -> TermView:
        """A term of `scale` (the brief's, by default) in the brief's language."""
        return TermView(term.id, self.words.term((scale or self.scale).id, term), term.band)

    def scale_view(self) -> ScaleView:
        """The brief's scale, translated where the language knows it."""
        scale = self.scale
        name, source = self.words.scale_text(scale.id, "name", scale.name), self.words.scale_text(scale.id, "source", scale.source)
        return ScaleView(scale.id, name, source, tuple(self.term(term) for term in scale.terms))

    def level(self, confidence: str | None) -> str | None:
        """A confidence level in the brief's language."""
        return self.words.lookup("confidence", confidence) if confidence else None

    def source(self, source: Source, number: int) -> SourceView:
        """A source, numbered in the sources list."""
        return SourceView(
            id=source.id,
            number=number,
            title=source.title,
            author=source.author,
            publisher=source.publisher,
            kind=self.words.lookup("kinds", source.kind) if source.kind else None,
            url=source.url,
            date=self.date(source.date),
            accessed=self.date(source.accessed),
            reliability=source.reliability,
            reliability_meaning=self.words.lookup("reliability", source.reliability) if source.reliability else None,
            citation=self.cite(source),
            short_title=(source.short_title or source.title.split(":")[0]).strip().rstrip(".") or source.title,
        )

    def evidence(self, item: Evidence, number: int, sources: dict[str, SourceView], first_notes: Mapping[str, int]) -> EvidenceView:
        """An item of evidence (numbered from 1, as its note is) with its source, and the note that first cited that source."""
        source = sources[item.source]
        return EvidenceView(
            id=item.id,
            number=number,
            text=self.marked(render_markdown(item.text), ("evidence", number - 1), ("evidence", number - 1, "text")),
            source=source,
            credibility=item.credibility,
            credibility_meaning=self.words.lookup("credibility", str(item.credibility)) if item.credibility else None,
            rating=rating(source.reliability, item.credibility),
            date=self.date(item.date),
            first_note=first_notes[item.source] if first_notes[item.source] < number else None,
        )

    def judgement(self, item: KeyJudgement, number: int, evidence: dict[str, EvidenceView]) -> JudgementView:
        """A key judgement, numbered from 1."""
        return JudgementView(
            id=item.id,
            label=str(number),
            statement=self.marked(
                render_markdown(item.statement), ("key_judgements", number - 1), ("key_judgements", number - 1, "statement")
            ),
            likelihood=self.term(self.scale.term(item.likelihood)),
            confidence=self.level(item.confidence),
            basis=_markdown(item.basis, ("key_judgements", number - 1, "basis")),
            evidence=tuple(evidence[ref] for ref in item.evidence),
            against=tuple(evidence[ref] for ref in item.against),
            assumptions=item.assumptions,
        )

    def alternative(self, item: AlternativeView, number: int, evidence: dict[str, EvidenceView]) -> JudgementView:
        """An alternative view, lettered from A for 1."""
        return JudgementView(
            id=item.id,
            label=letter(number),
            statement=self.marked(render_markdown(item.view), ("alternative_views", number - 1), ("alternative_views", number - 1, "view")),
            likelihood=self.term(self.scale.term(item.likelihood)) if item.likelihood else None,
            confidence=self.level(item.confidence),
            basis=_markdown(item.basis, ("alternative_views", number - 1, "basis")),
            evidence=tuple(evidence[ref] for ref in item.evidence),
            against=tuple(evidence[ref] for ref in item.against),
            assumptions=(),
        )

    def indicator(self, item: Indicator, index: int, labels: Mapping[str, str]) -> IndicatorView:
        """An indicator, with the judgements it bears on named as the brief numbers them."""
        direction = self.words.lookup("directions", item.direction) if item.direction else None
        bears_on = tuple(labels[ref] for ref in item.judgements if ref in labels)
        text = mark_field(item.text, ("indicators", index, "text"))
        return IndicatorView(text=text, bears_on=bears_on, direction=direction, portion=self.portion_marking(("indicators", index)))

    def cite(self, source: Source) -> Markup:
        """A one-line citation: author, title, publisher and date, address (a live link), date accessed."""
        parts = [source.author, source.title, ", ".join(filter(None, (source.publisher, self.date(source.date))))]
        citation = escape(" ".join(sentence(part) for part in parts if part))
        if source.url:
            citation += Markup(' <a href="{}">{}</a>').format(source.url, source.url)
            if source.accessed:
                citation += Markup(" ({})").format(self.words("accessed", date=self.words.date(source.accessed)))
        return citation

    def date(self, value: date | None) -> str | None:
        """A date in the brief's language, or None."""
        return self.words.date(value) if value else None


def with_portion_marking(html: Markup, marking: str | None) -> Markup:
    """Block HTML with a portion marking, as <span class="portion">, at the start of its first paragraph (before a field's marker)."""
    if not marking:
        return html
    span = Markup('<span class="portion">{}</span>').format(marking)
    start = MARKER.match(html)
    marker, rest = (html[: start.end()], html[start.end() :]) if start and start.group(1) else ("", str(html))
    if rest.startswith("<p>"):
        return Markup("<p>") + span + Markup(" ") + Markup(marker + rest[3:])
    return Markup("<p>") + span + Markup("</p>") + Markup(marker + rest)


def sentence(text: str) -> str:
    """Text ending in a full stop, unless it already ends in punctuation."""
    return text if text[-1] in ".!?" else text + "."


def letter(number: int) -> str:
    """The letter an alternative view is labelled with: A, B, ..."""
    return chr(ord("A") + number - 1) if number <= 26 else str(number)


def _markdown(text: str | None, field: FieldPath) -> Markup | None:
    return mark_field(render_markdown(text), field) if text else None

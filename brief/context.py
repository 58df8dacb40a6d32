"""What a template sees: the Brief turned into ready-to-print views, built in one function.

Templates never look anything up: ids are already resolved to the items they name, terms
to their labels and bands, Markdown fields to safe HTML, dates to text. Every other string
stays plain text, which the template environment escapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from brief import __version__
from brief.changes import compare
from brief.grades import CONFIDENCE, CREDIBILITY, RELIABILITY, rating
from brief.loader import LoadedBrief
from brief.markdown import render_markdown
from brief.matrix import evidence_matrix
from brief.model import AlternativeView, Brief, Evidence, Indicator, KeyJudgement, Source
from brief.scales import Scale, Term
from brief.sourcing import summarise_sources
from brief.template_set import TemplateSet

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


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
    citation: str


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


@dataclass(frozen=True)
class JudgementView:
    """A key judgement or an alternative view as printed."""

    id: str
    label: str
    statement: Markup
    likelihood: Term | None
    confidence: str | None
    basis: Markup | None
    evidence: tuple[EvidenceView, ...]
    against: tuple[EvidenceView, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorView:
    """An indicator, with the labels of the judgements it bears on."""

    text: str
    bears_on: tuple[str, ...]
    direction: str | None


def build_context(loaded: LoadedBrief, template_set: TemplateSet) -> dict[str, Any]:
    """Everything the templates of `template_set` may print for the brief `loaded`."""
    brief, scale = loaded.brief, loaded.scale
    sources = {source.id: _source(source, number) for number, source in enumerate(brief.sources, 1)}
    evidence = {item.id: _evidence(item, number, sources) for number, item in enumerate(brief.evidence, 1)}
    judgements = [_judgement(item, str(number), scale, evidence) for number, item in enumerate(brief.key_judgements, 1)]
    alternatives = [_alternative(item, _letter(number), scale, evidence) for number, item in enumerate(brief.alternative_views, 1)]
    views = {view.id: view for view in (*judgements, *alternatives)}
    labels = {view.id: f"judgement {view.label}" for view in judgements} | {
        view.id: f"alternative view {view.label}" for view in alternatives
    }
    return {
        "brief": _document(brief),
        "summary": render_markdown(brief.summary),
        "scope_note": _markdown(brief.scope_note),
        "judgements": judgements,
        "alternative_views": alternatives,
        "sections": [{"heading": section.heading, "body": render_markdown(section.body)} for section in brief.sections],
        "indicators": [_indicator(item, labels) for item in brief.indicators],
        "implications": [render_markdown(text) for text in brief.implications],
        "evidence": list(evidence.values()),
        "sources": list(sources.values()),
        "scale": scale,
        "confidence_levels": CONFIDENCE,
        "reliability_grades": RELIABILITY,
        "credibility_grades": CREDIBILITY,
        "sourcing": summarise_sources(brief),
        "matrix": _matrix(brief, views),
        "changes": _changes(loaded, views),
        "font_faces": font_faces(template_set),
        "generator": f"brief {__version__}",
    }


def _matrix(brief: Brief, views: dict[str, JudgementView]) -> dict[str, Any]:
    matrix = evidence_matrix(brief)
    return {
        "judgements": [views[key].label for key in matrix.judgement_ids],
        "views": [views[key].label for key in matrix.view_ids],
        "rows": [{"evidence": row.evidence_id, "marks": row.marks} for row in matrix.rows],
    }


def _changes(loaded: LoadedBrief, views: dict[str, JudgementView]) -> dict[str, Any] | None:
    if loaded.previous is None:
        return None
    changes = compare(loaded, loaded.previous)
    return {
        "previous": {"title": changes.previous_title, "date": format_date(changes.previous_date), "reference": changes.previous_reference},
        "new": [views[key] for key in changes.new],
        "dropped": [{"id": judgement.id, "statement": render_markdown(judgement.statement)} for judgement in changes.dropped],
        "moved": [{"judgement": views[move.id], "likelihood": move.likelihood, "confidence": move.confidence} for move in changes.moved],
        "unchanged": [views[key] for key in changes.unchanged],
    }


def _document(brief: Brief) -> dict[str, Any]:
    return {
        "title": brief.title,
        "subtitle": brief.subtitle,
        "reference": brief.reference,
        "date": format_date(brief.date),
        "iso_date": brief.date.isoformat(),
        "status": brief.status,
        "authors": brief.authors,
        "organisation": brief.organisation,
        "audience": brief.audience,
        "classification": brief.classification,
        "language": brief.language,
    }


def _source(source: Source, number: int) -> SourceView:
    return SourceView(
        id=source.id,
        number=number,
        title=source.title,
        author=source.author,
        publisher=source.publisher,
        kind=source.kind,
        url=source.url,
        date=_date(source.date),
        accessed=_date(source.accessed),
        reliability=source.reliability,
        reliability_meaning=RELIABILITY.get(source.reliability or ""),
        citation=cite(source),
    )


def _evidence(item: Evidence, number: int, sources: dict[str, SourceView]) -> EvidenceView:
    source = sources[item.source]
    return EvidenceView(
        id=item.id,
        number=number,
        text=render_markdown(item.text),
        source=source,
        credibility=item.credibility,
        credibility_meaning=CREDIBILITY.get(item.credibility or 0),
        rating=rating(source.reliability, item.credibility),
        date=_date(item.date),
    )


def _judgement(item: KeyJudgement, label: str, scale: Scale, evidence: dict[str, EvidenceView]) -> JudgementView:
    return JudgementView(
        id=item.id,
        label=label,
        statement=render_markdown(item.statement),
        likelihood=scale.term(item.likelihood),
        confidence=item.confidence,
        basis=_markdown(item.basis),
        evidence=tuple(evidence[ref] for ref in item.evidence),
        against=tuple(evidence[ref] for ref in item.against),
        assumptions=item.assumptions,
    )


def _alternative(item: AlternativeView, label: str, scale: Scale, evidence: dict[str, EvidenceView]) -> JudgementView:
    return JudgementView(
        id=item.id,
        label=label,
        statement=render_markdown(item.view),
        likelihood=scale.term(item.likelihood) if item.likelihood else None,
        confidence=item.confidence,
        basis=_markdown(item.basis),
        evidence=tuple(evidence[ref] for ref in item.evidence),
        against=tuple(evidence[ref] for ref in item.against),
        assumptions=(),
    )


def _indicator(item: Indicator, labels: dict[str, str]) -> IndicatorView:
    return IndicatorView(text=item.text, bears_on=tuple(labels[ref] for ref in item.judgements), direction=item.direction)


def cite(source: Source) -> str:
    """A one-line citation: author, title, publisher and date, address, date accessed."""
    parts = [source.author, source.title, ", ".join(filter(None, (source.publisher, _date(source.date))))]
    citation = " ".join(sentence(part) for part in parts if part)
    if source.url:
        citation += f" {source.url}"
        if source.accessed:
            citation += f" (accessed {format_date(source.accessed)})"
    return citation


def sentence(text: str) -> str:
    """Text ending in a full stop, unless it already ends in punctuation."""
    return text if text[-1] in ".!?" else text + "."


def font_faces(template_set: TemplateSet) -> Markup:
    """@font-face rules for the fonts the set declares, so style.css can name the families."""
    weights = {
        "regular": ("normal", "normal"),
        "bold": ("bold", "normal"),
        "italic": ("normal", "italic"),
        "bold_italic": ("bold", "italic"),
    }
    rules = []
    for family in template_set.metadata.fonts:
        for face, path in family.faces().items():
            weight, style = weights[face]
            rules.append(
                f'@font-face {{ font-family: "{family.family}"; src: url("{path}"); font-weight: {weight}; font-style: {style}; }}'
            )
    return Markup("<style>\n" + "\n".join(rules) + "\n</style>") if rules else Markup("")


def format_date(value: date) -> str:
    """A date as a reader writes it: 14 March 2025."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _date(value: date | None) -> str | None:
    return format_date(value) if value else None


def _markdown(text: str | None) -> Markup | None:
    return render_markdown(text) if text else None


def _letter(number: int) -> str:
    return chr(ord("A") + number - 1) if number <= 26 else str(number)

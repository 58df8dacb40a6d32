"""What a template sees: the brief as views, in its language, built in one function.

Templates never look anything up: views (views.py) resolve ids, terms and dates; `t` gives
every fixed label in the brief's language (translations.py); the rest are facts the
templates phrase themselves (the source summary, the matrix, the changes).

A template set is someone else's code, so the context is data, not objects: `plain` turns
every view, model and tuple into mappings, lists, text, numbers and dates before a template
sees it, and `t` is a `Labels`, whose only reachable members are its four pure functions.
Nothing a template can reach has a method that touches a file, a module or the process.
"""

from __future__ import annotations

import dataclasses
import mimetypes
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup
from pydantic import BaseModel

from brief import __version__, gate
from brief.analysis.ach import weigh
from brief.analysis.changes import Move, compare
from brief.analysis.sourcing import summarise_sources
from brief.input.loader import LoadedBrief
from brief.model.scales import Scale, Term
from brief.render.context_types import Copy, CopyRecipient, TemplateContext
from brief.render.fields import mark_field
from brief.render.markdown import render_markdown
from brief.render.resources import Resource
from brief.render.template_set import TemplateSet
from brief.render.translations import Labels, Translations
from brief.render.views import JudgementView, Views, letter
from brief.render.watermarks import NO_WATERMARKS, Watermarks

# The annexes a brief may have, in order: the id of each one's section, and whether the brief has it.
ANNEXES = ("evidence", "sources", "evidence-matrix", "estimative-language")


def build_context(
    loaded: LoadedBrief, template_set: TemplateSet, words: Translations, copy: Copy | None = None, watermarks: Watermarks = NO_WATERMARKS
) -> TemplateContext:
    """Everything the templates of `template_set` may print for the brief `loaded`, in the language of `words`.

    `copy` is the numbered copy being made, if any: its number and its recipient's label print on every page.
    `watermarks` are the pictures drawn across every page; render_document draws them, as the DOCX needs them too.
    """
    brief = loaded.brief
    views = Views(words, loaded.scale, loaded.markings)
    sources = {source.id: views.source(source, number) for number, source in enumerate(brief.sources, 1)}
    first_notes = {item.source: number for number, item in reversed(list(enumerate(brief.evidence, 1)))}
    evidence = {item.id: views.evidence(item, number, sources, first_notes) for number, item in enumerate(brief.evidence, 1)}
    judgements = [views.judgement(item, number, evidence) for number, item in enumerate(brief.key_judgements, 1)]
    alternatives = [views.alternative(item, number, evidence) for number, item in enumerate(brief.alternative_views, 1)]
    by_id = {view.id: view for view in (*judgements, *alternatives)}
    labels = {view.id: words("judgement_label", label=view.label) for view in judgements}
    labels |= {view.id: words("view_label", label=view.label) for view in alternatives}
    matrix = _matrix(loaded, by_id, words)
    sourcing = summarise_sources(brief)
    dependence = sourcing.dependence  # its source printed as the sources list prints it
    printed_dependence = dependence and {"source": sources[dependence.source.id], "count": dependence.count, "total": dependence.total}
    present = {"evidence": evidence, "sources": sources, "evidence-matrix": matrix["rows"], "estimative-language": True}
    context = {
        "brief": _document(loaded, views),
        "summary": views.marked(render_markdown(brief.summary), ("summary",)),
        "scope_note": mark_field(render_markdown(brief.scope_note), ("scope_note",)) if brief.scope_note else None,
        "judgements": judgements,
        "alternative_views": alternatives,
        "sections": [
            {
                "heading": mark_field(section.heading, ("sections", index, "heading")),
                "body": views.marked(render_markdown(section.body), ("sections", index), ("sections", index, "body")),
            }
            for index, section in enumerate(brief.sections)
        ],
        "indicators": [views.indicator(item, index, labels) for index, item in enumerate(brief.indicators)],
        "implications": [mark_field(render_markdown(text), ("implications", index)) for index, text in enumerate(brief.implications)],
        "evidence": list(evidence.values()),
        "sources": list(sources.values()),
        "scale": views.scale_view(),
        "confidence_levels": {
            words.lookup("confidence", level): words.lookup("confidence_meanings", level) for level in ("high", "moderate", "low")
        },
        "sourcing": {
            **{field.name: getattr(sourcing, field.name) for field in dataclasses.fields(sourcing)},
            "dependence": printed_dependence,
        },
        "matrix": matrix,
        "changes": _changes(loaded, views, by_id),
        "tlp": _tlp(brief.tlp, words),
        "release": loaded.release,
        "copy": copy,
        "distribution": [
            {"number": number, **dataclasses.asdict(CopyRecipient.of(recipient))} for number, recipient in enumerate(brief.distribution, 1)
        ],
        "annexes": [
            {"id": annex, "letter": letter(number), "number": number}
            for number, annex in enumerate((annex for annex in ANNEXES if present[annex]), 1)
        ],
        "watermarks": {
            "draft": watermarks.draft and watermarks.draft.data_url(),
            "recipient": watermarks.recipient and watermarks.recipient.data_url(),
        },
        "font_faces": font_faces(template_set),
        "stylesheets": [path.as_uri() for path in template_set.stylesheets],
        "generator": f"brief {__version__}",
    }
    return cast(TemplateContext, {"t": Labels(words), **plain(context)})


PLAIN = (str, bool, int, float, date, type(None))  # Markup is a str
DICT_MEMBERS = frozenset(name for name in dir(dict) if not name.startswith("_"))


def plain(value: Any) -> Any:
    """`value` as plain data: views and models become mappings, tuples lists; anything else is a bug of ours."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record({field.name: getattr(value, field.name) for field in dataclasses.fields(value)})
    if isinstance(value, BaseModel):
        return _record({name: getattr(value, name) for name in type(value).model_fields})
    raise TypeError(f"a {type(value).__name__} cannot go into a template's context; give the template plain values")


def _record(fields: Mapping[str, Any]) -> dict[str, Any]:
    # A field named like a dict method (items, copy) would be shadowed by it in a template.
    clash = DICT_MEMBERS.intersection(fields)
    if clash:
        raise TypeError(f"the field {sorted(clash)[0]!r} hides a mapping method from templates; rename it")
    return {key: plain(item) for key, item in fields.items()}


def _tlp(label: str | None, words: Translations) -> dict[str, str] | None:
    """The Traffic Light Protocol label as FIRST writes it, its CSS and Word class, and what it allows."""
    if label is None:
        return None
    return {"label": f"TLP:{label.upper()}", "class": "tlp-" + label.replace("+", "-"), "meaning": words.lookup("tlp", label)}


def _document(loaded: LoadedBrief, views: Views) -> dict[str, Any]:
    brief, settings = loaded.brief, loaded.settings
    logo = loaded.project.path("logo")
    root = loaded.project.root
    return {
        "title": brief.title,
        "subtitle": brief.subtitle,
        "reference": brief.reference,
        "date": views.date(brief.date),
        "iso_date": brief.date.isoformat(),
        "status": brief.status,
        "status_label": views.words.lookup("status", brief.status),
        "authors": brief.authors,
        "organisation": settings["organisation"].value,
        "logo": _inline_logo(logo, root) if logo and root else None,
        "footer_line": settings["footer_line"].value,
        "audience": brief.audience,
        "classification": loaded.markings.banner,
        "language": brief.language,
    }


def _inline_logo(logo: Path, root: Path) -> str:
    """The project's logo as a data: URL, read through the gate: every format shows it without reading a file."""
    return Resource(gate.read_bytes(logo, gate.LOGO, [root]), mimetypes.guess_type(logo.name)[0] or "image/png").data_url()


def _matrix(loaded: LoadedBrief, views: dict[str, JudgementView], words: Translations) -> dict[str, Any]:
    """The matrix with its ACH figures: diagnosticity per row, inconsistency per column, written in the brief's language."""
    weighing = weigh(loaded.brief)
    matrix = weighing.matrix
    return {
        "judgements": [views[key].label for key in matrix.judgement_ids],
        "views": [views[key].label for key in matrix.view_ids],
        "rows": [
            {"evidence": row.evidence_id, "cells": row.cells, "diagnosticity": _figure(weighing.diagnosticity[row.evidence_id], words)}
            for row in matrix.rows
        ],
        "inconsistency": [_figure(weighing.inconsistency[key], words) for key in (*matrix.judgement_ids, *matrix.view_ids)],
    }


def _figure(value: float, words: Translations) -> str:
    """An ACH figure to two decimals, with the language's decimal mark (0.63, 0,63)."""
    whole, fraction = f"{value:.2f}".split(".")
    return str(words("matrix_decimal", whole=whole, fraction=fraction))


def _changes(loaded: LoadedBrief, views: Views, by_id: dict[str, JudgementView]) -> dict[str, Any] | None:
    if loaded.previous is None:
        return None
    changes = compare(loaded, loaded.previous)
    scales = (changes.previous_scale, loaded.scale)
    moved = [
        {
            "judgement": by_id[move.id],
            "likelihood": move.likelihood and _likelihood_shift(move.likelihood, scales, views),
            "confidence": move.confidence
            and {
                "before": views.level(move.confidence.before),
                "after": views.level(move.confidence.after),
                "raised": move.confidence.raised,
            },
        }
        for move in changes.moved
    ]
    return {
        "previous": {"title": changes.previous_title, "date": views.date(changes.previous_date), "reference": changes.previous_reference},
        "new": [by_id[key] for key in changes.new],
        "dropped": [{"id": judgement.id, "statement": _inline(render_markdown(judgement.statement))} for judgement in changes.dropped],
        "moved": moved,
        "unchanged": [by_id[key] for key in changes.unchanged],
    }


def _likelihood_shift(move: Move, scales: tuple[Scale, Scale], views: Views) -> dict[str, Any]:
    """The two terms as printed; each names its scale when the versions use different scales."""
    (old_scale, scale), named = scales, scales[0].id != scales[1].id
    before, after = old_scale.term(move.before), scale.term(move.after)
    return {"before": _term_text(views, before, old_scale, named), "after": _term_text(views, after, scale, named), "raised": move.raised}


def _term_text(views: Views, term: Term, scale: Scale, named: bool) -> str:
    """A term as printed, followed by its scale's short name when `named`: likely (PHIA)."""
    label = views.term(term, scale).label
    if not named:
        return label
    return views.words("term_in_scale", term=label, scale=views.words.scale_text(scale.id, "short", scale.short_name))


def _inline(html: Markup) -> Markup:
    """A one-paragraph statement without its paragraph, so it runs on in its sentence; longer ones stay blocks."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Markup(html[3:-4])
    return html


def font_faces(template_set: TemplateSet) -> Markup:
    """@font-face rules for the fonts the set declares, so style.css can name the families."""
    weights = {
        "regular": ("normal", "normal"),
        "bold": ("bold", "normal"),
        "italic": ("normal", "italic"),
        "bold_italic": ("bold", "italic"),
    }
    rules = []
    for family in template_set.fonts:
        for face, path in family.faces.items():
            weight, style = weights[face]
            rules.append(
                f'@font-face {{ font-family: "{family.family}"; src: url("{path.as_uri()}"); font-weight: {weight}; font-style: {style}; }}'
            )
    return Markup("<style>\n" + "\n".join(rules) + "\n</style>") if rules else Markup("")

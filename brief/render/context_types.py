"""The type of what a template sees: TemplateContext, and the plain mappings nested in it.

context.build_context builds it; docs/templates.md's table of context variables names exactly
TemplateContext's keys (tests/test_context_types.py checks that, and every built context
against these types).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from markupsafe import Markup

from brief.input.loader import Release
from brief.model.brief import Author, Recipient
from brief.render.translations import Labels
from brief.render.views import EvidenceView, IndicatorView, JudgementView, ScaleView, SourceView


@dataclass(frozen=True)
class CopyRecipient:
    """Who a numbered copy is prepared for: name, organisation and role where given, and the label that prints them."""

    name: str
    organisation: str | None
    role: str | None
    label: str  # Recipient.label: "Jane Roe, Head of Policy, Cabinet Office"

    @classmethod
    def of(cls, recipient: Recipient) -> CopyRecipient:
        """The recipient of the input's distribution list, as a copy carries it."""
        return cls(recipient.name, recipient.organisation, recipient.role, recipient.label)


@dataclass(frozen=True)
class Copy:
    """One numbered copy of a brief and who it is prepared for."""

    number: int
    total: int
    recipient: CopyRecipient

    @classmethod
    def of(cls, number: int, total: int, recipient: Recipient) -> Copy:
        """Copy `number` of `total`, prepared for a recipient of the distribution list."""
        return cls(number, total, CopyRecipient.of(recipient))


# What a template sees, as `plain` leaves it: mappings, lists, text, Markup (safe HTML), numbers,
# dates and None. The mappings built here are the TypedDicts below; a view (views.py), a model or a
# Copy named in them arrives as a mapping of its fields, and a tuple as a list, so each shape is
# declared once, where it is built. Pairs such as ("video", 1) arrive as two-item lists.


class PlainBrief(TypedDict):
    """The brief's own facts: title, date, status, authors, organisation, marking, language."""

    title: str
    subtitle: str | None
    reference: str | None
    date: str
    iso_date: str
    status: str
    status_label: str
    authors: list[Author]
    organisation: str | None
    logo: str | None
    footer_line: str | None
    audience: str | None
    classification: str | None
    language: str


class PlainSection(TypedDict):
    """A discussion section."""

    heading: Markup  # between its field's markers
    body: Markup


class PlainDependence(TypedDict):
    """The source most of the evidence behind the key judgements comes from."""

    source: SourceView
    count: int
    total: int


class PlainSourcing(TypedDict):
    """The source summary's counts: kinds and grades as (name, count) pairs."""

    evidence: int
    sources: int
    kinds: list[tuple[str, int]]
    reliability: list[tuple[str, int]]
    credibility: list[tuple[int, int]]
    ungraded_sources: int
    ungraded_evidence: int
    first_date: date | None
    last_date: date | None
    undated_sources: int
    dependence: PlainDependence | None


class PlainMatrixRow(TypedDict):
    """A row of the evidence matrix: an evidence id, a mark per column, and the item's diagnosticity, written out."""

    evidence: str
    cells: list[str]
    diagnosticity: str


class PlainMatrix(TypedDict):
    """The evidence matrix: column labels of judgements and of views, the rows, and each column's inconsistency, written out."""

    judgements: list[str]
    views: list[str]
    rows: list[PlainMatrixRow]
    inconsistency: list[str]


class PlainPrevious(TypedDict):
    """The previous assessment the changes are measured against."""

    title: str
    date: str | None
    reference: str | None


class PlainShift(TypedDict):
    """A likelihood or confidence before and after, and which way it went."""

    before: str | None
    after: str | None
    raised: bool


class PlainMove(TypedDict):
    """A judgement whose likelihood or confidence moved."""

    judgement: JudgementView
    likelihood: PlainShift | None
    confidence: PlainShift | None


class PlainDropped(TypedDict):
    """A judgement of the previous assessment this one drops."""

    id: str
    statement: Markup


class PlainChanges(TypedDict):
    """The changes since the previous assessment."""

    previous: PlainPrevious
    new: list[JudgementView]
    dropped: list[PlainDropped]
    moved: list[PlainMove]
    unchanged: list[JudgementView]


# "class" is a Python keyword, hence the functional form.
PlainTlp = TypedDict("PlainTlp", {"label": str, "class": str, "meaning": str})


class PlainRecipient(TypedDict):
    """A recipient on the distribution list, numbered from 1."""

    number: int
    name: str
    organisation: str | None
    role: str | None
    label: str


class PlainAnnex(TypedDict):
    """An annex the brief has, in order: the id of its section, its letter (A, B, ...) and number (1, 2, ...)."""

    id: str
    letter: str
    number: int


class PlainWatermarks(TypedDict):
    """The watermark pictures, as data: URLs for a stylesheet's background-image: DRAFT on a draft, the name on a copy."""

    draft: str | None
    recipient: str | None


class TemplateContext(TypedDict):
    """Every variable a template sees."""

    t: Labels
    brief: PlainBrief
    summary: Markup
    scope_note: Markup | None
    judgements: list[JudgementView]
    alternative_views: list[JudgementView]
    sections: list[PlainSection]
    indicators: list[IndicatorView]
    implications: list[Markup]
    evidence: list[EvidenceView]
    sources: list[SourceView]
    scale: ScaleView
    confidence_levels: dict[str, str]
    sourcing: PlainSourcing
    matrix: PlainMatrix
    changes: PlainChanges | None
    tlp: PlainTlp | None
    release: Release | None
    copy: Copy | None
    distribution: list[PlainRecipient]
    annexes: list[PlainAnnex]
    watermarks: PlainWatermarks
    font_faces: Markup
    stylesheets: list[str]
    generator: str

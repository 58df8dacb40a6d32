"""The type of what a template sees: TemplateContext, and the plain mappings nested in it.

context.build_context builds it; docs/templates.md's table of context variables names exactly
TemplateContext's keys (tests/test_context_types.py checks that, and every built context
against these types).
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from markupsafe import Markup

from brief.render.translations import Labels

# What a template sees, as `plain` leaves it: mappings (the TypedDicts below), lists, text,
# Markup (safe HTML), numbers, dates and None. Pairs such as ("video", 1) arrive as two-item lists.


class PlainAuthor(TypedDict):
    """An author of the brief."""

    name: str
    role: str | None
    organisation: str | None


class PlainBrief(TypedDict):
    """The brief's own facts: title, date, status, authors, organisation, marking, language."""

    title: str
    subtitle: str | None
    reference: str | None
    date: str
    iso_date: str
    status: str
    status_label: str
    authors: list[PlainAuthor]
    organisation: str | None
    logo: str | None
    audience: str | None
    classification: str | None
    language: str


class PlainTerm(TypedDict):
    """A likelihood term: its label in the brief's language and its band."""

    id: str
    label: str
    band: str


class PlainScale(TypedDict):
    """The likelihood scale in use."""

    id: str
    name: str
    source: str
    terms: list[PlainTerm]


class PlainSource(TypedDict):
    """A source, numbered from 1, with its citation."""

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


class PlainEvidence(TypedDict):
    """An item of evidence, numbered from 1, with its source and Admiralty rating."""

    id: str
    number: int
    text: Markup
    source: PlainSource
    credibility: int | None
    credibility_meaning: str | None
    rating: str
    date: str | None


class PlainJudgement(TypedDict):
    """A key judgement (labelled 1, 2, ...) or an alternative view (A, B, ...)."""

    id: str
    label: str
    statement: Markup
    likelihood: PlainTerm | None
    confidence: str | None
    basis: Markup | None
    evidence: list[PlainEvidence]
    against: list[PlainEvidence]
    assumptions: list[str]


class PlainSection(TypedDict):
    """A discussion section."""

    heading: str
    body: Markup


class PlainIndicator(TypedDict):
    """An indicator, with the labels of the judgements it bears on."""

    text: str
    bears_on: list[str]
    direction: str | None
    portion: str | None


class PlainDependence(TypedDict):
    """The source most of the evidence behind the key judgements comes from."""

    source: PlainSource
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
    """A row of the evidence matrix: an evidence id and a mark per column."""

    evidence: str
    cells: list[str]


class PlainMatrix(TypedDict):
    """The evidence matrix: column labels of judgements and of views, then the rows."""

    judgements: list[str]
    views: list[str]
    rows: list[PlainMatrixRow]


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

    judgement: PlainJudgement
    likelihood: PlainShift | None
    confidence: PlainShift | None


class PlainDropped(TypedDict):
    """A judgement of the previous assessment this one drops."""

    id: str
    statement: Markup


class PlainChanges(TypedDict):
    """The changes since the previous assessment."""

    previous: PlainPrevious
    new: list[PlainJudgement]
    dropped: list[PlainDropped]
    moved: list[PlainMove]
    unchanged: list[PlainJudgement]


# "class" is a Python keyword, hence the functional form.
PlainTlp = TypedDict("PlainTlp", {"label": str, "class": str, "meaning": str})


class PlainRelease(TypedDict):
    """The releasable version being made: its level and the judgements left without evidence."""

    level: str
    flagged: list[str]


class PlainCopy(TypedDict):
    """The numbered copy being made."""

    number: int
    total: int
    recipient: str


class PlainRecipient(TypedDict):
    """A recipient on the distribution list, numbered from 1."""

    number: int
    name: str
    organisation: str | None


class PlainAnnex(TypedDict):
    """An annex the brief has, in order: the id of its section, its letter (A, B, ...) and number (1, 2, ...)."""

    id: str
    letter: str
    number: int


class TemplateContext(TypedDict):
    """Every variable a template sees."""

    t: Labels
    brief: PlainBrief
    summary: Markup
    scope_note: Markup | None
    judgements: list[PlainJudgement]
    alternative_views: list[PlainJudgement]
    sections: list[PlainSection]
    indicators: list[PlainIndicator]
    implications: list[Markup]
    evidence: list[PlainEvidence]
    sources: list[PlainSource]
    scale: PlainScale
    confidence_levels: dict[str, str]
    sourcing: PlainSourcing
    matrix: PlainMatrix
    changes: PlainChanges | None
    tlp: PlainTlp | None
    release: PlainRelease | None
    copy: PlainCopy | None
    distribution: list[PlainRecipient]
    annexes: list[PlainAnnex]
    font_faces: Markup
    stylesheets: list[str]
    generator: str

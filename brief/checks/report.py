"""Run every tradecraft rule over a brief, apply its silences, and report what is left.

A silence in the input switches a rule off for the whole file or for one item, with a
reason; silenced findings stay in the report, with that reason, so reviewers see them. A
silence that matches nothing is itself a finding (T13), so stale silences do not pile up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from brief.checks.alternative_rules import alternative_outweighs_judgement, no_alternative_view
from brief.checks.catalogue import rule
from brief.checks.date_rules import impossible_date
from brief.checks.evidence_rules import (
    single_source_dependence,
    thin_high_confidence,
    uncited_evidence,
    uncited_source,
    unsupported_judgement,
)
from brief.checks.finding import Finding, Mark
from brief.checks.review import Review
from brief.checks.wording_rules import confidence_with_likelihood, foreign_scale_term, term_mismatch, vague_hedge
from brief.loader import LoadedBrief
from brief.marks import FieldPath, format_path
from brief.model import Silence

CHECKS: tuple[Callable[[Review], Iterable[Finding]], ...] = (
    term_mismatch,
    confidence_with_likelihood,
    foreign_scale_term,
    vague_hedge,
    thin_high_confidence,
    unsupported_judgement,
    uncited_evidence,
    uncited_source,
    no_alternative_view,
    impossible_date,
    single_source_dependence,
    alternative_outweighs_judgement,
)


@dataclass(frozen=True)
class Report:
    """What the rules found in one brief: active marks and silenced ones, in line order."""

    file: str
    marks: tuple[Mark, ...]
    silenced: tuple[Mark, ...]

    @property
    def errors(self) -> tuple[Mark, ...]:
        """Marks that stop a build."""
        return tuple(mark for mark in self.marks if mark.rule.severity == "error")

    @property
    def warnings(self) -> tuple[Mark, ...]:
        """Marks a build prints and goes on, unless strict."""
        return tuple(mark for mark in self.marks if mark.rule.severity == "warning")

    def fails(self, strict: bool) -> bool:
        """Whether the brief fails review: any error, or any warning when strict."""
        return bool(self.errors) or (strict and bool(self.warnings))


@dataclass(frozen=True)
class _Silencer:
    """One silence from the input, the items it covers, and where it was written."""

    silence: Silence
    scope: FieldPath
    path: FieldPath

    def covers(self, finding: Finding) -> bool:
        return self.silence.rule == finding.rule.code and finding.path[: len(self.scope)] == self.scope


def review_brief(loaded: LoadedBrief) -> Report:
    """Every rule's findings for `loaded`, with its silences applied."""
    subject = Review(loaded)
    silencers = list(_silencers(subject))
    findings = [finding for check in CHECKS for finding in check(subject)]
    marks, silenced, used = _apply(subject, findings, silencers)
    unused = [
        Finding(rule("T13"), silencer.path, f"the silence of {silencer.silence.rule} matches no finding here; remove it")
        for index, silencer in enumerate(silencers)
        if index not in used
    ]
    more_marks, more_silenced, _ = _apply(subject, unused, silencers)
    return Report(str(loaded.path), _ordered(marks + more_marks), _ordered(silenced + more_silenced))


def _apply(subject: Review, findings: list[Finding], silencers: list[_Silencer]) -> tuple[list[Mark], list[Mark], set[int]]:
    marks, silenced, used = [], [], set()
    for finding in findings:
        index = next((index for index, silencer in enumerate(silencers) if silencer.covers(finding)), None)
        if index is None:
            marks.append(_locate(subject, finding, None))
        else:
            used.add(index)
            silenced.append(_locate(subject, finding, silencers[index].silence.reason))
    return marks, silenced, used


def _silencers(subject: Review) -> Iterator[_Silencer]:
    brief = subject.brief
    for index, silence in enumerate(brief.silence):
        yield _Silencer(silence, (), ("silence", index))
    items: list[tuple[FieldPath, tuple[Silence, ...]]] = [(path, item.silence) for path, item in subject.judgements()]
    items += [(path, item.silence) for path, item in subject.alternatives()]
    items += [(("evidence", index), item.silence) for index, item in enumerate(brief.evidence)]
    items += [(("sources", index), item.silence) for index, item in enumerate(brief.sources)]
    for scope, silences in items:
        for index, silence in enumerate(silences):
            yield _Silencer(silence, scope, (*scope, "silence", index))


def _locate(subject: Review, finding: Finding, reason: str | None) -> Mark:
    marks = subject.loaded.document.marks
    raw = subject.raw(finding.path)
    if finding.offset is not None and isinstance(raw, str):
        position = marks.locate_text(finding.path, raw, finding.offset)
    else:
        position = marks.locate(finding.path)
    line, column = (position.line, position.column) if position else (None, None)
    return Mark(finding.rule, subject.loaded.document.file, line, column, format_path(finding.path), finding.message, reason)


def _ordered(marks: list[Mark]) -> tuple[Mark, ...]:
    return tuple(sorted(marks, key=lambda mark: (mark.line or 0, mark.column or 0, mark.rule.code)))

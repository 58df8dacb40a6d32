"""Run every tradecraft rule over a brief, apply its silences, and report what is left.

A silence in the input switches a rule off for the whole file or for one item, with a
reason; silenced findings stay in the report, with that reason, so reviewers see them. A
silence that matches nothing is itself a finding (T13), so stale silences do not pile up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from brief.errors import BriefError
from brief.input.loader import LoadedBrief
from brief.input.positions import FieldPath, format_path
from brief.model.brief import Silence
from brief.model.rules import rule
from brief.model.standards import standard_for
from brief.review.ach_rules import evidence_for_and_against, less_inconsistent_alternative, non_diagnostic_support
from brief.review.alternative_rules import alternative_outweighs_judgement, likely_alternative_unexplained, no_alternative_view
from brief.review.date_rules import impossible_date
from brief.review.evidence_rules import (
    single_source_dependence,
    thin_high_confidence,
    uncited_evidence,
    uncited_source,
    unsupported_judgement,
)
from brief.review.finding import Finding
from brief.review.subject import Review
from brief.review.wording_rules import confidence_with_likelihood, foreign_scale_term, term_mismatch, vague_hedge

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
    non_diagnostic_support,
    less_inconsistent_alternative,
    evidence_for_and_against,
    likely_alternative_unexplained,
)


@dataclass(frozen=True)
class Report:
    """What the rules found in one brief: active findings and silenced ones, in line order."""

    file: str
    findings: tuple[Finding, ...]
    silenced: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings that stop a build."""
        return tuple(finding for finding in self.findings if finding.rule.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings a build prints and goes on, unless strict."""
        return tuple(finding for finding in self.findings if finding.rule.severity == "warning")

    def as_dict(self) -> dict[str, Any]:
        """Counts and every finding, active and silenced, as JSON-ready data for other tools."""
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [finding.as_dict() for finding in self.findings],
            "silenced": [finding.as_dict() for finding in self.silenced],
        }

    def fails(self, strict: bool) -> bool:
        """Whether the brief fails review: any error, or any warning when strict."""
        return bool(self.errors) or (strict and bool(self.warnings))


class ReviewFailed(BriefError):
    """The tradecraft review of a brief found errors, or warnings under --strict; `report` holds them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"{report.file}: the review found problems; nothing written")

    def __reduce__(self) -> tuple[type[ReviewFailed], tuple[Report]]:
        """Rebuilt from its report, as InputError is."""
        return type(self), (self.report,)


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
    active, silenced, used = _apply(subject, findings, silencers)
    unused = [
        Finding(rule("T13"), silencer.path, f"the silence of {silencer.silence.rule} matches no finding here; remove it")
        for index, silencer in enumerate(silencers)
        if index not in used
    ]
    more_active, more_silenced, _ = _apply(subject, unused, silencers)
    return Report(str(loaded.path), _ordered(active + more_active), _ordered(silenced + more_silenced))


def _apply(subject: Review, findings: list[Finding], silencers: list[_Silencer]) -> tuple[list[Finding], list[Finding], set[int]]:
    active, silenced, used = [], [], set()
    for finding in findings:
        index = next((index for index, silencer in enumerate(silencers) if silencer.covers(finding)), None)
        if index is None:
            active.append(_locate(subject, finding, None))
        else:
            used.add(index)
            silenced.append(_locate(subject, finding, silencers[index].silence.reason))
    return active, silenced, used


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


def _locate(subject: Review, finding: Finding, reason: str | None) -> Finding:
    positions = subject.loaded.document.positions
    raw = subject.raw(finding.path)
    if finding.offset is not None and isinstance(raw, str):
        position = positions.locate_text(finding.path, raw, finding.offset)
    else:
        position = positions.locate(finding.path)
    line, column = (position.line, position.column) if position else (None, None)
    standard = standard_for(finding.rule, subject.loaded.scale.id)
    return finding.located(subject.loaded.document.file, line, column, format_path(finding.path), reason, standard)


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda finding: (finding.line or 0, finding.column or 0, finding.rule.code)))

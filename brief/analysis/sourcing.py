"""The source summary statement (ICD 206): the mix, grades, dates and dependence of the sourcing.

Worked out from the data, so it cannot drift from the evidence table. The tradecraft rule on
single-source dependence (T11) and the statement share one definition of dependence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from brief.model.brief import Brief, Source
from brief.model.grades import CREDIBILITY, RELIABILITY


@dataclass(frozen=True)
class Dependence:
    """Evidence behind the key judgements that comes from one source."""

    source: Source
    count: int
    total: int

    @property
    def majority(self) -> bool:
        """Whether that source gives more than half of it."""
        return self.count * 2 > self.total


@dataclass(frozen=True)
class SourceSummary:
    """Counts and ranges that describe the sourcing of a brief as a whole."""

    evidence: int
    sources: int
    kinds: tuple[tuple[str, int], ...]
    reliability: tuple[tuple[str, int], ...]
    credibility: tuple[tuple[int, int], ...]
    ungraded_sources: int
    ungraded_evidence: int
    first_date: date | None
    last_date: date | None
    undated_sources: int
    dependence: Dependence | None


def dependence(brief: Brief) -> Dependence | None:
    """The source that gives the most evidence behind the key judgements, and how much."""
    evidence = {item.id: item for item in brief.evidence}
    behind = {ref for judgement in brief.key_judgements for ref in judgement.evidence}
    counts = Counter(evidence[ref].source for ref in behind)
    if not counts:
        return None
    source_id, count = counts.most_common(1)[0]
    source = next(source for source in brief.sources if source.id == source_id)
    return Dependence(source, count, len(behind))


def summarise_sources(brief: Brief) -> SourceSummary:
    """The source summary statement's facts for `brief`."""
    kinds = Counter(source.kind or "unspecified" for source in brief.sources)
    reliability: Counter[str] = Counter(source.reliability for source in brief.sources if source.reliability)
    credibility = Counter(item.credibility for item in brief.evidence if item.credibility)
    dates = sorted(source.date for source in brief.sources if source.date)
    found = dependence(brief)
    return SourceSummary(
        evidence=len(brief.evidence),
        sources=len(brief.sources),
        kinds=tuple(sorted(kinds.items(), key=lambda pair: (-pair[1], pair[0]))),
        reliability=tuple((grade, reliability[grade]) for grade in RELIABILITY if reliability[grade]),
        credibility=tuple((grade, credibility[grade]) for grade in CREDIBILITY if credibility[grade]),
        ungraded_sources=sum(1 for source in brief.sources if not source.reliability),
        ungraded_evidence=sum(1 for item in brief.evidence if not item.credibility),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        undated_sources=len(brief.sources) - len(dates),
        dependence=found if found and found.majority else None,
    )

"""Rules on dates (ICD 206 source descriptors): nothing is dated after the brief, nothing
accessed before it existed, and the previous version came first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from brief.model.rules import rule
from brief.review.finding import Finding
from brief.review.subject import Review


def impossible_date(review: Review) -> Iterator[Finding]:
    """T10: a date after the brief's own, or a source accessed before its date."""
    brief_date = review.brief.date
    for index, item in enumerate(review.brief.evidence):
        yield from _after_brief(("evidence", index, "date"), item.date, brief_date, item.id)
    for index, source in enumerate(review.brief.sources):
        yield from _after_brief(("sources", index, "date"), source.date, brief_date, source.id)
        yield from _after_brief(("sources", index, "accessed"), source.accessed, brief_date, f"{source.id} (accessed)")
        if source.date and source.accessed and source.accessed < source.date:
            message = f"{source.id} was accessed on {source.accessed}, before its own date, {source.date}; one of the two is wrong"
            yield Finding(rule("T10"), ("sources", index, "accessed"), message)
    previous = review.loaded.previous
    if previous and previous.brief.date > brief_date:
        message = (
            f"the previous version is dated {previous.brief.date}, after this brief ({brief_date}); previous: must name an earlier version"
        )
        yield Finding(rule("T10"), ("previous",), message)


def _after_brief(path: tuple[str | int, ...], value: date | None, brief_date: date, label: str) -> Iterator[Finding]:
    if value and value > brief_date:
        yield Finding(rule("T10"), path, f"{label} is dated {value}, after the brief itself ({brief_date})")

"""Changes since the last assessment (ICD 203 standard 7): judgements new, dropped, or moved.

Judgements are matched by id across the two versions. Likelihoods are compared by their
bands, so versions written in different scales compare honestly (see `equivalent`);
confidence is compared by level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from brief.input.loader import LoadedBrief
from brief.model.brief import KeyJudgement
from brief.model.scales import Scale, Term
from brief.model.tables import confidence_rank


@dataclass(frozen=True)
class Move:
    """A likelihood (term ids) or confidence (levels) that changed, from the old value to the new one."""

    before: str
    after: str
    raised: bool


@dataclass(frozen=True)
class Moved:
    """A judgement kept from the previous version whose likelihood or confidence changed."""

    id: str
    likelihood: Move | None
    confidence: Move | None


@dataclass(frozen=True)
class Changes:
    """How this version's key judgements differ from the previous version's."""

    previous_title: str
    previous_date: date
    previous_reference: str | None
    previous_scale: Scale
    new: tuple[str, ...]
    dropped: tuple[KeyJudgement, ...]
    moved: tuple[Moved, ...]
    unchanged: tuple[str, ...]


def compare(current: LoadedBrief, previous: LoadedBrief) -> Changes:
    """The changes from `previous` to `current`."""
    before = {judgement.id: judgement for judgement in previous.brief.key_judgements}
    now = {judgement.id: judgement for judgement in current.brief.key_judgements}
    moved = [move for key in now.keys() & before.keys() if (move := _moved(now[key], current.scale, before[key], previous.scale))]
    moved.sort(key=lambda move: list(now).index(move.id))
    moved_ids = {move.id for move in moved}
    return Changes(
        previous_title=previous.brief.title,
        previous_date=previous.brief.date,
        previous_reference=previous.brief.reference,
        previous_scale=previous.scale,
        new=tuple(key for key in now if key not in before),
        dropped=tuple(judgement for key, judgement in before.items() if key not in now),
        moved=tuple(moved),
        unchanged=tuple(key for key in now if key in before and key not in moved_ids),
    )


def middle(term: Term) -> float:
    """The middle of a term's band."""
    return (term.low + term.high) / 2


def _contains(outer: Term, inner: Term) -> bool:
    """Whether `inner`'s band lies within `outer`'s, edges included."""
    return outer.low <= inner.low and inner.high <= outer.high


def _holds_middle(band: Term, other: Term) -> bool:
    """Whether `other`'s middle lies strictly inside `band`: a shared edge is not enough."""
    return band.low < middle(other) < band.high


def equivalent(one: Term, other: Term) -> bool:
    """Whether two terms, of any scales, say the same likelihood: neither is clearly higher.

    They are equivalent when one band contains the other, or when either band holds the
    other's middle strictly inside it. Otherwise their middles differ, and the higher middle
    is the higher likelihood. Bands that merely touch (ICD 203's 20–45% and 45–55%) or
    overlap at an edge (ICD 203's unlikely, 20–45%, and Kent's chances about even, 40–60%)
    are different terms. Within one scale no two terms are equivalent.
    """
    return _contains(one, other) or _contains(other, one) or _holds_middle(one, other) or _holds_middle(other, one)


def likelihood_move(before: Term, after: Term) -> Move | None:
    """How a likelihood moved from `before` to `after`, or None when the terms are equivalent."""
    if equivalent(before, after):
        return None
    return Move(before.id, after.id, middle(after) > middle(before))


def _moved(now: KeyJudgement, scale: Scale, before: KeyJudgement, old_scale: Scale) -> Moved | None:
    """How a judgement kept from the previous version moved, or None when it reads the same."""
    likelihood = likelihood_move(old_scale.term(before.likelihood), scale.term(now.likelihood))
    confidence = _confidence_move(before.confidence, now.confidence)
    return Moved(now.id, likelihood, confidence) if likelihood or confidence else None


def _confidence_move(before: str, after: str) -> Move | None:
    """How confidence moved, compared by level (low, moderate, high)."""
    if confidence_rank(before) == confidence_rank(after):
        return None
    return Move(before, after, confidence_rank(after) > confidence_rank(before))

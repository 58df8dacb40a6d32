"""Changes since the last assessment (ICD 203 standard 7): judgements new, dropped, or moved.

Judgements are matched by id across the two versions. Likelihoods are compared by the middle
of their bands, so a move is found even when the previous version used another scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from brief.input.loader import LoadedBrief
from brief.model.brief import KeyJudgement
from brief.model.scales import Scale
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


def _moved(now: KeyJudgement, scale: Scale, before: KeyJudgement, old_scale: Scale) -> Moved | None:
    new_term, old_term = scale.term(now.likelihood), old_scale.term(before.likelihood)
    new_middle, old_middle = (new_term.low + new_term.high) / 2, (old_term.low + old_term.high) / 2
    likelihood = Move(old_term.id, new_term.id, new_middle > old_middle) if new_middle != old_middle else None
    confidence = (
        Move(before.confidence, now.confidence, confidence_rank(now.confidence) > confidence_rank(before.confidence))
        if now.confidence != before.confidence
        else None
    )
    return Moved(now.id, likelihood, confidence) if likelihood or confidence else None

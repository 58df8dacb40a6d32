"""The brief under review, with the lookups the rules share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from brief.input.loader import LoadedBrief
from brief.input.positions import FieldPath
from brief.model.brief import AlternativeView, Brief, Evidence, KeyJudgement, Source
from brief.review.wording import Band, Lexicon


@dataclass(frozen=True)
class Review:
    """A loaded brief, its lexicon, and indexes of its items by id."""

    loaded: LoadedBrief
    lexicon: Lexicon = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lexicon", Lexicon(self.loaded.scale, self.loaded.brief.language))

    @property
    def brief(self) -> Brief:
        """The brief being reviewed."""
        return self.loaded.brief

    def judgements(self) -> Iterator[tuple[FieldPath, KeyJudgement]]:
        """Key judgements with their paths."""
        for index, judgement in enumerate(self.brief.key_judgements):
            yield ("key_judgements", index), judgement

    def alternatives(self) -> Iterator[tuple[FieldPath, AlternativeView]]:
        """Alternative views with their paths."""
        for index, view in enumerate(self.brief.alternative_views):
            yield ("alternative_views", index), view

    def evidence(self) -> dict[str, Evidence]:
        """Evidence by id."""
        return {item.id: item for item in self.brief.evidence}

    def sources(self) -> dict[str, Source]:
        """Sources by id."""
        return {source.id: source for source in self.brief.sources}

    def band(self, term_id: str) -> Band:
        """The band of a likelihood term of the brief's scale."""
        return self.lexicon.band_of(term_id)

    def prose(self) -> Iterator[tuple[FieldPath, str]]:
        """Every field of the analyst's own prose, with its path (evidence is the sources' words)."""
        yield ("summary",), self.brief.summary
        if self.brief.scope_note:
            yield ("scope_note",), self.brief.scope_note
        for path, judgement in self.judgements():
            yield from self._texts(path, statement=judgement.statement, basis=judgement.basis)
        for path, view in self.alternatives():
            yield from self._texts(path, view=view.view, basis=view.basis)
        for index, section in enumerate(self.brief.sections):
            yield ("sections", index, "body"), section.body
        for index, implication in enumerate(self.brief.implications):
            yield ("implications", index), implication

    def _texts(self, path: FieldPath, **texts: str | None) -> Iterator[tuple[FieldPath, str]]:
        for name, text in texts.items():
            if text:
                yield (*path, name), text

    def raw(self, path: FieldPath) -> Any:
        """The value at `path` as the input wrote it; None where the input wrote it otherwise (one string for a list)."""
        value: Any = self.loaded.document.data
        try:
            for segment in path:
                value = value[segment]
        except (KeyError, IndexError, TypeError):
            return None
        return value

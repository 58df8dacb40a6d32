"""Estimative-language yardsticks: which likelihood terms a brief may use, and what they mean.

Each scale is a table of terms with the probability band it stands for, copied from the
yardstick's source (see docs/input-format.md for the citations). A custom scale, read from a
file by scale_file.py, becomes the same kind of table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One likelihood term of a scale and the probability band it stands for."""

    id: str
    label: str
    band: str
    low: int
    high: int
    synonyms: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """Every spelling a brief may use for this term."""
        return (self.id, self.label, *self.synonyms)


@dataclass(frozen=True)
class Scale:
    """A likelihood yardstick: its terms, lowest first, and where it comes from."""

    id: str
    name: str
    source: str
    terms: tuple[Term, ...]
    short: str = ""  # how a sentence names the scale beside a term, "likely (PHIA)"; a custom scale's id stands in

    @property
    def short_name(self) -> str:
        """The scale's short name, or its id where it has none."""
        return self.short or self.id

    def find(self, text: str) -> Term | None:
        """The term `text` spells, matched ignoring case, spaces and hyphens."""
        wanted = normalise(text)
        return next((term for term in self.terms if wanted in map(normalise, term.spellings())), None)

    def term(self, term_id: str) -> Term:
        """The term with this id; the id must come from `find`."""
        return next(term for term in self.terms if term.id == term_id)


def normalise(text: str) -> str:
    """A term's spelling with case, hyphens, underscores and runs of spaces ignored."""
    return re.sub(r"[\s_-]+", " ", text).strip().casefold()


ICD203 = Scale(
    id="icd203",
    name="ICD 203 expressions of likelihood",
    source="US Intelligence Community Directive 203, Analytic Standards (2015)",
    terms=(
        Term("almost-no-chance", "almost no chance", "1–5%", 1, 5, ("remote",)),
        Term("very-unlikely", "very unlikely", "5–20%", 5, 20, ("highly improbable",)),
        Term("unlikely", "unlikely", "20–45%", 20, 45, ("improbable",)),
        Term("roughly-even-chance", "roughly even chance", "45–55%", 45, 55, ("roughly even odds",)),
        Term("likely", "likely", "55–80%", 55, 80, ("probable",)),
        Term("very-likely", "very likely", "80–95%", 80, 95, ("highly probable",)),
        Term("almost-certain", "almost certain", "95–99%", 95, 99, ("nearly certain",)),
    ),
    short="ICD 203",
)

PHIA = Scale(
    id="phia",
    name="PHIA probability yardstick",
    source="UK Professional Head of Intelligence Assessment, Probability Yardstick",
    terms=(
        Term("remote-chance", "remote chance", "≤5%", 0, 5),
        Term("highly-unlikely", "highly unlikely", "10–20%", 10, 20),
        Term("unlikely", "unlikely", "25–35%", 25, 35),
        Term("realistic-possibility", "realistic possibility", "40–50%", 40, 50),
        Term("likely", "likely or probable", "55–75%", 55, 75, ("likely", "probable")),
        Term("highly-likely", "highly likely", "80–90%", 80, 90),
        Term("almost-certain", "almost certain", "≥95%", 95, 100),
    ),
    short="PHIA",
)

KENT = Scale(
    id="kent",
    name="Words of Estimative Probability",
    source='Sherman Kent, "Words of Estimative Probability" (1964)',
    terms=(
        Term("impossible", "impossible", "0%", 0, 0),
        Term("almost-certainly-not", "almost certainly not", "7% (±5)", 2, 12),
        Term("probably-not", "probably not", "30% (±10)", 20, 40),
        Term("chances-about-even", "chances about even", "50% (±10)", 40, 60, ("about even", "even chance")),
        Term("probable", "probable", "75% (±12)", 63, 87, ("probably",)),
        Term("almost-certain", "almost certain", "93% (±6)", 87, 99, ("almost certainly",)),
        Term("certain", "certain", "100%", 100, 100),
    ),
    short="Kent",
)

SCALES: dict[str, Scale] = {scale.id: scale for scale in (ICD203, PHIA, KENT)}

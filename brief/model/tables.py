"""The small vocabularies every stage shares, each written down once.

Larger vocabularies have modules of their own beside this one: likelihood scales
(scales.py), source grades (grades.py), the tradecraft rules (rules.py) and the Markdown
dialect (markdown.py).
"""

from __future__ import annotations

DEFAULT_TEMPLATE = "policy-brief"
DEFAULT_SCALE = "icd203"

INPUT_SUFFIXES = (".yaml", ".yml", ".json")  # an input, a previous version, a scale or ladder file

CONFIDENCE_LEVELS = ("low", "moderate", "high")  # lowest first: a level's index is its rank

# Another spelling an input may use for a key; the input stage settles it, so later stages meet one name.
OTHER_SPELLINGS = {"key_judgments": "key_judgements"}

# The lists whose items carry ids, with what a user calls one item.
ID_LISTS = {
    "key_judgements": "key judgement",
    "alternative_views": "alternative view",
    "evidence": "evidence item",
    "sources": "source",
}

# The lists whose items each carry a portion marking (the summary carries one in summary_portion).
PORTION_LISTS = ("key_judgements", "evidence", "alternative_views", "indicators", "sections")


def confidence_rank(level: str) -> int:
    """The rank of a confidence level: low 0, moderate 1, high 2."""
    return CONFIDENCE_LEVELS.index(level)

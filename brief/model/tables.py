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
OTHER_SPELLINGS = {"key_judgments": "key_judgements", "organization": "organisation"}

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


# Near-synonyms analysts write for the values of each closed vocabulary, keyed by the field that
# takes it. They are never accepted: a message suggests the value they most likely mean, so the
# brief says what its readers will read. Keys are compared ignoring case, spaces, hyphens and underscores.
SYNONYMS: dict[str, dict[str, str]] = {
    "confidence": {
        **dict.fromkeys(("medium", "med", "mid", "mod", "middling", "fair", "reasonable", "moderately"), "moderate"),
        # certainty is a likelihood, not a confidence; high is still the nearest level
        **dict.fromkeys(("hi", "strong", "very high", "solid", "confident", "certain", "sure"), "high"),
        **dict.fromkeys(("lo", "weak", "very low", "limited", "minimal", "slight"), "low"),
    },
    "direction": {
        **dict.fromkeys(("strengthen", "supports", "support", "confirms", "corroborates", "reinforces"), "strengthens"),
        **dict.fromkeys(("increases", "increase", "raises", "up", "for", "positive", "pro", "+"), "strengthens"),
        **dict.fromkeys(("weaken", "undermines", "contradicts", "refutes", "disconfirms", "disputes"), "weakens"),
        **dict.fromkeys(("decreases", "decrease", "lowers", "down", "against", "negative", "con", "-"), "weakens"),
    },
    "kind": {
        **dict.fromkeys(("government", "gov", "govt", "ministry", "press release", "statement", "communique", "decree", "law"), "official"),
        **dict.fromkeys(("press", "media", "newspaper", "article", "news agency", "wire", "journalism"), "news"),
        **dict.fromkeys(("think tank", "ngo", "white paper", "briefing", "analysis", "assessment"), "report"),
        **dict.fromkeys(("journal", "paper", "scholarly", "peer reviewed", "study", "thesis", "university"), "academic"),
        **dict.fromkeys(("social media", "tweet", "twitter", "telegram", "facebook", "post", "blog", "forum"), "social"),
        **dict.fromkeys(("youtube", "footage", "film", "television", "tv", "clip", "stream"), "video"),
        **dict.fromkeys(("podcast", "audio", "misc", "miscellaneous", "unknown"), "other"),
    },
    "status": {
        **dict.fromkeys(("finished", "published", "issued", "approved", "released", "done", "complete", "completed"), "final"),
        **dict.fromkeys(("finalised", "finalized", "signed off"), "final"),
        **dict.fromkeys(("wip", "work in progress", "in progress", "provisional", "preliminary", "working", "interim"), "draft"),
        **dict.fromkeys(("in review", "unfinished", "pending", "not final"), "draft"),
    },
    # NATO/Admiralty (AJP-2.1): the meanings written out, and a whole rating (B2) given for one half
    "reliability": {
        "completely reliable": "A",
        "reliable": "A",
        "usually reliable": "B",
        "fairly reliable": "C",
        "not usually reliable": "D",
        "unreliable": "E",
        **dict.fromkeys(("reliability cannot be judged", "cannot be judged", "unknown", "unjudged"), "F"),
        **{f"{letter}{digit}": letter for letter in "ABCDEF" for digit in "123456"},
    },
    "credibility": {
        **dict.fromkeys(("confirmed by other sources", "confirmed", "corroborated"), "1"),
        **dict.fromkeys(("probably true", "probable"), "2"),
        **dict.fromkeys(("possibly true", "possible", "plausible"), "3"),
        **dict.fromkeys(("doubtful", "doubtfully true", "questionable"), "4"),
        **dict.fromkeys(("improbable", "probably false"), "5"),
        **dict.fromkeys(("truth cannot be judged", "cannot be judged", "unknown", "unjudged"), "6"),
        **{f"{letter}{digit}": digit for letter in "ABCDEF" for digit in "123456"},
    },
}

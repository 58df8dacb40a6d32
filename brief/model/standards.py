"""Which standard a finding cites: the one behind the brief's likelihood scale, where the rule depends on it.

The rules table (rules.py) gives each rule the standard it cites in an ICD 203 brief. The
rules about estimative wording apply the brief's own yardstick, so in a brief written to
another built-in scale they cite that scale's guidance instead. Rules about sourcing,
alternatives, dates and silences rest on ICD 203 and ICD 206 whatever the scale, and keep
the table's citation. A custom scale (a scale file) keeps the table's citations too: it
names no published guidance.
"""

from __future__ import annotations

from brief.model.rules import Rule

PHIA_GUIDANCE = "UK PHIA guidance (Professional Head of Intelligence Assessment): the PHIA probability yardstick"
KENT_ESSAY = 'Sherman Kent, "Words of Estimative Probability" (1964)'

# Per built-in scale, the rules that cite its guidance rather than the rules table's standard:
# the yardstick defines the terms' bands (T01), which terms are its own (T03), and asks for its
# terms in place of vague hedges such as "might" (T04). T02 (confidence beside likelihood) keeps
# ICD 203, the standard that says to keep the two apart.
_WORDING = ("T01", "T03", "T04")
BY_SCALE: dict[str, dict[str, str]] = {
    "icd203": {},
    "phia": dict.fromkeys(_WORDING, PHIA_GUIDANCE),
    "kent": dict.fromkeys(_WORDING, KENT_ESSAY),
}


def standard_for(rule: Rule, scale_id: str) -> str:
    """The standard a finding of `rule` cites in a brief written to the scale `scale_id`."""
    return BY_SCALE.get(scale_id, {}).get(rule.code, rule.standard)


def scale_dependent(rule: Rule) -> bool:
    """Whether `rule` cites a different standard in some built-in scale's brief."""
    return any(rule.code in by_rule for by_rule in BY_SCALE.values())

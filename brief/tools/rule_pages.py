"""The rules' section of docs/checks.md, written from the rule table so the page and `brief explain` never disagree.

The rest of the page is prose kept by hand; only the text between the two markers is generated
(`python scripts/make_checks_doc.py` rewrites it; a test fails when the committed page is stale).
"""

from __future__ import annotations

import textwrap

from brief.model.rules import RULES, Rule
from brief.model.standards import BY_SCALE, standard_for

BEGIN = "<!-- rules: generated from brief/model/rules.py by scripts/make_checks_doc.py; edit the table, not this -->"
END = "<!-- rules: end -->"
WIDTH = 96


def rule_section(rule: Rule) -> str:
    """One rule as a Markdown section: heading, explanation, example, fix."""
    parts = [f"### {rule.code} {rule.name} ({rule.severity})", *paragraphs(rule.explanation)]
    if rule.example:
        parts.append(f"```yaml\n{rule.example}```")
    return "\n\n".join([*parts, *paragraphs(f"Fix: {rule.fix}"), *paragraphs(citation(rule))])


def citation(rule: Rule) -> str:
    """What a finding of `rule` cites, per built-in scale where the scale decides it (brief/model/standards.py)."""
    cited = {scale_id: standard_for(rule, scale_id) for scale_id in BY_SCALE}
    if set(cited.values()) == {rule.standard}:
        return f"Cites: {rule.standard}, whatever the scale."
    by_scale = "; ".join(f"`{scale_id}`: {standard}" for scale_id, standard in cited.items())
    return f"Cites, by the brief's scale: {by_scale}; a scale file: {rule.standard}."


def paragraphs(text: str, width: int = WIDTH) -> list[str]:
    """Each blank-line-separated paragraph of `text`, filled to `width` columns."""
    return [textwrap.fill(paragraph, width, break_long_words=False, break_on_hyphens=False) for paragraph in text.split("\n\n")]


def checks_page(page: str) -> str:
    """`page` (docs/checks.md) with the text between its markers written afresh from the rule table."""
    head, _, rest = page.partition(BEGIN + "\n")
    _, _, tail = rest.partition(END)
    sections = "\n\n".join(rule_section(rule) for rule in RULES)
    return f"{head}{BEGIN}\n\n{sections}\n\n{END}{tail}"

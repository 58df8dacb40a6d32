"""Rewrite the rules' section of docs/checks.md from the rule table (brief/model/rules.py).

Run it after changing a rule's text: python scripts/make_checks_doc.py
"""

from __future__ import annotations

from pathlib import Path

from brief.tools.rule_pages import checks_page

PAGE = Path(__file__).resolve().parents[1] / "docs" / "checks.md"

if __name__ == "__main__":
    PAGE.write_text(checks_page(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {PAGE}")

"""Shared test data: the inputs and paths more than one test module builds from.

Only data lives here (no fixtures, no helpers), so any test module can import it without importing another test module.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "belarus.yaml"
ARCHIVE = EXAMPLE.parent / "archive"  # the example's earlier issues, which `previous:` points at
EARLIER_EXAMPLE = ARCHIVE / "belarus-2026-09.yaml"
BUILT_IN_SETS = ("policy-brief", "memo", "assessment")

MINIMAL = """\
title: Minimal brief
date: 2025-03-14
summary: The bottom line.
key_judgements:
  - id: KJ1
    statement: Something will happen.
    likelihood: likely
    confidence: moderate
"""

# A brief that follows every tradecraft standard: `brief check` marks nothing in it.
CLEAN = """\
title: Clean brief
date: 2025-03-14
summary: The bottom line.
key_judgements:
  - id: KJ1
    statement: The government will fall before the election.
    likelihood: likely
    confidence: moderate
    evidence: [E1, E2]
evidence:
  - {id: E1, text: Ministers have resigned., source: S1, credibility: 2, date: 2025-03-01}
  - {id: E2, text: Coalition talks stalled., source: S2, credibility: 2}
sources:
  - {id: S1, title: Wire report, reliability: B, date: 2025-03-01, accessed: 2025-03-02}
  - {id: S2, title: Embassy cable, reliability: A}
alternative_views:
  - id: AV1
    view: The coalition survives.
    likelihood: unlikely
    confidence: low
    against: [E1]
"""

# CLEAN with a distribution list: numbered copies go to RECIPIENTS (as each copy labels them), in this order.
RECIPIENTS = ("Jane Roe", "John Doe, Treasury", "Ann Example")
DISTRIBUTED = (
    CLEAN + "classification: UNCLASSIFIED\ndistribution:\n  - Jane Roe\n  - {name: John Doe, organisation: Treasury}\n  - Ann Example\n"
)

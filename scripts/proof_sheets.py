"""Proof sheets of the example in every built-in set, and the sizes of its PDF and DOCX: what an editor looks at first.

    python scripts/proof_sheets.py [OUT]        # default OUT: ./proofs

Writes OUT/belarus-<set>.proof.png (each PDF page beside the DOCX page LibreOffice prints) and
prints each sheet's path with the example's PDF and DOCX sizes in that set.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the checkout's package comes first

from brief.build import writer  # noqa: E402 - after the path is set
from brief.check import check_input  # noqa: E402
from brief.render.engine import render_document  # noqa: E402
from brief.tools.proof.proof_file import write_proof  # noqa: E402

EXAMPLE = ROOT / "inputs" / "belarus.yaml"
SETS = ("policy-brief", "memo", "assessment")


def sizes(template: str) -> tuple[int, int]:
    """The example's PDF and DOCX sizes, in bytes, in one set."""
    checked = check_input(EXAMPLE, template)
    document = render_document(checked.loaded, checked.template_set)
    return len(writer("pdf")(document)[0]), len(writer("docx")(document)[0])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("proofs")
    out.mkdir(parents=True, exist_ok=True)
    for template in SETS:
        proof = write_proof(EXAMPLE, out / f"belarus-{template}.proof.png", template)
        pdf, docx = sizes(template)
        print(f"{proof.path}  PDF {pdf / 1000:.0f} KB, DOCX {docx / 1000:.0f} KB ({docx / pdf:.1f}x)")


if __name__ == "__main__":
    main()

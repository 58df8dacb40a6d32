"""Writing a brief's proof sheet, by default to `<output folder>/<input name>.proof.png`, beside the PDF and DOCX a build writes there.

Only the sheet is written: the brief is built in memory, and no output set is touched. A brief
whose review fails is refused as `brief build` refuses it: a proof shows what a build would issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brief.build import output_folder, output_path
from brief.check import check_input
from brief.errors import UsageError
from brief.review.report import ReviewFailed
from brief.tools.proof.renderings import Renderings, render_both
from brief.tools.proof.sheet import Column, compose
from brief.write.output import write_file


@dataclass(frozen=True)
class Proof:
    """The sheet written, what it says it leaves out, and the writers' warnings."""

    path: Path
    notes: tuple[str, ...]
    warnings: tuple[str, ...]


def write_proof(path: Path, out: Path | None = None, template: str | None = None) -> Proof:
    """Build `path` in memory and write its proof sheet to `out` (a .png) or the default place."""
    if out is not None and out.suffix.lower() != ".png":
        raise UsageError(f"--out {out}: a proof sheet is a PNG; give a name ending in .png")
    checked = check_input(path, template)
    if checked.report.fails(strict=False):
        raise ReviewFailed(checked.report)
    renderings = render_both(checked)
    target = output_path(path, out or output_folder(checked.loaded) / f"{checked.loaded.path.stem}.proof.png")
    write_file(target, sheet(renderings), keep=(path,))
    return Proof(target, renderings.notes, renderings.warnings)


def sheet(renderings: Renderings) -> bytes:
    """The PNG of a brief's renderings: the PDF's pages, and beside them the DOCX's where there are any."""
    columns = [Column("PDF", renderings.pdf)]
    if renderings.docx is not None:
        columns.append(Column("DOCX (LibreOffice)", renderings.docx))
    title = f"{renderings.name} · template set {renderings.template} · PDF" + (" | DOCX" if renderings.docx is not None else " only")
    return compose(title, columns, renderings.notes)

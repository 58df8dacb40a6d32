"""How the DOCX and PDF writers' time grows with the evidence in a brief.

    python benchmarks/evidence_scaling.py [--repeats N] [--sizes 100 200 400]

Makes long briefs from the example (its evidence repeated under new ids, spread across the
key judgements so every item is cited and has a row in the evidence table and the matrix),
renders each once, then times the PDF and DOCX writers on it side by side, N times, and
prints the medians: each writer's time, the PDF's time per page against the example's, and
how much each grows when the evidence doubles. Linear work grows about 2x per doubling;
quadratic work, about 4x. Times are this process's CPU time, which other work on a shared
machine disturbs less than the clock on the wall (both writers run in one thread); still,
compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import io
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "belarus.yaml"
SIZES = (100, 200, 400)
sys.path.insert(0, str(ROOT))  # run as a script, the checkout's package comes first, whatever is installed


@dataclass(frozen=True)
class Timing:
    """The median times of one brief's writers, and its PDF's length."""

    label: str
    pdf: float
    docx: float
    pages: int

    @property
    def per_page(self) -> float:
        """What the PDF costs per page."""
        return self.pdf / self.pages


def long_brief(items: int, folder: Path) -> Path:
    """The example with `items` items of evidence, each cited by one key judgement, written into `folder`."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    originals = data["evidence"]
    data["evidence"] = [dict(originals[index % len(originals)], id=f"E{index + 1}") for index in range(items)]
    judgements = data["key_judgements"]
    for start, judgement in enumerate(judgements):
        judgement["evidence"] = [f"E{index + 1}" for index in range(start, items, len(judgements))]
        judgement.pop("against", None)  # each item is cited once, so the matrix has one mark per row
    shutil.copytree(EXAMPLE.parent / "archive", folder / "archive", dirs_exist_ok=True)  # the example's `previous:`
    path = folder / f"evidence-{items}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def rendered(path: Path) -> Any:
    """The rendered document of the brief in `path`, as a build makes it."""
    from brief.check import choose_template_set
    from brief.input.loader import load
    from brief.render.engine import render_document

    loaded = load(path)
    return render_document(loaded, choose_template_set(loaded))


def timed(action: Callable[[], object], samples: list[float]) -> None:
    """Run `action` once, adding the CPU time it took to `samples`."""
    started = time.process_time()
    action()
    samples.append(time.process_time() - started)


def measure(label: str, path: Path, repeats: int) -> Timing:
    """Both writers on one brief, alternately, `repeats` times each."""
    import pypdf

    from brief.write.docx.writer import write_docx
    from brief.write.pdf import write_pdf

    document = rendered(path)
    pdf_times: list[float] = []
    docx_times: list[float] = []
    for _ in range(repeats):
        timed(lambda: write_pdf(document), pdf_times)
        timed(lambda: write_docx(document), docx_times)
    pages = len(pypdf.PdfReader(io.BytesIO(write_pdf(document)[0])).pages)
    return Timing(label, statistics.median(pdf_times), statistics.median(docx_times), pages)


def report(example: Timing, timings: list[Timing]) -> None:
    """Print the table of times, the per-page cost against the example's, and the growth per doubling."""
    print(f"{'brief':<14}{'pages':>6}{'PDF s':>9}{'DOCX s':>9}{'DOCX/PDF':>10}{'PDF s/page':>12}{'vs example':>12}")
    for timing in [example, *timings]:
        print(
            f"{timing.label:<14}{timing.pages:>6}{timing.pdf:>9.2f}{timing.docx:>9.2f}{timing.docx / timing.pdf:>10.2f}"
            f"{timing.per_page:>12.3f}{timing.per_page / example.per_page:>11.2f}x"
        )
    for smaller, larger in itertools.pairwise(timings):
        print(
            f"growth {larger.label} / {smaller.label}: PDF {larger.pdf / smaller.pdf:.2f}x, DOCX {larger.docx / smaller.docx:.2f}x "
            f"(pages {larger.pages / smaller.pages:.2f}x)"
        )


def run(repeats: int, sizes: tuple[int, ...] = SIZES) -> None:
    """Time the example and a long brief of each size in `sizes`, `repeats` times each, and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        measure("warm-up", EXAMPLE, 1)  # imports, font loading, compiled patterns
        example = measure("example", EXAMPLE, repeats)
        timings = [measure(f"{items} items", long_brief(items, Path(folder)), repeats) for items in sizes]
    print(f"median of {repeats} runs each, the two writers alternately on the same rendered document")
    report(example, timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="items of evidence in each long brief")
    options = parser.parse_args()
    run(options.repeats, tuple(options.sizes))


if __name__ == "__main__":
    main()

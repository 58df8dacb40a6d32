"""How long building a brief takes, stage by stage.

    python benchmarks/build_time.py [INPUT] [--runs N]

Runs the pipeline N times in this process (after one warm-up run that also pays for the
imports) and prints the median of each stage: load+validate, review (the tradecraft rules),
template, PDF, DOCX, and the total. It also times `brief check` and `brief build` as fresh
processes, which is what a user waits for, and the review's share of `brief check`.
Timings are medians of runs made side by side, so compare ratios, not absolutes: these
machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def timed(samples: dict[str, list[float]], stage: str, action: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = action()
    samples.setdefault(stage, []).append(time.perf_counter() - started)
    return result


def pipeline(path: Path, samples: dict[str, list[float]]) -> None:
    from brief.check import choose_template_set
    from brief.input.loader import load
    from brief.render.engine import render_document
    from brief.review.report import review_brief
    from brief.write.docx.writer import write_docx
    from brief.write.pdf import write_pdf

    started = time.perf_counter()
    loaded = timed(samples, "load+validate", lambda: load(path))
    timed(samples, "review", lambda: review_brief(loaded))
    document = timed(samples, "template", lambda: render_document(loaded, choose_template_set(loaded)))
    timed(samples, "PDF", lambda: write_pdf(document))
    timed(samples, "DOCX", lambda: write_docx(document))
    samples.setdefault("total", []).append(time.perf_counter() - started)


def process_time(arguments: list[str], runs: int) -> float:
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "brief", *arguments, *(["--out", out] if arguments[0] == "build" else [])],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", type=Path, default=ROOT / "inputs" / "belarus.yaml")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    cold: dict[str, list[float]] = {}
    pipeline(options.input, cold)  # warm-up: imports, font loading, compiled patterns
    samples: dict[str, list[float]] = {}
    for _ in range(options.runs):
        pipeline(options.input, samples)
    medians = {stage: statistics.median(values) for stage, values in samples.items()}
    total = medians.pop("total")
    print(f"{options.input.name}: median of {options.runs} in-process runs (share of the sum of stages)")
    for stage, median in medians.items():
        print(f"  {stage:<14} {median * 1000:8.1f} ms  {median / sum(medians.values()):6.1%}")
    print(f"  {'total':<14} {total * 1000:8.1f} ms")
    check = process_time(["check", str(options.input)], 5)
    print("fresh processes (median of 5):")
    review = cold["review"][0]
    print(
        f"  brief check    {check * 1000:8.1f} ms   the review, run cold as check runs it ({review * 1000:.1f} ms), is {review / check:.1%} of it"
    )
    print(f"  brief build    {process_time(['build', str(options.input)], 5) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()

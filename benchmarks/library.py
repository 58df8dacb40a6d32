"""How `brief build` scales with a library: parallel workers, skipping what is up to date, and memory over many builds.

    python benchmarks/library.py [--briefs 40] [--runs 1] [--builds 200]

Makes a library of BRIEFS copies of the example (each in a folder of its own, with the
earlier version it names) and times `brief build LIBRARY` as a fresh process:
- a full build with --jobs 2 against --jobs 1 (--force, so every brief is built; target ≥ 1.7x);
- an unchanged rebuild against the full build (target ≤ 5 %);
- a rebuild after one brief changed.
Runs are made side by side (alternating), RUNS times each, and the medians compared: these
machines are shared and noisy, so read the ratios. Then it builds the example BUILDS times in
one process, as a batch worker does, and as the preview rebuilds it, and prints the resident
memory after the 20th and the last build (target: within 10 %).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "belarus.yaml"


def make_library(folder: Path, count: int) -> Path:
    """`count` copies of the example, each in a folder of its own with the archive its `previous:` names."""
    for number in range(count):
        place = folder / f"desk-{number:02d}"
        shutil.copytree(EXAMPLE.parent / "archive", place / "archive")
        (place / f"brief-{number:02d}.yaml").write_bytes(EXAMPLE.read_bytes())
    return folder


def timed_build(library: Path, out: Path, *options: str) -> float:
    """Seconds a fresh `brief build LIBRARY` takes."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "brief", "build", str(library), "--out", str(out), *options], check=True, capture_output=True)
    return time.perf_counter() - started


def side_by_side(runs: int, cases: dict[str, Callable[[], float]]) -> dict[str, float]:
    """The median seconds of each case, run in turn `runs` times."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            samples[name].append(case())
    return {name: statistics.median(times) for name, times in samples.items()}


def batch_figures(briefs: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        library, out = make_library(Path(scratch) / "library", briefs), Path(scratch) / "out"
        first = library / "desk-00" / "brief-00.yaml"
        original = first.read_bytes()

        def one_changed() -> float:
            first.write_bytes(original + f"# edit {time.perf_counter()}\n".encode())
            return timed_build(library, out, "--jobs", "2")

        medians = side_by_side(
            runs,
            {
                "full, --jobs 1": lambda: timed_build(library, out, "--jobs", "1", "--force"),
                "full, --jobs 2": lambda: timed_build(library, out, "--jobs", "2", "--force"),
                "unchanged, --jobs 2": lambda: timed_build(library, out, "--jobs", "2"),
                "one changed, --jobs 2": one_changed,
            },
        )
    print(f"a library of {briefs} briefs (the example, PDF and DOCX), fresh processes, median of {runs}:")
    for name, seconds in medians.items():
        print(f"  {name:<24} {seconds:7.2f} s")
    full = medians["full, --jobs 2"]
    print(f"  speed-up of --jobs 2 over --jobs 1: {medians['full, --jobs 1'] / full:.2f}x (target ≥ 1.7x)")
    print(f"  unchanged rebuild / full build:      {medians['unchanged, --jobs 2'] / full:.1%} (target ≤ 5%)")
    print(f"  one changed / full build:            {medians['one changed, --jobs 2'] / full:.1%}")


def resident_mib() -> float:
    """This process's resident memory now, in MiB (Linux), after a full collection so garbage not yet collected is not counted."""
    import gc
    import os

    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def memory_figures(builds: int) -> None:
    from brief.build import build
    from brief.tools.preview import Preview

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        preview = Preview(EXAMPLE)
        for name, action in (
            ("batch worker (build)", lambda: build(EXAMPLE, out, ["pdf", "docx"])),
            ("preview (rebuild)", preview.rebuild),
        ):
            after = {}
            for number in range(1, builds + 1):
                action()
                if number in (20, builds):
                    after[number] = resident_mib()
            growth = after[builds] / after[20] - 1
            print(
                f"  {name:<22} after 20: {after[20]:6.1f} MiB   after {builds}: {after[builds]:6.1f} MiB   growth {growth:+.1%} (target ≤ 10%)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=40)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--builds", type=int, default=200)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    arguments = parser.parse_args()
    if not arguments.skip_batch:
        batch_figures(arguments.briefs, arguments.runs)
    if not arguments.skip_memory:
        print(f"memory over {arguments.builds} builds of the example in one process:")
        memory_figures(arguments.builds)


if __name__ == "__main__":
    main()

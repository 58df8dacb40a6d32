"""How brief scales: a long brief (evidence_scaling.py), then a library and memory (library.py), in one run.

    python benchmarks/scale.py [--quick]

--quick makes every part smaller (one repeat, 100 and 200 items, 10 briefs, 40 builds), for a
look rather than figures to quote. Read the ratios, not the absolutes: these machines are shared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evidence_scaling  # a sibling script, found through the path set above
import library


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    print("== a long brief ==", flush=True)
    evidence_scaling.run(1 if quick else 3, (100, 200) if quick else evidence_scaling.SIZES)
    print("\n== a library ==", flush=True)
    library.batch_figures(10 if quick else 40, 1)
    print(f"\n== memory over {40 if quick else 200} builds in one process ==", flush=True)
    library.memory_figures(40 if quick else 200)


if __name__ == "__main__":
    main()

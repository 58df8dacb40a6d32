"""Run the fuzzing properties of tests/fuzz for a long campaign, and say how many examples ran.

CI runs each property for a few dozen derandomised examples; a campaign runs them with fresh
random seeds for as long as you give it:

    python scripts/fuzz_campaign.py --examples 2000              # 2000 examples of each property
    python scripts/fuzz_campaign.py --examples 2000 --minutes 10 # ...or as many as fit in 10 minutes

The properties run in rounds of `--round` examples each, every round under a new seed (printed,
so a round can be replayed with --seed), under the `brief-campaign` Hypothesis profile
(tests/fuzz/strategies.py). The first failure stops the campaign and its report (the minimal
failing example and the blob to reproduce it) is printed; the exit status is then 1. Record the
final count in docs/reliability.md, section "Fuzzing".
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# "    - 25 passing examples, 0 failing examples, 3 invalid examples", once per phase, per test.
COUNTS = re.compile(r"- (\d+) passing examples?, (\d+) failing examples?, (\d+) invalid examples?")
TEST = re.compile(r"^(tests/\S+::\S+):$")


@dataclass
class Tally:
    """Examples run so far, per property and in all."""

    passing: dict[str, int] = field(default_factory=dict)
    invalid: int = 0
    failing: int = 0

    def add(self, statistics: str) -> None:
        """Add the counts of one pytest run's Hypothesis statistics."""
        test = "?"
        for line in statistics.splitlines():
            if found := TEST.match(line.strip()):
                test = found.group(1).rsplit("::", 1)[-1]
            elif counts := COUNTS.search(line):
                passing, failing, invalid = map(int, counts.groups())
                self.passing[test] = self.passing.get(test, 0) + passing
                self.failing += failing
                self.invalid += invalid

    @property
    def total(self) -> int:
        """Every example run: passing and failing (invalid ones, which Hypothesis discards, aside)."""
        return sum(self.passing.values()) + self.failing


def run_round(examples: int, seed: int, select: str | None) -> tuple[int, str]:
    """One round: every property for `examples` examples under `seed`; pytest's exit status and output."""
    command = [sys.executable, "-m", "pytest", "tests/fuzz", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics"]
    command += [f"--hypothesis-seed={seed}"]
    if select:
        command += ["-k", select]
    environment = os.environ | {"BRIEF_FUZZ_PROFILE": "campaign", "BRIEF_FUZZ_EXAMPLES": str(examples)}
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
    return result.returncode, result.stdout + result.stderr


def campaign(examples: int, round_size: int, minutes: float | None, seed: int | None, select: str | None) -> int:
    """Run rounds until each property has had `examples` examples, time is up, or one fails; 0 when none failed."""
    started = time.monotonic()
    tally = Tally()
    done = 0
    while done < examples:
        if minutes is not None and time.monotonic() - started >= minutes * 60:
            print(f"time is up after {minutes:g} minutes")
            break
        size = min(round_size, examples - done)
        round_seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        status, output = run_round(size, round_seed, select)
        tally.add(output)
        done += size
        elapsed = time.monotonic() - started
        print(
            f"round of {size} per property, seed {round_seed}: exit {status}; {tally.total} examples so far, {elapsed / 60:.1f} min",
            flush=True,
        )
        if status == 5:  # pytest: no test collected
            print(output)
            print("FAILED: -k selects no property")
            return 2
        if status != 0:
            print(output)
            print(f"FAILED: a property failed under --seed {round_seed}; its minimal example is above")
            _summary(tally, started)
            return 1
        seed = None  # a replayed round is replayed once; the rest draw fresh seeds
    _summary(tally, started)
    return 0


def _summary(tally: Tally, started: float) -> None:
    for test, count in sorted(tally.passing.items()):
        print(f"  {test}: {count} examples")
    minutes = (time.monotonic() - started) / 60
    print(f"{tally.total} examples ran ({tally.failing} failing, {tally.invalid} invalid discarded) in {minutes:.1f} minutes")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the campaign."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=2000, help="examples of each property in all (default 2000)")
    parser.add_argument("--round", type=int, default=50, dest="round_size", help="examples of each property per round (default 50)")
    parser.add_argument("--minutes", type=float, default=None, help="start no new round after this long")
    parser.add_argument("--seed", type=int, default=None, help="the first round's seed, to replay a failure")
    parser.add_argument("-k", dest="select", default=None, help="only the properties pytest's -k expression selects")
    arguments = parser.parse_args(argv)
    return campaign(arguments.examples, arguments.round_size, arguments.minutes, arguments.seed, arguments.select)


if __name__ == "__main__":
    sys.exit(main())

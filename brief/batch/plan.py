"""Where each input's outputs go, checked for collisions before anything is built, and the slice one shard builds.

Outputs mirror the inputs' folders: an input found at `europe/belarus.yaml` below the folder
a command line named is built into `OUT/europe/belarus.pdf`. OUT is --out, else the input's
project output folder, else ./output. Two inputs whose outputs would share a name (`a.yaml`
and `a.json` in one folder, or inputs of two projects sharing an output folder) stop the
batch before it builds anything, naming both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.batch.inputs import Input
from brief.errors import BriefError, UsageError
from brief.input.project import find_project


@dataclass(frozen=True)
class Job:
    """One brief of a batch: its input, and the folder its outputs go in."""

    input: Input
    folder: Path

    @property
    def path(self) -> Path:
        """The input file."""
        return self.input.path


def plan(inputs: Sequence[Input], out: Path | None) -> list[Job]:
    """A job per input, with its mirrored output folder; UsageError when two would write the same files."""
    jobs = [Job(item, _root(item.path, out) / item.folder) for item in inputs]
    _refuse_collisions(jobs)
    return jobs


def shard(jobs: Sequence[Job], spec: str) -> list[Job]:
    """The jobs of shard K of N (`spec` is "K/N"): every Nth input in order of its place, so shards partition a library exactly."""
    number, count = _shard_numbers(spec)
    ordered = sorted(jobs, key=lambda job: job.input.place)
    chosen = {id(job) for job in ordered[number - 1 :: count]}
    return [job for job in jobs if id(job) in chosen]


def _shard_numbers(spec: str) -> tuple[int, int]:
    """K and N from "K/N", with 1 <= K <= N."""
    number, _, count = spec.partition("/")
    if not (number.strip().isdigit() and count.strip().isdigit()) or not 1 <= int(number) <= int(count):
        raise UsageError(f"--shard: {spec!r} is not a shard; give K/N with 1 <= K <= N, such as 2/4")
    return int(number), int(count)


def _root(path: Path, out: Path | None) -> Path:
    """The output folder the input's folders are mirrored into."""
    if out is not None:
        return out
    try:
        return find_project(path.parent).path("output") or Path("output")
    except BriefError:
        return Path("output")  # a broken brief.toml: the build reports it


def _refuse_collisions(jobs: Sequence[Job]) -> None:
    """UsageError naming every pair of inputs whose outputs would have the same names in the same folder."""
    seen: dict[tuple[Path, str], Path] = {}
    clashes = []
    for job in jobs:
        target = (job.folder.resolve(), job.path.stem)
        if target in seen:
            clashes.append(f"{seen[target]} and {job.path} would both write {job.folder / job.path.stem}.*")
        seen.setdefault(target, job.path)
    if clashes:
        raise UsageError("; ".join(clashes) + "; rename one, or build them into separate --out folders. Nothing was built")

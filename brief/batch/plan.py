"""Where each input's outputs go, checked for collisions before anything is built, and the slice one shard builds.

Outputs mirror the inputs' folders: an input found at `europe/belarus.yaml` below the folder
a command line named is built into `OUT/europe/belarus.pdf`. OUT is --out, else the input's
project output folder, else ./output. Two inputs whose outputs would share a name (`a.yaml`
and `a.json` in one folder, or inputs of two projects sharing an output folder) stop the
batch before it builds anything, naming both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.batch.inputs import Input, real
from brief.errors import BriefError, UsageError
from brief.input.project import find_project

SHARD = re.compile(r"(?P<number>[0-9]{1,6})/(?P<count>[0-9]{1,6})")
COPY_SUFFIX = re.compile(r"-copy-[0-9]+$")  # the names build.py gives numbered copies, after the stem


@dataclass(frozen=True)
class Job:
    """One brief of a batch: its input, and the folder its outputs go in."""

    input: Input
    folder: Path

    @property
    def path(self) -> Path:
        """The input file."""
        return self.input.path


def plan(inputs: Sequence[Input], out: Path | None, *, copies: bool = False) -> list[Job]:
    """A job per input, with its mirrored output folder; UsageError when two would write the same files (`copies` included)."""
    jobs = [Job(item, _root(item.path, out) / item.folder) for item in inputs]
    _refuse_collisions(jobs, copies)
    return jobs


def shard(jobs: Sequence[Job], spec: str) -> list[Job]:
    """The jobs of shard K of N (`spec` is "K/N"): every Nth input in order of its place, so shards partition a library exactly."""
    number, count = _shard_numbers(spec)
    ordered = sorted(jobs, key=lambda job: job.input.place)
    chosen = {id(job) for job in ordered[number - 1 :: count]}
    return [job for job in jobs if id(job) in chosen]


def _shard_numbers(spec: str) -> tuple[int, int]:
    """K and N from "K/N", with 1 <= K <= N (ASCII digits, at most six of each)."""
    match = SHARD.fullmatch(spec.strip())
    if match is None or not 1 <= int(match["number"]) <= int(match["count"]):
        raise UsageError(f"--shard: {spec!r} is not a shard; give K/N with 1 <= K <= N, such as 2/4")
    return int(match["number"]), int(match["count"])


def _root(path: Path, out: Path | None) -> Path:
    """The output folder the input's folders are mirrored into."""
    if out is not None:
        return out
    try:
        return find_project(path.parent).path("output") or Path("output")
    except BriefError:
        return Path("output")  # a broken brief.toml: the build reports it


def _refuse_collisions(jobs: Sequence[Job], copies: bool) -> None:
    """UsageError naming every pair of inputs whose outputs would have the same names in the same folder.

    Names are compared as a file system that ignores case and Unicode normalisation would (macOS,
    Windows shares): what collides there collides. With numbered copies, an input named like
    another's copy (`a-copy-01.yaml` beside `a.yaml`) would write that copy's name, so it collides too.
    """
    owners: dict[tuple[str, str], Path] = {}
    clashes = []
    for job in jobs:
        key = _key(job, job.path.stem)
        if key in owners:
            clashes.append(f"{owners[key]} and {job.path} would both write {job.folder / job.path.stem}.*")
        owners.setdefault(key, job.path)
    for job in jobs if copies else []:
        owner = owners.get(_key(job, COPY_SUFFIX.sub("", job.path.stem)))
        if owner is not None and owner != job.path:
            clashes.append(f"{owner} and {job.path} would both write {job.folder / job.path.stem}.pdf (a numbered copy of {owner.name})")
    if clashes:
        raise UsageError("; ".join(clashes) + "; rename one, or build them into separate --out folders. Nothing was built")


def _key(job: Job, stem: str) -> tuple[str, str]:
    """A job's output folder and a stem, as a case-insensitive, normalising file system compares them."""
    return _comparable(str(real(job.folder))), _comparable(stem)


def _comparable(name: str) -> str:
    """A name as a case-insensitive, normalising file system sees it."""
    return unicodedata.normalize("NFC", name).casefold()

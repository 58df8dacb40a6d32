"""Running a batch: skip what is up to date, build the rest in this process or in worker processes, in order.

Whether a brief is up to date is decided here, in the main process, before any worker starts:
an unchanged library costs a load and a hash per brief, not a pool of processes that import
WeasyPrint. The stale briefs are built serially with one worker, else in a pool of worker
processes started from a fork server that has imported the build and the writers once, so
each worker pays for its imports once however many briefs it builds. Outcomes are yielded in
the jobs' order whatever order they finish in, so a batch prints the same with any --jobs.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from typing import Any, Literal, Protocol

from brief.batch.plan import Job
from brief.build import BuildResult, Options, build, is_up_to_date
from brief.errors import BriefError

Status = Literal["built", "up to date", "failed"]
PRELOAD = ["brief.build", "brief.write.pdf", "brief.write.docx.writer"]  # what every worker would import, imported once


class WorkerLost(BriefError):
    """The process building a brief stopped without a result: killed, or out of memory."""


class BuildCrashed(BriefError):
    """A bug in brief stopped one brief's build; the batch goes on, and its exit status says so (70)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one job: built (with what it wrote), up to date, or failed (with why)."""

    job: Job
    status: Status
    result: BuildResult | None = None
    error: BriefError | None = None


class Events(Protocol):
    """What a progress display hears, always in the main process."""

    def stage(self, job: Job, stage: str) -> None:
        """A job started a stage of its build."""

    def finished(self, outcome: Outcome) -> None:
        """A job is done, whatever became of it."""


def run(jobs: Sequence[Job], options: Options, events: Events, *, workers: int = 1, force: bool = False) -> Iterator[Outcome]:
    """Each job's outcome, in the jobs' order; stale jobs are built, in `workers` processes when more than one."""
    fresh = (
        {}
        if force
        else {index: Outcome(job, "up to date") for index, job in enumerate(jobs) if is_up_to_date(job.path, job.folder, options)}
    )
    for outcome in fresh.values():
        events.finished(outcome)
    stale = [(index, job) for index, job in enumerate(jobs) if index not in fresh]
    if workers > 1 and len(stale) > 1:
        built = _parallel(stale, options, events, min(workers, len(stale)))
    else:
        built = _serial(stale, options, events)
    return _in_order(fresh, built)


def build_job(job: Job, options: Options, on_stage: Callable[[str], None]) -> Outcome:
    """Build one job; a BriefError is its outcome, and so is a bug of brief's, with its details saved to a file."""
    if job.input.refusal is not None:
        return Outcome(job, "failed", error=job.input.refusal)
    try:
        return Outcome(job, "built", build(job.path, job.folder, **_fields(options), on_stage=on_stage))
    except BriefError as error:
        return Outcome(job, "failed", error=error)
    except Exception as error:  # one brief's bug must not hide the rest of the batch's outcomes
        return Outcome(job, "failed", error=BuildCrashed(f"{job.path}: {_saved(error)}"))


def _saved(error: Exception) -> str:
    """The bug, in one line, and the file its traceback was saved to."""
    with tempfile.NamedTemporaryFile("w", prefix="brief-internal-error-", suffix=".txt", delete=False) as report:
        traceback.print_exception(error, file=report)
    return f"internal error: {type(error).__name__}: {error}; this is a bug in brief, details saved to {report.name}"


def _up_to_date(job: Job, options: Options) -> bool:
    return job.input.refusal is None and is_up_to_date(job.path, job.folder, options)


def _in_order(fresh: dict[int, Outcome], built: Iterable[tuple[int, Outcome]]) -> Iterator[Outcome]:
    """Outcomes by job index, each as soon as every earlier one is known."""
    known, next_index = dict(fresh), 0
    start: list[tuple[int, Outcome | None]] = [(-1, None)]  # up-to-date outcomes ahead of any build come out first
    for index, outcome in itertools.chain(start, built):
        if outcome is not None:
            known[index] = outcome
        while next_index in known:
            yield known.pop(next_index)
            next_index += 1


def _serial(stale: Sequence[tuple[int, Job]], options: Options, events: Events) -> Iterator[tuple[int, Outcome]]:
    for index, job in stale:
        outcome = build_job(job, options, lambda stage: events.stage(job, stage))  # noqa: B023 - called before the loop moves on
        events.finished(outcome)
        yield index, outcome


def _parallel(stale: Sequence[tuple[int, Job]], options: Options, events: Events, workers: int) -> Iterator[tuple[int, Outcome]]:
    """Build in a pool of `workers` processes, relaying their stages to `events` while waiting."""
    context = _context()
    stages: Any = context.Queue()
    jobs = dict(stale)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(stages,)) as pool:
        futures = {pool.submit(_work, index, job, options, os.getcwd()): index for index, job in stale}
        waiting: set[Future[Outcome]] = set(futures)
        while waiting:
            done, waiting = wait(waiting, timeout=0.1, return_when=FIRST_COMPLETED)
            _relay(stages, jobs, events)
            for future in done:
                outcome = _outcome(future, jobs[futures[future]])
                events.finished(outcome)
                yield futures[future], outcome


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where the platform has one (workers start from a process that already imported the build), else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _relay(stages: Any, jobs: dict[int, Job], events: Events) -> None:
    """Pass on every stage the workers have reported so far."""
    while True:
        try:
            index, stage = stages.get_nowait()
        except queue.Empty:
            return
        events.stage(jobs[index], stage)


def _outcome(future: Future[Outcome], job: Job) -> Outcome:
    """The outcome a worker sent back; a failure of the job when its worker died."""
    try:
        return future.result()
    except BrokenProcessPool:
        return Outcome(
            job, "failed", error=WorkerLost(f"{job.path}: the process building it stopped unexpectedly (killed, or out of memory)")
        )


_STAGES: Any = None  # in a worker: the queue its stages go back on


def _start_worker(stages: Any) -> None:
    global _STAGES
    _STAGES = stages


def _work(index: int, job: Job, options: Options, folder: str) -> Outcome:
    """In a worker: build one job, reporting its stages to the main process.

    A worker starts in the folder the fork server started in, which need not be the caller's now.
    """
    os.chdir(folder)
    return build_job(job, options, lambda stage: _STAGES.put((index, stage)))


def _fields(options: Options) -> dict[str, Any]:
    """The options as `build`'s keyword arguments, shallow: a signer stays a signer (asdict would turn it into a dict)."""
    return {field.name: getattr(options, field.name) for field in fields(options)}

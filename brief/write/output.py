"""Writing a build's outputs as one set: after a kill at any instant, the folder holds the old set or the new one.

A build writes several files (PDF, DOCX, HTML, manifest, numbered copies) that only make
sense together: a manifest that lists another build's PDF makes `verify` call a genuine file
tampered. Renaming files one by one cannot switch them together, so each output set (named by
its stem) keeps its files in a store of versions, and the names a user sees are links into
the store's `current` version:

    output/
      belarus.pdf            -> .brief/belarus/current/belarus.pdf
      belarus.docx           -> .brief/belarus/current/belarus.docx
      belarus.manifest.json  -> .brief/belarus/current/belarus.manifest.json
      .brief/belarus/
        current              -> v-…            the one commit point
        v-…/                 the files of the set now published
        .staging-PID-…/      a build in progress

A build stages every file (each fsynced) in a staging folder, renames it to a version, makes
sure each name of the new set is a link into `current` (a name not yet published dangles,
which is to say it is absent), and then replaces the `current` link with one pointing at the
new version: a single rename, atomic on POSIX file systems. Whatever happens before it leaves
the old set; whatever happens after it, the new one. Old versions, names the new set dropped,
and what a killed build left (its staging folder) are cleaned up after the switch, or by the
next build. A lock on the store keeps two builds of one set from cleaning up each other.

Files from before this layout (plain files named like the set's outputs) are adopted first:
hard-linked into a version of their own that becomes `current`, then each name is swapped
for a link to the same bytes, so they too stay whole until the switch.

Tests kill real builds at every step through BRIEF_FAULT_AT (see `fault`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from brief.errors import OutputError
from brief.write.aside import Aside, drop_plain_copies, set_aside
from brief.write.durable import sync as _sync
from brief.write.durable import write_new as _write

STORE = ".brief"
VERSION = re.compile(r"v-[0-9a-f]{16}")
CURRENT = "current"
# The steps of a commit, in order, where tests may kill the build (BRIEF_FAULT_AT=step).
STEPS = (
    "locked",
    "staging",
    "staged",
    "versioned",
    "adopting",
    "adopted",
    "linking",
    "linked",
    "set aside",
    "registered",
    "switched",
    "cleaned",
)


@dataclass(frozen=True)
class Published:
    """What a build published: the paths a user opens, and the earlier issue it set aside, if any."""

    paths: list[Path]
    aside: Aside | None = None  # the numbered copies of an earlier issue, moved into a dated folder


def publish(folder: Path, stem: str, files: Mapping[str, bytes], before_switch: Callable[[], object] | None = None) -> Published:
    """Write `files` (by name) as the output set `stem` in `folder`, all at once; the paths a user opens, and copies set aside.

    `before_switch` runs once everything is staged and checked, just before the new set becomes
    current: the issue register is written there, so a refused build records nothing and a
    published copy is always recorded.
    """
    store = folder / STORE / stem
    try:
        _make_store(folder, stem)
        with _locked(store):
            fault("locked")
            _refuse_foreign(folder, stem, files)
            _clean(folder, store)
            version = _stage(store, files)
            _adopt(folder, store, list(files))
            _link(folder, store, files)
            aside = set_aside(folder, store, _current(store), stem, files)
            fault("set aside")
            if before_switch is not None:
                before_switch()
            fault("registered")
            _switch(store, version)
            fault("switched")
            drop_plain_copies(folder, aside)
            _clean(folder, store)
            fault("cleaned")
    except OSError as error:
        if not os.path.islink(folder / STORE) and not os.path.islink(store):
            _forget(store)
        reason = error.strerror or str(error)
        raise OutputError(f"{folder}: cannot write the outputs of {stem}: {reason}; the previous outputs are as they were") from error
    return Published([folder / name for name in files], aside)


def write_file(path: Path, data: bytes, *, keep: tuple[Path, ...] = ()) -> None:
    """Write one file whole (a temporary file renamed into place), never over any of `keep`."""
    if any(path.resolve() == kept.resolve() for kept in keep):
        raise OutputError(f"{path}: writing it would replace {path.name}, which it was read from; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.partial"
    try:
        _write(temporary, data)
        os.replace(temporary, path)
        _sync(path.parent)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write it: {error.strerror or error}") from error


def fault(step: str) -> None:
    """Kill this process at `step` when a test asked for it (BRIEF_FAULT_AT): a kill -9, as a crash or an OOM kill would."""
    if os.environ.get("BRIEF_FAULT_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _make_store(folder: Path, stem: str) -> None:
    """The store's folders, which must be real folders: an output folder may come with a project, and a
    `.brief` there that links elsewhere would have brief write, and clean up, in someone else's folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (folder / STORE, folder / STORE / stem):
        if os.path.lexists(path) and (os.path.islink(path) or not os.path.isdir(path)):
            raise OutputError(f"{path}: is not a folder brief made (it is a link or a file); remove it and build again")
        with contextlib.suppress(FileExistsError):
            path.mkdir()


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    descriptor = os.open(store / ".lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _stage(store: Path, files: Mapping[str, bytes]) -> Path:
    """Every file written and synced in a new folder, then renamed to a version; on failure nothing stays."""
    staging = store / f".staging-{os.getpid()}-{secrets.token_hex(6)}"
    staging.mkdir()
    try:
        for name, data in files.items():
            _write(staging / name, data)
            fault("staging")
        _sync(staging)
        fault("staged")
        version = store / f"v-{secrets.token_hex(8)}"
        os.rename(staging, version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _sync(store)
    fault("versioned")
    return version


def _adopt(folder: Path, store: Path, names: list[str]) -> None:
    """Plain files from before the store, hard-linked into a version that becomes current, then swapped for links."""
    plain = [name for name in dict.fromkeys(names) if (folder / name).is_file() and not (folder / name).is_symlink()]
    if not plain:
        return
    current = _current(store)
    if current is not None:  # a kept copy, say: it joins the version published now, as the same bytes
        for name in plain:
            temporary = current / f".{name}.{secrets.token_hex(4)}.adopt"
            os.link(folder / name, temporary)
            os.replace(temporary, current / name)
    else:
        legacy = store / f".staging-{os.getpid()}-{secrets.token_hex(6)}"
        legacy.mkdir()
        for name in plain:
            os.link(folder / name, legacy / name)
        final = store / f"v-{secrets.token_hex(8)}"
        os.rename(legacy, final)
        _switch(store, final)
    fault("adopting")
    for name in plain:
        _replace_with_link(folder, store, name)
    fault("adopted")


def _refuse_foreign(folder: Path, stem: str, files: Mapping[str, bytes]) -> None:
    """OutputError when a name of the set is another set's output (a link into its store): one brief must not take another's file."""
    for name in files:
        path = folder / name
        target = os.readlink(path) if path.is_symlink() else ""
        owner = Path(target).parts[1] if target.startswith(f"{STORE}/") and len(Path(target).parts) > 2 else stem
        if owner != stem:
            raise OutputError(f"{path}: is an output of {owner}, not of {stem}; rename one of the two inputs. Nothing was written")


def _link(folder: Path, store: Path, files: Mapping[str, bytes]) -> None:
    """Each name of the new set a link into current: one the old set lacks dangles (is absent) until the switch."""
    for name in files:
        fault("linking")
        path = folder / name
        if path.is_symlink() and os.readlink(path) == _target(store, name):
            continue
        if path.is_dir() and not path.is_symlink():
            raise IsADirectoryError(21, f"{path} is a folder", str(path))
        _replace_with_link(folder, store, name)
    _sync(folder)
    fault("linked")


def _ours(entry: Path, store: Path) -> bool:
    """A name that is exactly the link brief makes for it: anything else in the folder is not brief's to touch."""
    return entry.is_symlink() and os.readlink(entry) == _target(store, entry.name)


def _current(store: Path) -> Path | None:
    """The version `current` points at, when it is one brief made: a link to a v-… folder of the store itself.

    An output folder may come with a project; a `current` that points anywhere else is
    refused rather than followed, or brief would write where the project's author chose.
    """
    link = store / CURRENT
    if not os.path.lexists(link):
        return None
    target = os.readlink(link) if link.is_symlink() else ""
    version = store / target
    if not VERSION.fullmatch(target) or version.is_symlink() or not version.is_dir():
        raise OutputError(f"{link}: is not a link brief made (to a v-… folder beside it); remove {store} and build again")
    return version


def _switch(store: Path, version: Path) -> None:
    """Point current at `version`: the one rename that publishes a whole set."""
    temporary = store / f".current-{secrets.token_hex(6)}"
    os.symlink(version.name, temporary)
    os.replace(temporary, store / CURRENT)
    _sync(store)


def _clean(folder: Path, store: Path) -> None:
    """Versions no longer current, staging folders of builds that died, and names the current set does not have."""
    current = _current(store)
    for entry in store.iterdir():
        stale_version = entry.name.startswith("v-") and (current is None or entry.name != current.name)
        if stale_version or _dead_staging(entry.name) or entry.name.startswith(".current-"):
            _remove(entry)
    for entry in folder.iterdir():
        if _dropped_name(entry, store) or _dead_partial(entry):
            entry.unlink()


def _forget(store: Path) -> None:
    """After a failed first build of a set, leave no store behind (nor an empty .brief folder)."""
    if not (store / CURRENT).is_symlink():
        shutil.rmtree(store, ignore_errors=True)
        with contextlib.suppress(OSError):
            store.parent.rmdir()


def _replace_with_link(folder: Path, store: Path, name: str) -> None:
    temporary = folder / f".{name}.{secrets.token_hex(4)}.link"
    os.symlink(_target(store, name), temporary)
    os.replace(temporary, folder / name)


def _target(store: Path, name: str) -> str:
    """Where a name's link points, relative to the folder, so the folder can move."""
    return f"{STORE}/{store.name}/{CURRENT}/{name}"


def _dead_staging(name: str) -> bool:
    """A staging folder whose build is no longer running."""
    if not name.startswith(".staging-"):
        return False
    pid = name.split("-")[1]
    return not pid.isdigit() or not _running(int(pid))


def _dropped_name(entry: Path, store: Path) -> bool:
    """A link brief made into this store's current version that the current version does not hold."""
    return _ours(entry, store) and not entry.exists()


def _dead_partial(path: Path) -> bool:
    """A temporary file of an interrupted write (older than a minute, so not one in progress)."""
    if not (path.name.startswith(".") and path.name.endswith((".partial", ".link"))) or path.is_dir():
        return False
    try:
        return time.time() - path.lstat().st_mtime > 60
    except OSError:
        return False


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)

"""The build: load, validate, review, render, write. One short function per stage, in order.

Every output of a build is made in memory first and published as one set only when all are
ready (output.py), so a build that fails (bad input, a failed review, a broken template)
writes nothing, and one killed while writing leaves the previous set whole.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from brief.analysis.release import releasable, release_level, slug
from brief.check import check_input, prepare_input
from brief.distribution import register
from brief.distribution.build_key import build_key
from brief.distribution.build_record import remember
from brief.distribution.issuing import NO_PROTECTION, Issue, Protection, issue, write_passwords
from brief.distribution.issuing import check as check_protection
from brief.distribution.manifest import is_current, manifest
from brief.distribution.recipients import read_recipients
from brief.errors import BriefError, UsageError
from brief.input.loader import LoadedBrief
from brief.render.context_types import Copy
from brief.render.document import RenderedDocument
from brief.render.engine import render_document
from brief.render.template_set import TemplateSet
from brief.render.translations import Translations
from brief.review.report import Report, ReviewFailed
from brief.write.aside import Aside
from brief.write.output import publish

FORMATS = ("pdf", "docx", "html")
Writer = Callable[[RenderedDocument], tuple[bytes, list[str]]]


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and anything a user should look at."""

    input: Path
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...]
    report: Report
    notes: tuple[str, ...] = ()

    def output(self, format_name: str) -> Path:
        """The file written in one format (the first, when copies share it)."""
        return next(path for path in self.outputs if path.suffix == f".{format_name}")


@dataclass(frozen=True)
class Options:
    """What a user chose for a build, beyond the input and the folder: named as `build`'s parameters."""

    formats: tuple[str, ...] = ("pdf", "docx")
    template: str | None = None
    strict: bool = False
    release_to: str | None = None
    copies: bool = False
    recipients: Path | None = None
    pdf_a: bool = False
    protection: Protection = NO_PROTECTION


Stage = Callable[[str], None]


def build(
    path: Path,
    out_dir: Path | None,
    formats: Sequence[str],
    template: str | None = None,
    *,
    strict: bool = False,
    release_to: str | None = None,
    copies: bool = False,
    recipients: Path | None = None,
    pdf_a: bool = False,
    protection: Protection = NO_PROTECTION,
    on_stage: Stage | None = None,
) -> BuildResult:
    """Build the brief in `path` into `out_dir` (else the project's output folder), in each of `formats`.

    `strict` fails the build on review warnings as well as errors. `release_to` builds the
    releasable version at that level instead of the full one. `copies` adds one numbered PDF
    per recipient (from the input's distribution, or the `recipients` file). `pdf_a` makes
    the PDFs PDF/A-3b. `protection` signs every PDF and encrypts the copies (issuing.py). A
    manifest of every file written, with the build key, goes beside them, and the issue
    register kept in the folder gains a record of each. `on_stage` hears the name of each stage as it starts, for a progress display.
    """
    options = Options(tuple(formats), template, strict, release_to, copies, recipients, pdf_a, protection)
    stage = on_stage or (lambda name: None)
    stage("checking")
    checked = check_input(path, template)
    if checked.report.fails(strict):
        raise ReviewFailed(checked.report)
    loaded, stem, warnings = _version(with_recipients(checked.loaded, recipients), release_to)
    folder = out_dir or output_folder(loaded)
    _check_request(loaded, options, folder)
    stage("rendering")
    document = render_document(loaded, checked.template_set)
    files, messages = _write(document, [output_path(path, folder / f"{stem}.{name}") for name in formats], pdf_a, stage)
    warnings += [*document.warnings, *messages]
    numbered = _copies(loaded, checked.template_set, folder, stem, pdf_a, stage) if copies else {}
    copy_entries = {target: entry for target, (_, entry) in numbered.items()}
    resolved = replace(options, protection=protection.with_set_permissions(checked.template_set.permissions))
    issued = _issue(files | {target: data for target, (data, _) in numbered.items()}, copy_entries, resolved, stem, stage)
    release = loaded.release.level if loaded.release else None
    key = build_key(checked.loaded, checked.template_set, _key_options(options))  # last: rendering reports a bad set's files first
    record = manifest(issued.files, copy_entries, document.input.name, document.input.data, checked.template_set, release, key)
    write_passwords(protection.secrets, issued.passwords)  # before publishing: a copy nobody can open is never issued
    stage("publishing")
    outputs = {target.name: data for target, data in issued.files.items()} | {f"{stem}.manifest.json": record}
    # Recorded once the set is staged and checked, just before it becomes current: a refused build
    # records nothing, a kill in between leaves a record of files never published, never a copy unrecorded.
    published = publish(folder, stem, outputs, before_switch=lambda: _register(folder, record, issued, protection))
    remember(record)
    notes = (*checked.loaded.settings.notes, *_aside_notes(published.aside))
    return BuildResult(path, tuple(published.paths), tuple(dict.fromkeys(warnings)), checked.report, notes)


def _check_request(loaded: LoadedBrief, options: Options, folder: Path) -> None:
    """UsageError for options that cannot be met together, before anything is rendered."""
    if options.copies and not loaded.brief.distribution:
        raise UsageError("--copies needs recipients: list them under distribution: in the input, or give --recipients FILE")
    check_protection(options.protection, options.copies, options.pdf_a, folder)
    register.check(folder)  # a register planted as a link or a FIFO fails the build before its outputs are published


def _issue(files: dict[Path, bytes], copies: dict[Path, dict[str, Any]], options: Options, stem: str, stage: Stage) -> Issue:
    """The files as issued: signed and encrypted as the options ask (issuing.py); the copies' keys from the recipients file."""
    protection = options.protection
    if protection.signer is None and not protection.encrypt:
        return Issue(files, {}, [])
    stage("signing" if not protection.encrypt else "protecting the copies")
    keys = read_recipients(options.recipients).keys if options.recipients and protection.encrypt else ()
    return issue(files, copies, keys, protection, stem)


def _register(folder: Path, record: bytes, issued: Issue, protection: Protection) -> None:
    """A record of each file issued added to the folder's register, each signed when the office signs."""
    records = register.records(json.loads(record), _now(), secrets.token_hex(8), issued.notes)
    register.append(folder, records, protection.sign if protection.signer else None)


def _now() -> str:
    """The time of an issue as the register records it: UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _aside_notes(aside: Aside | None) -> list[str]:
    """What a user is told when a build moved the copies of an earlier issue out of the way."""
    if aside is None:
        return []
    copies = f"{aside.count} numbered cop{'y' if aside.count == 1 else 'ies'}"
    return [f"moved the {copies} issued {aside.issued} into {aside.folder}/, so they do not mix with this build's; the register lists both"]


def _write(document: RenderedDocument, targets: list[Path], pdf_a: bool, stage: Stage) -> tuple[dict[Path, bytes], list[str]]:
    """Each target's bytes, in the format its suffix names, and the writers' warnings."""
    files, warnings = {}, []
    for target in targets:
        stage(f"writing the {target.suffix[1:].upper()}")
        data, messages = writer(target.suffix[1:], pdf_a=pdf_a)(document)
        files[target] = data
        warnings += messages
    return files, warnings


def is_up_to_date(path: Path, out_dir: Path | None, options: Options) -> bool:
    """Whether building `path` with `options` would write what `out_dir` already holds, by the build key in its manifest.

    An input that does not load is never up to date: the build reports its problems.
    """
    try:
        loaded, template_set = prepare_input(path, options.template)
        key = build_key(loaded, template_set, _key_options(options))
        stem = version_stem(loaded, options.release_to)
    except BriefError:
        return False
    if options.protection.encrypt:  # the key holds no password, so a changed password would go unseen
        return False
    folder = out_dir or output_folder(loaded)
    return is_current(folder / f"{stem}.manifest.json", key)


def _key_options(options: Options) -> dict[str, Any]:
    """The options as the build key covers them: the recipients by who they are, the others by value."""
    return asdict(options) | {"recipients": _recipients_key(options.recipients), "protection": options.protection.key_options()}


def _recipients_key(path: Path | None) -> list[Any] | None:
    """The recipients a file lists and the digests of their certificates, never their passwords.

    The key is written into the manifest and the register, which travel with the copies: a
    key over the passwords would let anyone holding a copy test guesses offline.
    """
    if path is None:
        return None
    listed = read_recipients(path)
    return [
        [person.model_dump(mode="json"), hashlib.sha256(key.certificate).hexdigest() if key.certificate else None]
        for person, key in zip(listed.people, listed.keys, strict=True)
    ]


def with_recipients(loaded: LoadedBrief, recipients: Path | None) -> LoadedBrief:
    """The brief with its distribution list replaced by the recipients a file lists, when one is given."""
    if recipients is None:
        return loaded
    return replace(loaded, brief=loaded.brief.model_copy(update={"distribution": read_recipients(recipients).people}))


def _version(loaded: LoadedBrief, release_to: str | None) -> tuple[LoadedBrief, str, list[str]]:
    """The version to build: the full brief, or its releasable cut; its file name stem; warnings about it."""
    if release_to is None:
        return loaded, loaded.path.stem, []
    withheld = Translations(loaded.brief.language).lookup("labels", "release_summary")
    cut = releasable(loaded, release_to, withheld)
    assert cut.release is not None
    warnings = [
        f"{loaded.path}: {judgement} keeps its place in the version releasable to {cut.release.level}, but none of its evidence does; the brief says so"
        for judgement in cut.release.flagged
    ]
    return cut, version_stem(loaded, release_to), warnings


def version_stem(loaded: LoadedBrief, release_to: str | None) -> str:
    """The name every output of a version starts with: the input's, and the level of a releasable cut."""
    if release_to is None:
        return loaded.path.stem
    return f"{loaded.path.stem}-releasable-{slug(release_level(loaded, release_to).banner)}"


def _copies(
    loaded: LoadedBrief, template_set: TemplateSet, folder: Path, stem: str, pdf_a: bool, stage: Stage
) -> dict[Path, tuple[bytes, dict[str, Any]]]:
    """One PDF per recipient, each naming its recipient on every page, with its manifest entry."""
    recipients = loaded.brief.distribution
    width = max(2, len(str(len(recipients))))
    numbered = {}
    for number, recipient in enumerate(recipients, 1):
        stage(f"copy {number} of {len(recipients)}")
        copy = Copy.of(number, len(recipients), recipient)
        data, _ = writer("pdf", pdf_a=pdf_a)(render_document(loaded, template_set, copy))
        target = output_path(loaded.path, folder / f"{stem}-copy-{number:0{width}d}.pdf")
        # "recipient" stays the one line verify prints (distribution/manifest.py); name, organisation, role follow, null where not given.
        numbered[target] = (data, {"number": number, "of": len(recipients), "recipient": recipient.label} | recipient.model_dump())
    return numbered


def output_folder(loaded: LoadedBrief) -> Path:
    """The project's output folder, else ./output."""
    return loaded.project.path("output") or Path("output")


def output_path(path: Path, target: Path) -> Path:
    """`target`, an output of the input `path`, unless it is the input itself."""
    if target.resolve() == path.resolve():
        raise UsageError(f"{target}: writing it would overwrite the input; choose another --out")
    return target


def writer(format_name: str, *, pdf_a: bool = False) -> Writer:
    """The writer for one output format, imported only when that format is asked for."""
    if format_name == "pdf":
        from brief.write.pdf import write_pdf

        return lambda document: write_pdf(document, pdf_a=pdf_a)
    if format_name == "docx":
        from brief.write.docx.writer import write_docx

        return lambda document: (write_docx(document), [])
    if format_name == "html":
        from brief.write.html import write_html

        return lambda document: (write_html(document), [])
    raise UsageError(f"unknown format {format_name!r}; accepted: {', '.join(FORMATS)}")

"""The commands that prove what was issued: `brief verify` and `brief issued`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brief.cli.exits import fail_usage, finish, run
from brief.cli.options import file_option

if TYPE_CHECKING:
    from brief.distribution.trust import Trust


def verify(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A PDF or DOCX to check.", exists=True, dir_okay=False)],
    register: Annotated[
        Path | None,
        file_option("--register", "FILE", "The issue register to look in.", "register.jsonl beside FILE or above it"),
    ] = None,
    trust: Annotated[
        list[Path] | None,
        file_option(
            "--trust",
            "FILE.pem",
            "Certificates the office trusts; only their signatures vouch. Repeatable.",
            "trust in brief.toml, else none: records are labelled unsigned",
        ),
    ] = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", hidden=True, help="No longer read: anyone can write a manifest.")] = None,
) -> None:
    """Say whether FILE is one a build issued, which copy and to whom, and what proves it; exit 1 if nothing does.

    Reads the issue register kept with the outputs, never a manifest, and a signed PDF's own signature.

    Example: brief verify output/belarus-copy-03.pdf --trust office-ca.pem
    """
    from brief.distribution.verification import verify as verify_file

    if manifest is not None:
        fail_usage(
            "--manifest is no longer read: a manifest proves nothing, anyone can write one; verify reads the issue register (--register FILE)"
        )

    def check() -> None:
        typer.echo("\n".join(verify_file(file, register, _trust(trust))))

    finish([] if run(check) else [file])


def issued(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FOLDER]",
            help="An output folder.",
            exists=True,
            file_okay=False,
            show_default="the project's output folder, else ./output",
        ),
    ] = None,
) -> None:
    """List what was issued from FOLDER, build by build: when, which brief, each file, copy and recipient.

    Example: brief issued output
    """
    from brief.cli.issued import listing, registers
    from brief.distribution.register import BadRegister
    from brief.input.project import find_project

    def show() -> None:
        where = folder or find_project(Path.cwd()).path("output") or Path("output")
        found = [listing(path) for path in (registers(where) if where.is_dir() else [])]
        typer.echo("\n\n".join(text for text, _ in found) or f"{where}: nothing issued (no register.jsonl in it or below it)")
        unreadable = sum(1 for _, readable in found if not readable)
        if unreadable:  # one register planted as a FIFO or a link must not hide what the others list
            raise BadRegister(f"{where}: {unreadable} of its {len(found)} issue registers cannot be read; the others are listed above")

    finish([] if run(show) else [folder])


def _trust(files: list[Path] | None) -> Trust | None:
    """The certificates the office trusts: those given, else brief.toml's `trust` in the project here, else none."""
    from brief.distribution.trust import read_trust
    from brief.input.project import find_project

    named = files or [path for path in [find_project(Path.cwd()).path("trust")] if path is not None]
    return read_trust(named) if named else None

"""`brief absorb`: a reviewed DOCX's edits and comments brought back into the input."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brief.cli.exits import finish, run

if TYPE_CHECKING:
    from brief.absorb.absorption import Absorption


def absorb(
    reviewed: Annotated[
        Path, typer.Argument(metavar="REVIEWED.docx", help="A DOCX brief built, edited in Word or LibreOffice.", dir_okay=False)
    ],
    input_file: Annotated[
        Path | None,
        typer.Argument(metavar="[INPUT]", help="The input to change.", dir_okay=False, show_default="the input the DOCX was built from"),
    ] = None,
    pending: Annotated[
        bool, typer.Option("--pending", help="List tracked changes without applying them (plain edits still apply).")
    ] = False,
    comments: Annotated[
        bool, typer.Option("--comments", help="Write the reviewers' comments into the input, beside their fields.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the change to the input as a unified diff; write nothing.")] = False,
) -> None:
    """Carry a reviewer's edits to a DOCX (plain and tracked) back into the fields of its input, and list their comments.

    Only the edited fields change in the input; everything else stays byte for byte. Edits
    outside the fields, and fields changed in the input since the DOCX was built, are reported,
    not applied, and the command then exits 1.

    Example: brief absorb reviewed/belarus.docx
    Example: brief absorb belarus-jr.docx inputs/belarus.yaml --comments --dry-run
    """
    from brief.absorb.absorption import absorb as absorb_file
    from brief.write.output import write_file

    outcome: list[Absorption] = []

    def take() -> None:
        result = absorb_file(reviewed, input_file, pending=pending, comments=comments)
        _print(result)
        if result.text == result.original:
            typer.echo(f"{result.input}: no field to change", err=True)
        elif dry_run:
            typer.echo(_shown(result.diff()), nl=False)
        else:
            write_file(result.input, result.text.encode("utf-8"), keep=(reviewed,))
            typer.echo(f"wrote {result.input} ({_count(len(result.changes), 'field')} changed)", err=True)
        outcome.append(result)

    finish([] if run(take) and outcome[0].complete else [reviewed])


def _print(result: Absorption) -> None:
    """Every change, pending change, comment, conflict and edit not absorbed, one a line (or a few), on standard error."""
    from brief.absorb.absorption import describe
    from brief.distribution.verification import printable

    where = str(result.input)
    lines = [f"{where}:{change.line}: {describe([change.path])}: changed" for change in result.changes]
    for text, line in result.pending:
        lines += [
            f"{where}:{line}: {text.path}: tracked {change.kind} pending: {change.text!r} ({change.author}, {change.date})"
            for change in text.tracked
        ]
    for comment, line in result.comments:
        place = (
            f"{where}:{line}: {comment.field}"
            if comment.field
            else f"{result.reviewed}: page {comment.page}, paragraph {comment.paragraph}"
        )
        lines.append(f'{place}: "{comment.text}" ({comment.author}, {comment.date})')
    for conflict in result.conflicts:
        lines += [
            f"{where}:{conflict.line}: {describe([conflict.path])}: conflict: changed in the input since the DOCX was built; left as it is",
            f"  input:    {conflict.current!r}",
            f"  reviewed: {conflict.reviewed!r}",
        ]
    for edit in result.unmapped:
        lines.append(f"{result.reviewed}: page {edit.page}, paragraph {edit.paragraph}: not absorbed (outside every field): {edit.text!r}")
    lines += result.notes
    if lines:
        typer.echo("\n".join(printable(lines)), err=True)


def _shown(diff: str) -> str:
    """The diff fit for a terminal: the reviewer's text may hold reordering or control characters, shown as their codes."""
    from brief.distribution.verification import printable

    lines = [line.removesuffix("\r") for line in diff.split("\n")]
    ends = ["\r" if line.endswith("\r") else "" for line in diff.split("\n")]
    return "\n".join(shown + end for shown, end in zip(printable(lines), ends, strict=True))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

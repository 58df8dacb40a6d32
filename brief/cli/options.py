"""What the commands share: the options that mean the same everywhere, and help that reads as users expect.

Typer's rich help labels every flag `<bool>`, as if it took a value, and writes a required
argument `{inputs}...`; Command and Group show a flag bare and an argument as INPUT....
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer import _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from brief.cli.exits import fail_usage

T = TypeVar("T")

HELP = {"help_option_names": ["-h", "--help"]}

Inputs = Annotated[
    list[Path],
    typer.Argument(metavar="INPUT", help="Input files (YAML or JSON), or folders of them.", exists=True, readable=True, show_default=False),
]
Strict = Annotated[bool, typer.Option("--strict", help="Fail on review warnings too, as in CI.")]
Template = Annotated[
    str | None,
    typer.Option(
        "--template",
        metavar="NAME|PATH",
        help="A template set's name or folder.",
        show_default="the input's or brief.toml's, else policy-brief",
    ),
]


def file_option(flag: str, metavar: str, help: str, shown: str, *, exists: bool = True) -> Any:
    """An option naming one file (never a folder), checked to exist unless it is one brief writes."""
    return typer.Option(flag, metavar=metavar, help=help, exists=exists, dir_okay=False, show_default=shown)


def formats(text: str) -> list[str]:
    """The output formats `--format` names, each once; a usage error for one brief cannot write."""
    from brief.build import FORMATS

    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        fail_usage(f"--format: {', '.join(unknown) or 'nothing'} is not a format; accepted: {', '.join(FORMATS)}")
    return list(dict.fromkeys(names))


def cpus() -> int:
    """The CPUs this process may run on: the default of --jobs."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def bare_flags(params: list[_click.Parameter]) -> list[_click.Parameter]:
    """The same parameters, a flag given an empty metavar: rich help prints an option's metavar in place of its type."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


def usage(param: TyperArgument) -> str:
    """An argument as a usage line writes it: INPUT..., [NAME]."""
    name = param.metavar or (param.name or "").upper()
    return f"{name if param.required else f'[{name}]'}{'...' if param.nargs != 1 else ''}"


class Command(TyperCommand):
    """A command whose help shows flags bare and arguments by their metavars."""

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        return bare_flags(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [usage(param) for param in self.get_params(ctx) if isinstance(param, TyperArgument)]


class Group(TyperGroup):
    """A group whose help shows its flags (--help, --version) bare."""

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        return bare_flags(super().get_params(ctx))


def renamed(new: str, new_value: T | None, old: str, old_value: T | None, *, warn: bool = True) -> T | None:
    """The value of an option given by its new name or its hidden old one; the old one warns, once, when `warn`."""
    if old_value is None:
        return new_value
    if warn:
        typer.echo(f"warning: {old} is deprecated here; use {new}", err=True)
    return old_value

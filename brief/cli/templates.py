"""`brief templates`: list, find, copy and check template sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from brief.cli.exits import finish, run
from brief.cli.options import HELP, Command, Group
from brief.cli.report import count

templates_app = typer.Typer(cls=Group, context_settings=HELP, no_args_is_help=True, help="List, copy and check template sets.")


@templates_app.command("list", cls=Command)
def templates_list() -> None:
    """Show the project's template sets and the built-in ones, each with a one-line description.

    Example: brief templates list
    """
    from brief.input.project import find_project
    from brief.render.template_set import available_sets

    def listing() -> None:
        sets = available_sets(find_project(Path.cwd()).template_roots(Path.cwd()))
        width = max(len(template_set.name) for template_set, _ in sets)
        for template_set, origin in sets:
            typer.echo(f"{template_set.name:<{width}}  {origin:<8}  {template_set.metadata.description}")

    finish([] if run(listing) else ["templates"])


@templates_app.command("path", cls=Command)
def templates_path(name: Annotated[str, typer.Argument(metavar="NAME", help="A built-in or project set's name.")]) -> None:
    """Print the folder of a template set, to copy a file from it (its reference.docx, say).

    Example: brief templates path memo
    """
    from brief.input.project import find_project
    from brief.render.template_set import find_template_set

    def show() -> None:
        typer.echo(str(find_template_set(name, Path.cwd(), find_project(Path.cwd()).template_roots(Path.cwd())).folder))

    finish([] if run(show) else [name])


@templates_app.command("copy", cls=Command)
def templates_copy(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The set to copy: a built-in or project set's name, or a path.")],
    destination: Annotated[Path, typer.Argument(metavar="DEST", help="A new folder for the copy; its name becomes the set's.")],
    thin: Annotated[
        bool, typer.Option("--thin", help="Extend the set and override only what changes, instead of copying it whole.")
    ] = False,
) -> None:
    """Copy a template set to customise it.

    Example: brief templates copy policy-brief templates/house --thin
    """
    from brief.input.project import find_project
    from brief.render.template_set import find_template_set
    from brief.tools.template_copier import copy_template_set

    def copy() -> None:
        source = find_template_set(name, Path.cwd(), find_project(Path.cwd()).template_roots(Path.cwd()))
        copy_template_set(source, destination, thin=thin)
        typer.echo(f"copied {source.name} to {destination}{' (thin: it extends ' + source.name + ')' if thin else ''}")

    finish([] if run(copy) else [name])


@templates_app.command("check", cls=Command)
def templates_check(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The folder of a template set.", exists=True, file_okay=False)],
) -> None:
    """Check a template set: syntax, vocabulary, Word styles, fonts, and a trial build in both formats.

    Example: brief templates check templates/house
    """
    from brief.input.project import find_project
    from brief.tools.template_checker import check_template_set

    problems = check_template_set(path, find_project(path).template_roots())
    for problem in problems:
        typer.echo(str(problem), err=problem.severity == "error")
    errors = sum(problem.severity == "error" for problem in problems)
    typer.echo(f"{path}: {'ok' if not errors else 'broken'} ({count(errors, 'error')}, {count(len(problems) - errors, 'warning')})")
    finish(["templates"] if errors else [])

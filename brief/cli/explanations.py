"""`brief rules` and `brief explain`: the tradecraft rules, from the table docs/checks.md is generated from."""

from __future__ import annotations

from typing import Annotated

import typer

from brief.cli.exits import fail_usage


def rules() -> None:
    """List every tradecraft rule: code, name, severity and what it finds.

    Example: brief rules
    """
    from brief.model.rules import RULES

    width = max(len(rule.name) for rule in RULES)
    for rule in RULES:
        typer.echo(f"{rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")


def explain(
    code: Annotated[str, typer.Argument(metavar="RULE", help="A rule's code (T06, t06) or name (unsupported-judgement).")],
) -> None:
    """Print what a rule finds, an example that trips it, and the fix: the text of docs/checks.md.

    Example: brief explain T06
    """
    from brief.model.rules import find_rule
    from brief.tools.rule_pages import paragraphs

    rule = find_rule(code) or fail_usage(unknown_rule(code))
    typer.echo(f"{rule.code} {rule.name} ({rule.severity}): {rule.standard}\n")
    typer.echo("\n\n".join(paragraphs(rule.explanation, 88)))
    if rule.example:
        typer.echo(f"\nExample:\n\n{rule.example.rstrip()}")
    typer.echo("\n".join(["", *paragraphs(f"Fix: {rule.fix}", 88)]))


def unknown_rule(code: str) -> str:
    """Why `code` names no rule, with the nearest codes and names to try."""
    import difflib

    from brief.model.rules import RULES

    keys = [key for rule in RULES for key in (rule.code, rule.name)]
    near = difflib.get_close_matches(code.strip().upper() if len(code.strip()) <= 3 else code.strip().lower(), keys, n=3)
    hint = f"; did you mean {' or '.join(near)}?" if near else "; `brief rules` lists them"
    return f"{code!r} is not a rule's code or name{hint}"

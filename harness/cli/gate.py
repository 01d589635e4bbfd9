"""Placeholder while `prorata gate` is being built (issue 6); replaced by its owner."""

import click


@click.command("gate", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1)
def command(args) -> None:
    """(being built)"""
    raise click.ClickException("prorata gate is being built")

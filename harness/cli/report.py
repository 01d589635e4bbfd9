"""Placeholder while `prorata report` is being built (issue 6); replaced by its owner."""

import click


@click.command("report", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1)
def command(args) -> None:
    """(being built)"""
    raise click.ClickException("prorata report is being built")

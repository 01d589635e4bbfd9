"""`prorata validate PACK...`: load each pack; print ok or every problem."""

from __future__ import annotations

from pathlib import Path

import click

from harness.cli.app import ExitCode
from harness.render.problems import format_pack_error


@click.command("validate")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PACK...")
def command(packs: tuple[Path, ...]) -> None:
    """Check that each PACK loads: schema, catalog, policy, every scenario.

    Prints `ok: <pack> (<n> scenarios)` per good pack and every problem of a
    bad one (file:line:col field: message, and a hint). Exit 0 or 2."""
    from harness.packs import PackError, load_pack

    failed = False
    for path in packs:
        try:
            pack = load_pack(path)
        except PackError as error:
            failed = True
            click.echo(format_pack_error(error), err=True)
            continue
        except OSError as error:
            failed = True
            click.echo(f"error: {path}: {error.strerror or error}", err=True)
            continue
        count = len(pack.scenarios)
        click.echo(f"ok: {pack.name} ({count} scenario{'s' if count != 1 else ''})")
    if failed:
        raise click.exceptions.Exit(ExitCode.USAGE)

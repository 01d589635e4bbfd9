"""`prorata schema [pack|scenario] [-o FILE]`: the JSON Schema of a pack file format."""

from __future__ import annotations

import json
from pathlib import Path

import click

from harness.cli.common import atomic_write


@click.command("schema")
@click.argument("kind", type=click.Choice(["pack", "scenario"]), default="scenario", required=False)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write it to FILE instead of stdout.")
def command(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of pack.yaml (`pack`) or of a scenario file (`scenario`, the default).

    Editors use it for completion and checks, e.g. yaml-language-server."""
    from harness.packs import schema_for

    text = json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
        click.echo(f"wrote {output}", err=True)

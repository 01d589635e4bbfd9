"""`prorata reconcile --pack PACK --events FILE --lines FILE`: what a billing
system posted against what the pack's policy says for the same events.

Glue only: the work is harness.reconcile's (DuckDB and the reference engine),
the text harness.report.reconcile_report's. Synthetic exports to try it on:
`python3 -m harness.reconcile.synthetic OUT_DIR --lines N --errors K`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.common import atomic_write, load_pack


@click.command("reconcile")
@click.option("--pack", "pack_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The pack whose catalog and policy say what should have been billed.")
@click.option("--events", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Export of subscription events (CSV or Parquet).")
@click.option("--lines", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Export of posted invoice lines (CSV or Parquet).")
@click.option("--mapping", "mapping_name", default="harness", show_default=True, metavar="NAME|FILE",
              help="Column mapping of the exports: harness, stripe, or a mapping YAML file (docs/reconcile.md).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many of the largest discrepancies to list.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="First invoice date compared (default: the first posted line's).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last invoice date compared; the replay runs to its end (default: the last posted line's).")
def command(pack_dir: Path, events: Path, lines: Path, mapping_name: str, fmt: str, output: Path | None, top: int,
            since, as_of) -> None:
    """Replay every subscription's events through the reference engine under
    PACK's policy and compare the lines it bills with the lines posted, by
    change type and currency: subscriptions, lines, expected against billed,
    and the largest discrepancies with their subscription ids. A missing or
    extra line counts as a discrepancy.

    \b
    Examples:
      prorata reconcile --pack scenario_packs/core --events events.csv --lines lines.csv
      prorata reconcile --pack my-pack --events ev.parquet --lines il.parquet --mapping stripe --format md -o close.md

    Exit 0 when every line reconciles, 1 when there are discrepancies (or
    subscriptions that could not be replayed), 2 on bad input (a missing
    column, a value that does not convert, an unknown mapping)."""
    from harness.reconcile import InputError, MappingError, load_mapping, reconcile
    from harness.report.reconcile_report import performance, write

    pack = load_pack(pack_dir)
    try:
        mapping = load_mapping(mapping_name)
        result = reconcile(pack, events, lines, mapping, top=top, since=_day(since), as_of=_day(as_of))
    except (InputError, MappingError) as error:
        raise CliError(str(error), ExitCode.USAGE) from None
    text = write(result, fmt)
    if output is not None:
        atomic_write(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if output is not None or fmt != "table":
        click.echo(performance(result), err=True)
    if not result.reconciled:
        raise SystemExit(int(ExitCode.FAILED))


def _day(value) -> date | None:
    return value.date() if value is not None else None

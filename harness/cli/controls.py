"""`prorata controls PACK [--format csv|md] [--log PATH] [-o FILE]`."""

from __future__ import annotations

from pathlib import Path

import click

from harness.cli.common import atomic_write, load_pack
from harness.cli.signoff import LOG_HELP, log_path, read_verified, tampered


@click.command("controls")
@click.argument("pack", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "md"]), default="md", show_default=True,
              help="csv for a spreadsheet (every scenario id), md for a wiki or pull request.")
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), help=LOG_HELP)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the sheet to FILE (atomically) instead of stdout.")
def command(pack: Path, fmt: str, log: Path | None, output: Path | None) -> None:
    """The control sheet of PACK: one row per policy rule.

    Columns: the rule; the decision in words (its owner, from pack.yaml);
    the system setting (where pack.yaml sets it); the expected output (the
    scenarios whose expected invoices show the rule as set); the evidence
    (per backend, the last approving sign-off, marked stale when the pack
    changed since). Nothing is run.

    Exit 0 written, 1 the sign-off log does not verify, 2 bad input (a pack
    that does not load, a --log that does not exist)."""
    from harness.packs.fingerprint import fingerprint
    from harness.report.controls import to_csv, to_markdown
    from harness.signoff.controls import control_sheet

    loaded = load_pack(pack)
    entries = ()
    path = log_path(log)
    if log is not None or path.exists():
        verified = read_verified(path, missing_hint="Give the sign-off log's path, or leave --log out.")
        if not verified.ok:
            raise tampered(path, verified.problem, "its sign-offs cannot serve as evidence")
        entries = verified.entries
    rows = control_sheet(loaded, entries, fingerprint(pack))
    text = to_csv(loaded, rows) if fmt == "csv" else to_markdown(loaded, rows)
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write(output, text)
    signed = sum(1 for row in rows if row.evidence)
    click.echo(f"wrote {output}: {len(rows)} rules, {signed} with sign-off evidence", err=True)


"""`prorata lint PACK... --backend NAME [-k EXPR] [--format table|json]
[--output FILE]`: invoice clarity findings on a backend's documents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, backend_options, run_packs
from harness.cli.common import atomic_write, load_packs
from harness.cli.run import check_selection, nothing_selected


@click.command("lint")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PACK...")
@click.option("-k", "keyword", metavar="EXPR", help="Only scenarios matching EXPR (pytest -k syntax: names, tags, and/or/not).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of stdout.")
@backend_options
def command(packs: tuple[Path, ...], keyword: str | None, fmt: str, output: Path | None, backend: str,
            backend_option: tuple[str, ...], workers: int, no_ledger: bool) -> None:
    """Run each PACK on the backend and check its invoices and credit notes
    for clarity: can support explain every line without redoing the math?
    The rules are in docs/lint.md.

    Findings pinned in the backend's deviations ledger (an entry's `lint:`)
    are marked pinned; `prorata ledger update` records them.

    Exit 0 when every finding is pinned, 1 when some finding is not pinned
    (or a scenario errored), 2 on bad input, 3 when the backend could not be
    reached."""
    from harness.report.lint_report import lint_counts, lint_summary, lint_to_json, render_lint_table

    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger)
    loaded = load_packs(packs)
    check_selection(loaded, keyword)
    runs = run_packs(loaded, choice, keyword)
    if sum(len(run.results) for run in runs) == 0:
        raise CliError(nothing_selected(loaded, keyword))

    if fmt == "json":
        report = json.dumps(lint_to_json(runs), indent=2, ensure_ascii=False) + "\n"
    else:
        report = render_lint_table(runs)
    if output is None:
        click.echo(report, nl=False)
    else:
        atomic_write(output, report)
        click.echo(f"wrote {output}: {lint_summary(runs)}", err=True)

    counts = lint_counts(runs)
    if counts["vanished"]:
        click.echo(f"{counts['vanished']} pinned findings are no longer observed: "
                   "remove them with `prorata ledger update`", err=True)
    if counts["new"] or counts["errors"]:
        raise click.exceptions.Exit(ExitCode.FAILED)
    if counts["clean"] + counts["with_findings"] == 0:
        raise CliError(f"no scenario applies to backend {backend!r}: all {counts['not_applicable']} were not applicable")

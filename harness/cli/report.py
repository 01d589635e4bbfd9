"""`prorata report PACK... [--backend NAME] --format html|pdf|md|json -o DIR`:
the sign-off report finance reads, one file per pack.

Glue only: the figures are harness.evidence's, the writers
harness.report.signoff_report's. The rendered invoices come from
harness.render and are handed to the report here, because render and report
sit side by side in the layers. Every file is rendered before the first one
is written, and each is written atomically, so a failure leaves DIR as it was."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, backend_options, backend_version, run_packs
from harness.cli.common import atomic_write, load_packs

FORMATS = {"html": "html", "pdf": "pdf", "md": "md", "json": "json"}


@click.command("report")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PACK...")
@click.option("--format", "fmt", type=click.Choice(tuple(FORMATS)), default="html", show_default=True,
              help="Report format: html (one self-contained page), pdf (printed from the html), md, json.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
              help="Folder to write DIR/<pack>.<ext> into (created if missing).")
@click.option("--invoices/--no-invoices", default=True, show_default=True,
              help="Include each scenario's documents rendered as the customer gets them (html, pdf). "
                   "Without them the PDF of the core pack has half the pages and takes 60% of the time.")
@backend_options
def command(packs: tuple[Path, ...], fmt: str, output: Path, invoices: bool, backend: str,
            backend_option: tuple[str, ...], workers: int, no_ledger: bool) -> None:
    """Run each PACK on the backend and write its sign-off report: the pack and
    its owner, a verdict, the reconciliation by change type (with charts), the
    decision matrix, the coverage matrix, every scenario with expected and
    issued lines side by side, and the environment. docs/reports.md explains
    each figure.

    Exit 0 when no scenario failed or errored, 1 when some did (the report is
    still written and lists them), 2 on bad input, 3 when the backend could
    not be reached."""
    from harness.report.signoff_report import build_report, environment_of

    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger)
    if output.exists() and not output.is_dir():
        raise CliError(f"{output} is a file; -o names the folder the reports are written into")
    loaded = load_packs(packs, choice.workers)
    _check_names(loaded)
    run_at = datetime.now(timezone.utc)
    runs = run_packs(loaded, choice, keyword=None)
    version = backend_version(choice)

    files: list[tuple[Path, str | bytes]] = []
    for run in runs:
        environment = environment_of(run, run_at=run_at, backend_version=version)
        report = build_report(run, environment, invoices=invoices and fmt in ("html", "pdf"), charts=fmt != "json")
        files += _render(report, fmt, output)
    for path, content in files:
        atomic_write(path, content)
    for run, (path, _) in zip(runs, [f for f in files if f[0].suffix == f".{FORMATS[fmt]}"]):
        counts = run.summary
        click.echo(f"wrote {path}: {len(run.results)} scenarios, {counts['passed']} passed, {counts['deviations']} "
                   f"known deviations, {counts['failed']} failed, {counts['errors']} errors, "
                   f"{counts['not_applicable']} not applicable")
    for path, _ in files:
        if path.suffix == ".svg":
            click.echo(f"wrote {path}")

    failing = [run for run in runs if not run.ok]
    if failing:
        names = ", ".join(run.pack.name for run in failing)
        click.echo(f"not ready for sign-off: {names} has scenarios that failed, errored or did not run on "
                   f"{choice.name}; the report was written and lists each one", err=True)
        raise click.exceptions.Exit(ExitCode.FAILED)


def _check_names(packs: list) -> None:
    seen: dict[str, str] = {}
    for pack in packs:
        if pack.name in seen:
            raise CliError(f"two packs are named {pack.name!r} ({seen[pack.name]} and {pack.meta.source}): "
                           "their reports would overwrite each other; report them one at a time with different -o")
        seen[pack.name] = pack.meta.source



def _render(report, fmt: str, folder: Path) -> list[tuple[Path, str | bytes]]:  # noqa: ANN001
    from harness.report import signoff_report as writers

    name = report.meta.name
    target = folder / f"{name}.{FORMATS[fmt]}"
    if fmt == "html":
        return [(target, writers.render_html(report))]
    if fmt == "json":
        return [(target, writers.render_json(report))]
    if fmt == "pdf":
        try:
            return [(target, writers.render_pdf(report))]
        except writers.PdfUnavailable as error:
            raise CliError(str(error)) from None
    charts = {chart: f"{name}.{chart}.svg" for chart in report.charts}
    return [(target, writers.render_markdown(report, charts)),
            *((folder / file, report.charts[chart]) for chart, file in charts.items())]

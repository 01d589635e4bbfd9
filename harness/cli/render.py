"""`prorata render PACK SCENARIO_ID`: the invoices a backend issued, as a customer would get them.

Text goes to the terminal; HTML and PDF go to a file (`-o`). `--all -o DIR`
renders every scenario the backend can run into DIR/<scenario-id>.<ext>, so
a folder of PDFs can be fed to the pdf backend. Scenarios run through the
runner like `prorata run` does (capabilities first, the backend opened and
closed around the whole batch); rendering shows what the backend issued
whether or not it matches the expectation."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, run_packs
from harness.cli.common import atomic_write, load_pack
from harness.cli.explain import unknown_scenario

FORMATS = {"text": "txt", "html": "html", "pdf": "pdf"}
LAYOUT_NAMES = ("harness", "ledger")  # harness.render.invoice.LAYOUTS, named here so --help stays import-light


@click.command("render")
@click.argument("pack", type=click.Path(path_type=Path))
@click.argument("scenario_id", required=False)
@click.option("--all", "render_all", is_flag=True,
              help="Render every scenario the backend can run into -o DIR, one file per scenario.")
@click.option("--backend", default="reference", show_default=True, metavar="NAME",
              help="Billing backend whose documents are rendered (see `prorata backends`).")
@click.option("--backend-option", "backend_option", multiple=True, metavar="KEY=VALUE",
              help="An option for the backend (repeatable).")
@click.option("--format", "fmt", type=click.Choice(tuple(FORMATS)), default="text", show_default=True)
@click.option("--layout", type=click.Choice(LAYOUT_NAMES), default=None,
              help="Invoice layout for html and pdf (default harness); text always uses harness.")
@click.option("--locale", default=None, metavar="LOCALE",
              help="Locale for money and dates, e.g. en_US, de_DE (default: the layout's own).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (a folder with --all). Text and HTML go to stdout without it.")
def command(pack: Path, scenario_id: str | None, render_all: bool, backend: str, backend_option: tuple[str, ...],
            fmt: str, layout: str | None, locale: str | None, output: Path | None) -> None:
    """Render the documents of SCENARIO_ID (or of every scenario with --all) as text, HTML or PDF."""
    if render_all == bool(scenario_id):
        raise CliError("give a SCENARIO_ID, or --all with -o DIR (not both)")
    if render_all and output is None:
        raise CliError("--all writes one file per scenario: give the folder with -o DIR")
    if fmt == "pdf" and output is None:
        raise CliError("--format pdf writes a binary file: give it with -o FILE.pdf")
    if fmt == "text" and layout not in (None, "harness"):
        raise CliError("--layout applies to html and pdf; text output has the harness layout only")

    loaded = load_pack(pack)
    if scenario_id is not None and "::" in scenario_id and scenario_id.split("::", 1)[0] == loaded.name:
        scenario_id = scenario_id.split("::", 1)[1]
    if scenario_id is not None:
        try:
            selected = dataclasses.replace(loaded, scenarios=(loaded.scenario(scenario_id),))
        except KeyError:
            raise CliError(unknown_scenario(loaded, scenario_id), formatted=True) from None
    else:
        selected = loaded

    choice = BackendChoice.parse(backend, backend_option, no_ledger=True)
    [run] = run_packs([selected], choice, keyword=None)
    render = _renderer(fmt, layout, locale)
    if scenario_id is not None:
        _one(run.results[0], render, fmt, output, choice.name)
    else:
        _every(run.results, render, fmt, output, choice.name)


def _renderer(fmt: str, layout: str | None, locale: str | None):  # noqa: ANN202 - (scenario, outcome) -> str | bytes
    from harness.render.invoice import PdfUnavailable, RenderOptionError, render_html, render_pdf, render_text

    def render(scenario, outcome):  # noqa: ANN001, ANN202
        try:
            if fmt == "text":
                return render_text(scenario, outcome, locale=locale or "en_US")
            if fmt == "html":
                return render_html(scenario, outcome, layout=layout or "harness", locale=locale)
            return render_pdf(scenario, outcome, layout=layout or "harness", locale=locale)
        except RenderOptionError as error:
            raise CliError(str(error)) from None
        except PdfUnavailable as error:
            raise CliError(str(error)) from None

    return render


def _one(result, render, fmt: str, output: Path | None, backend: str) -> None:  # noqa: ANN001
    from harness.runner import Status

    if result.status is Status.NOT_APPLICABLE:
        raise CliError(f"scenario {result.id!r} is not applicable on backend {backend!r}: {result.note}")
    if result.outcome is None:
        raise CliError(f"scenario {result.id!r} failed on backend {backend!r}: {result.error}", ExitCode.FAILED)
    rendered = render(result.scenario, result.outcome)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        atomic_write(output, rendered)


def _every(results, render, fmt: str, folder: Path, backend: str) -> None:  # noqa: ANN001
    from harness.runner import Status

    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} is a file; --all writes into a folder")
    written, skipped, failed = 0, 0, []
    for result in results:
        if result.status is Status.NOT_APPLICABLE:
            skipped += 1
        elif result.outcome is None:
            failed.append(f"  {result.id}: {result.error}")
        else:
            atomic_write(folder / f"{result.id}.{FORMATS[fmt]}", render(result.scenario, result.outcome))
            written += 1
    click.echo(f"wrote {written} {fmt} file{'s' if written != 1 else ''} to {folder} "
               f"({skipped} not applicable on {backend}, {len(failed)} failed)")
    if failed:
        click.echo("\n".join(["failed on the backend:", *failed]), err=True)
        sys.exit(ExitCode.FAILED)

"""`prorata run PACK... [-k EXPR] [--format table|json|junit] [--output FILE]
[--backend NAME] [--backend-option KEY=VALUE]... [--workers N] [--no-ledger] [--no-lint]
[--golden [--golden-dir DIR]]`.

`--golden` compares the outcomes with the golden invoices in the same pass
(what `prorata golden check` does with a run of its own), so a CI job loads
and runs a pack once."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, backend_options, run_packs_with
from harness.cli.common import atomic_write, load_packs


@click.command("run")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PACK...")
@click.option("-k", "keyword", metavar="EXPR", help="Only scenarios matching EXPR (pytest -k syntax: names, tags, and/or/not).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "junit"]),
    default="table",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (atomically) instead of stdout.",
)
@click.option("--no-lint", is_flag=True,
              help="Skip the invoice clarity lint (and the ledger's lint pins); compare amounts only.")
@click.option("--golden", is_flag=True,
              help="Also compare every outcome with its golden invoice (as `prorata golden check`), in this run.")
@click.option("--golden-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The golden root for --golden (default: the nearest golden_invoices/ in the pack's folder "
                   "or its ancestors, else ./golden_invoices).")
@backend_options
def command(packs: tuple[Path, ...], keyword: str | None, fmt: str, output: Path | None, no_lint: bool,
            golden: bool, golden_dir: Path | None, backend: str, backend_option: tuple[str, ...], workers: int,
            no_ledger: bool) -> None:
    """Run the scenarios of each PACK and report.

    Every outcome is also linted for invoice clarity (see `prorata lint`); a
    finding fails its scenario like a difference, unless --no-lint. A
    backend's deviations ledger (PACK/deviations/NAME.yaml) is applied: a
    scenario differing and linting exactly as recorded is a deviation, not a
    failure.

    With --golden, every outcome is also rendered and compared with its
    golden invoice; a golden that is missing, differs or (without -k) is
    stale is listed on stderr with its diff and fails the run.

    Exit 0 when every scenario passed or deviated as recorded (and every
    golden is equal), 1 when some failed or errored (or a golden did not
    match), 2 on bad input (a pack or ledger that does not load, a
    bad -k or backend option, nothing selected), 3 when the backend could not
    be reached."""
    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger, no_lint)
    loaded = load_packs(packs, choice.workers)
    check_selection(loaded, keyword)
    # The packs live until the command ends: frozen, the cyclic collector stops
    # rescanning all of them whenever running and reporting trigger a full collection.
    gc.freeze()

    # Input first, then the backend: a bad pack is exit 2 even when the backend is down.
    # BackendUnavailable, from starting the backend or from any scenario, ends the run.
    # With --golden each invoice is rendered beside its scenario (in its worker, with --workers).
    goldens_backend, extra = None, None
    if golden:
        from harness.cli.golden import golden_backend
        from harness.golden import golden_extra

        goldens_backend = golden_backend(choice)  # a bad volatile pattern is exit 2 before anything runs
        extra = golden_extra(goldens_backend[1])
    ran = run_packs_with(loaded, choice, keyword, extra)
    runs = [run for run, _ in ran]

    if sum(len(run.results) for run in runs) == 0:
        raise CliError(nothing_selected(loaded, keyword))

    report = render(runs, fmt)
    if output is None:
        click.echo(report, nl=not report.endswith("\n"))
    else:
        atomic_write(output, report if report.endswith("\n") else report + "\n")
        click.echo(f"wrote {output}: {summary_line(runs)}", err=True)

    goldens_match = check_goldens(ran, choice, goldens_backend, golden_dir, keyword) if golden else True
    totals = _totals(runs)
    if totals["failed"] or totals["errors"] or not goldens_match:
        raise click.exceptions.Exit(ExitCode.FAILED)
    if totals["passed"] + totals["deviations"] == 0:
        raise CliError(f"no scenario applies to backend {backend!r}: all {totals['not_applicable']} were not applicable")


def check_selection(packs: list, keyword: str | None) -> None:
    """A bad `-k`, or one selecting nothing, is bad input: exit 2 before any backend starts."""
    from harness.runner import select

    selected = 0
    for pack in packs:
        try:
            selected += len(select(pack.scenarios, keyword))
        except ValueError as error:
            raise CliError(str(error)) from None
    if selected == 0:
        raise CliError(nothing_selected(packs, keyword))


def check_goldens(ran: list, choice: BackendChoice, goldens_backend: tuple[str, tuple[str, ...]],
                  golden_dir: Path | None, keyword: str | None) -> bool:
    """Compare each run's invoices, rendered beside its scenarios, with the
    goldens on disk, as `prorata golden check` does; say what differs on
    stderr. True when all are equal. With -k only the selected scenarios
    ran, so no golden counts as stale."""
    from harness.golden import changes, golden_root, goldens_of, label

    name, volatile = goldens_backend
    equal = True
    for run, rendered in ran:
        root = golden_root(run.pack.meta.source, golden_dir)
        goldens = goldens_of(run, name, volatile, rendered=rendered)
        found = [change for change in changes(root, goldens) if keyword is None or change.new is not None]
        where = label(root, root / goldens.backend / goldens.pack)
        for change in found:
            click.echo(f"{change.kind.check_word:>8}  {label(root, change.path)}", err=True)
            click.echo(change.diff(label(root, change.path)), err=True, nl=False)
        state = f"{len(found)} not equal" if found else "all equal"
        click.echo(f"{where}: {len(goldens.texts)} goldens, {state}", err=True)
        equal = equal and not found
    if not equal:
        click.echo(f"if the change is intended: prorata golden update PACK --backend {choice.name}", err=True)
    return equal


def _totals(runs: list) -> dict[str, int]:
    totals: dict[str, int] = {"passed": 0, "failed": 0, "not_applicable": 0, "deviations": 0, "errors": 0}
    for run in runs:
        for key, value in run.summary.items():
            totals[key] = totals.get(key, 0) + value
    return totals


def render(runs: list, fmt: str) -> str:
    if fmt == "json":
        from harness.report.json_report import to_json

        return json.dumps(to_json(runs), indent=2, ensure_ascii=False) + "\n"
    if fmt == "junit":
        from harness.report.junit import to_junit

        return to_junit(runs)
    from harness.report.table import render_table

    return render_table(runs)


def summary_line(runs: list) -> str:
    parts = [f"{value} {key.replace('_', ' ')}" for key, value in _totals(runs).items() if value]
    return ", ".join(parts) or "no scenarios"


def nothing_selected(packs: list, keyword: str | None) -> str:
    total = sum(len(pack.scenarios) for pack in packs)
    names = ", ".join(pack.name for pack in packs)
    if keyword is not None and total:
        return (
            f"-k {keyword!r} selected none of the {total} scenarios in {names}; "
            "nothing was run"
        )
    return f"no scenarios to run in {names}"

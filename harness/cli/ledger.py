"""`prorata ledger update PACK --backend NAME`: record what a backend does
differently (amounts and invoice clarity), on purpose. Nothing else ever
writes a ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, backend_options, run_packs
from harness.cli.common import atomic_write, load_packs


@click.group("ledger")
def command() -> None:
    """Deviations ledgers: where a backend knowingly departs from a pack's policy."""


@command.command("update")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PACK...")
@click.option("-k", "keyword", metavar="EXPR", help="Only scenarios matching EXPR; other entries are kept.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@backend_options
def update(packs: tuple[Path, ...], keyword: str | None, dry_run: bool, backend: str,
           backend_option: tuple[str, ...], workers: int, no_ledger: bool) -> None:
    """Run each PACK on the backend and write PACK/deviations/NAME.yaml from
    what it observed, differences and invoice lint findings alike: new ones
    get an entry with a DRAFT finding (write what the backend does in plain
    words), changed ones are updated, entries of scenarios that now pass and
    lint clean (or do not apply) are removed, errored scenarios keep theirs."""
    from harness.adapters import BackendOptionError, BackendUnavailable, get_backend
    from harness.cli.backend_args import ledger_name
    from harness.cli.common import pack_error
    from harness.packs import PackError, dump_ledger, ledger_path, load_ledger
    from harness.runner import updated_ledger

    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger=True)
    if choice.name == "reference":
        raise CliError("the reference backend is the policy itself: it has no deviations to record")
    loaded = load_packs(packs)
    try:
        name = ledger_name(get_backend(choice.name, choice.options))
    except BackendOptionError as error:
        raise CliError(str(error)) from None
    except BackendUnavailable as error:
        raise CliError(f"backend {choice.name!r} is unavailable: {error}", ExitCode.UNAVAILABLE) from None
    try:  # a broken ledger is reported before anything runs
        olds = [load_ledger(pack.meta.source, pack.name, name) for pack in loaded]
    except PackError as error:
        raise pack_error(error) from None
    runs = run_packs(loaded, choice, keyword)
    for pack, run, old in zip(loaded, runs, olds):
        path = ledger_path(pack.meta.source, name)
        new, changes = updated_ledger(run, old, date.today())
        for label, ids in (("added", changes.added), ("changed", changes.changed), ("removed", changes.removed),
                           ("kept, scenario errored", changes.kept_on_error)):
            for scenario_id in ids:
                click.echo(f"{label:>8}  {scenario_id}" if "errored" not in label else f"    kept  {scenario_id} "
                           "(it errored: fix the error, then update again)")
        drafts = [entry.scenario for entry in new.deviations if entry.drafted]
        verb = "would write" if dry_run else "wrote"
        if not changes.any:
            click.echo(f"{path}: up to date ({len(new.deviations)} entries)", err=True)
            continue
        if not dry_run:
            atomic_write(path, dump_ledger(new))
        click.echo(f"{verb} {path}: {len(new.deviations)} entries "
                   f"(+{len(changes.added)} ~{len(changes.changed)} -{len(changes.removed)})", err=True)
        if drafts:
            click.echo(f"{len(drafts)} entries have a DRAFT finding: replace each with what {name} does, "
                       "in words a finance reader understands", err=True)

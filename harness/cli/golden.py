"""`prorata golden update|check PACK --backend NAME [--backend-option KEY=VALUE]...
[--workers N] [--golden-dir DIR]`: the golden invoices of one pack on one backend.

Both run the pack and render every outcome (harness.golden); `check` reports
what differs from the files and exits 1, `update` writes it. Nothing else
the CLI does writes a golden."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice
from harness.cli.common import load_packs


def _options(command: Callable) -> Callable:
    from harness.adapters import BACKENDS

    decorators = [
        click.argument("pack", type=click.Path(path_type=Path)),
        click.option("--backend", default="reference", show_default=True, metavar="NAME",
                     help=f"Billing backend whose invoices are rendered ({', '.join(BACKENDS)})."),
        click.option("--backend-option", "backend_option", multiple=True, metavar="KEY=VALUE",
                     help="An option for the backend (repeatable)."),
        click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Scenarios run at once, for backends that wait on a sandbox (e.g. stripe)."),
        click.option("--golden-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
                     help="The golden root (default: the nearest golden_invoices/ in the pack's folder "
                          "or its ancestors, else ./golden_invoices)."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@click.group("golden")
def command() -> None:
    """Golden invoices: every document a backend issues, rendered as text and
    kept in DIR/<backend>/<pack>/<scenario>.txt so a reviewer reads an
    invoice diff (see docs/golden.md)."""


@command.command("update")
@_options
def update(pack: Path, backend: str, backend_option: tuple[str, ...], workers: int, golden_dir: Path | None) -> None:
    """Run PACK on the backend and write its goldens: new ones are added,
    changed ones rewritten, those of scenarios that no longer exist or no
    longer run on the backend removed. A scenario that errors keeps its golden.

    Exit 0 when every golden is written, 1 when a scenario errored, 2 on bad
    input, 3 when the backend could not be reached."""
    from harness.golden import ChangeKind, apply, changes, label

    root, goldens = _produce(pack, backend, backend_option, workers, golden_dir)
    found = changes(root, goldens)
    try:
        apply(found)
    except OSError as error:
        raise CliError(f"cannot write the goldens under {root}: {error.strerror or error}") from None
    for change in found:
        note = f" ({change.note})" if change.note else ""
        click.echo(f"{change.kind.value:>8}  {label(root, change.path)}{note}")
    _errors(root, goldens, "kept")
    counts = Counter(change.kind for change in found)
    where = label(root, root / goldens.backend / goldens.pack)
    state = "up to date" if not found else " ".join(
        f"{sign}{counts[kind]}" for sign, kind in zip("+~-", ChangeKind))
    click.echo(f"{where}: {len(goldens.texts)} goldens, {state}", err=True)
    if goldens.errors:
        raise click.exceptions.Exit(ExitCode.FAILED)


@command.command("check")
@_options
def check(pack: Path, backend: str, backend_option: tuple[str, ...], workers: int, golden_dir: Path | None) -> None:
    """Run PACK on the backend and compare its rendered invoices with the
    goldens: prints a unified diff for each golden that differs and names the
    missing and stale ones.

    Exit 0 when every golden is equal, 1 when one differs, is missing or
    stale, or a scenario errored, 2 on bad input, 3 when the backend could
    not be reached."""
    from harness.golden import ChangeKind, changes, label

    root, goldens = _produce(pack, backend, backend_option, workers, golden_dir)
    found = changes(root, goldens)
    for change in found:
        name = label(root, change.path)
        note = f" ({change.note})" if change.note else ""
        click.echo(f"{change.kind.check_word:>7}  {name}{note}")
        if change.kind is ChangeKind.CHANGED:
            click.echo(change.diff(name), nl=False)
    _errors(root, goldens, "errored")
    where = label(root, root / goldens.backend / goldens.pack)
    if not found and not goldens.errors:
        click.echo(f"{where}: {len(goldens.texts)} goldens, all equal", err=True)
        return
    counted = Counter(change.kind for change in found)
    counts = ", ".join(f"{counted[kind]} {kind.check_word}" for kind in ChangeKind if counted[kind])
    parts = [part for part in (counts, f"{len(goldens.errors)} errored" if goldens.errors else "") if part]
    click.echo(f"{where}: {len(goldens.texts)} goldens, {', '.join(parts)}", err=True)
    if found:
        options = "".join(f" --backend-option {option}" for option in backend_option)
        golden = f" --golden-dir {golden_dir}" if golden_dir is not None else ""
        click.echo(f"if the change is intended: prorata golden update {pack} --backend {backend}{options}{golden}",
                   err=True)
    raise click.exceptions.Exit(ExitCode.FAILED)


def _produce(pack_path: Path, backend: str, backend_option: tuple[str, ...], workers: int,
             golden_dir: Path | None):  # -> (Path, Goldens)
    from harness.cli.backend_args import run_packs_with
    from harness.golden import golden_extra, golden_root, goldens_of

    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger=True)
    (pack,) = load_packs([pack_path], choice.workers)
    name, volatile = golden_backend(choice)
    root = golden_root(pack.meta.source, golden_dir)
    ((run, rendered),) = run_packs_with([pack], choice, None, golden_extra(volatile))
    return root, goldens_of(run, name, volatile, rendered=rendered)


def golden_backend(choice: BackendChoice) -> tuple[str, tuple[str, ...]]:
    """The golden folder's backend name (its ledger name) and the patterns of
    its volatile values, checked before anything runs: a bad pattern is exit 2."""
    from harness.cli.backend_args import ledger_name, make_backend
    from harness.golden import VolatilePatternError, compile_volatile, volatile_of

    adapter = make_backend(choice)
    volatile = tuple(volatile_of(adapter))
    try:
        compile_volatile(volatile)
    except VolatilePatternError as error:
        raise CliError(f"backend {choice.name!r}: {error}") from None
    return ledger_name(adapter), volatile


def _errors(root: Path, goldens, verb: str) -> None:  # noqa: ANN001 - Goldens
    from harness.golden import golden_path, label

    for scenario_id, error in goldens.errors.items():
        path = label(root, golden_path(root, goldens.backend, goldens.pack, scenario_id))
        click.echo(f"{verb:>8}  {path} (the scenario errored: {error})")

"""`prorata backends` (list what each adapter can express, and whether it is
installed and reachable here), `prorata backends install NAME`,
`prorata backends clean NAME`."""

from __future__ import annotations

import click
from tabulate import tabulate

from harness.adapters import BACKENDS
from harness.cli.app import CliError, ExitCode


@click.group("backends", invoke_without_command=True)
@click.pass_context
def command(ctx: click.Context) -> None:
    """List the backends: what each can express, its options, and whether it
    is installed and reachable here."""
    if ctx.invoked_subcommand is None:
        click.echo(describe_backends())


def describe_backends() -> str:
    from harness.adapters import BackendUnavailable, backend_class

    rows, details = [], []
    for name in BACKENDS:
        try:
            adapter = backend_class(name)
        except BackendUnavailable as error:
            rows.append([name, "no", "-", str(error).split(";")[0]])
            continue
        available = adapter.availability()
        reachable = {True: "yes", False: "no", None: "when run"}[available.reachable]
        rows.append([name, "yes" if available.installed else "no", reachable, adapter.description])
        lines = [f"  {limit}" for limit in adapter.capabilities.describe()] or ["  anything the pack format can say"]
        lines += [f"  --backend-option {key}=...  {text}" for key, text in adapter.options.items()]
        if available.detail:
            lines.append(f"  status: {available.detail}")
        details.append(f"{name} expresses:\n" + "\n".join(lines))
    table = tabulate(rows, headers=["backend", "installed", "reachable", "what it is"], tablefmt="simple",
                     maxcolwidths=[None, None, None, 70])
    return table + "\n\n" + "\n\n".join(details)


def _adapter_class(name: str):
    from harness.adapters import BackendUnavailable, backend_class

    if name not in BACKENDS:
        raise CliError(f"unknown backend {name!r}; choose from {', '.join(BACKENDS)}")
    try:
        return backend_class(name)
    except BackendUnavailable as error:
        raise CliError(f"backend {name!r} is unavailable: {error}", ExitCode.UNAVAILABLE) from None


@command.command("install")
@click.argument("name")
def install(name: str) -> None:
    """Prepare what backend NAME needs outside this environment (e.g. silver's own venv)."""
    adapter = _adapter_class(name)
    try:
        adapter.install(lambda text: click.echo(text, err=True))
    except NotImplementedError as error:
        click.echo(f"{error}: nothing to do", err=True)
    except (OSError, RuntimeError) as error:
        raise CliError(f"installing backend {name!r} failed: {error}", ExitCode.UNAVAILABLE) from None


@command.command("clean")
@click.argument("name")
@click.option("--backend-option", "backend_option", multiple=True, metavar="KEY=VALUE",
              help="An option for the backend (repeatable).")
def clean(name: str, backend_option: tuple[str, ...]) -> None:
    """Remove what interrupted runs left behind in backend NAME (e.g. Stripe test clocks)."""
    from harness.adapters import BackendOptionError, BackendUnavailable, opened
    from harness.cli.backend_args import BackendChoice

    choice = BackendChoice.parse(name, backend_option)
    try:
        with opened(_adapter_class(name)(**choice.options)) as adapter:
            removed = adapter.clean()
    except NotImplementedError as error:
        click.echo(str(error), err=True)
        return
    except BackendOptionError as error:
        raise CliError(str(error)) from None
    except BackendUnavailable as error:
        raise CliError(f"backend {name!r} is unavailable: {error}", ExitCode.UNAVAILABLE) from None
    for item in removed:
        click.echo(f"removed {item}")
    click.echo(f"{len(removed)} object(s) removed from {name}", err=True)

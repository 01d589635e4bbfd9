"""The options every command that runs a pack shares (`--backend`,
`--backend-option`, `--workers`, `--no-ledger`), and running packs with them.

One place turns backend trouble into the CLI's exit codes: an unknown name or
option is a usage error (2), a backend that cannot start or be reached is 3,
and the adapter is always closed — on failure and on Ctrl-C too — because it
is used as a context manager around the whole run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import click

from harness.adapters import BACKENDS
from harness.cli.app import CliError, ExitCode


def backend_options(command: Callable) -> Callable:
    """Decorate a command with the backend options; it receives `backend: BackendChoice`."""
    decorators = [
        click.option("--backend", default="reference", show_default=True, metavar="NAME",
                     help=f"Billing backend to run the scenarios on ({', '.join(BACKENDS)}; see `prorata backends`)."),
        click.option("--backend-option", "backend_option", multiple=True, metavar="KEY=VALUE",
                     help="An option for the backend, e.g. command=\"./my-billing --json\" (repeatable)."),
        click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Scenarios run at once: on processes for a pure backend (the reference engine), "
                          "on threads for one that waits on a sandbox (e.g. stripe)."),
        click.option("--no-ledger", is_flag=True,
                     help="Ignore the backend's deviations ledger: report every difference as a failure."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@dataclass(frozen=True)
class BackendChoice:
    name: str
    options: dict[str, str]
    workers: int = 1
    ledger: bool = True
    lint: bool = True

    @classmethod
    def parse(cls, backend: str, backend_option: tuple[str, ...], workers: int = 1, no_ledger: bool = False,
              no_lint: bool = False) -> "BackendChoice":
        if backend not in BACKENDS:
            raise CliError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
        from harness.adapters.base import BackendOptionError, parse_options

        try:
            options = parse_options(backend_option)
        except BackendOptionError as error:
            raise CliError(str(error)) from None
        return cls(backend, options, workers, not no_ledger, not no_lint)


def make_backend(choice: BackendChoice):  # -> Backend
    """The chosen backend, not yet started; a bad option is exit 2, an
    unreachable backend exit 3."""
    from harness.adapters import BackendOptionError, BackendUnavailable, get_backend

    try:
        return get_backend(choice.name, choice.options)
    except BackendOptionError as error:
        raise CliError(str(error)) from None
    except BackendUnavailable as error:
        raise CliError(f"backend {choice.name!r} is unavailable: {error}", ExitCode.UNAVAILABLE) from None


def backend_version(choice: BackendChoice) -> str:
    """What the chosen backend says it is (an Adapter's `version()`: the
    installed distribution, read without starting anything), "" when it cannot
    tell: sign-offs and reports record it beside the results."""
    version = getattr(make_backend(choice), "version", None)
    return version() if callable(version) else ""


def run_packs(packs: list, choice: BackendChoice, keyword: str | None, listeners=()) -> list:
    """Run every pack on the chosen backend, linted unless `choice.lint` is
    off, judged through its ledgers."""
    return [run for run, _ in run_packs_with(packs, choice, keyword, None, listeners)]


def run_packs_with(packs: list, choice: BackendChoice, keyword: str | None, extra, listeners=()) -> list:
    """`run_packs`, each run with the `extra` of each of its results
    (harness.runner.run_pack_with: work done beside each scenario, in the
    worker that ran it): a list of (run, extras)."""
    from harness.adapters import BackendUnavailable, opened
    from harness.cli.common import pack_error
    from harness.engine.errors import ScenarioError
    from harness.packs import PackError, load_ledger
    from harness.render.problems import format_problem
    from harness.runner import run_pack_with

    backend = make_backend(choice)
    name = ledger_name(backend)
    try:
        ledgers = [load_ledger(pack.meta.source, pack.name, name) if choice.ledger else None for pack in packs]
    except PackError as error:
        raise pack_error(error) from None
    try:
        with opened(backend):
            return [
                run_pack_with(pack, backend, extra, keyword=keyword, listeners=listeners, ledger=ledger,
                              workers=choice.workers, lint=choice.lint)
                for pack, ledger in zip(packs, ledgers)
            ]
    except BackendUnavailable as error:
        raise CliError(f"backend {choice.name!r} is unavailable: {error}", ExitCode.UNAVAILABLE) from None
    except ScenarioError as error:
        raise CliError(format_problem(error), formatted=True) from None
    except ValueError as error:  # workers on a serial backend
        raise CliError(str(error)) from None


def ledger_name(backend: object) -> str:
    """Whose ledger a backend's results are judged by: its `ledger_name`
    (an in-house command backend may be called `acme`), else its name."""
    from harness.runner import backend_name

    return getattr(backend, "ledger_name", None) or backend_name(backend)

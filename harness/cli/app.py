"""The `prorata` group, its exit codes and the error style every command shares."""

from __future__ import annotations

import enum
import click

import harness


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1  # some scenario failed or errored
    USAGE = 2  # bad input or usage (click's own usage errors use 2 as well)
    UNAVAILABLE = 3  # a backend could not be reached


class CliError(click.ClickException):
    """An error for a person, not a program: printed as `error: ...` on stderr,
    already formatted (every problem, with hints), never with a traceback."""

    def __init__(self, message: str, exit_code: int = ExitCode.USAGE, *, formatted: bool = False) -> None:
        super().__init__(message)
        self.exit_code = int(exit_code)
        self.formatted = formatted

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        text = self.message if self.formatted else f"error: {self.message}"
        click.echo(text, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(harness.__version__, "--version", prog_name="prorata", message="%(prog)s %(version)s")
def prorata() -> None:
    """Scenario testing and invoice QA for subscription proration.

    Exit codes: 0 all passed, 1 some scenario failed or errored,
    2 bad input or usage, 3 a backend could not be reached."""


def _register() -> None:
    from harness.cli import (backends, controls, diff, explain, fuzz, gate, golden, init, ledger, lint, reconcile,
                             render, report, run, schema, signoff, validate)

    for module in (run, explain, render, validate, init, schema, backends, ledger, golden, lint, fuzz, report, signoff,
                   gate, diff, controls, reconcile):
        prorata.add_command(module.command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point (`prorata = harness.cli:main`)."""
    prorata.main(args=argv, prog_name="prorata")

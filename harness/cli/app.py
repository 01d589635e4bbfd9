"""The `prorata` group, its exit codes and the error style every command shares."""

from __future__ import annotations

import enum
import importlib

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


#: Every command, each in the module of its name under harness.cli (listed in `prorata --help` order: sorted).
COMMANDS = ("backends", "controls", "diff", "explain", "fuzz", "gate", "golden", "init", "ledger", "lint",
            "reconcile", "render", "report", "run", "schema", "signoff", "validate")


class _LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked
    for, not at start-up: `prorata run` does not pay for importing what
    `prorata signoff` or `prorata backends` need (tabulate, the sign-off log,
    the fuzzer...), about a tenth of a second of every invocation. `--help`
    still lists them all (click asks for each to show its short help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module = importlib.import_module(f"harness.cli.{name}")
            self.add_command(module.command, name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(harness.__version__, "--version", prog_name="prorata", message="%(prog)s %(version)s")
def prorata() -> None:
    """Scenario testing and invoice QA for subscription proration.

    Exit codes: 0 all passed, 1 some scenario failed or errored,
    2 bad input or usage, 3 a backend could not be reached."""


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point (`prorata = harness.cli:main`)."""
    prorata.main(args=argv, prog_name="prorata")

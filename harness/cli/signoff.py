"""`prorata signoff PACK --backend B --as "Name <email>" --role ROLE [--note TEXT] [--reject] [--log PATH]`,
`prorata signoff verify [--log PATH] [--against GIT_REF]`, `prorata signoff list [--log PATH] [--pack NAME]`.

Recording is the command people type most, so it needs no subcommand name:
a group whose first argument, when it is not `verify`, `list` or `record`,
is taken as the pack of `record` (a pack folder with one of those names is
given as `./verify`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from tabulate import tabulate

import harness
from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, backend_options, backend_version, run_packs
from harness.cli.common import load_pack

LOG_HELP = "The sign-off log (default reports/signoffs.jsonl)."


class DefaultGroup(click.Group):
    """A group that runs `default` when the first argument names no subcommand."""

    default = "record"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


@click.group("signoff", cls=DefaultGroup, subcommand_metavar="PACK [OPTIONS] | verify | list", options_metavar="",
             context_settings={"help_option_names": ["-h", "--help"]})
def command() -> None:
    """Record, verify and list finance sign-offs of a pack's results.

    \b
      prorata signoff PACK --backend B --as "Name <email>" --role finance
          run PACK and append a sign-off to the log (same as `signoff record`)
      prorata signoff verify [--against GIT_REF]
          check that no entry was edited, removed or reordered
      prorata signoff list [--pack NAME]
          show the entries

    The log is reports/signoffs.jsonl; commit it with the pack, since
    `prorata gate` reads it in CI. See docs/signoff.md."""


def log_path(log: Path | None) -> Path:
    from harness.signoff import DEFAULT_LOG

    return log if log is not None else DEFAULT_LOG


def read_verified(log: Path, *, missing_hint: str):
    """The verified log; a log that cannot be read is exit 2 with `missing_hint`."""
    from harness.signoff import LogError, LogMissing, verify

    try:
        return verify(log)
    except LogMissing as error:
        raise CliError(f"{error}. {missing_hint}") from None
    except LogError as error:
        raise CliError(str(error)) from None


def tampered(log: Path, problem, doing: str) -> CliError:
    return CliError(f"the sign-off log {log} does not verify ({problem}); {doing}. "
                    f"Run `prorata signoff verify --log {log}` and restore the log from git "
                    "(`git checkout -- <log>`) before going on.", ExitCode.FAILED)


@command.command("record")
@click.argument("pack", type=click.Path(path_type=Path))
@click.option("--as", "signer", required=True, metavar='"NAME <EMAIL>"', help="Who signs, e.g. \"Ada Lovelace <ada@example.com>\".")
@click.option("--role", required=True, metavar="ROLE", help="The signer's role, e.g. finance, engineering (free text).")
@click.option("--note", default="", metavar="TEXT", help="Why, or what was checked; kept in the entry.")
@click.option("--reject", is_flag=True, help="Record a rejection: the results are not to ship (revokes earlier approvals).")
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), help=LOG_HELP)
@backend_options
def record(pack: Path, signer: str, role: str, note: str, reject: bool, log: Path | None, backend: str,
           backend_option: tuple[str, ...], workers: int, no_ledger: bool) -> None:
    """Run PACK on the backend and append a sign-off of its results to the log.

    An approval of a run where any scenario failed or errored is refused
    (exit 1); a rejection is recorded whatever the results. The entry holds
    the pack's content hash (per plan, policy rule and scenario), a hash of
    the results (per scenario), the backend and its version, the time, the
    signer, the role, the decision and the note, chained to the entry before.

    Exit 0 recorded, 1 refused (failing run, or a log that does not verify),
    2 bad input, 3 backend unreachable."""
    from harness.evidence import results_digest
    from harness.packs.fingerprint import fingerprint
    from harness.signoff import LogTampered, Signer, append
    from harness.signoff import log as signoff_log

    try:
        who = Signer.parse(signer)
    except ValueError as error:
        raise CliError(str(error)) from None
    role = " ".join(role.split()).lower()
    if not role:
        raise CliError("--role is empty; give the signer's role, e.g. --role finance")
    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger)
    log = log_path(log)
    loaded = load_pack(pack)
    if log.exists() or log.is_symlink():
        verified = read_verified(log, missing_hint="")
        if not verified.ok:
            raise tampered(log, verified.problem, "nothing was recorded")
    signed = fingerprint(pack)
    version = backend_version(choice)
    (run,) = run_packs([loaded], choice, None)
    counts = run.summary
    decision = "reject" if reject else "approve"
    if not reject and not run.ok:
        bad = [r.id for r in run.results if r.status.value in ("failed", "error")]
        why = (f"{counts['failed']} failed and {counts['errors']} errored: {', '.join(bad)}" if bad
               else "no scenario ran on this backend")
        raise CliError(f"refusing to approve pack {loaded.name} on backend {choice.name}: {why}. Fix them (see "
                       f"`prorata run {pack} --backend {choice.name}`), or record a rejection with --reject.",
                       ExitCode.FAILED)
    results = results_digest(run)
    fields = {
        "pack": loaded.name, "pack_dir": _as_given(pack), "pack_hash": signed.digest, "pack_parts": dict(signed.parts),
        "results_hash": results.digest, "results": dict(results.scenarios), "backend": choice.name,
        "backend_version": version, "harness_version": harness.__version__, "time": signoff_log.utc_now(),
        "signer": {"name": who.name, "email": who.email}, "role": role, "decision": decision, "note": note,
        "summary": counts,
    }
    try:
        entry = append(log, fields)
    except LogTampered as error:
        raise tampered(log, error.problem, "nothing was recorded") from None
    except OSError as error:
        raise CliError(f"cannot write the sign-off log {log}: {error.strerror or error}") from None
    verb = "rejected" if reject else "approved"
    click.echo(f"{verb}: pack {loaded.name} on backend {choice.name} by {who} ({role}), "
               f"{len(run.results)} scenarios ({_counts(counts)})")
    click.echo(f"recorded as line {entry.line} of {log}, entry {entry.hash}")
    click.echo(f"commit {log} with the pack so `prorata gate` sees it in CI")


def _as_given(pack: Path) -> str:
    """The pack folder as a command in the log's hints can use it: relative to
    the current folder when it lies below it, with forward slashes."""
    text = os.path.relpath(pack) if pack.is_absolute() and Path.cwd() in pack.resolve().parents else str(pack)
    return Path(text).as_posix()


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in counts.items() if value) or "none"


@command.command("verify")
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), help=LOG_HELP)
@click.option("--against", "ref", metavar="GIT_REF",
              help="Also check the log at this git ref (e.g. origin/main) is the start of the current one: "
                   "catches entries cut off the end, which the file alone cannot show.")
def verify_command(log: Path | None, ref: str | None) -> None:
    """Check that no sign-off was edited, removed or reordered.

    Every line must be exactly as prorata wrote it, match its own hash, and
    hold the hash of the line before it. Exit 0 the log verifies, 1 it does
    not (the first bad line is named), 2 no log or a bad git ref."""
    from harness.signoff import LogError
    from harness.signoff.history import log_at, prefix_problem

    log = log_path(log)
    verified = read_verified(log, missing_hint="Nothing has been signed yet (`prorata signoff PACK ...` creates it), "
                                                "or give the log with --log PATH.")
    if not verified.ok:
        click.echo(f"{log}: {verified.problem}", err=True)
        line = verified.problem.line
        trusted = f"only the entries before line {line} can be trusted" if line > 1 else "no entry can be trusted"
        click.echo(f"{log}: NOT verified: {trusted}. "
                   f"Restore the log from git (`git log -p -- {log}` shows its history).")
        raise click.exceptions.Exit(ExitCode.FAILED)
    if ref is not None:
        try:
            old = log_at(log, ref)
        except LogError as error:
            raise CliError(str(error)) from None
        problem = prefix_problem(old, log.read_bytes(), ref)
        if problem is not None:
            click.echo(f"{log}: {problem}", err=True)
            click.echo(f"{log}: NOT verified against {ref}: the log at {ref} is not the start of the current log.")
            raise click.exceptions.Exit(ExitCode.FAILED)
    against = f", and the log at {ref} is its start" if ref is not None else ""
    count = len(verified.entries)
    click.echo(f"{log}: verified, {count} {'entry' if count == 1 else 'entries'} chained{against}")


@command.command("list")
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), help=LOG_HELP)
@click.option("--pack", "pack_name", metavar="NAME", help="Only entries of this pack (its name in pack.yaml).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_command(log: Path | None, pack_name: str | None, fmt: str) -> None:
    """Show the sign-offs, oldest first.

    Only entries that verify are shown; when the log does not verify, the
    rest is withheld and the command exits 1 (run `prorata signoff verify`)."""
    log = log_path(log)
    verified = read_verified(log, missing_hint="Nothing has been signed yet (`prorata signoff PACK ...` creates it).")
    entries = [entry for entry in verified.entries if pack_name is None or entry.pack == pack_name]
    if fmt == "json":
        click.echo(json.dumps([dict(entry.data) for entry in entries], indent=2, ensure_ascii=False))
    elif entries:
        click.echo(tabulate([_row(entry) for entry in entries], tablefmt="simple", headers=(
            "line", "time", "pack", "backend", "decision", "signer", "role", "scenarios", "results", "note")))
    else:
        click.echo(f"no sign-offs{f' of pack {pack_name}' if pack_name else ''} in {log}")
    if not verified.ok:
        raise tampered(log, verified.problem, "the entries from that line on are not shown")


def _row(entry) -> list:  # noqa: ANN001 - a signoff Entry
    from harness.signoff.controls import short

    return [entry.line, entry.time, entry.pack, entry.backend, entry.decision, f"{entry.signer_name} <{entry.signer_email}>",
            entry.role, f"{entry.scenario_count} ({_counts(entry.summary)})", short(entry.results_hash), entry.note]

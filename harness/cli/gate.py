"""`prorata gate PACK [--backend NAME] [--require-role ROLE] [--log PATH] [--backend-option KEY=VALUE]...`."""

from __future__ import annotations

from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, backend_options, backend_version, run_packs
from harness.cli.common import load_pack
from harness.cli.signoff import LOG_HELP, _as_given, log_path, read_verified


@click.command("gate")
@click.argument("pack", type=click.Path(path_type=Path))
@click.option("--require-role", "role", metavar="ROLE",
              help="Only a sign-off by this role counts, e.g. --require-role finance.")
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), help=LOG_HELP)
@backend_options
def command(pack: Path, role: str | None, log: Path | None, backend: str, backend_option: tuple[str, ...],
            workers: int, no_ledger: bool) -> None:
    """Pass only if PACK, as it is now, was signed off and still gives the signed results.

    \b
    In order, stopping at the first failure:
      1. the sign-off log verifies (nothing edited, removed or reordered);
      2. the log holds an approval of this pack on this backend (by ROLE,
         with --require-role) that no later rejection revoked;
      3. the pack's catalog, policy and scenarios are as signed (checked
         without running anything);
      4. the pack runs on the backend with the same results as signed.

    Every failure says what to do. Exit 0 passed, 1 failed, 2 bad input
    (pack, options, no log), 3 backend unreachable."""
    from harness.evidence import results_digest
    from harness.packs.fingerprint import fingerprint
    from harness.signoff import gate
    from harness.signoff.history import recorded_in

    choice = BackendChoice.parse(backend, backend_option, workers, no_ledger)
    role = " ".join(role.split()).lower() if role else None
    loaded = load_pack(pack)
    pack_dir = _as_given(pack)
    extra = _backend_args(backend_option, no_ledger)
    log = log_path(log)
    verified = read_verified(log, missing_hint="\n".join(["so nothing was ever signed off. Record a sign-off:",
                                                          "  " + gate.signoff_command(pack_dir, choice.name, extra, role),
                                                          "and commit the log, or give its path with --log."]))
    if not verified.ok:
        fail([f"gate failed: the sign-off log {log} was tampered with: {verified.problem}.",
              f"No sign-off in it can be trusted. Run `prorata signoff verify --log {log}` and restore it from git."])
    found = gate.valid_signoff(verified.entries, loaded.name, choice.name, role)
    if found.entry is None:
        fail(gate.no_signoff(found, pack_dir, choice.name, extra, role))
    entry = found.entry
    current = fingerprint(pack)
    verdict = gate.judge(entry, current, None, pack_dir=pack_dir, backend=choice.name, backend_args=extra,
                         base=recorded_in(log, entry.hash) if current.digest != entry.pack_hash else "")
    if not verdict.ok:
        fail(verdict.lines)
    version = backend_version(choice)
    (run,) = run_packs([loaded], choice, None)
    verdict = gate.judge(entry, current, results_digest(run), pack_dir=pack_dir, backend=choice.name,
                         backend_args=extra, backend_version=version)
    if not verdict.ok:
        fail(verdict.lines)
    click.echo("\n".join(verdict.lines))


def fail(lines) -> None:  # noqa: ANN001
    raise CliError("\n".join(lines), ExitCode.FAILED, formatted=True)


def _backend_args(backend_option: tuple[str, ...], no_ledger: bool) -> list[str]:
    """The options the sign-off command must repeat to run the pack the same way."""
    words: list[str] = []
    for option in backend_option:
        words += ["--backend-option", option]
    return words + (["--no-ledger"] if no_ledger else [])

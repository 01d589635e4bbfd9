"""`prorata fuzz`: generated multi-change cycles against one backend.

Progress goes to stderr (a bar on a terminal), the result to stdout: a
closing line of statistics, and on a failure the shrunk scenario written as
a file, what it breaks and the command that replays it. Exit 0 when every
example held, 1 on a failure, 2 for bad input, 3 when the backend cannot be
reached."""

from __future__ import annotations

import random
import shlex
import sys
from pathlib import Path

import click

from harness.cli.app import CliError, ExitCode
from harness.cli.backend_args import BackendChoice, ledger_name, make_backend


def _invariant_names() -> list[str]:
    from harness.fuzz.invariants import INVARIANTS

    return list(INVARIANTS)


@click.command("fuzz")
@click.option("--backend", default="reference", show_default=True, metavar="NAME",
              help="Billing backend to fuzz (see `prorata backends`).")
@click.option("--backend-option", "backend_option", multiple=True, metavar="KEY=VALUE",
              help="An option for the backend (repeatable).")
@click.option("--examples", type=click.IntRange(min=1), default=200, show_default=True,
              help="Generated scenarios to judge (before shrinking a failure).")
@click.option("--seed", type=int, default=None, help="Seed of the generator; the same seed gives the same run. "
              "Default: a random one, printed so the run can be repeated.")
@click.option("--max-events", type=click.IntRange(1, 50), default=10, show_default=True,
              help="Most events in one generated scenario.")
@click.option("--invariant", "invariants", multiple=True, metavar="NAME",
              help="Check only this invariant (repeatable); see docs/fuzzing.md. Default: all.")
@click.option("--known", "known_paths", multiple=True, type=click.Path(path_type=Path), metavar="PACK",
              help="A pack whose deviations ledger for this backend lists known deviations: a failure that "
                   "differs from the reference only as one of them does not count (repeatable).")
@click.option("--out", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Pack folder the shrunk failure is written to. Default: scenario_packs/found/<backend>.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Judge examples on N processes (backends that are a pure function, such as the reference); "
                   "the same seed gives the same result with any N.")
def command(backend: str, backend_option: tuple[str, ...], examples: int, seed: int | None, max_events: int,
            invariants: tuple[str, ...], known_paths: tuple[Path, ...], out: Path | None, workers: int) -> None:
    """Generate scenarios with several changes per period (seats, plan
    changes, cancellations, retried events, usage, anchor moves) and check
    every invariant of docs/fuzzing.md on BACKEND's documents, plus that they
    equal the reference engine's. A failure is shrunk to the fewest events
    that still break it and written as an ordinary scenario file."""
    from harness.adapters import BackendUnavailable, opened

    unknown = [name for name in invariants if name not in _invariant_names()]
    if unknown:
        raise CliError(f"unknown invariant {', '.join(map(repr, unknown))}; choose from {', '.join(_invariant_names())}")
    choice = BackendChoice.parse(backend, backend_option)
    adapter = make_backend(choice)
    name = ledger_name(adapter)
    if workers > 1 and not getattr(adapter, "pure", False):
        raise CliError(f"--workers {workers}: backend {backend!r} is fuzzed one example at a time "
                       "(only a backend that is a pure function runs on processes); run it without --workers")
    known = _known(known_paths, choice, name)
    seed = random.SystemRandom().randrange(2**32) if seed is None else seed
    from harness.fuzz.run import fuzz

    with _Progress(examples) as progress:
        try:
            with opened(adapter):
                result = fuzz(adapter, examples=examples, seed=seed, max_events=max_events, invariants=invariants,
                              known=known, listeners=[progress], workers=workers)
        except BackendUnavailable as error:
            raise CliError(f"backend {backend!r} is unavailable: {error}", ExitCode.UNAVAILABLE) from None
    click.echo(_statistics(result))
    if result.failure is None:
        return
    folder = out or Path("scenario_packs") / "found" / name
    click.echo(_failure(result, folder, choice, name))
    raise SystemExit(ExitCode.FAILED)


def _known(paths: tuple[Path, ...], choice: BackendChoice, ledger: str):
    """The deviations ledgers of these packs for the fuzzed backend."""
    from harness.cli.common import load_pack, pack_error
    from harness.fuzz.known import Known
    from harness.packs import PackError, ledger_path, load_ledger

    ledgers = []
    for path in paths:
        pack = load_pack(path)
        if not ledger_path(path, ledger).is_file():
            raise CliError(f"--known {path}: the pack has no deviations ledger for {ledger!r} "
                           f"({ledger_path(path, ledger)}); record one with `prorata ledger update`")
        try:
            ledgers.append(load_ledger(path, pack.name, ledger))
        except PackError as error:
            raise pack_error(error) from None
    return Known.of(ledgers) if ledgers else None


def _statistics(result) -> str:
    stats = result.stats
    failures = ", ".join(f"{name} {count}" for name, count in sorted(stats.failing.items())) or "none"
    tolerance = "exact" if not result.tolerance else f"within {result.tolerance} per line (declared by the adapter)"
    parts = [
        f"{stats.examples} examples",
        f"{stats.shrink_steps} shrink steps" if stats.shrink_steps else None,
        f"{stats.seconds:.1f} s ({stats.per_second:,.0f} examples/s)",
        f"seed {result.seed}",
        f"failures by invariant: {failures}",
        f"known deviations passed over: {stats.known}" if stats.known else None,
        f"not expressible on {result.backend}: {stats.skipped}" if stats.skipped else None,
        f"differential: {tolerance}" if "differential" in result.invariants else "differential: not checked",
    ]
    return "; ".join(part for part in parts if part)


def _failure(result, folder: Path, choice: BackendChoice, name: str) -> str:
    from harness.fuzz.found import write_found
    from harness.packs import WriteConflict

    failure = result.failure
    try:
        path = write_found(failure, name, folder)
    except (WriteConflict, OSError) as error:
        raise CliError(f"cannot write the failing scenario: {error}") from None
    lines = [f"FAILED {failure.invariant}: shrunk to {len(failure.scenario.events)} event(s)"]
    for invariant, problems in failure.problems.items():
        lines.extend(f"  {invariant}: {problem}" for problem in problems)
    options = "".join(f" --backend-option {shlex.quote(key + '=' + value)}" for key, value in choice.options.items())
    replay = f"prorata run {shlex.quote(str(folder))} --backend {choice.name}{options} -k {failure.scenario.id}"
    lines += [f"written: {path}", f"replay:  {replay}"]
    if result.backend == "reference":
        lines.append("note: the reference engine itself broke the invariant; the file's expectations are its "
                     "output, not verified: fix the engine, then the expectations")
    return "\n".join(lines)


class _Progress:
    """A bar on a terminal's stderr, nothing when stderr is a file or pipe."""

    def __init__(self, total: int) -> None:
        self.total, self.bar, self.shown = total, None, 0
        self.shrinking = False

    def __enter__(self) -> "_Progress":
        stream = sys.stderr
        if stream.isatty():
            self.bar = click.progressbar(length=self.total, label="fuzzing", file=stream, show_pos=True)
            self.bar.__enter__()
        return self

    def __call__(self, event) -> None:
        if self.bar is None:
            return
        if event.shrinking and not self.shrinking:
            self.shrinking = True
            self.bar.label = "shrinking a failure"
        self.bar.update(max(0, event.examples - self.shown))
        self.shown = event.examples

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc_info)

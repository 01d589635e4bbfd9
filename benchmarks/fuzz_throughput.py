"""Fuzz examples per second against the reference engine.

    python benchmarks/fuzz_throughput.py [--quick] [--examples N] [--seed S] [--max-events M]

Runs `harness.fuzz.run.fuzz` on the reference backend (what `prorata fuzz`
does, without the progress bar) on one process and on two (`--workers 2`),
and prints the examples judged per second of each, then where the time of
the one-process run goes, timed by wrapping functions in this process only:
judging (the reference engine and the invariants), decoding (a genome into
a scenario, walking the independent timeline as it goes: the judge takes
that walk instead of walking the scenario again) and the rest (drawing
genomes, the run's bookkeeping).

Target (issue #7, on the 2-core reference machine): >= 1,000 examples per
second against the reference. Printed with MET / NOT MET for each worker
count; nothing is asserted.

`--quick` is a smoke run of 100 examples.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

TARGET = 1000  # examples per second
QUICK_EXAMPLES = 100


def _verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


class Stopwatch:
    """Accumulates the time spent in the functions it wraps."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, function):  # noqa: ANN001, ANN201
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_EXAMPLES} examples")
    parser.add_argument("--examples", type=int, default=None, metavar="N", help="examples (default 1,000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--max-events", type=int, default=10, metavar="M")
    args = parser.parse_args(argv)
    examples = args.examples or (QUICK_EXAMPLES if args.quick else 1000)

    from harness.adapters import ReferenceBackend
    from harness.fuzz import invariants, run

    print(f"fuzz on the reference backend: {examples} examples, seed {args.seed}, max {args.max_events} events")
    for workers in (1, 2):
        plain = run.fuzz(ReferenceBackend(), examples=examples, seed=args.seed, max_events=args.max_events,
                         workers=workers)
        stats = plain.stats
        judged = stats.examples + stats.shrink_steps
        print(f"  {workers} worker(s): {judged} judged in {stats.seconds:.2f} s: {stats.per_second:,.0f} examples/s  "
              f"target >= {TARGET:,}/s: {_verdict(stats.per_second >= TARGET)}")
        print(f"    skipped {stats.skipped}, invalid {stats.invalid}, failure: "
              f"{plain.failure.invariant if plain.failure else 'none'}")

    # Where the time goes: another run of the same examples with the judging and the decoding timed.
    judging, decoding = Stopwatch(), Stopwatch()
    saved = run.reference_run, run.timeline, run.decode_with_timeline, dict(invariants.INVARIANTS)
    run.reference_run, run.timeline = judging.wrap(run.reference_run), judging.wrap(run.timeline)
    run.decode_with_timeline = decoding.wrap(run.decode_with_timeline)
    for name, invariant in saved[3].items():
        invariants.INVARIANTS[name] = dataclasses.replace(invariant, check=judging.wrap(invariant.check))
    try:
        again = run.fuzz(ReferenceBackend(), examples=examples, seed=args.seed, max_events=args.max_events)
    finally:
        run.reference_run, run.timeline, run.decode_with_timeline = saved[:3]
        invariants.INVARIANTS.clear()
        invariants.INVARIANTS.update(saved[3])
    total = again.stats.seconds
    count = max(1, again.stats.examples + again.stats.shrink_steps)
    rest = total - judging.seconds - decoding.seconds

    def line(label: str, seconds: float) -> str:
        return f"  {label:<52}{seconds:6.2f} s  ({seconds / count * 1e3:5.2f} ms/example)"

    print("where the time goes (a third run of the same examples on one process, timed):")
    print(line("judging (engine, invariants)", judging.seconds))
    print(line("generating: decoding, with the timeline's walk", decoding.seconds))
    print(line("generating: drawing genomes, the run's bookkeeping", rest))
    ceiling = count / judging.seconds if judging.seconds else float("inf")
    print(f"  judging alone would allow {ceiling:,.0f} examples/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

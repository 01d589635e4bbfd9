"""How fast the reference engine runs scenarios, and how much memory it takes.

    python benchmarks/engine_throughput.py [--quick] [--generated N] [--seed S] [--core PATH] [--min-time SECONDS]

Measures, for the core pack (scenario_packs/core) and for a generated pack of
N scenarios (default 10,000; written to a temporary folder by
generate_pack.py, whose expectations come from the engine itself):

* load time: reading and checking the pack (reported separately);
* engine throughput: `engine.run(scenario)` only, no comparison, no report,
  in scenario runs per second: every pack is run pass after pass (at least
  nine, so the median is not one slow stretch of a shared machine, and for
  --min-time seconds),
  in turn with the floor and the run + compare passes, so other processes
  on a shared machine disturb the figures and their ratio alike; the
  median pass is the figure judged
  against the target (a sustained rate, garbage collection included), the
  fastest and the slowest are printed beside it (their spread is the
  machine's, not the code's: on the reference machine, passes of the same
  code over the same 10,000 scenarios within one minute have ranged from
  9,000 to 15,000 runs/s);
* the floor (benchmarks/floor.py): the bare exact arithmetic of the same
  lines, and the ratio engine time / floor time;
* run + compare throughput, for context: what `prorata run` does per scenario;
* peak memory: the Python heap during one engine pass (tracemalloc, measured
  in a separate untimed pass so tracing does not slow the timed one) and the
  process's peak resident size (resource.getrusage).

Targets (issue #7, on the 2-core reference machine): >= 10,000 engine runs
per second per core on both packs, within 5x of the floor. Every figure is
printed with its target and MET / NOT MET; nothing is asserted.

`--quick` is a smoke run (a 300-scenario generated pack, short timings):
its figures are rougher, but every line is printed.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # generate_pack and floor beside this file

RUNS_TARGET = 10_000  # engine runs per second per core
FLOOR_TARGET = 5.0  # engine time / floor time
QUICK_SCENARIOS = 300


def _verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux


def _interleaved(jobs: dict[str, tuple[list, Callable]], min_time: float, min_rounds: int = 9) -> dict[str, list[float]]:
    """Seconds per pass of each job: (items, work) runs `work(item)` over all
    its items once per pass. Every round makes one pass of every job, round
    after round (at least `min_rounds`, and until the first job has run for
    `min_time`), so all of them see the same load on a shared machine and
    their ratios hold; the fastest pass of each is the figure reported (the
    slower ones measure the other processes, not the code: timeit's rule)."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    first = next(iter(jobs))
    gc.collect()
    while len(times[first]) < min_rounds or sum(times[first]) < min_time:
        for name, (items, work) in jobs.items():
            started = time.perf_counter()
            for item in items:
                work(item)
            times[name].append(time.perf_counter() - started)
    return times


def _heap_peak_kib(scenarios, run) -> float:  # noqa: ANN001
    """Peak Python heap allocated while running every scenario once (outcomes
    are dropped as they come, as a runner that reports and moves on would)."""
    gc.collect()
    tracemalloc.start()
    try:
        for scenario in scenarios:
            run(scenario)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024


def _current_rss_mib() -> float | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize() / 2**20


def measure(label: str, path: Path, min_time: float) -> None:
    import floor

    from harness import engine
    from harness.compare import compare
    from harness.packs import load_pack

    gc.collect()
    rss_before = _current_rss_mib()
    started = time.perf_counter()
    pack = load_pack(path)
    load_seconds = time.perf_counter() - started
    rss_after = _current_rss_mib()
    scenarios = pack.scenarios

    def run_and_compare(scenario):  # noqa: ANN001, ANN202
        return compare(scenario, engine.run(scenario))

    count = len(scenarios)
    outcomes = [engine.run(scenario) for scenario in scenarios]
    inputs = floor.line_inputs(outcomes)
    mismatches = floor.check_against(outcomes, inputs)
    # The pack, and the outcomes and inputs kept for the floor, live through the
    # whole measurement: frozen, as `prorata run` freezes the packs it loaded, so
    # the collector's full passes stop rescanning them (collecting what the engine
    # allocates still counts: "garbage collection included" below)
    gc.collect()
    gc.freeze()
    times = _interleaved({
        "engine": (scenarios, engine.run),
        "floor": (inputs, floor.arithmetic),
        "tight": (inputs, floor.tight),
        "compare": (scenarios, run_and_compare),
    }, min_time)
    # the verdicts use the median pass: a sustained rate, garbage collection
    # included; the fastest pass is printed beside it (timeit's rule: what the
    # code can do when nothing else on the machine interferes)
    typical, passes = statistics.median(times["engine"]), len(times["engine"])
    best, worst = min(times["engine"]), max(times["engine"])
    floor_typical = statistics.median(times["floor"])
    tight_best, compare_best = min(times["tight"]), min(times["compare"])
    heap = _heap_peak_kib(scenarios, engine.run)
    gc.unfreeze()

    rate = count / typical
    ratio = typical / floor_typical
    lines = sum(len(entries) for entries in inputs)
    print(f"{label}: {path}")
    print(f"  scenarios          {count:>10,}   ({lines / count:.1f} lines each on average)")
    print(f"  load               {load_seconds:>10.3f} s   ({count / load_seconds:,.0f} scenarios/s, "
          f"{load_seconds / count * 1e6:,.0f} us/scenario; part of `prorata run`'s 3 s for 1,000 scenarios)")
    print(f"  engine only        {rate:>10,.0f} runs/s   ({typical / count * 1e6:,.1f} us/run, median of {passes} passes; "
          f"fastest {count / best:,.0f}, slowest {count / worst:,.0f} runs/s)   target >= {RUNS_TARGET:,}/s per core: {_verdict(rate >= RUNS_TARGET)}")
    print(f"  floor (arithmetic) {count / floor_typical:>10,.0f} runs/s   ({floor_typical / count * 1e6:,.1f} us/run, median "
          f"of {passes} passes, taken in turn with the engine's: Fraction(amount) x quantity x Fraction(days, period), rounded "
          f"once; {mismatches} line(s) differ from the engine)")
    print(f"  engine / floor     {ratio:>10.1f} x        target <= {FLOOR_TARGET:g}x: {_verdict(ratio <= FLOOR_TARGET)}")
    print(f"  tight floor        {count / tight_best:>10,.0f} runs/s   ({tight_best / count * 1e6:,.1f} us/run: each "
          f"product one Fraction from integers, as the engine builds it; engine / tight floor "
          f"{best / tight_best:.1f}x, for context)")
    print(f"  engine + compare   {count / compare_best:>10,.0f} runs/s   (context: no target)")
    print(f"  engine heap peak   {heap:>10.1f} KiB  (tracemalloc, one pass, pack already loaded)")
    if rss_before is not None and rss_after is not None:
        print(f"  RSS growth on load {rss_after - rss_before:>10.1f} MiB  (the loaded pack, roughly)")
    print(f"  process peak RSS   {_peak_rss_mib():>10.1f} MiB  (so far in this process)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=10_000, metavar="N",
                        help="scenarios in the generated pack (0 to skip it; default 10000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--core", type=Path, default=ROOT / "scenario_packs" / "core", metavar="PATH")
    parser.add_argument("--min-time", type=float, default=2.0, metavar="SECONDS",
                        help="time each throughput measurement for at least this long")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: a {QUICK_SCENARIOS}-scenario generated pack, 0.2 s timings")
    args = parser.parse_args(argv)
    if args.quick:
        args.generated = min(args.generated, QUICK_SCENARIOS)
        args.min_time = min(args.min_time, 0.2)

    print(f"python {sys.version.split()[0]} on {sys.platform}")
    measure("core pack", args.core, args.min_time)
    if args.generated > 0:
        from generate_pack import generate

        with tempfile.TemporaryDirectory(prefix="prorata-bench-") as temp:
            started = time.perf_counter()
            folder = generate(Path(temp) / "generated", args.generated, args.seed)
            print(f"generated {args.generated:,} scenarios (seed {args.seed}) in "
                  f"{time.perf_counter() - started:.1f} s")
            measure(f"generated pack ({args.generated:,} scenarios)", folder, args.min_time)
    return 0


if __name__ == "__main__":
    sys.exit(main())

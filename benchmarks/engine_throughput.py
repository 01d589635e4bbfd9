"""How fast the reference engine runs scenarios, and how much memory it takes.

    python benchmarks/engine_throughput.py [--generated N] [--seed S] [--core PATH] [--min-time SECONDS]

Measures, for the core pack (scenario_packs/core) and for a generated pack of
N scenarios (default 10,000; written to a temporary folder by
generate_pack.py, whose expectations come from the engine itself):

* load time: reading and checking the pack (reported separately);
* engine throughput: `engine.run(scenario)` only, no comparison, no report,
  in scenario runs per second (the core pack is run repeatedly until
  --min-time has passed, so its small size still gives a stable number);
* run + compare throughput, for context: what `prorata run` does per scenario;
* peak memory: the Python heap during one engine pass (tracemalloc, measured
  in a separate untimed pass so tracing does not slow the timed one) and the
  process's peak resident size (resource.getrusage).

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # generate_pack beside this file


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux


def _timed_passes(scenarios, run, min_time: float) -> tuple[int, float]:  # noqa: ANN001
    """Run every scenario once per pass until `min_time` has passed; (runs, seconds)."""
    runs, elapsed = 0, 0.0
    gc.collect()
    while True:
        started = time.perf_counter()
        for scenario in scenarios:
            run(scenario)
        elapsed += time.perf_counter() - started
        runs += len(scenarios)
        if elapsed >= min_time:
            return runs, elapsed


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

    runs, seconds = _timed_passes(scenarios, engine.run, min_time)
    compared, compare_seconds = _timed_passes(scenarios, run_and_compare, min_time)
    heap = _heap_peak_kib(scenarios, engine.run)

    print(f"{label}: {path}")
    print(f"  scenarios          {len(scenarios):>10,}")
    print(f"  load               {load_seconds:>10.3f} s   ({len(scenarios) / load_seconds:,.0f} scenarios/s)")
    print(f"  engine only        {runs / seconds:>10,.0f} runs/s   ({runs:,} runs in {seconds:.3f} s, "
          f"{seconds / runs * 1e6:,.0f} us/run)")
    print(f"  engine + compare   {compared / compare_seconds:>10,.0f} runs/s")
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
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]} on {sys.platform}")
    measure("core pack", args.core, args.min_time)
    if args.generated > 0:
        from generate_pack import generate

        with tempfile.TemporaryDirectory(prefix="prorata-bench-") as temp:
            started = time.perf_counter()
            folder = generate(Path(temp) / "generated", args.generated, args.seed)
            print(f"generated {args.generated:,} scenarios (seed {args.seed}) in "
                  f"{time.perf_counter() - started:.1f} s")
            measure(f"generated pack ({args.generated:,} scenarios)", folder, min_time=0.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

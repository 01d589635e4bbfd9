"""How fast `prorata reconcile` reconciles a large export, and whether it finds
every injected billing error.

    python benchmarks/reconcile_throughput.py [--quick] [--lines N] [--seed S] [--errors K]
                                              [--format csv|parquet] [--workers W]

Generates (once; cached in benchmarks/out/, git-ignored) a synthetic export of
about N posted lines (default 1,000,000; `--quick`: 50,000) with K injected
errors (harness.reconcile.synthetic), then reconciles it against the core pack
exactly as `prorata reconcile --pack scenario_packs/core --events ... --lines
...` does, and prints:

* seconds: wall time from opening the exports to the last total (reading,
  replaying through the engine, joining and aggregating in DuckDB);
* lines/s: posted lines per second;
* where the time goes: distinct timelines (= engine runs) against subscriptions;
* peak memory: the process's peak resident size (resource.getrusage; includes
  DuckDB's memory, which tracemalloc cannot see);
* "all K injected errors found: yes/no", and subscriptions flagged that were
  not injected (should be 0).

Target (issue #7, on the 2-core reference machine): 1,000,000 posted lines in
under 10 s. Figures are printed with the target and MET / NOT MET; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_SECONDS = 10.0
TARGET_LINES = 1_000_000
QUICK_LINES = 50_000


def export(lines: int, seed: int, errors: int, fmt: str) -> Path:
    """The cached export folder, generated when missing or made with other settings."""
    from harness.packs import load_pack
    from harness.reconcile.synthetic import generate

    folder = HERE / "out" / f"reconcile-{lines}-s{seed}-e{errors}-{fmt}"
    stamp = folder / "settings.json"
    settings = {"lines": lines, "seed": seed, "errors": errors, "format": fmt, "generator": 1}
    if stamp.exists() and json.loads(stamp.read_text()) == settings:
        print(f"export: reusing {folder.relative_to(ROOT)}")
        return folder
    started = time.perf_counter()
    counts = generate(folder, load_pack(ROOT / "scenario_packs" / "core"), lines, seed, errors, fmt)
    stamp.write_text(json.dumps(settings))
    print(f"export: generated {counts['lines']:,} lines, {counts['events']:,} events, {counts['injected']} errors "
          f"in {time.perf_counter() - started:.1f} s -> {folder.relative_to(ROOT)}")
    return folder


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_LINES:,} lines: a smoke run")
    parser.add_argument("--lines", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--errors", type=int, default=50)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--workers", type=int, default=None, help="replay processes (default: one per core)")
    args = parser.parse_args(argv)
    lines = args.lines or (QUICK_LINES if args.quick else TARGET_LINES)

    from harness.packs import load_pack
    from harness.reconcile import load_mapping, reconcile
    from harness.reconcile.synthetic import read_injected

    folder = export(lines, args.seed, args.errors, args.format)
    pack = load_pack(ROOT / "scenario_packs" / "core")
    load, cpu_before = os.getloadavg(), _cpu()
    result = reconcile(pack, folder / "events.csv", folder / f"lines.{args.format}", load_mapping("harness"),
                       top=10, workers=args.workers)
    cpu = _cpu() - cpu_before
    injected = {item.subscription for item in read_injected(folder / "injected.csv")}
    found = injected <= set(result.discrepant_ids)
    extra = len(set(result.discrepant_ids) - injected)
    scaled = result.seconds * TARGET_LINES / max(result.posted_lines, 1)
    full = result.posted_lines >= 0.99 * TARGET_LINES  # the generator lands within a few lines of --lines
    met = ("MET" if result.seconds < TARGET_SECONDS else "NOT MET") if full else "n/a (smaller export)"
    print(f"posted lines:        {result.posted_lines:,} ({args.format})")
    print(f"seconds:             {result.seconds:.2f}   target < {TARGET_SECONDS:.0f} s for "
          f"{TARGET_LINES:,} lines: {met}")
    print(f"lines/s:             {result.lines_per_second:,.0f}   target >= {TARGET_LINES / TARGET_SECONDS:,.0f}; "
          f"(linear extrapolation to 1M: {scaled:.1f} s; the timeline cache makes big exports cheaper per line)")
    print("where the time went: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.phases)
          + f"; cpu {cpu:.1f} s (this process and its replay workers); load average before/after "
          f"{load[0]:.1f}/{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work on the machine slows it)")
    print(f"subscriptions:       {result.subscriptions:,}; engine runs (distinct timelines): {result.timelines:,}")
    print(f"peak RSS:            {result.peak_rss_mb:,.0f} MB")
    print(f"all {len(injected)} injected errors found: {'yes' if found else 'no'}; "
          f"other subscriptions flagged: {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

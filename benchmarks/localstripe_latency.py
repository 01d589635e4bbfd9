"""Milliseconds per scenario on localstripe, the fake Stripe server.

    python benchmarks/localstripe_latency.py [--quick] [--scenarios N] [--pack PATH]

Starts localstripe as the adapter does (its own process on a free port of
127.0.0.1, in the pack's time zone), then runs the first N scenarios of the
core pack that localstripe can express (capabilities checked first, as the
runner does) through the runner: replay through the stripe SDK, read back
the invoices, compare, lint, judge through its deviations ledger. Prints the server's start-up time and the
milliseconds per scenario (mean, median, 90th percentile, slowest), and how
much of it the backend's own `run` took.

Issue #7 asks for this figure without a target: it is printed as
information (what a sandbox backend costs next to the reference engine);
nothing is asserted.

`--quick` is a smoke run of 5 scenarios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK_SCENARIOS = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_SCENARIOS} scenarios")
    parser.add_argument("--scenarios", type=int, default=None, metavar="N", help="scenarios to run (default: all)")
    parser.add_argument("--pack", type=Path, default=ROOT / "scenario_packs" / "core", metavar="PATH")
    args = parser.parse_args(argv)
    limit = args.scenarios or (QUICK_SCENARIOS if args.quick else None)

    from harness.adapters import BackendUnavailable, get_backend
    from harness.packs import load_ledger, load_pack
    from harness.runner import Status, run_scenario

    pack = load_pack(args.pack)
    ledger = load_ledger(pack.meta.source, pack.name, "localstripe")  # judged as `prorata run` judges
    try:
        backend = get_backend("localstripe")
    except BackendUnavailable as error:
        print(f"localstripe is unavailable here ({error}): no figure")
        return 0
    runnable = [scenario for scenario in pack.scenarios if not backend.unsupported(scenario)]
    chosen = runnable[:limit] if limit else runnable
    print(f"localstripe on {pack.name}: {len(chosen)} of the {len(runnable)} scenarios it can express "
          f"({len(pack.scenarios)} in the pack)")

    started = time.perf_counter()
    try:
        backend.start(pack.meta.timezone)
    except BackendUnavailable as error:
        print(f"localstripe did not start ({error}): no figure")
        return 0
    try:
        print(f"  server start-up: {(time.perf_counter() - started) * 1e3:,.0f} ms")
        walls, statuses = [], []
        for scenario in chosen:
            began = time.perf_counter()
            result = run_scenario(scenario, backend, ledger)
            walls.append(time.perf_counter() - began)
            statuses.append(result.status)
    finally:
        backend.close()

    ran = [wall for wall, status in zip(walls, statuses) if status is not Status.NOT_APPLICABLE]
    if not ran:
        print("  no scenario ran: no figure")
        return 0
    ms = sorted(wall * 1e3 for wall in ran)
    p90 = ms[min(len(ms) - 1, int(0.9 * len(ms)))]
    print(f"  per scenario (runner: replay, read back, compare, lint, judge), {len(ms)} ran: "
          f"mean {statistics.fmean(ms):,.0f} ms, median {statistics.median(ms):,.0f} ms, "
          f"p90 {p90:,.0f} ms, slowest {ms[-1]:,.0f} ms  target: none set in issue #7 (information)")
    if backend.durations:
        print(f"  of which the backend's run: mean {statistics.fmean(backend.durations) * 1e3:,.0f} ms")
    counts = {status.value: statuses.count(status) for status in dict.fromkeys(statuses)}
    print(f"  results: {', '.join(f'{n} {s}' for s, n in counts.items())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

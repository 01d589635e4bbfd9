"""`prorata run` end to end on a generated pack, as a CI job runs it.

    python benchmarks/end_to_end.py [--quick] [--scenarios N] [--repeat R] [--workers 1,2]

A pricing pull request's CI job loads and validates the pack, runs every
scenario on the reference engine, compares, lints, writes a report and
compares every invoice with its golden. That is one command,

    prorata run PACK --golden --format json -o report.json [--workers N]

timed here as a fresh process (Python start-up and imports included) on a
pack of N scenarios (default 1,000) written by generate_pack.py, with its
goldens written first by `prorata golden update` (untimed). The harness is
byte-compiled before the clock starts, as `pip install` compiles an
installed package: where PYTHONDONTWRITEBYTECODE is set (it is on the
reference machine) an editable install would otherwise recompile about a
hundred modules in every fresh process, ~0.4 s that no installed copy
pays; when the checkout had no byte code yet, one run without it is
printed too. For comparison
the same work as two commands (`prorata run` then `prorata golden check`,
each loading and running the pack) is timed too, and an in-process
breakdown shows where one serial run spends its time.

Target (issue #7, on the 2-core reference machine): the 1,000-scenario pack
end to end in under 3 s. Each figure is the best of R runs (a shared machine
is noisy; the best is the machine's speed, not its neighbours'), printed with
its target and MET / NOT MET; nothing is asserted.

`--quick` is a smoke run: 200 scenarios, one repeat.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # generate_pack beside this file

TARGET_SECONDS = 3.0  # for 1,000 scenarios
QUICK_SCENARIOS = 200


def _verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def prorata(*args: object) -> list[str]:
    return [sys.executable, "-m", "harness.cli", *map(str, args)]


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: a scenario failed, still a full run; anything else is not
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return elapsed, done


def best(commands: list[list[str]], repeat: int) -> tuple[float, str]:
    """The best total wall time of running `commands` one after the other, and the last stderr."""
    times, stderr = [], ""
    for _ in range(repeat):
        total = 0.0
        for command in commands:
            elapsed, done = timed(command)
            total += elapsed
            stderr = done.stderr
        times.append(total)
    return min(times), stderr


def breakdown(pack: Path, goldens: Path) -> list[tuple[str, float]]:
    """One serial run, stage by stage, in this process (imports first)."""
    stages = []
    started = time.perf_counter()
    import harness.cli.app  # noqa: F401 - what `prorata` imports before any command runs
    from harness.adapters import ReferenceBackend
    from harness.golden import changes, goldens_of
    from harness.packs import load_ledger, load_pack
    from harness.report.json_report import to_json
    from harness.runner import run_pack

    stages.append(("import the CLI", time.perf_counter() - started))
    started = time.perf_counter()
    loaded = load_pack(pack)
    ledger = load_ledger(loaded.meta.source, loaded.name, "reference")
    stages.append(("load + validate the pack", time.perf_counter() - started))
    started = time.perf_counter()
    run = run_pack(loaded, ReferenceBackend(), ledger=ledger)
    stages.append(("run + compare + lint", time.perf_counter() - started))
    started = time.perf_counter()
    import json

    json.dumps(to_json([run]), indent=2, ensure_ascii=False)
    stages.append(("JSON report", time.perf_counter() - started))
    started = time.perf_counter()
    produced = goldens_of(run, "reference")
    stages.append(("render the golden invoices", time.perf_counter() - started))
    started = time.perf_counter()
    changes(goldens, produced)
    stages.append(("compare with the goldens on disk", time.perf_counter() - started))
    return stages


def parallel_breakdown(pack: Path, goldens: Path, workers: int) -> list[tuple[str, float]]:
    """What `prorata run --golden --workers N` does, stage by stage, in this
    process (imported already): the pack loaded on N processes, then each
    scenario run, compared, linted and its golden rendered on N processes."""
    from harness.adapters import ReferenceBackend
    from harness.golden import changes, golden_extra, goldens_of
    from harness.packs import load_ledger, load_pack
    from harness.runner import run_pack_with

    stages = []
    started = time.perf_counter()
    loaded = load_pack(pack, workers=workers)
    ledger = load_ledger(loaded.meta.source, loaded.name, "reference")
    stages.append((f"load + validate ({workers} processes)", time.perf_counter() - started))
    started = time.perf_counter()
    run, rendered = run_pack_with(loaded, ReferenceBackend(), golden_extra(()), ledger=ledger, workers=workers)
    stages.append((f"run + lint + render ({workers} processes)", time.perf_counter() - started))
    started = time.perf_counter()
    changes(goldens, goldens_of(run, "reference", rendered=rendered))
    stages.append(("compare with the goldens on disk", time.perf_counter() - started))
    return stages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 200 scenarios, one repeat")
    parser.add_argument("--scenarios", type=int, default=None, metavar="N", help="pack size (default 1,000)")
    parser.add_argument("--repeat", type=int, default=None, metavar="R", help="runs per figure (default 3)")
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    args = parser.parse_args(argv)
    scenarios = args.scenarios or (QUICK_SCENARIOS if args.quick else 1000)
    repeat = args.repeat or (1 if args.quick else 3)
    workers = [int(w) for w in args.workers.split(",")]
    target = TARGET_SECONDS  # set for 1,000 scenarios; a --quick pack is smaller, so its verdict is only indicative

    import generate_pack

    with tempfile.TemporaryDirectory(prefix="prorata-e2e-") as folder:
        pack, goldens, report = Path(folder) / "pack", Path(folder) / "goldens", Path(folder) / "report.json"
        generate_pack.main([str(pack), "--scenarios", str(scenarios)])
        subprocess.run(prorata("golden", "update", pack, "--golden-dir", goldens), check=True, capture_output=True)

        import harness

        package = Path(harness.__file__).parent
        uncompiled = None
        if not any(package.glob("__pycache__/*.pyc")):  # time one run as this checkout is, then compile
            uncompiled, _ = best([prorata("run", pack, "--golden", "--golden-dir", goldens, "--format", "json",
                                          "-o", report)], 1)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)

        print(f"end to end on a generated pack of {scenarios} scenarios, reference backend, best of {repeat}")
        print(f"target: < {target:.0f} s for 1,000 scenarios" + ("" if scenarios == 1000 else
              f" (this pack has {scenarios}: verdicts are indicative only)"))
        for count in workers:
            one, stderr = best([prorata("run", pack, "--golden", "--golden-dir", goldens, "--format", "json",
                                        "-o", report, "--workers", count)], repeat)
            summary = " / ".join(line for line in stderr.splitlines() if line.startswith(("wrote", "golden")))
            print(f"  prorata run --golden --workers {count}: {one:6.2f} s  "
                  f"({scenarios / one:,.0f} scenarios/s)  target < {target:.0f} s: {_verdict(one < target)}")
            print(f"      {summary}")
        if uncompiled is not None:
            print(f"  (before byte-compiling the harness: {uncompiled:.2f} s with --workers 1, one run;"
                  f" PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})")
        for count in workers:
            two, _ = best([prorata("run", pack, "--format", "json", "-o", report, "--workers", count),
                           prorata("golden", "check", pack, "--golden-dir", goldens, "--workers", count)], repeat)
            print(f"  prorata run + prorata golden check, --workers {count}: {two:6.2f} s  "
                  f"(the same work as two commands, each loading and running the pack: for comparison)")

        print("where one serial run spends its time (in process):")
        stages = breakdown(pack, goldens)
        for stage, seconds in stages:
            print(f"  {stage:<34} {seconds:6.2f} s  ({seconds / scenarios * 1e3:5.2f} ms/scenario)")
        print(f"  {'total':<34} {sum(s for _, s in stages):6.2f} s")
        for count in (w for w in workers if w > 1):
            print(f"the same with --workers {count} (in process, after the imports above):")
            stages = parallel_breakdown(pack, goldens, count)
            for stage, seconds in stages:
                print(f"  {stage:<34} {seconds:6.2f} s")
            print(f"  {'total':<34} {sum(s for _, s in stages):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

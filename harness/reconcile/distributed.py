"""Reconciliation spread over a Dask cluster (docs/scaling.md).

A subscription's replay and its line comparison need nothing from any other
subscription, so the exports are split by a hash of the subscription id into
partitions, each partition is reconciled by a Dask worker exactly as one
machine would (`run.reconcile`), and the coordinator adds the partitions'
totals up. Counts and sums add; the largest discrepancies are the largest of
each partition's largest; so the result equals the single-machine run's.

The coordinator splits the files with DuckDB into Parquet under `workdir`;
on a real cluster that is a path every worker can read (a shared volume, or
an object store URL DuckDB's httpfs reads). Dask is the scheduler: nothing
here schedules, retries or moves data by hand."""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from harness.model import Pack
from harness.reconcile import compare
from harness.reconcile.compare import Discrepancy, ReconcileRow
from harness.reconcile.mapping import Mapping, literal, quote
from harness.reconcile.run import Reconciliation, connect, peak_rss_mb, reconcile
from harness.reconcile.sources import _reader, load_lines


def split(con, source: Path, column: str, partitions: int, target: Path, name: str) -> list[Path]:
    """`partitions` Parquet files of `source`'s rows, by hash of `column` (the subscription id)."""
    paths = []
    for index in range(partitions):
        path = target / f"{name}-{index:04d}.parquet"
        con.execute(f"COPY (SELECT * FROM {_reader(source)} WHERE hash(CAST({quote(column)} AS VARCHAR)) % "
                    f"{partitions} = {index}) TO {literal(str(path))} (FORMAT parquet)")
        paths.append(path)
    return paths


def _reconcile_part(pack: Pack, events: Path, lines: Path, mapping: Mapping, top: int, since: date,
                    as_of: date) -> Reconciliation:
    """One partition, on a worker: the ordinary single-machine reconciliation (replaying in the
    worker's own process: Dask gives each worker its share of the cores)."""
    return reconcile(pack, events, lines, mapping, top=top, since=since, as_of=as_of, workers=1)


def merge(parts: list[Reconciliation], pack: Pack, mapping: Mapping, events: Path, lines: Path, top: int,
          since: date, as_of: date, started: float) -> Reconciliation:
    """The partitions' results as one: sums per (change type, currency), the top of the tops."""
    sums: dict[tuple[str, str], list] = {}
    for part in parts:
        for row in part.rows:
            values = dataclasses.astuple(row)[2:]
            total = sums.setdefault((row.change_type, row.currency), [0] * len(values))
            sums[(row.change_type, row.currency)] = [a + b for a, b in zip(total, values)]
    rows = tuple(ReconcileRow(kind, currency, *values) for (kind, currency), values in sums.items())
    order = {kind: index for index, kind in enumerate((*compare.CHANGE_TYPES, compare.UNKNOWN))}
    rows = tuple(sorted(rows, key=lambda row: (order.get(row.change_type, len(order)), row.currency)))
    largest: list[Discrepancy] = sorted((d for part in parts for d in part.largest),
                                        key=lambda d: (-d.size, d.subscription))[:top]
    reasons: dict[str, list] = defaultdict(lambda: [0, None])
    for part in parts:
        for reason, count, example in part.not_replayed:
            entry = reasons[reason]
            entry[0] += count
            entry[1] = example if entry[1] is None else min(entry[1], example)
    not_replayed = tuple(sorted(((reason, count, example) for reason, (count, example) in reasons.items()),
                                key=lambda item: (-item[1], item[0])))
    return Reconciliation(
        pack=pack.name, mapping=mapping.name, events_file=str(events), lines_file=str(lines), since=since,
        as_of=as_of, rows=rows, largest=tuple(largest),
        discrepant_ids=tuple(sorted(i for part in parts for i in part.discrepant_ids)),
        not_replayed=not_replayed, subscriptions=sum(part.subscriptions for part in parts),
        timelines=sum(part.timelines for part in parts), posted_lines=sum(part.posted_lines for part in parts),
        seconds=time.perf_counter() - started, peak_rss_mb=peak_rss_mb(),
    )


def reconcile_distributed(client, pack: Pack, events: Path, lines: Path, mapping: Mapping, *, top: int = 10,
                          partitions: int | None = None, since: date | None = None, as_of: date | None = None,
                          workdir: Path | None = None) -> Reconciliation:
    """`run.reconcile`, with the partitions reconciled on `client`'s Dask workers.

    `partitions` defaults to twice the cluster's worker threads. `timelines`
    adds each partition's engine runs, so it can exceed the single-machine
    count (a timeline shared across partitions is replayed once per partition)."""
    started = time.perf_counter()
    events, lines = Path(events), Path(lines)
    con = connect(pack)
    load_lines(con, lines, mapping)  # checks the export before any worker starts, and fixes the window
    first, last = con.execute("SELECT min(date), max(date) FROM posted").fetchone()
    since, as_of = since or first, as_of or last
    con.execute("DROP TABLE posted")
    partitions = partitions or max(2, 2 * sum(client.nthreads().values()))
    slim = Pack(pack.meta, ())  # workers need the catalog and policy, not the scenarios
    with tempfile.TemporaryDirectory(prefix="prorata-dask-", dir=workdir) as folder:
        target = Path(folder)
        event_parts = split(con, events, mapping.event_columns["subscription"], partitions, target, "events")
        line_parts = split(con, lines, mapping.line_columns["subscription"], partitions, target, "lines")
        con.close()
        futures = client.map(_reconcile_part, [slim] * partitions, event_parts, line_parts, [mapping] * partitions,
                             [top] * partitions, [since] * partitions, [as_of] * partitions, pure=False)
        parts = client.gather(futures)
    return merge(parts, pack, mapping, events, lines, top, since, as_of, started)

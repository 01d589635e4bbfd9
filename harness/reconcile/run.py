"""One reconciliation, start to finish: read the exports, replay, join, total.

Throughput and peak memory are part of the result because the issue's target
(a million posted lines in under ten seconds on two cores) is a property of a
run someone can repeat: `seconds` is wall time from opening the exports to the
last total, `peak_rss_mb` the process's resident high-water mark
(resource.getrusage: it includes DuckDB's own memory, which tracemalloc would
not see)."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from harness.compare.text import amount_text
from harness.model import Pack, minor_units
from harness.model.money import UnknownCurrency
from harness.reconcile import compare
from harness.reconcile.compare import Discrepancy, ReconcileRow
from harness.reconcile.mapping import Mapping
from harness.reconcile.replay import build_expected, horizon
from harness.reconcile.sources import InputError, load_events, load_lines


@dataclass(frozen=True)
class Reconciliation:
    pack: str
    mapping: str
    events_file: str
    lines_file: str
    since: date | None
    as_of: date | None
    rows: tuple[ReconcileRow, ...]
    largest: tuple[Discrepancy, ...]
    discrepant_ids: tuple[str, ...]
    not_replayed: tuple[tuple[str, int, str], ...]  # (reason, subscriptions, example id)
    subscriptions: int  # with events before the horizon
    timelines: int  # distinct timelines = engine runs
    posted_lines: int
    seconds: float
    peak_rss_mb: float
    phases: tuple[tuple[str, float], ...] = ()  # (read | replay | compare, seconds): where the time went

    @property
    def reconciled(self) -> bool:
        """Every line paired with an equal amount and every subscription replayed."""
        return not self.discrepant_ids and not self.not_replayed

    @property
    def lines_per_second(self) -> float:
        return self.posted_lines / self.seconds if self.seconds else 0.0


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def money_text(amount: Decimal, currency: str) -> str:
    """An amount in its currency's minor units (more places only when it has them: a posted 5.005 shows).
    The comparison's `amount_text`, after dropping the trailing zeros DuckDB's DECIMAL(38,6) adds."""
    try:
        units = minor_units(currency)
    except UnknownCurrency:
        return str(amount.normalize())
    return amount_text(amount.normalize(), units)


def connect(pack: Pack) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{pack.meta.timezone}'")  # bare ISO dates are the pack's local midnight
    con.execute("SET enable_progress_bar = false")
    return con


def reconcile(pack: Pack, events: Path, lines: Path, mapping: Mapping, *, top: int = 10,
              since: date | None = None, as_of: date | None = None, workers: int | None = None,
              con: duckdb.DuckDBPyConnection | None = None) -> Reconciliation:
    """Reconcile the posted `lines` with the pack's policy applied to `events`.

    The window is `since`..`as_of` (invoice dates, inclusive), by default the
    first and last date of the posted lines; the engine replays up to the end
    of `as_of`. `workers` processes replay the timelines (default: one per core).
    Raises InputError for exports it cannot read."""
    started = time.perf_counter()
    con = con or connect(pack)
    load_events(con, Path(events), mapping)
    load_lines(con, Path(lines), mapping)
    read = time.perf_counter()
    first, last, count = con.execute("SELECT min(date), max(date), count(*) FROM posted").fetchone()
    since, as_of = since or first, as_of or last
    if as_of is None:
        last_event = con.execute("SELECT CAST(max(instant) AS DATE) FROM events").fetchone()[0]
        if last_event is None:
            raise InputError(f"{events} and {lines}: no events and no lines to reconcile")
        since, as_of = since or last_event, last_event
    stats = build_expected(con, pack.meta, horizon(as_of, pack.meta), workers=workers)
    replayed = time.perf_counter()
    compare.join_lines(con, since, as_of, has_plan="plan" in mapping.line_columns)
    rows, largest = compare.rows(con), compare.largest(con, top)
    ended = time.perf_counter()
    return Reconciliation(
        pack=pack.name, mapping=mapping.name, events_file=str(events), lines_file=str(lines), since=since,
        as_of=as_of, rows=rows, largest=largest,
        discrepant_ids=compare.discrepant_ids(con), not_replayed=compare.not_replayed(con),
        subscriptions=stats.subscriptions, timelines=stats.timelines, posted_lines=count,
        seconds=time.perf_counter() - started, peak_rss_mb=peak_rss_mb(),
        phases=(("read", read - started), ("replay", replayed - read), ("compare", ended - replayed)),
    )

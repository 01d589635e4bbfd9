"""Replaying subscriptions through the reference engine, once per distinct timeline.

DuckDB folds each subscription's events into a *timeline key* (its event types,
plans, quantities and instants, in order). The engine is deterministic, so
subscriptions with the same key bill the same lines: Python builds one model
`Scenario` per distinct key and runs the engine once for all of them. The lines
go back into DuckDB (`timeline_lines`), and `expected` is the SQL join of
subscriptions with their timeline's lines; no Python loop runs per subscription
or per line.

A timeline the engine cannot run (its first event is not a signup, an unknown
plan, an event after the cancellation took effect) is not guessed at: its
subscriptions are counted as not replayed, with the reason, and their posted
lines are left out of the comparison."""

from __future__ import annotations

import csv
import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from harness.engine import ScenarioError
from harness.engine.simulation import Simulation
from harness.evidence.change_types import primary_type, types_of_rules
from harness.model import (
    Cancel,
    ChangePlan,
    ChangeQuantity,
    Event,
    Expectation,
    PackMeta,
    Scenario,
    Start,
    StartItem,
)

_FIELD, _EVENT = "\x1f", "\x1e"  # unit and record separators: never inside an id or an ISO time

@dataclass(frozen=True)
class Timeline:
    """What one distinct timeline bills: its lines, or why it could not be replayed."""

    change_type: str
    currency: str
    lines: tuple[tuple[str, ...], ...]  # (date, kind, plan, period_start, period_end, amount)
    error: str = ""


def key_sql(until_param: str = "?") -> str:
    """Per subscription: its customer and timeline key, over events before the horizon."""
    field = f"'{_FIELD}'"
    return f"""
        SELECT subscription, any_value(customer) AS customer,
               string_agg(concat_ws({field}, type, coalesce(plan, ''), coalesce(CAST(quantity AS VARCHAR), ''),
                                    strftime(instant, '%Y-%m-%dT%H:%M:%S')),
                          '{_EVENT}' ORDER BY instant, seq) AS key
        FROM events WHERE instant < {until_param} GROUP BY subscription"""


def scenario_of(key: str, meta: PackMeta, until: datetime, name: str = "timeline") -> Scenario:
    """The model scenario one timeline key describes (ValueError when it has none)."""
    rows = [part.split(_FIELD) for part in key.split(_EVENT)]
    kind, plan, quantity, at = rows[0]
    if kind != "signup":
        raise ValueError(f"its first event is {kind}, not a signup: the replay needs the subscription from its start")
    if not plan:
        raise ValueError("its signup names no plan")
    first_plan, first_quantity = plan, int(quantity or 1)
    current_plan, current_quantity = first_plan, first_quantity
    for plan_id in {row[1] for row in rows if row[1]}:
        if plan_id not in meta.catalog:
            raise ValueError(f"plan {plan_id!r} is not in the pack's catalog (map it in the mapping's `plans:`)")
    start = _instant(at, meta.timezone).date()
    events: list[Event] = []
    for kind, plan, quantity, at in rows[1:]:
        instant = _instant(at, meta.timezone)
        actions = []
        if kind == "signup":
            raise ValueError("it signs up twice")
        if kind in ("change_plan", "update") and plan and plan != current_plan:
            actions.append(ChangePlan(to=plan))
            current_plan = plan
        if kind in ("change_quantity", "update") and quantity and int(quantity) != current_quantity:
            actions.append(ChangeQuantity(to=int(quantity)))
            current_quantity = int(quantity)
        if kind == "cancel":
            actions.append(Cancel())
        events.extend(Event(instant, action, None, len(events) + offset) for offset, action in enumerate(actions))
    return Scenario(name, name, meta, meta.policy, Start(start, (StartItem(first_plan, first_quantity),), start),
                    tuple(events), Expectation(), until=until)


def replay(key: str, meta: PackMeta, until: datetime) -> Timeline:
    """One engine run for one timeline key."""
    currency = ""
    try:
        scenario = scenario_of(key, meta, until)
        currency = meta.catalog[scenario.start.items[0].plan].currency
        simulation = Simulation(scenario)
        outcome = simulation.run()
    except (ValueError, ScenarioError) as error:
        return Timeline("not_replayed", currency, (), str(error))
    lines = tuple(
        (_local_day(document.date, meta.timezone), line.kind.value, line.plan or "",
         _utc_text(line.period.start), _utc_text(line.period.end), str(line.amount))
        for document in outcome.documents for line in document.lines
    )
    return Timeline(primary_type(types_of_rules(simulation.judged)), currency, lines)


# Timelines share their instants (a fleet renews on the same few hundred days), so the
# conversions below are cached: a profile of a 300,000-subscription replay showed them
# costing a quarter of the time outside the engine.


@lru_cache(maxsize=1 << 16)
def _instant(text: str, zone: str) -> datetime:
    """A key's UTC instant text, in the pack's timezone."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))


@lru_cache(maxsize=1 << 16)
def _utc_text(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")


@lru_cache(maxsize=1 << 16)
def _local_day(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).date().isoformat()


_WORKER: tuple[PackMeta, datetime] | None = None  # set in each pool process by _init


def _init(meta: PackMeta, until: datetime) -> None:
    global _WORKER
    _WORKER = (meta, until)


def _replay_chunk(keys: list[str]) -> list[Timeline]:
    meta, until = _WORKER
    return [replay(key, meta, until) for key in keys]


def replay_all(keys: list[str], meta: PackMeta, until: datetime, workers: int | None = None) -> list[Timeline]:
    """Every key's Timeline, in order. Timelines are independent, so with more than one
    core they are replayed in a process pool (the engine is pure Python: threads would
    share one interpreter lock); small batches stay in this process."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(keys) < 2000:
        return [replay(key, meta, until) for key in keys]
    size = max(500, len(keys) // (workers * 8))
    chunks = [keys[index:index + size] for index in range(0, len(keys), size)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(meta, until)) as pool:
        return [timeline for chunk in pool.map(_replay_chunk, chunks) for timeline in chunk]


def horizon(as_of: date, meta: PackMeta) -> datetime:
    """The engine's `until` for an export closing on `as_of`: the next local midnight, in UTC."""
    following = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), tzinfo=ZoneInfo(meta.timezone))
    return following.astimezone(timezone.utc)


@dataclass(frozen=True)
class ReplayStats:
    subscriptions: int
    timelines: int  # distinct timelines, i.e. engine runs


def build_expected(con: duckdb.DuckDBPyConnection, meta: PackMeta, until: datetime,
                   workers: int | None = None) -> ReplayStats:
    """Tables `subs` (subscription, customer, timeline), `timelines` (timeline, change_type, currency, error)
    and `expected` (the lines each subscription should have been billed); `workers` as in replay_all."""
    naive_until = until.astimezone(timezone.utc).replace(tzinfo=None)
    con.execute(f"CREATE OR REPLACE TEMP TABLE sub_keys AS {key_sql()}", [naive_until])
    con.execute("CREATE OR REPLACE TEMP TABLE keys AS "
                "SELECT key, row_number() OVER (ORDER BY key) AS timeline FROM (SELECT DISTINCT key FROM sub_keys)")
    keys = con.execute("SELECT timeline, key FROM keys ORDER BY timeline").fetchall()
    runs = replay_all([key for _, key in keys], meta, until, workers)
    with tempfile.TemporaryDirectory(prefix="prorata-reconcile-") as folder:
        heads, lines = Path(folder) / "timelines.csv", Path(folder) / "lines.csv"
        with heads.open("w", newline="") as h, lines.open("w", newline="") as l:
            head_writer, line_writer = csv.writer(h), csv.writer(l)
            for (timeline, _), run in zip(keys, runs):
                head_writer.writerow((timeline, run.change_type, run.currency, run.error))
                line_writer.writerows((timeline, index, run.currency, *line) for index, line in enumerate(run.lines))
        con.execute(f"""CREATE OR REPLACE TEMP TABLE timelines AS SELECT * FROM read_csv('{heads}', header=false,
            columns={{'timeline': 'BIGINT', 'change_type': 'VARCHAR', 'currency': 'VARCHAR', 'error': 'VARCHAR'}})""")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE timeline_lines AS SELECT * FROM read_csv('{lines}', header=false,
            columns={{'timeline': 'BIGINT', 'line': 'INTEGER', 'currency': 'VARCHAR', 'date': 'DATE',
                      'kind': 'VARCHAR', 'plan': 'VARCHAR', 'period_start': 'TIMESTAMP', 'period_end': 'TIMESTAMP',
                      'amount': 'DECIMAL(38,6)'}})""")
    con.execute("""CREATE OR REPLACE TEMP TABLE subs AS
        SELECT s.subscription, s.customer, k.timeline FROM sub_keys s JOIN keys k USING (key)""")
    con.execute("""CREATE OR REPLACE TEMP VIEW expected AS
        SELECT s.subscription, l.date, l.kind, nullif(l.plan, '') AS plan, l.period_start, l.period_end,
               l.amount, l.currency
        FROM subs s JOIN timeline_lines l USING (timeline)""")
    con.execute("DROP TABLE sub_keys")
    return ReplayStats(subscriptions=con.execute("SELECT count(*) FROM subs").fetchone()[0], timelines=len(keys))


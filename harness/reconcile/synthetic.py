"""Realistic synthetic exports with injected billing errors, and their ground truth.

    python3 -m harness.reconcile.synthetic OUT_DIR --lines 1000000 --seed 1 --errors 50

writes OUT_DIR/events.csv, OUT_DIR/lines.csv (the `harness` mapping) and
OUT_DIR/injected.csv (subscription_id, error, detail). The fleet signs up over
six months on the core pack's catalog (mostly monthly USD plans, some EUR, JPY
and yearly, per-seat plans with 1 to 25 seats); a few percent of subscriptions
change plan or seats or cancel each month, on any day. The posted lines are
what the reference engine bills for those events (so an untouched export
reconciles exactly), then K errors are injected, each into its own
subscription: a double charge, an over-credit, a missing proration, a rounding
one minor unit off, a credit larger than what was paid. Same seed, same files."""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from harness.model import Pack, minor_units
from harness.reconcile.mapping import load_mapping, literal
from harness.reconcile.replay import build_expected, horizon
from harness.reconcile.run import connect, money_text
from harness.reconcile.sources import load_events

ERROR_KINDS = ("double_charge", "over_credit", "missing_proration", "wrong_rounding", "credit_larger_than_paid")
FIRST_DAY, AS_OF = date(2025, 10, 1), date(2026, 3, 31)

#: (plan, weight, seats?) on the core pack's catalog: a realistic mix, mostly monthly USD.
PLANS = (("basic", 30, False), ("pro", 22, False), ("seat", 18, True), ("plan-a", 6, False),
         ("plan-b", 5, False), ("basic-eur", 6, False), ("pro-eur", 4, False), ("basic-jpy", 2, False),
         ("pro-jpy", 1, False), ("basic-yearly", 3, False), ("yearly", 2, False), ("odd", 1, False))
UPGRADE = {"basic": "pro", "plan-a": "plan-b", "basic-eur": "pro-eur", "basic-jpy": "pro-jpy", "odd": "odd19",
           "basic-yearly": "yearly"}
DOWNGRADE = {target: source for source, target in UPGRADE.items()}
SEATS = (1, 1, 2, 3, 5, 5, 10, 15, 25)
MONTHLY_CHANGE = 0.03  # chance per subscription-month of a plan or seat change
MONTHLY_CANCEL = 0.02


@dataclass(frozen=True)
class Injected:
    subscription: str
    error: str
    detail: str


def fleet(rng: random.Random, count: int, start: int = 0):
    """Event rows (subscription_id, customer_id, at, event, plan, quantity) for `count` subscriptions."""
    plans, weights = [p for p, _, _ in PLANS], [w for _, w, _ in PLANS]
    seats = {p for p, _, s in PLANS if s}
    days = (AS_OF - FIRST_DAY).days + 1
    for number in range(start, start + count):
        sub, customer = f"sub_{number:07d}", f"cus_{number // 2:07d}"
        plan = rng.choices(plans, weights)[0]
        quantity = rng.choice(SEATS) if plan in seats else 1
        day = FIRST_DAY + timedelta(days=rng.randrange(days))
        yield sub, customer, day.isoformat(), "signup", plan, quantity
        months = max(1, (AS_OF - day).days // 30)
        when = day
        for _ in range(months):
            roll = rng.random()
            if roll >= MONTHLY_CHANGE + MONTHLY_CANCEL:
                continue
            when = when + timedelta(days=rng.randrange(1, 30))
            if when > AS_OF:
                break
            if roll < MONTHLY_CANCEL:
                yield sub, customer, when.isoformat(), "cancel", "", ""
                break
            if plan in seats:
                quantity = max(1, quantity + rng.choice((-2, -1, 1, 2, 5)))
                yield sub, customer, when.isoformat(), "change_quantity", "", quantity
            elif plan in UPGRADE or plan in DOWNGRADE:
                plan = UPGRADE.get(plan) or DOWNGRADE[plan]
                yield sub, customer, when.isoformat(), "change_plan", plan, ""


def _write_events(path: Path, rows) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("subscription_id", "customer_id", "at", "event", "plan", "quantity"))
        writer.writerows(rows)


_POSTED = """CREATE OR REPLACE TEMP TABLE out_lines AS SELECT
    e.subscription AS subscription_id, 'in_' || e.subscription || '_' || strftime(e.date, '%Y%m%d') AS invoice_id,
    e.date, e.kind, e.plan, strftime(e.period_start, '%Y-%m-%dT%H:%M:%SZ') AS period_start,
    strftime(e.period_end, '%Y-%m-%dT%H:%M:%SZ') AS period_end, e.amount, e.currency, u.minor,
    row_number() OVER (ORDER BY e.subscription, e.date, e.kind, e.period_start) AS line_no
    FROM expected e JOIN minor u USING (currency)"""

#: Amounts as their currency writes them ("10.00", "1000", "10.500"); every amount here has minor-unit precision.
_AMOUNT_TEXT = ("CASE minor WHEN 0 THEN CAST(CAST(amount AS DECIMAL(38,0)) AS VARCHAR) "
                "WHEN 3 THEN CAST(CAST(amount AS DECIMAL(38,3)) AS VARCHAR) "
                "ELSE CAST(CAST(amount AS DECIMAL(38,2)) AS VARCHAR) END")


def _pick(con, kind_filter: str, count: int, seed: int, taken: set[str]) -> list[tuple[str, int]]:
    """`count` (subscription, line_no) candidates with a line matching `kind_filter`, one per subscription."""
    if count <= 0:
        return []
    rows = con.execute(f"""SELECT subscription_id, min(line_no) FROM out_lines WHERE {kind_filter}
        GROUP BY subscription_id ORDER BY hash(subscription_id || {literal(str(seed))}) LIMIT ?""",
                       [count + len(taken)]).fetchall()
    return [(sub, line) for sub, line in rows if sub not in taken][:count]


def inject(con, errors: int, seed: int) -> list[Injected]:
    """Apply `errors` billing errors to `out_lines`, round robin over ERROR_KINDS."""
    con.execute("CREATE OR REPLACE TEMP TABLE unit AS SELECT DISTINCT currency, CAST(0 AS DECIMAL(38,6)) AS unit "
                "FROM out_lines")
    for (currency,) in con.execute("SELECT currency FROM unit").fetchall():
        con.execute("UPDATE unit SET unit = CAST(? AS DECIMAL(38,6)) WHERE currency = ?",
                    [f"1e-{minor_units(currency)}", currency])
    wanted = {kind: errors // len(ERROR_KINDS) + (index < errors % len(ERROR_KINDS))
              for index, kind in enumerate(ERROR_KINDS)}
    filters = {"double_charge": "kind = 'recurring'", "over_credit": "kind = 'proration_credit'",
               "missing_proration": "kind = 'proration_charge'",
               "wrong_rounding": "kind IN ('proration_charge', 'proration_credit')",
               "credit_larger_than_paid": "kind = 'proration_credit'"}
    taken: set[str] = set()
    done: list[Injected] = []
    for kind in ERROR_KINDS:
        for sub, line in _pick(con, filters[kind], wanted[kind], seed, taken):
            taken.add(sub)
            where = f"line_no = {int(line)}"
            before = con.execute(f"SELECT kind, CAST(date AS VARCHAR), amount FROM out_lines WHERE {where}").fetchone()
            if kind == "double_charge":
                con.execute(f"INSERT INTO out_lines SELECT * REPLACE (line_no + 100000000 AS line_no) "
                            f"FROM out_lines WHERE {where}")
            elif kind == "over_credit":
                con.execute(f"UPDATE out_lines SET amount = amount * 2 WHERE {where}")
            elif kind == "missing_proration":
                con.execute(f"DELETE FROM out_lines WHERE {where}")
            elif kind == "wrong_rounding":
                con.execute(f"UPDATE out_lines o SET amount = amount + u.unit FROM unit u "
                            f"WHERE o.currency = u.currency AND {where}")
            else:  # a credit larger than the largest charge of the subscription: more than was paid
                con.execute(f"""UPDATE out_lines o SET amount = -(m.paid + u.unit) FROM unit u,
                    (SELECT max(amount) AS paid FROM out_lines WHERE subscription_id = {literal(sub)}) m
                    WHERE o.currency = u.currency AND {where}""")
            after = con.execute(f"SELECT amount FROM out_lines WHERE {where} LIMIT 1").fetchone()
            currency = con.execute(f"SELECT any_value(currency) FROM out_lines WHERE subscription_id = {literal(sub)}"
                                   ).fetchone()[0]
            shown = "removed" if after is None else money_text(after[0], currency)
            was = money_text(before[2], currency)
            done.append(Injected(sub, kind, f"{before[0]} of {before[1]}: {was} -> {shown}"))
    return done


def generate(out: Path, pack: Pack, lines: int, seed: int, errors: int, fmt: str = "csv") -> dict:
    """Write the exports and the ground truth; returns their counts."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    events_path = out / "events.csv"
    rows = list(fleet(rng, max(50, int(lines / 3.25))))  # about 3.3 lines per subscription on this mix
    _write_events(events_path, rows)
    con = connect(pack)
    mapping = load_mapping("harness")
    load_events(con, events_path, mapping)
    until = horizon(AS_OF, pack.meta)
    build_expected(con, pack.meta, until)
    have = con.execute("SELECT count(*) FROM expected").fetchone()[0]
    while have < lines:  # top up with more subscriptions at the measured lines per subscription (+2%)
        subscriptions = len({row[0] for row in rows})
        more = int((lines - have) * subscriptions / max(have, 1) * 1.02) + 1
        rows += list(fleet(rng, more, start=subscriptions))
        _write_events(events_path, rows)
        load_events(con, events_path, mapping)
        build_expected(con, pack.meta, until)
        have = con.execute("SELECT count(*) FROM expected").fetchone()[0]
    currencies = [row[0] for row in con.execute("SELECT DISTINCT currency FROM expected").fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE minor (currency VARCHAR, minor INTEGER)")
    con.executemany("INSERT INTO minor VALUES (?, ?)", [(code, minor_units(code)) for code in currencies])
    con.execute(_POSTED)
    injected = inject(con, errors, seed)
    target = out / f"lines.{fmt}"
    options = "FORMAT parquet" if fmt == "parquet" else "HEADER, DELIMITER ','"
    con.execute(f"COPY (SELECT * EXCLUDE (line_no, minor, amount, currency), {_AMOUNT_TEXT} AS amount, currency "
                f"FROM out_lines ORDER BY subscription_id, date, line_no) "
                f"TO {literal(str(target))} ({options})")
    with (out / "injected.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("subscription_id", "error", "detail"))
        writer.writerows((i.subscription, i.error, i.detail) for i in injected)
    posted = con.execute("SELECT count(*) FROM out_lines").fetchone()[0]
    return {"events": len(rows), "lines": posted, "injected": len(injected), "lines_file": str(target)}


def read_injected(path: Path) -> list[Injected]:
    with Path(path).open(newline="") as handle:
        return [Injected(row["subscription_id"], row["error"], row["detail"]) for row in csv.DictReader(handle)]


def main(argv: list[str] | None = None) -> int:
    from harness.packs import load_pack

    parser = argparse.ArgumentParser(prog="python3 -m harness.reconcile.synthetic", description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=100_000, help="at least this many posted lines (a few more)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--errors", type=int, default=50)
    parser.add_argument("--pack", type=Path, default=Path(__file__).resolve().parents[2] / "scenario_packs" / "core")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    args = parser.parse_args(argv)
    counts = generate(args.out, load_pack(args.pack), args.lines, args.seed, args.errors, args.format)
    print(f"{counts['events']} events, {counts['lines']} posted lines, {counts['injected']} injected errors "
          f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

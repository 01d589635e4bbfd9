"""Expected lines against posted lines, in SQL: the join, the per-subscription
account and the totals by change type and currency.

Lines pair when subscription, invoice date, kind, plan, period and currency are
equal; identical lines pair one to one in amount order (`n`), so a line posted
twice leaves one over. A pair with different amounts is an `amount`
discrepancy, an expected line with no partner is `missing`, a posted one
`extra`. Amounts are DECIMAL(38,6) sums, never floats, and never summed across
currencies (every GROUP BY has the currency)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import duckdb

from harness.evidence.change_types import CHANGE_TYPES
from harness.reconcile.mapping import amount_text_sql

#: Posted lines of a subscription the events export does not have.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReconcileRow:
    """One change type in one currency. `expected`/`billed` sum the lines of the window;
    `delta` is billed minus expected (positive: customers were overcharged)."""

    change_type: str
    currency: str
    subscriptions: int
    discrepant: int  # subscriptions with at least one missing, extra or different line
    expected_lines: int
    posted_lines: int
    missing: int
    extra: int
    different: int
    expected: Decimal
    billed: Decimal

    @property
    def delta(self) -> Decimal:
        return self.billed - self.expected


@dataclass(frozen=True)
class Discrepancy:
    """One subscription whose lines do not reconcile. `size` is the sum of every
    line's absolute difference, so a missing charge and an extra credit do not
    cancel out in the ranking."""

    subscription: str
    customer: str
    change_type: str
    currency: str
    expected: Decimal
    billed: Decimal
    size: Decimal
    issues: str

    @property
    def delta(self) -> Decimal:
        return self.billed - self.expected


def join_lines(con: duckdb.DuckDBPyConnection, since, as_of, *, has_plan: bool = True) -> None:
    """Tables `joined` (one row per line key with its expected and posted counts and sums) and `per_sub`
    (one row per subscription and currency)."""
    plan = "coalesce(plan, '')" if has_plan else "''"
    key = f"subscription, date, kind, {plan} AS plan, period_start, period_end, currency"
    con.execute("""CREATE OR REPLACE TEMP TABLE skipped AS
        SELECT subscription FROM subs JOIN timelines USING (timeline) WHERE error <> ''""")
    # one aggregation over both sides (UNION ALL, then GROUP BY the line key) instead of two and a join
    con.execute(f"""CREATE OR REPLACE TEMP TABLE joined AS
        SELECT subscription, currency, kind, date,
               sum(is_expected) AS expected_lines, sum(1 - is_expected) AS posted_lines,
               sum(amount) FILTER (WHERE is_expected = 1) AS expected,
               sum(amount) FILTER (WHERE is_expected = 0) AS billed,
               greatest(sum(is_expected) - sum(1 - is_expected), 0) AS missing,
               greatest(sum(1 - is_expected) - sum(is_expected), 0) AS extra,
               CASE WHEN sum(is_expected) = sum(1 - is_expected)
                     AND sum(amount) FILTER (WHERE is_expected = 1) <> sum(amount) FILTER (WHERE is_expected = 0)
                    THEN sum(is_expected) ELSE 0 END AS different
        FROM (SELECT {key}, amount, 1 AS is_expected FROM expected WHERE date BETWEEN ? AND ?
              UNION ALL
              SELECT {key}, amount, 0 AS is_expected FROM posted ANTI JOIN skipped USING (subscription)
              WHERE date BETWEEN ? AND ?)
        GROUP BY subscription, date, kind, plan, period_start, period_end, currency""", [since, as_of, since, as_of])
    con.execute(f"""CREATE OR REPLACE TEMP TABLE per_sub AS SELECT
            a.*, coalesce(t.change_type, '{UNKNOWN}') AS change_type, s.customer
        FROM (SELECT subscription, currency,
                     sum(expected_lines) AS expected_lines, sum(posted_lines) AS posted_lines,
                     sum(missing) AS missing, sum(extra) AS extra, sum(different) AS different,
                     coalesce(sum(expected), 0) AS expected, coalesce(sum(billed), 0) AS billed,
                     sum(abs(coalesce(billed, 0) - coalesce(expected, 0))) AS size
              FROM joined GROUP BY subscription, currency) a
        LEFT JOIN subs s USING (subscription) LEFT JOIN timelines t USING (timeline)""")


def _decimal(value) -> Decimal:
    """DuckDB returns DECIMAL(38,6) as Decimal; showing it in minor units is `money_text`'s job."""
    return Decimal(value) if value is not None else Decimal(0)


def rows(con: duckdb.DuckDBPyConnection) -> tuple[ReconcileRow, ...]:
    """By change type (CHANGE_TYPES order, `unknown` last) and currency."""
    found = con.execute("""SELECT change_type, currency, count(*),
            count(*) FILTER (WHERE missing + extra + different > 0),
            sum(expected_lines), sum(posted_lines), sum(missing), sum(extra), sum(different),
            sum(expected), sum(billed)
        FROM per_sub GROUP BY change_type, currency""").fetchall()
    order = {kind: index for index, kind in enumerate((*CHANGE_TYPES, "not_replayed", UNKNOWN))}
    found.sort(key=lambda row: (order.get(row[0], len(order)), row[1] or ""))
    return tuple(
        ReconcileRow(kind, currency or "", *(int(value) for value in counts), _decimal(expected), _decimal(billed))
        for kind, currency, *counts, expected, billed in found
    )


def largest(con: duckdb.DuckDBPyConnection, top: int) -> tuple[Discrepancy, ...]:
    """The `top` subscriptions by size, each with its unpaired or different lines in words."""
    found = con.execute(f"""WITH top AS (
            SELECT * FROM per_sub WHERE missing + extra + different > 0 ORDER BY size DESC, subscription LIMIT ?)
        SELECT top.subscription, coalesce(top.customer, ''), top.change_type, top.currency, top.expected,
               top.billed, top.size,
               string_agg(CASE WHEN j.missing > 0 THEN 'missing ' WHEN j.extra > 0 THEN 'extra ' ELSE 'different ' END
                          || j.kind || ' ' || CAST(j.date AS VARCHAR)
                          || ' (expected ' || coalesce({amount_text_sql('j.expected', 'u.minor')}, '-')
                          || ', billed ' || coalesce({amount_text_sql('j.billed', 'u.minor')}, '-') || ')',
                          '; ' ORDER BY j.date, j.kind) AS issues
        FROM top JOIN joined j ON j.subscription = top.subscription AND j.currency = top.currency
                                  AND j.missing + j.extra + j.different > 0
             LEFT JOIN units u ON u.currency = j.currency
        GROUP BY ALL ORDER BY top.size DESC, top.subscription""", [top]).fetchall()
    return tuple(
        Discrepancy(sub, customer, kind, currency or "", _decimal(expected), _decimal(billed), _decimal(size),
                    issues or "")
        for sub, customer, kind, currency, expected, billed, size, issues in found
    )


def discrepant_ids(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    return tuple(row[0] for row in con.execute(
        "SELECT DISTINCT subscription FROM per_sub WHERE missing + extra + different > 0 ORDER BY 1").fetchall())


def not_replayed(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, int, str], ...]:
    """(reason, subscriptions, an example subscription id), most frequent first."""
    return tuple(con.execute("""SELECT t.error, count(*), min(s.subscription) FROM subs s JOIN timelines t
        USING (timeline) WHERE t.error <> '' GROUP BY t.error ORDER BY count(*) DESC, t.error""").fetchall())

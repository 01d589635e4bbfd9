"""Reading the two exports (CSV or Parquet) into DuckDB, in canonical columns.

DuckDB reads the files itself (no row passes through Python) and the mapping's
SQL converts them: times to naive UTC timestamps, invoice dates to the pack's
local dates, amounts to exact DECIMAL(38,6). A missing column or a value that
does not convert is an `InputError` naming the file, the row and the mapping,
raised before anything is compared."""

from __future__ import annotations

from pathlib import Path

import duckdb

from harness.model import minor_units
from harness.reconcile.mapping import (
    EVENT_REQUIRED,
    LINE_REQUIRED,
    Mapping,
    amount_sql,
    instant_sql,
    literal,
    plan_sql,
    quote,
    value_map,
)


class InputError(ValueError):
    """An export the reconciliation cannot read; the message says what to do."""


def _reader(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return f"read_parquet({literal(str(path))})"
    if suffix in (".csv", ".txt", ".gz"):
        return f"read_csv({literal(str(path))}, header=true, all_varchar=true)"
    raise InputError(f"{path}: use a .csv or .parquet export")


def _raw(con: duckdb.DuckDBPyConnection, path: Path, columns: dict[str, str], required, mapping: Mapping,
         what: str) -> str:
    """SQL for the export's rows with their row number (`_row`, from 1), after checking its columns.
    Nothing is materialised: the canonical table is built in the same pass that reads the file."""
    reader = _reader(path)
    try:
        present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()}
    except duckdb.Error as error:
        raise InputError(f"{path}: cannot read the {what} export: {str(error).splitlines()[0]}") from None
    for canonical, column in columns.items():
        if column not in present:
            need = "needs" if canonical in required else "maps"
            raise InputError(
                f"{path}: no column '{column}' ({mapping.describe()} {need} it for the {what}' {canonical}); "
                f"the file has: {', '.join(sorted(present))}"
            )
    return f"(SELECT *, row_number() OVER () AS _row FROM {reader})"


def _check(con, table: str, raw: str, path: Path, checks: dict[str, str], mapping: Mapping, what: str,
           failed: dict[str, str] | None = None) -> None:
    """Name the first row whose field is missing or did not convert (reading the file again for
    its raw value: only on this error path). `failed` gives a field's own condition when NULL is
    allowed (an optional quantity is bad only when it was given and did not convert)."""
    failed = failed or {}
    parts = ", ".join(f"min(seq) FILTER (WHERE {failed.get(field, f'{quote(field)} IS NULL')})" for field in checks)
    firsts = con.execute(f"SELECT {parts} FROM {table}").fetchone()
    for (field, column), row in zip(checks.items(), firsts):
        if row is None:
            continue
        value = con.execute(f"SELECT CAST({quote(column)} AS VARCHAR) FROM {raw} WHERE _row = ?", [row]).fetchone()[0]
        where = f"line {row + 1}" if path.suffix.lower() != ".parquet" else f"row {row}"
        shown = "empty" if value in (None, "") else repr(value)
        raise InputError(
            f"{path}:{where}: {what} {field} (column '{column}') is {shown}, which {mapping.describe()} "
            f"cannot read{_hint(field, mapping)}"
        )


def _hint(field: str, mapping: Mapping) -> str:
    if field in ("instant", "date", "period_start", "period_end"):
        return "; use ISO 8601 dates or times" if mapping.times == "iso" else "; use Unix seconds"
    if field == "amount":
        return "; use a decimal like 10.00" if mapping.amounts == "decimal" else "; use integer minor units"
    if field == "kind":
        return f"; known kinds: {', '.join(mapping.line_kinds)}"
    if field == "quantity":
        return "; use a whole number"
    if field == "currency":
        return "; use an ISO 4217 code"
    return ""


def load_events(con, path: Path, mapping: Mapping) -> None:
    """Table `events`: subscription, customer, instant (UTC), type, plan, quantity, seq (file order).
    Rows whose type the mapping does not list (other event types in a shared export) are left out."""
    columns = mapping.event_columns
    raw = _raw(con, path, columns, EVENT_REQUIRED, mapping, "events")
    col = {name: quote(column) for name, column in columns.items()}
    at = instant_sql(mapping, col["at"])
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE events AS SELECT
            CAST({col['subscription']} AS VARCHAR) AS subscription,
            {f"CAST({col['customer']} AS VARCHAR)" if 'customer' in col else 'NULL'} AS customer,
            {at} AS instant,
            {value_map(col['type'], mapping.event_types)} AS type,
            {plan_sql(mapping, col['plan']) if 'plan' in col else 'NULL'} AS plan,
            {f"TRY_CAST({col['quantity']} AS INTEGER)" if 'quantity' in col else 'NULL'} AS quantity,
            {f"CAST({col['quantity']} AS VARCHAR)" if 'quantity' in col else 'NULL'} AS quantity_text,
            _row AS seq
        FROM {raw} r
        WHERE {value_map(col['type'], mapping.event_types)} IS NOT NULL
    """)
    checks = {"subscription": columns["subscription"], "instant": columns["at"]}
    if "quantity" in columns:
        checks["quantity"] = columns["quantity"]
    _check(con, "events", raw, path, checks, mapping, "event",
           {"quantity": "quantity IS NULL AND coalesce(trim(quantity_text), '') <> ''"})


def load_lines(con, path: Path, mapping: Mapping) -> None:
    """Table `posted`: subscription, invoice, date (local), kind, plan, period_start/end (UTC),
    amount (DECIMAL major units), currency (upper case), seq (file order)."""
    columns = mapping.line_columns
    raw = _raw(con, path, columns, LINE_REQUIRED, mapping, "lines")
    col = {name: quote(column) for name, column in columns.items()}
    code = f"upper(CAST({col['currency']} AS VARCHAR))"
    currencies = [row[0] for row in con.execute(
        f"SELECT DISTINCT {code} FROM {_reader(path)} WHERE {col['currency']} IS NOT NULL").fetchall()]
    units = []
    for code in currencies:
        try:
            units.append(f"({literal(code)}, CAST('1e-{minor_units(code)}' AS DECIMAL(38,6)), {minor_units(code)})")
        except (KeyError, ValueError, LookupError):
            continue  # an unknown code converts to NULL and is reported by _check below
    con.execute("CREATE OR REPLACE TEMP TABLE units (currency VARCHAR, unit DECIMAL(38,6), minor INTEGER)")
    if units:
        con.execute(f"INSERT INTO units VALUES {', '.join(units)}")
    if "kind" in col:
        kind = value_map(col["kind"], mapping.line_kinds)
    else:
        flag = f"lower(CAST({col['proration']} AS VARCHAR)) IN ('true', 't', '1', 'yes')"
        kind = (f"CASE WHEN {flag} THEN (CASE WHEN TRY_CAST({col['amount']} AS DECIMAL(38,6)) < 0 "
                f"THEN 'proration_credit' ELSE 'proration_charge' END) ELSE 'recurring' END")
    if mapping.times == "unix":
        day = f"CAST(to_timestamp(TRY_CAST({col['date']} AS BIGINT)) AS DATE)"
    else:
        text = f"CAST({col['date']} AS VARCHAR)"  # a bare date is cheap; a time with an offset goes via the zone
        day = (f"CASE WHEN length({text}) = 10 THEN TRY_CAST({text} AS DATE) "
               f"ELSE CAST(TRY_CAST({text} AS TIMESTAMPTZ) AS DATE) END")
    start = instant_sql(mapping, col["period_start"])
    end = instant_sql(mapping, col["period_end"])
    amount = amount_sql(mapping, col["amount"], "u.unit")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE posted AS SELECT
            CAST({col['subscription']} AS VARCHAR) AS subscription,
            {f"CAST({col['invoice']} AS VARCHAR)" if 'invoice' in col else 'NULL'} AS invoice,
            {day} AS date,
            {kind} AS kind,
            {plan_sql(mapping, col['plan']) if 'plan' in col else 'NULL'} AS plan,
            {start} AS period_start,
            {end} AS period_end,
            {amount} AS amount,
            u.currency AS currency,
            _row AS seq
        FROM {raw} r LEFT JOIN units u ON u.currency = upper(CAST(r.{col['currency']} AS VARCHAR))
    """)
    checks = {name: columns[name] for name in ("subscription", "date", "period_start", "period_end", "amount",
                                                 "currency")}
    checks["kind"] = columns.get("kind", columns.get("proration"))
    _check(con, "posted", raw, path, checks, mapping, "line")

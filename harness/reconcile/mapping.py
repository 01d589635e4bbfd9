"""Column mappings: how one billing system's exports name the fields the
reconciliation needs (docs/reconcile.md has the tables).

A mapping is YAML, shipped ones by name (`harness`, `stripe`) or any file. It
says which export column holds each canonical field, how amounts and times are
written, and which export values mean which event type or line kind. Everything
it yields is SQL over the raw export, so DuckDB does the conversion, not a
Python loop over rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

SHIPPED = Path(__file__).parent / "mappings"

#: Canonical event types; `update` is told apart by comparing plan and quantity with the previous state.
EVENT_TYPES = ("signup", "change_plan", "change_quantity", "cancel", "update")
LINE_KINDS = ("recurring", "proration_charge", "proration_credit", "usage", "adjustment")

EVENT_FIELDS = ("subscription", "customer", "at", "type", "plan", "quantity")
EVENT_REQUIRED = ("subscription", "at", "type")
LINE_FIELDS = ("subscription", "invoice", "date", "kind", "proration", "plan", "period_start", "period_end",
               "amount", "currency")
LINE_REQUIRED = ("subscription", "date", "period_start", "period_end", "amount", "currency")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Mapping:
    name: str
    source: str  # the file it was read from, for messages
    amounts: str  # "decimal" (major units) or "minor_units" (integers)
    times: str  # "iso" or "unix"
    event_columns: dict[str, str]
    event_types: dict[str, str]
    line_columns: dict[str, str]
    line_kinds: dict[str, str] = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        return f"mapping '{self.name}' ({self.source})"


def shipped_names() -> list[str]:
    return sorted(path.stem for path in SHIPPED.glob("*.yaml"))


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A shipped mapping by name, or a mapping file."""
    path = SHIPPED / f"{name_or_path}.yaml" if str(name_or_path) in shipped_names() else Path(name_or_path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"{path}: cannot read the mapping ({error.strerror or error}); "
                           f"shipped mappings: {', '.join(shipped_names())}") from None
    except yaml.YAMLError as error:
        raise MappingError(f"{path}: not valid YAML: {error}") from None
    return _parse(data, str(path))


def _parse(data: object, source: str) -> Mapping:
    def need(condition: bool, message: str) -> None:
        if not condition:
            raise MappingError(f"{source}: {message}")

    need(isinstance(data, dict), "a mapping file is a YAML mapping with `events:` and `lines:`")
    amounts, times = data.get("amounts", "decimal"), data.get("times", "iso")
    need(amounts in ("decimal", "minor_units"), f"amounts: {amounts!r}: use decimal or minor_units")
    need(times in ("iso", "unix"), f"times: {times!r}: use iso or unix")
    events, lines = data.get("events") or {}, data.get("lines") or {}
    event_columns, line_columns = dict(events.get("columns") or {}), dict(lines.get("columns") or {})
    for key, fields_, required in (("events", EVENT_FIELDS, EVENT_REQUIRED), ("lines", LINE_FIELDS, LINE_REQUIRED)):
        columns = event_columns if key == "events" else line_columns
        unknown = sorted(set(columns) - set(fields_))
        need(not unknown, f"{key}.columns: unknown field(s) {', '.join(unknown)}; fields: {', '.join(fields_)}")
        missing = [name for name in required if name not in columns]
        need(not missing, f"{key}.columns: map {', '.join(missing)} to the export's column name")
    need("kind" in line_columns or "proration" in line_columns,
         "lines.columns: map `kind` (with lines.kinds) or `proration` (a true/false column)")
    event_types = {str(k): str(v) for k, v in (events.get("types") or {}).items()}
    bad = sorted({v for v in event_types.values() if v not in EVENT_TYPES})
    need(not bad, f"events.types: unknown event type(s) {', '.join(bad)}; use {', '.join(EVENT_TYPES)}")
    need("signup" in event_types.values(), "events.types: one export value must mean signup")
    line_kinds = {str(k): str(v) for k, v in (lines.get("kinds") or {}).items()}
    bad = sorted({v for v in line_kinds.values() if v not in LINE_KINDS})
    need(not bad, f"lines.kinds: unknown kind(s) {', '.join(bad)}; use {', '.join(LINE_KINDS)}")
    return Mapping(
        name=str(data.get("name") or Path(source).stem), source=source, amounts=amounts, times=times,
        event_columns=event_columns, event_types=event_types, line_columns=line_columns, line_kinds=line_kinds,
        plans={str(k): str(v) for k, v in (data.get("plans") or {}).items()},
    )


# ------------------------------------------------------------------ SQL pieces


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def value_map(column_sql: str, values: dict[str, str]) -> str:
    """CASE mapping export values to canonical ones (unknown values become NULL)."""
    if not values:
        return f"CAST({column_sql} AS VARCHAR)"
    arms = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in values.items())
    return f"CASE CAST({column_sql} AS VARCHAR) {arms} ELSE NULL END"


def instant_sql(mapping: Mapping, column_sql: str, cast: str = "TRY_CAST") -> str:
    """An export time as a naive UTC TIMESTAMP, NULL when it does not convert (with TRY_CAST).
    Bare ISO dates are read in the session's timezone, which `run.connect` sets to the pack's."""
    if mapping.times == "unix":
        return f"timezone('UTC', to_timestamp({cast}({column_sql} AS BIGINT)))"
    return f"timezone('UTC', {cast}(CAST({column_sql} AS VARCHAR) AS TIMESTAMPTZ))"


def amount_sql(mapping: Mapping, column_sql: str, minor_sql: str, cast: str = "TRY_CAST") -> str:
    """An export amount as DECIMAL(38,6) in major units: exact, never a float."""
    if mapping.amounts == "minor_units":
        return f"CAST({cast}({column_sql} AS DECIMAL(38,0)) * {minor_sql} AS DECIMAL(38,6))"
    return f"{cast}(CAST({column_sql} AS VARCHAR) AS DECIMAL(38,6))"


def plan_sql(mapping: Mapping, column_sql: str) -> str:
    if not mapping.plans:
        return f"CAST({column_sql} AS VARCHAR)"
    return f"coalesce({value_map(column_sql, mapping.plans)}, CAST({column_sql} AS VARCHAR))"


def amount_text_sql(expression: str, minor_sql: str) -> str:
    """A DECIMAL(38,6) amount as its currency writes it ("10.00", "1000", "10.500") when it has
    that precision; otherwise with every digit it has (a posted 5.005 USD shows as such)."""
    return (f"CASE WHEN {expression} IS NULL THEN NULL "
            f"WHEN NOT (({minor_sql} = 0 AND {expression} = round({expression}, 0)) "
            f"OR ({minor_sql} = 2 AND {expression} = round({expression}, 2)) "
            f"OR ({minor_sql} = 3 AND {expression} = round({expression}, 3))) "
            f"THEN rtrim(CAST({expression} AS VARCHAR), '0') "
            f"WHEN {minor_sql} = 0 THEN CAST(CAST({expression} AS DECIMAL(38,0)) AS VARCHAR) "
            f"WHEN {minor_sql} = 3 THEN CAST(CAST({expression} AS DECIMAL(38,3)) AS VARCHAR) "
            f"ELSE CAST(CAST({expression} AS DECIMAL(38,2)) AS VARCHAR) END")

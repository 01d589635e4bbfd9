"""A reconciliation (`harness.reconcile.Reconciliation`) for people and programs:
a table for the terminal, Markdown for the monthly close, JSON for anything else.

Every amount is shown in its currency's minor units, every total is per
currency (nothing adds two currencies), and every report says how fast the
run was and how much memory it took, since the figures are only as useful as
the run is repeatable."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tabulate import tabulate

from harness.reconcile import Reconciliation, money_text

HEADERS = ["change type", "currency", "subscriptions", "discrepant", "expected lines", "posted lines",
           "missing", "extra", "different", "expected", "billed", "delta"]
TOP_HEADERS = ["subscription", "customer", "change type", "currency", "expected", "billed", "delta", "size", "issues"]


def _signed(amount: Decimal, currency: str) -> str:
    text = money_text(amount, currency)
    return text if text.startswith("-") else f"+{text}"


def _rows(result: Reconciliation) -> list[list[Any]]:
    return [[row.change_type, row.currency, row.subscriptions, row.discrepant, row.expected_lines, row.posted_lines,
             row.missing, row.extra, row.different, money_text(row.expected, row.currency),
             money_text(row.billed, row.currency), _signed(row.delta, row.currency)] for row in result.rows]


def _top(result: Reconciliation) -> list[list[Any]]:
    return [[d.subscription, d.customer, d.change_type, d.currency, money_text(d.expected, d.currency),
             money_text(d.billed, d.currency), _signed(d.delta, d.currency), money_text(d.size, d.currency),
             d.issues] for d in result.largest]


def verdict(result: Reconciliation) -> str:
    if result.reconciled:
        return f"reconciled: all {result.posted_lines} posted lines match the policy"
    parts = [f"{len(result.discrepant_ids)} subscription(s) with discrepancies"]
    if result.not_replayed:
        parts.append(f"{sum(count for _, count, _ in result.not_replayed)} subscription(s) not replayed")
    return "NOT reconciled: " + ", ".join(parts)


def performance(result: Reconciliation) -> str:
    phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.phases)
    return (f"{result.posted_lines} posted lines in {result.seconds:.2f} s ({result.lines_per_second:,.0f} lines/s"
            f"{'; ' + phases if phases else ''}), {result.subscriptions} subscriptions, {result.timelines} engine runs "
            f"(distinct timelines), peak memory {result.peak_rss_mb:.0f} MB")


def _window(result: Reconciliation) -> str:
    return (f"pack {result.pack}, mapping {result.mapping}, invoice dates {result.since} to {result.as_of}; "
            f"events {result.events_file}, lines {result.lines_file}")


def table(result: Reconciliation) -> str:
    out = [_window(result), "", tabulate(_rows(result), HEADERS, disable_numparse=True) if result.rows
           else "(no lines in the window)"]
    if result.largest:
        out += ["", f"largest discrepancies (top {len(result.largest)}):",
                tabulate(_top(result), TOP_HEADERS, disable_numparse=True, maxcolwidths=[None] * 8 + [70])]
    for reason, count, example in result.not_replayed:
        out.append(f"not replayed: {count} subscription(s) (e.g. {example}): {reason}")
    out += ["", performance(result), verdict(result)]
    return "\n".join(out) + "\n"


def markdown(result: Reconciliation) -> str:
    def escape(value: Any) -> str:
        return str(value).replace("|", "\\|")

    def md_table(headers: list[str], rows: list[list[Any]]) -> list[str]:
        return (["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
                + ["| " + " | ".join(escape(value) for value in row) + " |" for row in rows])

    out = ["# Reconciliation", "", f"**{verdict(result)}**", "", _window(result), "", "## By change type", ""]
    out += md_table(HEADERS, _rows(result)) if result.rows else ["(no lines in the window)"]
    if result.largest:
        out += ["", f"## Largest discrepancies (top {len(result.largest)})", ""] + md_table(TOP_HEADERS, _top(result))
    if result.not_replayed:
        out += ["", "## Not replayed", ""] + md_table(
            ["reason", "subscriptions", "example"], [list(item) for item in result.not_replayed])
    out += ["", "## Run", "", performance(result)]
    return "\n".join(out) + "\n"


def as_json(result: Reconciliation) -> str:
    def amount(value: Decimal, currency: str) -> str:
        return money_text(value, currency)

    data = {
        "reconciled": result.reconciled,
        "pack": result.pack, "mapping": result.mapping,
        "events_file": result.events_file, "lines_file": result.lines_file,
        "since": str(result.since), "as_of": str(result.as_of),
        "by_change_type": [
            {"change_type": r.change_type, "currency": r.currency, "subscriptions": r.subscriptions,
             "discrepant": r.discrepant, "expected_lines": r.expected_lines, "posted_lines": r.posted_lines,
             "missing": r.missing, "extra": r.extra, "different": r.different,
             "expected": amount(r.expected, r.currency), "billed": amount(r.billed, r.currency),
             "delta": amount(r.delta, r.currency)} for r in result.rows],
        "largest": [
            {"subscription": d.subscription, "customer": d.customer, "change_type": d.change_type,
             "currency": d.currency, "expected": amount(d.expected, d.currency),
             "billed": amount(d.billed, d.currency), "delta": amount(d.delta, d.currency),
             "size": amount(d.size, d.currency), "issues": d.issues} for d in result.largest],
        "discrepant_subscriptions": len(result.discrepant_ids),
        "not_replayed": [{"reason": reason, "subscriptions": count, "example": example}
                         for reason, count, example in result.not_replayed],
        "run": {"posted_lines": result.posted_lines, "seconds": round(result.seconds, 3),
                "lines_per_second": round(result.lines_per_second), "subscriptions": result.subscriptions,
                "engine_runs": result.timelines, "peak_rss_mb": round(result.peak_rss_mb, 1),
                "phases": {name: round(seconds, 3) for name, seconds in result.phases}},
    }
    return json.dumps(data, indent=2) + "\n"


WRITERS = {"table": table, "md": markdown, "json": as_json}


def write(result: Reconciliation, fmt: str) -> str:
    return WRITERS[fmt](result)

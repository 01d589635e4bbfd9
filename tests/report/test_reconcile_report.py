"""The reconciliation writers: amounts in minor units per currency, signed
deltas, the largest discrepancies, the run's figures; JSON a program can read."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from harness.reconcile import Discrepancy, ReconcileRow, Reconciliation
from harness.report.reconcile_report import as_json, markdown, table, write


def result(**changes) -> Reconciliation:
    fields = dict(
        pack="core", mapping="harness", events_file="e.csv", lines_file="l.csv", since=date(2026, 1, 1),
        as_of=date(2026, 3, 31),
        rows=(ReconcileRow("upgrade", "USD", 3, 1, 9, 9, 0, 1, 1, Decimal("120.500000"), Decimal("150.490000")),
              ReconcileRow("signup", "JPY", 2, 0, 4, 4, 0, 0, 0, Decimal("4000.000000"), Decimal("4000.000000"))),
        largest=(Discrepancy("sub_1", "cus_1", "upgrade", "USD", Decimal("20.000000"), Decimal("49.990000"),
                             Decimal("29.990000"), "extra recurring 2026-02-01 (expected 30.00, billed 60.00)"),),
        discrepant_ids=("sub_1",), not_replayed=(), subscriptions=5, timelines=4, posted_lines=13, seconds=0.5,
        peak_rss_mb=80.0,
    )
    fields.update(changes)
    return Reconciliation(**fields)


def test_table_shows_minor_units_signed_deltas_and_the_verdict():
    text = table(result())
    assert "120.50" in text and "150.49" in text and "+29.99" in text and "4000" in text
    assert "4000.00" not in text  # JPY has no minor unit
    assert "sub_1" in text and "extra recurring 2026-02-01" in text
    assert "13 posted lines in 0.50 s (26 lines/s)" in text and "4 engine runs" in text and "80 MB" in text
    assert text.rstrip().endswith("NOT reconciled: 1 subscription(s) with discrepancies")


def test_a_reconciled_run_says_so_and_lists_not_replayed_reasons():
    clean = result(largest=(), discrepant_ids=())
    assert "reconciled: all 13 posted lines match the policy" in table(clean)
    skipped = result(largest=(), discrepant_ids=(), not_replayed=(("its first event is cancel", 2, "sub_9"),))
    text = table(skipped)
    assert "not replayed: 2 subscription(s) (e.g. sub_9): its first event is cancel" in text
    assert "NOT reconciled: 0 subscription(s) with discrepancies, 2 subscription(s) not replayed" in text


def test_json_is_exact_strings_per_currency():
    data = json.loads(as_json(result()))
    assert data["reconciled"] is False
    assert data["by_change_type"][0] | {} == {
        "change_type": "upgrade", "currency": "USD", "subscriptions": 3, "discrepant": 1, "expected_lines": 9,
        "posted_lines": 9, "missing": 0, "extra": 1, "different": 1, "expected": "120.50", "billed": "150.49",
        "delta": "29.99"}
    assert data["largest"][0]["size"] == "29.99" and data["run"]["engine_runs"] == 4


def test_markdown_escapes_pipes_and_has_sections():
    text = markdown(result(largest=(Discrepancy("sub|x", "", "upgrade", "USD", Decimal(1), Decimal(2), Decimal(1),
                                                "a|b"),)))
    assert "sub\\|x" in text and "a\\|b" in text
    assert "## By change type" in text and "## Largest discrepancies (top 1)" in text and "## Run" in text
    assert write(result(), "md") == markdown(result())

"""Charts are drawn by matplotlib and are byte-for-byte reproducible."""

from __future__ import annotations

from decimal import Decimal

from harness.evidence.reconciliation import ReconciliationRow
from harness.report.signoff_report.chart import amounts_chart, statuses_chart

STATUSES = {"passed": 2, "failed": 1, "not_applicable": 0, "deviations": 1, "errors": 0}


def rows(billed: str = "20.00") -> tuple[ReconciliationRow, ...]:
    return (
        ReconciliationRow("upgrade", "USD", 4, 4, STATUSES, Decimal("20.01"), Decimal(billed)),
        ReconciliationRow("signup", "JPY", 1, 1, {**STATUSES, "passed": 1, "failed": 0, "deviations": 0},
                          Decimal("679"), Decimal("679")),
    )


def test_the_same_input_gives_the_same_svg_bytes() -> None:
    assert amounts_chart(rows()) == amounts_chart(rows())
    assert statuses_chart(rows()) == statuses_chart(rows())


def test_different_amounts_give_a_different_chart() -> None:
    assert amounts_chart(rows("20.00")) != amounts_chart(rows("25.00"))


def test_the_svg_is_inline_ready_and_undated() -> None:
    svg = amounts_chart(rows())
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<dc:date>" not in svg and "<?xml" not in svg
    assert 'id="amounts"' in svg  # svg.id: two charts on one page keep distinct ids


def test_a_currency_is_one_panel_and_counts_stack_by_status() -> None:
    svg = amounts_chart(rows())
    assert svg.count('id="axes_') == 2  # USD and JPY, never one axis adding them
    stacked = statuses_chart(rows())
    assert stacked.count('id="patch_') > statuses_chart(rows()[1:]).count('id="patch_')

"""render_table: one row per scenario, the summary, full differences below."""

from __future__ import annotations

from runs import core_run, small_run

from harness.report import render_table


def test_rows_summary_and_details():
    text = render_table([core_run()])
    lines = text.splitlines()
    header = lines[0].split()
    assert header == ["pack", "scenario", "status", "first", "difference"]
    for scenario_id in ("upgrade-halfway", "credit-rounding", "seat-increase", "anchor-change", "cancel-immediately"):
        assert sum(scenario_id in line and line.startswith("core ") for line in lines) == 1
    assert "1 passed, 1 failed, 1 not applicable, 1 deviations, 1 errors" in lines
    # the failing scenario's differences, in full, below the table
    details = text[text.index("core/credit-rounding (failed)") :]
    assert "  - invoice of 2026-04-16: expected total -5.02, got -5.03" in details
    assert "core/cancel-immediately (error)\n  RuntimeError: connection refused" in text


def test_passing_runs_have_no_details():
    text = render_table([small_run("core"), small_run("edge")])
    assert text.rstrip().endswith("2 passed, 0 failed, 0 not applicable, 0 deviations, 0 errors")


def test_a_backend_column_when_runs_differ_in_backend():
    text = render_table([small_run("core", "reference"), small_run("core", "localstripe")])
    assert text.splitlines()[0].split()[:3] == ["pack", "backend", "scenario"]


def test_long_first_difference_is_shortened_in_the_table_only():
    text = render_table([core_run()])
    row = next(line for line in text.splitlines() if line.startswith("core") and "anchor-change" in line)
    assert "known deviation: anchor changes are not invoiced (issue #12)" in row
    failing = next(line for line in text.splitlines() if line.startswith("core") and "credit-rounding" in line)
    assert failing.endswith("…")


def test_table_snapshot(snapshot):
    assert render_table([core_run()]) == snapshot

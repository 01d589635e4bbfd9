"""Each format carries the same sections and figures: HTML (with inline
charts and invoices), Markdown (github tables), JSON (amounts as strings)."""

from __future__ import annotations

import json
import re

from harness.report.signoff_report import render_html, render_json, render_markdown
from harness.report.signoff_report.views import coverage_grids

SECTIONS = ("1. Reconciliation by change type", "2. Decision matrix", "3. Coverage matrix",
            "4. Scenarios by change type", "5. Environment")


def test_html_has_every_section_in_order_with_charts_and_invoices(good_report) -> None:
    html = render_html(good_report)
    positions = [html.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert html.count("<svg") == 2 and 'id="amounts"' in html and 'id="statuses"' in html  # both charts inline
    issued = sum(len(result.outcome.documents) for result in good_report.run.results)
    assert issued and html.count('<section class="document') == issued  # every issued document, rendered
    assert "sha256:fixed" in html and "2026-05-01 09:30:00 UTC" in html and "billing-ops" in html
    assert "Mid-cycle upgrade" in html and "Credit the unused time at the old price" in html


def test_html_highlights_the_differing_field(failing_report) -> None:
    html = render_html(failing_report)
    assert re.search(r'<td class="num diff">15\.00</td>', html)
    assert '<p class="verdict bad">NOT READY FOR SIGN-OFF' in html
    [problem] = [p for p in failing_report.run.results if p.status.value == "failed"][0].problems[:1]
    assert f"<li>{problem}</li>" in html.replace("&#34;", '"').replace("&#39;", "'")  # the run's problems listed


def test_markdown_has_the_same_sections_and_figures(good_report) -> None:
    md = render_markdown(good_report, {"amounts": "demo.amounts.svg"})
    positions = [md.index(f"## {section}") for section in SECTIONS]
    assert positions == sorted(positions)
    assert "| upgrade       |           1 |     1 |        1 |" in md
    assert "![Expected vs billed by change type](demo.amounts.svg)" in md
    assert "#### upgrade-halfway — passed" in md


def test_markdown_marks_differences_bold(failing_report) -> None:
    md = render_markdown(failing_report)
    assert "**15.00**" in md and "**15.01**" in md and "**10.01**" in md


def test_json_is_the_same_data_with_amounts_as_strings(failing_report) -> None:
    data = json.loads(render_json(failing_report))
    assert data["summary"] == {"scenarios": 3, "passed": 2, "failed": 1, "not_applicable": 0, "deviations": 0,
                               "errors": 0}
    assert data["ok"] is False and data["pack"]["content_hash"] == "sha256:fixed"
    [upgrade] = [row for row in data["reconciliation"] if row["change_type"] == "upgrade"]
    assert upgrade == {"change_type": "upgrade", "currency": "USD", "scenarios": 2, "ran": 2,
                       "statuses": {"passed": 1, "failed": 1, "not_applicable": 0, "deviations": 0, "errors": 0},
                       "expected": "40.01", "billed": "40.00", "delta": "-0.01"}
    [wrong] = [entry for entry in data["scenarios"] if entry["id"] == "upgrade-wrong"]
    assert wrong["status"] == "failed" and wrong["documents"][1]["differs"] is True
    assert not any(isinstance(value, float) for value in _leaves(data))


def test_gaps_are_marked_and_covered_cells_name_their_scenarios(good_report) -> None:
    grids = {grid.event: grid for grid in coverage_grids(good_report.coverage)}
    upgrade = grids["upgrade"]
    [immediate] = [cells for value, cells in upgrade.rows if value == "effective=immediately"]
    by_column = dict(zip(upgrade.columns, immediate))
    assert by_column["actual_days", "USD"].scenarios == ("upgrade-halfway",)
    assert not by_column["thirty_day", "USD"].covered
    html, md = render_html(good_report), render_markdown(good_report)
    gaps = len(good_report.coverage.gaps)
    assert html.count('gap-cell">GAP</td>') == gaps and md.count(" GAP ") >= gaps
    assert "effective=immediately</span>, actual_days, USD: upgrade-halfway" in html
    assert "- `effective=immediately`, actual_days, USD: upgrade-halfway" in md


def _leaves(value):  # noqa: ANN001, ANN202
    if isinstance(value, dict):
        for inner in value.values():
            yield from _leaves(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(inner)
    else:
        yield value


def test_each_day_count_heads_its_own_columns_in_the_html(good_report) -> None:
    """The day-count header row spans the currency columns below it in the
    grid's own column order (a sorted header once put `actual_seconds` over the
    `thirty_day` counts)."""
    html = render_html(good_report)
    for grid in coverage_grids(good_report.coverage):
        header = "".join(f'<th colspan="{span}" class="center">{day}</th>' for day, span in grid.day_spans)
        assert header in html
        assert [day for day, _ in grid.day_spans] == list(dict.fromkeys(day for day, _ in grid.columns))
    seats = next(grid for grid in coverage_grids(good_report.coverage) if grid.event == "quantity_increase")
    covered = [column for column, cell in zip(seats.columns, dict(seats.rows)["effective=immediately"]) if cell.covered]
    assert covered == [("thirty_day", "USD")]

"""Tables every format prints the same way: the reconciliation per currency,
the coverage grid, the environment. Cells are strings, amounts already in the
currency's minor units, so HTML, Markdown and the PDF show identical figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from harness.evidence.coverage import Coverage, CoverageCell
from harness.evidence.decision_matrix import EVENT_LABELS
from harness.evidence.reconciliation import ReconciliationRow
from harness.model.policy import EVENT_RULES
from harness.report.signoff_report.text import money, signed_money

RECONCILIATION_HEADERS = ("Change type", "Scenarios", "Ran", "Passed", "Deviations", "Failed", "Errors",
                          "N/A", "Expected", "Billed", "Delta")
TOTAL = "all types"


def reconciliation_table(rows: tuple[ReconciliationRow, ...], currency: str) -> list[list[str]]:
    """One row per change type in `currency`, then the currency's total row
    (amounts added within one currency only)."""
    mine = [row for row in rows if row.currency == currency]
    table = [_cells(row.change_type, row.scenarios, row.ran, row.statuses, row.expected, row.billed, currency)
             for row in mine]
    statuses = {key: sum(row.statuses[key] for row in mine) for key in mine[0].statuses} if mine else {}
    table.append(_cells(TOTAL, sum(row.scenarios for row in mine), sum(row.ran for row in mine), statuses,
                        sum((row.expected for row in mine), Decimal(0)), sum((row.billed for row in mine), Decimal(0)),
                        currency))
    return table


def _cells(kind: str, scenarios: int, ran: int, statuses, expected: Decimal, billed: Decimal,
           currency: str) -> list[str]:
    return [kind, str(scenarios), str(ran), str(statuses.get("passed", 0)), str(statuses.get("deviations", 0)),
            str(statuses.get("failed", 0)), str(statuses.get("errors", 0)), str(statuses.get("not_applicable", 0)),
            money(expected, currency), money(billed, currency), signed_money(billed - expected, currency)]


@dataclass(frozen=True)
class CoverageGrid:
    """One event: rows are its policy values, columns (day count, currency)
    pairs; a cell is the scenarios covering it (empty: a gap)."""

    event: str
    label: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, tuple[CoverageCell, ...]], ...]

    @property
    def covered(self) -> int:
        return sum(cell.covered for _, cells in self.rows for cell in cells)

    @property
    def covered_cells(self) -> tuple[CoverageCell, ...]:
        return tuple(cell for _, cells in self.rows for cell in cells if cell.covered)

    @property
    def size(self) -> int:
        return sum(len(cells) for _, cells in self.rows)

    @property
    def day_spans(self) -> tuple[tuple[str, int], ...]:
        """(day count, how many columns it heads), in column order: the
        header row above the currencies (jinja's groupby would sort them and
        put headers over the wrong columns)."""
        spans: dict[str, int] = {}
        for day, _ in self.columns:
            spans[day] = spans.get(day, 0) + 1
        return tuple(spans.items())


def coverage_grids(coverage: Coverage) -> list[CoverageGrid]:
    grids = []
    for event in EVENT_RULES:
        cells = [cell for cell in coverage.cells if cell.event == event]
        if not cells:
            continue
        columns = tuple(dict.fromkeys((cell.day_count, cell.currency) for cell in cells))
        values = tuple(dict.fromkeys(cell.policy for cell in cells))
        by_key = {(cell.policy, cell.day_count, cell.currency): cell for cell in cells}
        rows = tuple((value, tuple(by_key[value, day, currency] for day, currency in columns)) for value in values)
        grids.append(CoverageGrid(event, EVENT_LABELS.get(event, event), columns, rows))
    return grids


def cell_text(cell: CoverageCell) -> str:
    """What a grid cell says: `3` scenarios, or `GAP`."""
    return str(len(cell.scenarios)) if cell.covered else "GAP"


def environment_rows(environment) -> list[tuple[str, str]]:  # noqa: ANN001 - model.Environment
    return [
        ("Harness version", f"proration-harness {environment.harness_version}"),
        ("Backend", environment.backend),
        ("Backend version", environment.backend_version),
        ("Pack content hash", environment.pack_hash),
        ("Run time", environment.run_at_text),
        ("Python", environment.python),
        ("Platform", environment.platform),
    ]

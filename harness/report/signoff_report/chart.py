"""The report's charts, drawn by matplotlib as SVG text for inlining.

Same input, same bytes: the SVG carries no date (`metadata={"Date": None}`),
its ids are salted with a fixed string per chart (`svg.hashsalt`), and text is
drawn as paths so no font lookup on the machine changes the output (and the
chart's labels do not mix with the report's own text when a PDF is read back).
Figures are made with `matplotlib.figure.Figure`, never pyplot: no global
figure state, no GUI backend, safe to call from any thread of a CLI run."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING, Sequence

from harness.evidence import CHANGE_TYPES
from harness.evidence.reconciliation import ReconciliationRow

if TYPE_CHECKING:  # pragma: no cover
    from harness.report.signoff_report.model import SignoffReport

#: Status keys of runner.summarize, drawn in this order with these colours.
STATUS_COLOURS = (
    ("passed", "passed", "#2e7d32"),
    ("deviations", "known deviation", "#f9a825"),
    ("failed", "failed", "#c62828"),
    ("errors", "error", "#4a148c"),
    ("not_applicable", "not applicable", "#9e9e9e"),
)

_RC = {
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def charts_of(report: "SignoffReport") -> dict[str, str]:
    """{"amounts": expected vs billed per change type, "statuses": scenario counts by status}."""
    return {"amounts": amounts_chart(report.reconciliation), "statuses": statuses_chart(report.reconciliation)}


def _to_float(amount: Decimal) -> float:
    # Drawing only: a bar's length needs a float. No figure the report prints
    # comes from here; the tables show the exact Decimal amounts.
    return float(amount)


def amounts_chart(rows: Sequence[ReconciliationRow]) -> str:
    """One panel per currency (amounts are never added across currencies):
    expected and billed per change type, side by side, the delta written at
    the bar when it is not zero."""
    from matplotlib.figure import Figure

    currencies = sorted({row.currency for row in rows})
    with _style("amounts"):
        if not currencies:
            return _empty("No scenario produced an amount to reconcile")
        columns = min(2, len(currencies))
        lines = -(-len(currencies) // columns)
        figure = Figure(figsize=(7.2, 0.6 + 2.0 * lines), layout="constrained")
        axes = figure.subplots(lines, columns, squeeze=False)
        for index, currency in enumerate(currencies):
            ax = axes[index // columns][index % columns]
            mine = [row for row in rows if row.currency == currency]
            kinds = [row.change_type for row in mine]
            positions = range(len(mine))
            ax.barh([p + 0.2 for p in positions], [_to_float(row.expected) for row in mine], height=0.38,
                    color="#90a4ae", label="expected (policy)")
            ax.barh([p - 0.2 for p in positions], [_to_float(row.billed) for row in mine], height=0.38,
                    color="#1565c0", label="billed (backend)")
            for position, row in zip(positions, mine):
                if row.delta:
                    ax.annotate(f"Δ {row.delta:+}", (_to_float(max(row.billed, row.expected)), position),
                                xytext=(3, -3), textcoords="offset points", color="#c62828", fontsize=7)
            ax.set_yticks(list(positions), kinds)
            ax.invert_yaxis()
            ax.set_title(currency, loc="left", fontsize=9, fontweight="bold")
            ax.tick_params(axis="y", length=0)
            ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
            ax.set_axisbelow(True)
        for index in range(len(currencies), lines * columns):
            axes[index // columns][index % columns].set_visible(False)
        figure.legend(*axes[0][0].get_legend_handles_labels(), loc="outside upper right", ncols=2, fontsize=7,
                      frameon=False)
        figure.suptitle("Expected vs billed by change type, per currency", fontsize=10, x=0.01, ha="left")
        return _svg(figure)


def statuses_chart(rows: Sequence[ReconciliationRow]) -> str:
    """Scenarios per change type (all currencies: these are counts), stacked by status."""
    from matplotlib.figure import Figure

    kinds = [kind for kind in CHANGE_TYPES if any(row.change_type == kind for row in rows)]
    with _style("statuses"):
        if not kinds:
            return _empty("No scenarios")
        counts = {kind: {key: sum(row.statuses[key] for row in rows if row.change_type == kind)
                         for key, _, _ in STATUS_COLOURS} for kind in kinds}
        figure = Figure(figsize=(7.2, 0.9 + 0.28 * len(kinds)), layout="constrained")
        ax = figure.subplots()
        left = [0] * len(kinds)
        for key, label, colour in STATUS_COLOURS:
            values = [counts[kind][key] for kind in kinds]
            if not any(values):
                continue
            ax.barh(kinds, values, left=left, color=colour, label=label, height=0.6)
            left = [a + b for a, b in zip(left, values)]
        for position, total in enumerate(left):
            ax.annotate(str(total), (total, position), xytext=(3, -3), textcoords="offset points", fontsize=7)
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower right", fontsize=7, frameon=False)
        ax.set_title("Scenarios by change type and status", loc="left", fontsize=10)
        return _svg(figure)


def _empty(message: str) -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 0.6))
    figure.text(0.01, 0.5, message, va="center")
    return _svg(figure)


class _style:
    """The fixed rcParams of every chart, with a salt of its own so two charts
    inlined in one page do not share clip-path ids."""

    def __init__(self, name: str) -> None:
        import matplotlib

        self._context = matplotlib.rc_context({**_RC, "svg.hashsalt": f"proration-harness-{name}", "svg.id": name})

    def __enter__(self) -> None:
        self._context.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)


def _svg(figure) -> str:  # noqa: ANN001 - a matplotlib Figure
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: the SVG is inlined in HTML

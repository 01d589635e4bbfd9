"""Invoices as plain text: for terminals, and for the golden snapshots that a
reviewer reads as a diff in a pull request.

Deterministic (the caller fixes the locale, nothing reads a clock) and at
most about 100 columns: the table holds the short fields, and each line's
description sits on its own line under its row, wrapped, so the columns stay
aligned whatever a backend writes there. A changed description, amount or
period shows up as a one-line diff."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from harness.model import Outcome, Scenario
from harness.render.invoice.view import DocumentView, document_views, layout_named

WIDTH = 100
RULE = "=" * 80
HEADERS = ("#", "Type", "Plan", "Period", "Qty", "Unit price", "Amount")
ALIGN = ("right", "left", "left", "left", "right", "right", "right")


def render_text(scenario: Scenario, outcome: Outcome, *, locale: str = "en_US") -> str:
    """Every document of `outcome`, in order, separated by a blank line and a rule."""
    views = document_views(scenario, outcome, layout_named("harness"), locale)
    if not views:
        return "No documents issued.\n"
    return f"\n\n{RULE}\n\n".join(_document(view) for view in views) + "\n"


def title(view: DocumentView) -> str:
    name = "Credit note" if view.credit_note else "Invoice"
    return f"{name} {view.number}".rstrip()


def meta(view: DocumentView) -> list[tuple[str, str]]:
    """The `Label: value` lines under the title, in the harness layout's order."""
    rows = [("Date", view.date), ("Currency", view.currency)]
    if view.reason:
        rows.append(("Reason", view.reason))
    if view.credit_note:
        rows.append(("Adjusts invoice", view.adjusts or "not stated"))
    return rows


def _document(view: DocumentView) -> str:
    out = [title(view)]
    out.extend(f"{label}: {value}" for label, value in meta(view))
    out.append("")
    out.extend(_table(view) if view.lines else ["(no lines)"])
    out.append("")
    out.append(f"Total: {view.total}")
    if view.explained:
        out.append("")
        out.append("How these amounts were worked out:")
        for line in view.explained:
            out.extend(_wrap(f"{line.number}. {line.explanation}", "  ", "     "))
    return "\n".join(out)


def _table(view: DocumentView) -> list[str]:
    rows = [
        [_one_line(cell) for cell in (
            str(line.number), line.kind, line.plan, line.period, line.quantity, line.unit_price, line.amount,
        )]
        for line in view.lines
    ]
    # The header and its rule go in as rows: tabulate's own headers pad every column by two.
    widths = [max(len(row[i]) for row in [list(HEADERS), *rows]) for i in range(len(HEADERS))]
    rule = ["-" * width for width in widths]
    table = tabulate([list(HEADERS), rule, *rows], colalign=ALIGN, disable_numparse=True, tablefmt="plain")
    header, rule_text, *body = table.splitlines()
    indent = " " * (widths[0] + 2)  # under the Type column
    out = [header.rstrip(), rule_text.rstrip()]
    for text, line in zip(body, view.lines):
        out.append(text.rstrip())
        if line.description:
            out.extend(_wrap(line.description, indent, indent))
    return out


def _one_line(cell: object) -> str:
    return " ".join(str(cell).split()) if cell != "" else ""


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        _one_line(text), WIDTH, initial_indent=first, subsequent_indent=rest,
        break_long_words=False, break_on_hyphens=False,
    ) or [first.rstrip()]

"""Invoices as plain text: for terminals, and for the golden snapshots that a
reviewer reads as a diff in a pull request.

Deterministic (the caller fixes the locale, nothing reads a clock) and at
most about 100 columns: the table holds the short fields, and each line's
description sits on its own line under its row, wrapped, so the columns stay
aligned whatever a backend writes there. A changed description, amount or
period shows up as a one-line diff."""

from __future__ import annotations

import textwrap

from harness.model import Outcome, Scenario
from harness.render.invoice.view import DocumentView, document_views, layout_named

WIDTH = 100
RULE = "=" * 80
HEADERS = ("#", "Type", "Plan", "Period", "Qty", "Unit price", "Amount")
ALIGN = ("right", "left", "left", "left", "right", "right", "right")
#: Characters outside ASCII that invoices print (a period's dash, currency
#: signs, typographic quotes) and that wcwidth counts as one column each, as
#: tests/render/invoice/test_plain_table.py checks: a cell made of printable
#: ASCII and these is measured without wcwidth (neither it nor tabulate is
#: imported for an ordinary invoice: a twentieth of a second of start-up).
NARROW = frozenset("–—‘’“”…•·×€£¥₹₩₽¢")
_WITHOUT_NARROW = str.maketrans(dict.fromkeys(NARROW))


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
    # The header and its rule go in as rows: tabulate's own headers would pad every column by two.
    widths = [max(len(row[i]) for row in [list(HEADERS), *rows]) for i in range(len(HEADERS))]
    rule = ["-" * width for width in widths]
    header, rule_text, *body = _plain_table([list(HEADERS), rule, *rows])
    indent = " " * (widths[0] + 2)  # under the Type column
    out = [header, rule_text]
    for text, line in zip(body, view.lines):
        out.append(text)
        if line.description:
            out.extend(_wrap(line.description, indent, indent))
    return out


def _plain_table(rows: list[list[str]]) -> list[str]:
    """The lines of tabulate's `plain` layout of `rows` (ALIGN, no number
    parsing): each column padded to its widest cell's display width, two
    spaces apart, no trailing spaces. Laid out here because one tabulate call
    costs about 300 us, the largest part of rendering a golden invoice, and a
    1,000-scenario pack renders some 3,000 of them. tabulate stays the
    reference: tests/render/invoice/test_plain_table.py holds the two layouts
    equal, and cells only tabulate measures right (terminal escapes, control
    characters) go to tabulate."""
    widths = [[_display_width(cell) for cell in row] for row in rows]
    if any(width < 0 for row in widths for width in row):
        from tabulate import tabulate

        return tabulate(rows, colalign=ALIGN, disable_numparse=True, tablefmt="plain").splitlines()
    columns = [max(column) for column in zip(*widths)]
    return [
        "  ".join(
            " " * (column - width) + cell if align == "right" else cell + " " * (column - width)
            for cell, width, column, align in zip(row, row_widths, columns, ALIGN)
        ).rstrip()
        for row, row_widths in zip(rows, widths)
    ]


def _display_width(cell: str) -> int:
    """Columns `cell` takes as tabulate counts them (wcwidth), -1 when only
    tabulate can tell (a terminal escape or another control character).
    Printable ASCII, nearly every cell, is one column a character."""
    if cell.isprintable() and (cell.isascii() or cell.translate(_WITHOUT_NARROW).isascii()):
        return len(cell)
    if "\x1b" in cell:
        return -1
    from wcwidth import wcswidth

    return wcswidth(cell)


def _one_line(cell: object) -> str:
    return " ".join(str(cell).split()) if cell != "" else ""


def _wrap(text: str, first: str, rest: str) -> list[str]:
    text = _one_line(text)
    if text and len(first) + len(text) <= WIDTH:
        # what textwrap gives a one-line text that fits (single spaces, no tabs:
        # `_one_line` made it so), without splitting it into chunks: most do fit
        return [first + text]
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest,
        break_long_words=False, break_on_hyphens=False,
    ) or [first.rstrip()]

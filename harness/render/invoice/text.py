"""Invoices as plain text: for terminals, and for the golden snapshots that a
reviewer reads as a diff in a pull request.

Deterministic (the caller fixes the locale, nothing reads a clock) and at
most about 100 columns: the table holds the short fields, and each line's
description sits on its own line under its row, wrapped, so the columns stay
aligned whatever a backend writes there. A changed description, amount or
period shows up as a one-line diff."""

from __future__ import annotations

import re
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
#: A text of printable ASCII (space to tilde) and NARROW characters only: one
#: column a character. One C-level match, where testing isprintable, isascii
#: and then the text without NARROW took three passes and a translation.
_ONE_COLUMN_EACH = re.compile("[ -~" + re.escape("".join(sorted(NARROW))) + "]*")


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
    explained = view.explained  # a property that gathers them anew at each look
    if explained:
        out.append("")
        out.append("How these amounts were worked out:")
        for line in explained:
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
    widths = [max(map(len, column)) for column in zip(HEADERS, *rows)]
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
    widths = [_row_widths(row) for row in rows]
    if min(map(min, widths), default=0) < 0:
        from tabulate import tabulate

        return tabulate(rows, colalign=ALIGN, disable_numparse=True, tablefmt="plain").splitlines()
    columns = [max(column) for column in zip(*widths)]
    return [
        "  ".join([
            " " * (column - width) + cell if align == "right" else cell + " " * (column - width)
            for cell, width, column, align in zip(row, row_widths, columns, ALIGN)
        ]).rstrip()
        for row, row_widths in zip(rows, widths)
    ]


def _row_widths(row: list[str]) -> list[int]:
    """`_display_width` of each cell, tested once for the whole row: a row
    whose joined text is one column a character (nearly every row) has its
    cells' lengths as their widths, since the joined text passes the test
    exactly when each of its cells does."""
    if _ONE_COLUMN_EACH.fullmatch("".join(row)):
        return [len(cell) for cell in row]
    return [_display_width(cell) for cell in row]


def _display_width(cell: str) -> int:
    """Columns `cell` takes as tabulate counts them (wcwidth), -1 when only
    tabulate can tell (a terminal escape or another control character).
    Printable ASCII, nearly every cell, is one column a character."""
    if _ONE_COLUMN_EACH.fullmatch(cell):
        return len(cell)
    if "\x1b" in cell:
        return -1
    from wcwidth import wcswidth

    return wcswidth(cell)


def _one_line(cell: object) -> str:
    return " ".join(str(cell).split())


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

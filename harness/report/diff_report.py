"""A pricing-change diff (`evidence.pricing_diff`) for people and programs:
text for the terminal, Markdown for a pull request or a CI job summary,
JSON for anything else.

The terminal puts the totals last, where the eye lands when the command
ends; the Markdown puts them first, under the heading a reviewer sees, and
folds each scenario into a <details> block so a long diff stays one screen.
Every amount is shown with its currency's minor units (JPY 0, KWD 3) and
every total is per currency: nothing here adds two currencies."""

from __future__ import annotations

import html
from datetime import datetime
from decimal import Decimal
from typing import Any

from tabulate import tabulate

from harness.evidence.pricing_diff import (
    ADDED, REMOVED, DocumentChange, LineChange, NotCompared, PricingDiff, ScenarioChange,
)
from harness.model import Line
from harness.model.money import UnknownCurrency, minor_units, quantize

TOTAL_HEADERS = ["change type", "currency", "scenarios", "base billed", "head billed", "delta"]
EXPECTATIONS_NOTE = ("this diff compares the documents the backend computes under each version, not the scenarios' "
                     "written expectations; run `prorata run` on the head to see which expectations need updating")


# ------------------------------------------------------------------ formatting


def money(amount: Decimal | None, currency: str) -> str:
    """The amount with the currency's minor units; "" for no amount."""
    if amount is None:
        return ""
    try:
        return str(quantize(amount, minor_units(currency)))
    except UnknownCurrency:
        return str(amount)


def signed(amount: Decimal, currency: str) -> str:
    """A delta, always with its sign: "+2.50", "-0.125", "+0"."""
    text = money(amount, currency)
    return text if text.startswith("-") else f"+{text}"


def instant(moment: datetime) -> str:
    """A date when the instant is midnight (the usual case), else the time too."""
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def line_label(line: Line) -> str:
    """"proration_charge pro 2026-04-16..2026-05-01" (with "x3" when the quantity is not 1)."""
    quantity = "" if line.quantity is None or line.quantity == 1 else f" x{line.quantity:f}"
    return (f"{line.kind.value} {line.plan or '-'}{quantity} "
            f"{instant(line.period.start)}..{instant(line.period.end)}")


def document_label(change: DocumentChange) -> str:
    document = change.document
    return f"{document.kind.value.replace('_', ' ')} {instant(document.date)}"


def _line_text(change: LineChange, currency: str) -> str:
    label = line_label(change.line)
    delta = signed(change.delta, currency)
    if change.status == ADDED:
        return f"{label}: added {money(change.head.amount, currency)} ({delta})"  # type: ignore[union-attr]
    if change.status == REMOVED:
        return f"{label}: removed {money(change.base.amount, currency)} ({delta})"  # type: ignore[union-attr]
    return (f"{label}: {money(change.base.amount, currency)} -> "  # type: ignore[union-attr]
            f"{money(change.head.amount, currency)} ({delta})")  # type: ignore[union-attr]


def _total_text(change: DocumentChange, currency: str) -> str:
    delta = signed(change.delta, currency)
    if change.status == ADDED:
        return f"total: added {money(change.head_total, currency)} ({delta})"
    if change.status == REMOVED:
        return f"total: removed {money(change.base_total, currency)} ({delta})"
    return f"total: {money(change.base_total, currency)} -> {money(change.head_total, currency)} ({delta})"


def summary_sentence(diff: PricingDiff) -> str:
    if not diff.changed:
        text = f"No documents change: all {diff.compared} scenarios compared produce the same documents."
    else:
        text = (f"{len(diff.changed)} of {diff.compared} scenarios compared produce different documents; "
                f"{diff.unchanged} unchanged.")
    if diff.cannot_run_under_base:
        text += f" {len(diff.cannot_run_under_base)} cannot run under the base."
    if diff.not_compared:
        text += f" {len(diff.not_compared)} not compared."
    return text


def _title(diff: PricingDiff, base: str, head: str) -> str:
    return f"Pricing diff of pack {diff.pack} on backend {diff.backend}: base {base} -> head {head}"


def _total_rows(diff: PricingDiff) -> list[list[str]]:
    return [[t.change_type, t.currency, str(t.scenarios), money(t.base, t.currency), money(t.head, t.currency),
             signed(t.delta, t.currency)] for t in diff.totals]


# ------------------------------------------------------------------ text


def render_text(diff: PricingDiff, base: str, head: str) -> str:
    parts = [_title(diff, base, head), summary_sentence(diff)]
    if diff.changed:
        parts += ["", "Changed scenarios", ""]
        parts += ["\n\n".join(_scenario_text(change) for change in diff.changed)]
    for heading, items in (("Cannot run under the base (new under the head)", diff.cannot_run_under_base),
                           ("Not compared (no documents on one side)", diff.not_compared)):
        if items:
            parts += ["", heading, *(f"  {item.id}: {item.reason}" for item in items)]
    if diff.totals:
        parts += ["", "Totals by change type (changed scenarios only)",
                  tabulate(_total_rows(diff), headers=TOTAL_HEADERS, tablefmt="simple", disable_numparse=True,
                           colalign=("left", "left", "right", "right", "right", "right"))]
    if diff.expectations_disagree:
        parts += ["", f"Expectations: {len(diff.expectations_disagree)} head scenarios' written expectations "
                      f"disagree with the head run; {EXPECTATIONS_NOTE}."]
    return "\n".join(parts) + "\n"


def _scenario_text(change: ScenarioChange) -> str:
    lines = [f"{change.id} [{change.change_type}]: {change.scenario.title}"]
    for document in change.documents:
        currency = document.document.currency
        suffix = f" ({document.status})" if document.status in (ADDED, REMOVED) else ""
        lines.append(f"  {document_label(document)}{suffix}")
        lines += [f"    {_line_text(line, currency)}" for line in document.lines]
        lines.append(f"    {_total_text(document, currency)}")
    lines += [f"  total billed {b.currency}: {money(b.base, b.currency)} -> {money(b.head, b.currency)} "
              f"({signed(b.delta, b.currency)})" for b in change.billed]
    return "\n".join(lines)


# ------------------------------------------------------------------ Markdown


def render_markdown(diff: PricingDiff, base: str, head: str) -> str:
    """GitHub-flavoured Markdown: paste into a pull request, or append to
    $GITHUB_STEP_SUMMARY."""
    parts = [f"## Pricing diff: `{diff.pack}`", "",
             f"Base {_code(base)} → head {_code(head)}, documents computed by the `{diff.backend}` backend.", "",
             f"**{summary_sentence(diff)}**"]
    if diff.totals:
        parts += ["", "Totals by change type (changed scenarios only):", "",
                  _md_table(TOTAL_HEADERS, _total_rows(diff), right_from=2)]
    for change in diff.changed:
        parts += ["", _scenario_markdown(change)]
    for heading, items in (("Cannot run under the base (new under the head)", diff.cannot_run_under_base),
                           ("Not compared (no documents on one side)", diff.not_compared)):
        if items:
            parts += ["", f"**{heading}:**", "", *(f"- `{item.id}`: {_cell(item.reason)}" for item in items)]
    if diff.expectations_disagree:
        parts += ["", f"> {len(diff.expectations_disagree)} head scenarios' written expectations disagree with the "
                      f"head run: {EXPECTATIONS_NOTE}."]
    return "\n".join(parts) + "\n"


def _scenario_markdown(change: ScenarioChange) -> str:
    billed = ", ".join(f"{b.currency} {signed(b.delta, b.currency)}" for b in change.billed)
    rows = []
    for document in change.documents:
        currency, label = document.document.currency, document_label(document)
        if document.status in (ADDED, REMOVED):
            label += f" ({document.status})"
        for line in document.lines:
            name = line_label(line.line) + (f" ({line.status})" if line.status in (ADDED, REMOVED) else "")
            rows.append([label, name, _or_dash(line.base and line.base.amount, currency),
                         _or_dash(line.head and line.head.amount, currency), signed(line.delta, currency)])
        rows.append([label, "**total**", _or_dash(document.base_total, currency),
                     _or_dash(document.head_total, currency), signed(document.delta, currency)])
    rows += [["", f"**total billed ({b.currency})**", money(b.base, b.currency), money(b.head, b.currency),
              signed(b.delta, b.currency)] for b in change.billed]
    summary = (f"<code>{html.escape(change.id)}</code> ({change.change_type}): {html.escape(change.scenario.title)}"
               f" — {html.escape(billed)}")
    return "\n".join([
        "<details>", f"<summary>{summary}</summary>", "",
        _md_table(["document", "line", "base", "head", "delta"], rows, right_from=2), "", "</details>",
    ])


def _or_dash(amount: Decimal | None, currency: str) -> str:
    return "—" if amount is None else money(amount, currency)


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else text


def _cell(text: str) -> str:
    """Text safe inside a table cell or list item: no pipe, no newline, no raw HTML."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[str]], *, right_from: int) -> str:
    align = [":--" if index < right_from else "--:" for index in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# ------------------------------------------------------------------ JSON


def to_json(diff: PricingDiff, base: str, head: str) -> dict[str, Any]:
    """Amounts as strings with the currency's minor units (exact, no float)."""
    return {
        "pack": diff.pack,
        "backend": diff.backend,
        "base": base,
        "head": head,
        "has_changes": diff.has_changes,
        "summary": {
            "compared": diff.compared,
            "changed": len(diff.changed),
            "unchanged": diff.unchanged,
            "cannot_run_under_base": len(diff.cannot_run_under_base),
            "not_compared": len(diff.not_compared),
            "expectations_disagree": len(diff.expectations_disagree),
        },
        "totals": [
            {"change_type": t.change_type, "currency": t.currency, "scenarios": t.scenarios,
             "base": money(t.base, t.currency), "head": money(t.head, t.currency), "delta": signed(t.delta, t.currency)}
            for t in diff.totals
        ],
        "changed": [_scenario_json(change) for change in diff.changed],
        "cannot_run_under_base": [_not_compared_json(item) for item in diff.cannot_run_under_base],
        "not_compared": [_not_compared_json(item) for item in diff.not_compared],
        "expectations_disagree": list(diff.expectations_disagree),
    }


def _scenario_json(change: ScenarioChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "title": change.scenario.title,
        "change_type": change.change_type,
        "billed": [{"currency": b.currency, "base": money(b.base, b.currency), "head": money(b.head, b.currency),
                    "delta": signed(b.delta, b.currency)} for b in change.billed],
        "documents": [_document_json(document) for document in change.documents],
    }


def _document_json(change: DocumentChange) -> dict[str, Any]:
    document = change.document
    currency = document.currency
    return {
        "status": change.status,
        "kind": document.kind.value,
        "date": document.date.isoformat(),
        "currency": currency,
        "base_total": money(change.base_total, currency) or None,
        "head_total": money(change.head_total, currency) or None,
        "delta": signed(change.delta, currency),
        "lines": [
            {"status": line.status, "kind": line.line.kind.value, "plan": line.line.plan,
             "quantity": None if line.line.quantity is None else f"{line.line.quantity:f}",
             "period": [line.line.period.start.isoformat(), line.line.period.end.isoformat()],
             "base": money(line.base.amount, currency) if line.base else None,
             "head": money(line.head.amount, currency) if line.head else None,
             "delta": signed(line.delta, currency)}
            for line in change.lines
        ],
    }


def _not_compared_json(item: NotCompared) -> dict[str, str]:
    return {"id": item.id, "title": item.title, "reason": item.reason}

"""The pricing diff as text, Markdown and JSON: amounts in each currency's
minor units, signed deltas, added and removed lines and documents shown as
such, totals per currency, Markdown safe to paste (escaped titles and
reasons, one <details> block per scenario). Golden copies via syrupy."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from factories import credit_note, invoice, line, outcome, pack, scenario

from harness.evidence.pricing_diff import pricing_diff
from harness.report.diff_report import money, render_markdown, render_text, signed, to_json
from harness.runner import RunResult, ScenarioResult, Status

BASE, HEAD = "main (abc1234)", "working tree"


def _run(results: list[tuple[object, object, Status]]) -> RunResult:
    scenarios = [s for s, _, _ in results]
    return RunResult(pack(*scenarios), "reference", tuple(
        ScenarioResult(s, status, outcome=o, note="" if o is not None else "no seats") for s, o, status in results))


@pytest.fixture
def diff():
    upgrade = scenario(id="upgrade-halfway", title="Upgrade Basic to Pro halfway through April")
    yen = scenario(id="jpy-seats", title="Three <b>seats</b> | in yen")
    dinar = scenario(id="kwd-noon", title="A credit at noon, in dinars")
    same = scenario(id="unchanged", title="Nothing moves")
    absent = scenario(id="seats-elsewhere", title="Not applicable on the head")
    april = invoice("2026-04-01", line("recurring", "basic", "2026-04-01", "2026-05-01", "10.00"))
    base = _run([
        (upgrade, outcome(april, invoice("2026-04-16",
                                         line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
                                         line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"))),
         Status.PASSED),
        (yen, outcome(invoice("2026-04-16", line("proration_charge", "pro-jpy", "2026-04-16", "2026-05-01", "1500",
                                                 quantity=3), currency="JPY")), Status.PASSED),
        (dinar, outcome(credit_note("2026-04-16T12:00", line("proration_credit", "pro-kwd", "2026-04-16T12:00",
                                                             "2026-05-01", "-5.250"), currency="KWD")),
         Status.PASSED),
        (same, outcome(april), Status.PASSED),
        (absent, outcome(april), Status.PASSED),
    ])
    head = _run([
        (upgrade, outcome(april, invoice("2026-04-16",
                                         line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"),
                                         line("proration_charge", "pro", "2026-04-16", "2026-05-01", "17.50")),
                          invoice("2026-05-01", line("recurring", "pro", "2026-05-01", "2026-06-01", "35.00"))),
         Status.FAILED),
        (yen, outcome(invoice("2026-04-16", line("proration_charge", "pro-jpy", "2026-04-16", "2026-05-01", "1750",
                                                 quantity=3), currency="JPY")), Status.FAILED),
        (dinar, outcome(credit_note("2026-04-16T12:00", line("proration_credit", "basic-kwd", "2026-04-16T12:00",
                                                             "2026-05-01", "-6.125"), currency="KWD")),
         Status.FAILED),
        (same, outcome(april), Status.PASSED),
        (absent, None, Status.NOT_APPLICABLE),
        (scenario(id="to-gold", title="Upgrade to Gold"), outcome(april), Status.PASSED),
    ])
    return pricing_diff(base, head, {"to-gold": "events[0].change_plan.to: unknown plan 'gold' | see the catalog"})


def test_money_keeps_minor_units_and_signs() -> None:
    from decimal import Decimal

    assert money(Decimal("1750"), "JPY") == "1750" and money(Decimal("-6.125"), "KWD") == "-6.125"
    assert money(Decimal("2.5"), "USD") == "2.50" and money(None, "USD") == ""
    assert [signed(Decimal(v), "USD") for v in ("2.5", "-1", "0")] == ["+2.50", "-1.00", "+0.00"]


def test_text(diff, snapshot) -> None:
    text = render_text(diff, BASE, HEAD)
    assert text.splitlines()[:2] == [
        "Pricing diff of pack core on backend reference: base main (abc1234) -> head working tree",
        "3 of 4 scenarios compared produce different documents; 1 unchanged. 1 cannot run under the base. "
        "1 not compared.",
    ]
    assert "    proration_charge pro 2026-04-16..2026-05-01: 15.00 -> 17.50 (+2.50)\n" in text
    assert "  invoice 2026-05-01 (added)\n    recurring pro 2026-05-01..2026-06-01: added 35.00 (+35.00)\n" in text
    assert "proration_charge pro-jpy x3 2026-04-16..2026-05-01: 1500 -> 1750 (+250)" in text
    assert "  credit note 2026-04-16 12:00:00\n" in text
    assert "proration_credit pro-kwd 2026-04-16 12:00:00..2026-05-01: removed -5.250 (+5.250)" in text
    assert "proration_credit basic-kwd 2026-04-16 12:00:00..2026-05-01: added -6.125 (-6.125)" in text
    assert "  total billed USD: 20.00 -> 57.50 (+37.50)" in text
    assert "unchanged" not in text.split("Totals")[0].split("\n", 2)[2]  # an unchanged scenario is only counted
    assert "  to-gold: events[0].change_plan.to: unknown plan 'gold'" in text
    assert "  seats-elsewhere: base: ran; head: not_applicable: no seats" in text
    assert "Expectations: 3 head scenarios' written expectations disagree" in text
    assert text == snapshot


def test_totals_are_per_currency(diff) -> None:
    table = render_text(diff, BASE, HEAD).split("Totals by change type (changed scenarios only)\n", 1)[1]
    rows = [row.split() for row in table.splitlines()[2:] if row and not row.startswith("Expectations")]
    assert rows == [["signup", "JPY", "1", "1500", "1750", "+250"],
                    ["signup", "KWD", "1", "-5.250", "-6.125", "-0.875"],
                    ["signup", "USD", "1", "20.00", "57.50", "+37.50"]]


def test_markdown(diff, snapshot) -> None:
    text = render_markdown(diff, BASE, HEAD)
    assert text.startswith("## Pricing diff: `core`\n")
    assert text.index("| change type | currency | scenarios |") < text.index("<details>")
    assert text.count("<details>") == text.count("</details>") == len(diff.changed) == 3
    assert ("<summary><code>jpy-seats</code> (signup): Three &lt;b&gt;seats&lt;/b&gt; | in yen — JPY +250"
            "</summary>\n\n| document |") in text  # a blank line after </summary>, or GitHub shows no table
    assert "| invoice 2026-04-16 | proration_charge pro 2026-04-16..2026-05-01 | 15.00 | 17.50 | +2.50 |" in text
    assert ("| invoice 2026-05-01 (added) | recurring pro 2026-05-01..2026-06-01 (added) | — | 35.00 | +35.00 |"
            in text)
    assert "- `to-gold`: events[0].change_plan.to: unknown plan 'gold' \\| see the catalog" in text
    assert text == snapshot


def test_json(diff, snapshot) -> None:
    data = to_json(diff, BASE, HEAD)
    assert json.loads(json.dumps(data)) == data
    assert data["summary"] == {"compared": 4, "changed": 3, "unchanged": 1, "cannot_run_under_base": 1,
                               "not_compared": 1, "expectations_disagree": 3}
    [upgrade] = [s for s in data["changed"] if s["id"] == "upgrade-halfway"]
    first, added = upgrade["documents"]
    assert first["lines"] == [{"status": "changed", "kind": "proration_charge", "plan": "pro", "quantity": "1",
                               "period": ["2026-04-16T00:00:00+00:00", "2026-05-01T00:00:00+00:00"],
                               "base": "15.00", "head": "17.50", "delta": "+2.50"}]
    assert (added["status"], added["base_total"], added["head_total"]) == ("added", None, "35.00")
    assert data == snapshot


def test_no_changes(diff) -> None:
    quiet = replace(diff, changed=(), totals=(), cannot_run_under_base=(), not_compared=(), expectations_disagree=())
    text = render_text(quiet, BASE, HEAD)
    assert text.splitlines()[1] == "No documents change: all 4 scenarios compared produce the same documents."
    assert "Totals" not in text
    markdown = render_markdown(quiet, BASE, HEAD)
    assert "**No documents change" in markdown and "|" not in markdown and "<details>" not in markdown

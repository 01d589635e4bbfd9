"""render_html and render_pdf: both layouts, one document per page, tables a PDF reader finds."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pdfplumber
import pytest

from harness.model import Outcome
from harness.render.invoice import LAYOUTS, RenderOptionError, render_html, render_pdf
from harness.render.invoice.html import words
from tests.render.invoice.conftest import CORE

HEADERS = {
    "harness": ["Description", "Type", "Plan", "Period", "Qty", "Unit price", "Amount", "Reason"],
    "ledger": ["Amount", "Item", "Service period", "Qty", "Plan", "Kind"],
}
STARTS = {"harness": re.compile(r"^(Invoice|Credit note) \S+$", re.M), "ledger": re.compile(r"^(INVOICE|CREDIT NOTE)$", re.M)}


def test_layouts():
    assert LAYOUTS == ("harness", "ledger")
    with pytest.raises(RenderOptionError, match="unknown invoice layout"):
        render_html(CORE.scenarios[0], Outcome(documents=()), layout="fancy")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("scenario_id", [s.id for s in CORE.scenarios])
def test_every_core_scenario_renders_as_html(core_outcomes, scenario_id, layout):
    scenario, outcome = core_outcomes[scenario_id]
    html = render_html(scenario, outcome, layout=layout)
    assert html.count('<section class="document') == len(outcome.documents)
    for header in HEADERS[layout]:
        assert f">{header}</th>" in html


def test_html_escapes_what_a_backend_wrote(core_outcomes):
    scenario, outcome = core_outcomes["upgrade-halfway"]
    document = outcome.documents[0]
    hostile = replace(document.lines[0], description="<script>alert(1)</script> & co")
    html = render_html(scenario, Outcome(documents=(replace(document, lines=(hostile,)),)))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html


def test_credit_note_html_names_the_invoice_it_adjusts(core_outcomes):
    scenario, outcome = core_outcomes["cancel-immediately-credit-note"]
    assert "Adjusts invoice:</span> <span class=\"value\">INV-0001</span>" in render_html(scenario, outcome)
    assert "Corrects invoice no. INV-0001" in render_html(scenario, outcome, layout="ledger")


def test_cells_wrap_only_at_spaces():
    assert str(words("on Basic (1 x 10.00/month), 16 Apr")) == (
        'on Basic (1 x <span class="nowrap">10.00/month),</span> 16 Apr'
    )
    assert str(words("a/b c-d e")) == '<span class="nowrap">a/b c-d</span> e'  # a run stays in one span
    assert str(words("16.04.2026 to 01.05.2026", " to ")) == (
        '<span class="nowrap">16.04.2026</span> to <span class="nowrap">01.05.2026</span>'
    )


def _pages(pdf: bytes) -> list[tuple[str, list]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
        return [(page.extract_text(), page.extract_tables(settings)) for page in document.pages]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_starts_each_document_on_a_page_and_its_table_is_found(core_outcomes, layout):
    scenario, outcome = core_outcomes["cancel-immediately-credit-note"]  # an invoice and a credit note
    pages = _pages(render_pdf(scenario, outcome, layout=layout))
    starts = [bool(STARTS[layout].search(text)) for text, _ in pages]
    assert starts == [True, True]
    for text, tables in pages:
        assert [HEADERS[layout]] == [table[0] for table in tables if table[0] == HEADERS[layout]]
    first_text, first_tables = pages[0]
    assert "Date: 1 Apr 2026" in first_text if layout == "harness" else "Date: 01.04.2026" in first_text
    rows = [table for table in first_tables if table[0] == HEADERS[layout]][0]
    amount = rows[1][HEADERS[layout].index("Amount")]
    assert amount == ("$36.00" if layout == "harness" else "36,00 $")


def test_a_ledger_document_of_more_than_three_lines_continues_without_a_header(core_outcomes):
    scenario, outcome = core_outcomes["change-anchor-sweeps-waiting-lines"]
    four = outcome.documents[1]
    assert len(four.lines) == 4
    pages = _pages(render_pdf(scenario, Outcome(documents=(four,)), layout="ledger"))
    assert len(pages) == 2
    (first, first_tables), (second, second_tables) = pages
    assert "continued on next page" in first and first_tables[0][0] == HEADERS["ledger"]
    assert len(first_tables[0]) == 4  # the header and three lines
    assert not STARTS["ledger"].search(second) and "Amount Item Service period" not in second
    assert len(second_tables) == 1 and len(second_tables[0]) == 1
    assert second_tables[0][0][0] == "30,00 $" and "TOTAL 34,00 $" in second

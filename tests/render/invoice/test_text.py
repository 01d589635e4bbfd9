"""render_text: the text the golden invoices snapshot."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from harness.model import Document, DocumentKind, Line, LineKind, Outcome, Period
from harness.render.invoice import RenderOptionError, render_text
from tests.render.invoice.conftest import CORE

UTC = timezone.utc


@pytest.mark.parametrize("scenario_id", [s.id for s in CORE.scenarios])
def test_every_core_scenario_renders_within_100_columns(core_outcomes, scenario_id):
    scenario, outcome = core_outcomes[scenario_id]
    text = render_text(scenario, outcome)
    assert text == render_text(scenario, outcome)  # deterministic
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text.count("\nTotal: ") + text.startswith("Total: ") == len(outcome.documents)
    for document in outcome.documents:
        for line in document.lines:
            assert line.description.split()[0] in text


def test_upgrade_document_shows_every_field(core_outcomes):
    text = render_text(*core_outcomes["upgrade-halfway"])
    second = text.split("=" * 80)[1]
    assert "Invoice INV-0002\nDate: 16 Apr 2026\nCurrency: USD\nReason: upgrade (event 1)\n" in second
    assert "Prorated credit  Basic  16 Apr 2026 \u2013 30 Apr 2026" in second
    assert "-$5.00" in second and "$15.00" in second and "Total: $10.00" in second
    assert "Unused time on Basic (1 x 10.00/month), 16 Apr - 30 Apr 2026" in second
    assert "1. -(10.00 x 15/30 days) = -5.00 (half_up), policy.upgrade" in second


def test_credit_note_names_the_invoice_it_adjusts(core_outcomes):
    text = render_text(*core_outcomes["cancel-immediately-credit-note"])
    assert "Credit note CN-0001\n" in text
    assert "Adjusts invoice: INV-0001\n" in text


def _foreign(document: Document) -> Outcome:
    return Outcome(documents=(document,))


def test_a_foreign_backend_document_shows_what_is_there(core_outcomes):
    scenario, _ = core_outcomes["upgrade-halfway"]
    moment = datetime(2026, 4, 16, tzinfo=UTC)
    document = Document(
        kind=DocumentKind.CREDIT_NOTE, date=moment, currency="JPY", number="cn_1",
        lines=(
            Line(LineKind.ADJUSTMENT, Decimal("-466.67"), Period(moment, moment)),  # no plan, quantity, text
            Line(LineKind.PRORATION_CREDIT, Decimal("-1"), Period(moment, moment), plan="gone", quantity=None),
        ),
        stated_total=Decimal("-999"),  # does not add up: shown as stated
    )
    text = render_text(scenario, _foreign(document))
    assert "Adjusts invoice: not stated" in text
    assert "-¥466.67" in text
    assert "16 Apr 2026 00:00 \u2013 16 Apr 2026 00:00" in text
    assert "gone" in text  # a plan id not in the catalog is shown as is
    assert "Total: -¥999" in text
    assert "How these amounts were worked out" not in text


def test_no_documents_and_no_lines():
    scenario = CORE.scenarios[0]
    assert render_text(scenario, Outcome(documents=())) == "No documents issued.\n"
    empty = Document(DocumentKind.INVOICE, datetime(2026, 4, 1, tzinfo=UTC), "USD", ())
    assert "(no lines)" in render_text(scenario, _foreign(empty))


def test_long_descriptions_wrap_under_the_row(core_outcomes):
    scenario, outcome = core_outcomes["upgrade-halfway"]
    document = outcome.documents[1]
    long = replace(document.lines[0], description="word " * 40 + "10.00/month")
    text = render_text(scenario, _foreign(replace(document, lines=(long,))))
    wrapped = [line for line in text.splitlines() if line.startswith("   word")]
    assert len(wrapped) == 3 and all(len(line) <= 100 for line in wrapped)
    assert wrapped[-1].endswith(" 10.00/month")  # never broken inside a word


def test_locale_is_the_callers(core_outcomes):
    scenario, outcome = core_outcomes["currency-eur-upgrade"]
    assert "-7,10 €" in render_text(scenario, outcome, locale="de_DE")
    with pytest.raises(RenderOptionError, match="unknown locale"):
        render_text(scenario, outcome, locale="xx_XX")

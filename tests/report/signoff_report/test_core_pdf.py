"""Done when (issue #6): the PDF sign-off report of scenario_packs/core on the
reference backend, read back with pdfplumber, states the scenario count and
the totals by change type that `reconciliation(run)` computes. The expected
figures are computed here from the run, never written down."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from harness.adapters import get_backend
from harness.cli import prorata
from harness.evidence.reconciliation import reconciliation
from harness.model.money import minor_units, quantize
from harness.packs import load_pack
from harness.runner import run_pack

CORE = Path(__file__).resolve().parents[3] / "scenario_packs" / "core"


@pytest.fixture(scope="module")
def core_pdf(tmp_path_factory) -> tuple[str, int]:  # noqa: ANN001
    """(the PDF's text, its page count), produced by the command a person runs."""
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(prorata, ["report", str(CORE), "--backend", "reference", "--format", "pdf",
                                          "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out / "core.pdf") as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), len(pdf.pages)


@pytest.fixture(scope="module")
def run():  # noqa: ANN201
    return run_pack(load_pack(CORE), get_backend("reference", {}))


def _amount(value: Decimal, currency: str) -> str:
    return format(quantize(value, minor_units(currency)), "f")


def _delta(value: Decimal, currency: str) -> str:
    return ("+" if value > 0 else "") + _amount(value, currency)


def test_the_scenario_count_is_the_runs(core_pdf, run) -> None:
    text, _ = core_pdf
    counts = run.summary
    match = re.search(r"Scenarios (\d+) in the pack: (\d+) passed, (\d+) known deviations, (\d+) failed, "
                      r"(\d+) errors, (\d+) not applicable", text)
    assert match, "the cover's scenario line is missing"
    assert [int(n) for n in match.groups()] == [len(run.results), counts["passed"], counts["deviations"],
                                                counts["failed"], counts["errors"], counts["not_applicable"]]
    for result in run.results:  # every scenario has its own section
        assert result.id in text


def test_the_totals_by_change_type_are_reconciliations(core_pdf, run) -> None:
    text, _ = core_pdf
    section = text[text.index("1. Reconciliation by change type"):text.index("2. Decision matrix")]
    rows = reconciliation(run)
    assert rows
    for currency in sorted({row.currency for row in rows}):
        block = section[section.index(f"\n{currency}\n"):]
        lines = block.splitlines()
        for row in (row for row in rows if row.currency == currency):
            s = row.statuses
            expected_line = " ".join([
                row.change_type, str(row.scenarios), str(row.ran), str(s["passed"]), str(s["deviations"]),
                str(s["failed"]), str(s["errors"]), str(s["not_applicable"]),
                _amount(row.expected, currency), _amount(row.billed, currency), _delta(row.delta, currency)])
            assert expected_line in lines, f"{currency} {row.change_type}: {expected_line!r} not in the PDF"
        mine = [row for row in rows if row.currency == currency]
        total = " ".join(["all types", str(sum(r.scenarios for r in mine)), str(sum(r.ran for r in mine))])
        assert any(line.startswith(total) and line.endswith(" ".join([
            _amount(sum((r.expected for r in mine), Decimal(0)), currency),
            _amount(sum((r.billed for r in mine), Decimal(0)), currency),
            _delta(sum((r.delta for r in mine), Decimal(0)), currency)])) for line in lines)


def test_the_pdf_stays_modest(core_pdf, run) -> None:
    _, pages = core_pdf
    assert pages < 2 * len(run.results)  # an invoice and its comparison, not a page per line

"""The pdf backend's options, where it looks for each scenario's PDFs, and
how a PDF that does not read becomes that scenario's error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from harness.adapters import BackendOptionError, NotApplicable, backend_class
from harness.adapters.pdf import PdfBackend, ProfileError
from harness.cli import prorata
from harness.model import DocumentKind
from harness.runner import run_scenario
from harness.runner.results import Status
from tests.adapters.pdf.conftest import document


def test_registered_under_its_name():
    assert backend_class("pdf") is PdfBackend


def test_dir_is_required(tmp_path):
    with pytest.raises(BackendOptionError, match="needs the folder of PDFs to read: --backend-option dir=FOLDER"):
        PdfBackend()
    with pytest.raises(BackendOptionError, match=rf"{tmp_path / 'nope'} is not a folder"):
        PdfBackend(dir=str(tmp_path / "nope"))


def test_unknown_option_and_profile(tmp_path):
    with pytest.raises(BackendOptionError, match="no option 'layout'"):
        PdfBackend(dir=str(tmp_path), layout="ledger")
    with pytest.raises(ProfileError, match="no shipped profile 'acme'"):
        PdfBackend(dir=str(tmp_path), profile="acme")
    assert PdfBackend(dir=str(tmp_path)).profile.name == "harness"
    assert PdfBackend(dir=str(tmp_path), profile="ledger").profile.name == "ledger"


def test_each_vendor_can_have_its_own_ledger(tmp_path):
    assert PdfBackend(dir=str(tmp_path)).ledger_name == "pdf"
    assert PdfBackend(dir=str(tmp_path), name="acme").ledger_name == "acme"


def test_no_pdf_is_not_applicable(tmp_path, scenario):
    with pytest.raises(NotApplicable) as error:
        PdfBackend(dir=str(tmp_path)).run(scenario)
    assert str(error.value) == (
        f"no PDF for upgrade-halfway in {tmp_path} (looked for {tmp_path}/upgrade-halfway.pdf "
        f"and {tmp_path}/upgrade-halfway/*.pdf)"
    )


def test_the_file_then_the_folder_in_name_order(tmp_path, scenario, write_pdf):
    first, second, third = (document(f"INV-000{n}", 1) for n in (1, 2, 3))
    write_pdf([first], "ledger", "upgrade-halfway.pdf")
    write_pdf([third], "ledger", "upgrade-halfway/b.pdf")
    write_pdf([second], "ledger", "upgrade-halfway/a.pdf")
    (tmp_path / "upgrade-halfway" / "notes.txt").write_text("not a PDF")
    outcome = PdfBackend(dir=str(tmp_path), profile="ledger").run(scenario)
    assert outcome.documents == (first, second, third)


def test_a_pdf_that_does_not_read_is_that_scenarios_error(tmp_path, scenario):
    (tmp_path / "upgrade-halfway.pdf").write_bytes(b"not a PDF at all")
    result = run_scenario(scenario, PdfBackend(dir=str(tmp_path)))
    assert result.status is Status.ERROR
    assert f"PdfReadError: {tmp_path}/upgrade-halfway.pdf: not a readable PDF" in result.error


def test_cli_refuses_a_missing_folder_and_a_broken_profile(tmp_path):
    runner = CliRunner()
    result = runner.invoke(prorata, ["run", "scenario_packs/core", "--backend", "pdf"])
    assert result.exit_code == 2 and "--backend-option dir=FOLDER" in result.output
    profile = tmp_path / "vendor.yaml"
    profile.write_text("name: vendor\ntable: {}\n")
    result = runner.invoke(prorata, ["run", "scenario_packs/core", "--backend", "pdf", "--backend-option",
                                     f"dir={tmp_path}", "--backend-option", f"profile={profile}"])
    assert result.exit_code == 2
    assert f"{profile}:2: table.columns: missing; add it" in result.output
    assert "Traceback" not in result.output


def test_credit_notes_keep_the_invoice_they_adjust(tmp_path, scenario, write_pdf):
    note = document("CN-0001", 1, kind=DocumentKind.CREDIT_NOTE, adjusts="INV-0001")
    write_pdf([note], "harness", "upgrade-halfway.pdf")
    assert PdfBackend(dir=str(tmp_path)).run(scenario).documents == (note,)

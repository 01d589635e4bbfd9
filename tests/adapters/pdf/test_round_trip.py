"""The round trip: every document the reference engine issues for the core
pack, rendered to PDF by the harness in each layout and read back by the pdf
backend with the matching profile, equals the original exactly (kind, number,
date, currency, reason, adjusts, printed total, every line's kind, amount,
period, plan, quantity and description).

The PDFs are rendered once per session, two processes at a time (WeasyPrint
is CPU-bound); `prorata run --backend pdf` then reads the same folder."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.adapters.pdf import PdfBackend
from harness.adapters.reference import ReferenceBackend
from harness.cli import prorata
from harness.packs import load_pack
from harness.render.invoice import LAYOUTS, render_pdf
from tests.adapters.pdf.conftest import CORE

SCENARIOS = [scenario.id for scenario in load_pack(CORE).scenarios]


def _render(job: tuple[str, str, str]) -> None:
    """One scenario's reference documents as one PDF (runs in a worker process)."""
    folder, layout, scenario_id = job
    scenario = load_pack(CORE).scenario(scenario_id)
    Path(folder, f"{scenario_id}.pdf").write_bytes(render_pdf(scenario, ReferenceBackend().run(scenario), layout=layout))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """layout -> a folder holding `<scenario-id>.pdf` for every core scenario."""
    folders = {layout: tmp_path_factory.mktemp(f"pdf-{layout}") for layout in LAYOUTS}
    jobs = [(str(folder), layout, scenario_id) for layout, folder in folders.items() for scenario_id in SCENARIOS]
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_render, jobs, chunksize=8))
    return folders


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_document_reads_back_exactly(rendered, core, layout, scenario_id):
    scenario = core.scenario(scenario_id)
    original = ReferenceBackend().run(scenario).documents
    read = PdfBackend(dir=str(rendered[layout]), profile=layout).run(scenario).documents
    assert list(read) == [replace(document, stated_total=document.total) for document in original]


def test_prorata_run_on_the_pdfs_passes_what_the_reference_passes(rendered):
    runner = CliRunner()
    reference = runner.invoke(prorata, ["run", CORE, "--format", "json"])
    pdf = runner.invoke(prorata, ["run", CORE, "--format", "json", "--backend", "pdf",
                                  "--backend-option", f"dir={rendered['harness']}"])
    statuses = {
        name: {result["id"]: result["status"] for result in json.loads(run.stdout)["scenarios"]}
        for name, run in (("reference", reference), ("pdf", pdf))
    }
    passed = {scenario for scenario, status in statuses["reference"].items() if status == "passed"}
    assert len(passed) == len(SCENARIOS)
    assert {scenario: statuses["pdf"][scenario] for scenario in passed} == dict.fromkeys(passed, "passed")
    assert pdf.exit_code == 0

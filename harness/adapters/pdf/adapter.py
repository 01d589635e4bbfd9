"""`--backend pdf`: the invoices a vendor actually sent, read back from PDFs.

Finance drops the PDFs of each scenario in a folder (`<id>.pdf`, or several
in `<id>/`) and runs the pack against them: the documents read through a
layout profile are compared like any backend's, so a vendor's PDF that bills
the wrong amount, period or plan shows up as a difference of that scenario.
The backend issues nothing itself; it only reads (docs/backends/pdf.md)."""

from __future__ import annotations

from pathlib import Path

from harness.adapters.base import Adapter, Availability, BackendOptionError
from harness.adapters.errors import NotApplicable
from harness.adapters.pdf.profile import load_profile
from harness.adapters.pdf.read import PdfReader
from harness.adapters.pdf.values import Values
from harness.model import Outcome, Scenario


class PdfBackend(Adapter):
    name = "pdf"
    extra = "pdf"
    description = "invoice PDFs in a folder (one <scenario-id>.pdf or <scenario-id>/ per scenario), read with pdfplumber"
    options = {
        "dir": "the folder holding <scenario-id>.pdf and/or <scenario-id>/*.pdf (required)",
        "profile": "the layout profile: harness (default), ledger, or a path to a profile .yaml (docs/pdf-profiles.md)",
        "name": "the name of this vendor's deviations ledger (deviations/NAME.yaml; default: pdf)",
    }
    parallel_safe = True

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        folder = options.get("dir", "")
        if not folder:
            raise BackendOptionError(
                "backend 'pdf' needs the folder of PDFs to read: --backend-option dir=FOLDER"
            )
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise BackendOptionError(
                f"backend 'pdf': {folder} is not a folder; point dir= at the folder holding the scenarios' PDFs"
            )
        self.profile = load_profile(options.get("profile") or "harness")
        self._ledger_name = options.get("name") or self.name

    @property
    def ledger_name(self) -> str:
        """`name=acme` keeps each vendor's recorded deviations apart (`deviations/acme.yaml`)."""
        return self._ledger_name

    @classmethod
    def availability(cls) -> Availability:
        return Availability(installed=True, reachable=True, detail="reads PDFs from the folder given by dir=")

    def files(self, scenario_id: str) -> list[Path]:
        """`<id>.pdf` first, then `<id>/*.pdf` by name."""
        single = self.folder / f"{scenario_id}.pdf"
        subfolder = self.folder / scenario_id
        found = [single] if single.is_file() else []
        if subfolder.is_dir():
            found += sorted(path for path in subfolder.iterdir() if path.suffix.lower() == ".pdf" and path.is_file())
        return found

    def run(self, scenario: Scenario) -> Outcome:
        files = self.files(scenario.id)
        if not files:
            raise NotApplicable(
                f"no PDF for {scenario.id} in {self.folder} "
                f"(looked for {self.folder / scenario.id}.pdf and {self.folder / scenario.id}/*.pdf)"
            )
        pack = scenario.pack
        reader = PdfReader(self.profile, Values(self.profile, pack.timezone, pack.catalog))
        return Outcome(tuple(document for path in files for document in reader.read(path)))

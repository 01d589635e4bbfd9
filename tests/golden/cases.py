"""The golden cases of the suite: (backend, scenario) for the core pack on
every backend that runs here without credentials, listed at collection time
from each backend's declared capabilities (nothing is started to list them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.adapters import get_backend
from harness.golden import applicable, golden_path
from harness.model import Scenario
from harness.packs import load_pack

REPO = Path(__file__).resolve().parents[2]
ROOT = REPO / "golden_invoices"
CORE = load_pack(REPO / "scenario_packs" / "core")
SILVER_VENV = REPO / ".prorata" / "venvs" / "silver"

#: backend name -> its options in the suite (silver runs in the venv the session provisions)
BACKENDS: dict[str, dict[str, str]] = {
    "reference": {},
    "localstripe": {},
    "silver": {"venv": str(SILVER_VENV)},
    "larz": {},
}


@dataclass(frozen=True)
class GoldenCase:
    backend: str
    scenario: Scenario

    @property
    def path(self) -> Path:
        """Read by harness.golden.syrupy_extension: where this case's golden lives."""
        return golden_path(ROOT, self.backend, CORE.name, self.scenario.id)

    def __str__(self) -> str:
        return f"{self.backend}/{self.scenario.id}"


CASES = tuple(
    GoldenCase(name, scenario)
    for name, options in BACKENDS.items()
    for scenario in applicable(CORE, get_backend(name, options))
)

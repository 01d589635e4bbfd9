"""One localstripe server for the whole test session, started and stopped by the adapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters.localstripe import LocalstripeBackend
from harness.packs import load_pack

CORE = Path(__file__).resolve().parents[3] / "scenario_packs" / "core"


@pytest.fixture(scope="session")
def localstripe():
    with LocalstripeBackend() as backend:
        yield backend


@pytest.fixture(scope="session")
def core_pack():
    return load_pack(CORE)

"""Fixtures of the contract tests (helpers.py has the plain functions)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from harness.model import Pack
from harness.packs import load_pack

from .helpers import EXAMPLE, FAKE, ROOT


@pytest.fixture(scope="session")
def core() -> Pack:
    return load_pack(ROOT / "scenario_packs" / "core")


@pytest.fixture
def fake(tmp_path):
    """fake({"scenario-id": "crash", "default": "empty"}) -> a command string."""
    script = tmp_path / "fake_backend.py"
    script.write_text(FAKE)

    def command(plan: dict[str, str]) -> str:
        return f"{sys.executable} {script} '{json.dumps(plan)}'"

    return command


@pytest.fixture
def served_example():
    """The example backend in its HTTP mode on a free port of 127.0.0.1:
    yields its URL; stopped afterwards, whatever happened."""
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLE), "--serve", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:"), first
        yield first.removeprefix("listening on ")
    finally:
        process.kill()
        process.wait()
        process.stdout.close()

"""The silver environment for the suite: provisioned here when it is missing.

django-silver cannot live in the harness's environment (it pins
cryptography<3.4), so the session installs it into the repository's
`.prorata/venvs/silver` (git-ignored) with the same function
`prorata backends install silver` uses; the first time that takes ~45 s
(pip + the one migration), afterwards about a second."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters.silver import SilverBackend, install
from harness.adapters.silver.environment import Environment

REPO = Path(__file__).resolve().parents[3]
VENV = REPO / ".prorata" / "venvs" / "silver"


@pytest.fixture(scope="session")
def silver_env() -> Environment:
    return install(venv=VENV, echo=lambda text: None)


@pytest.fixture(scope="session")
def silver(silver_env):
    """One started backend for the session's scenario runs (the worker starts in ~1.5 s)."""
    with SilverBackend(venv=str(VENV)) as backend:
        yield backend

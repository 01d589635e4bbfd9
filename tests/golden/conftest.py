"""Backends for the golden suite, each started on first use and stopped at
the end of the session (silver's venv is provisioned first, as in
tests/adapters/silver: ~45 s the first time, about a second afterwards)."""

from __future__ import annotations

import contextlib

import pytest

from harness.adapters import get_backend
from harness.golden.syrupy_extension import GoldenInvoiceExtension
from tests.golden.cases import BACKENDS, SILVER_VENV


@pytest.fixture(scope="session")
def started():
    """`started(name)` -> the running backend of that name, one per session."""
    with contextlib.ExitStack() as stack:
        running = {}

        def get(name: str):
            if name not in running:
                if name == "silver":
                    from harness.adapters.silver import install

                    install(venv=SILVER_VENV, echo=lambda text: None)
                running[name] = stack.enter_context(get_backend(name, BACKENDS[name]))
            return running[name]

        yield get


@pytest.fixture
def golden(snapshot):
    return snapshot.use_extension(GoldenInvoiceExtension)

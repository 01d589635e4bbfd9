"""Runs of small packs (tests/cli/packs.py) and their sign-off reports, with a
fixed run time and pack hash so the output is stable."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from harness.adapters import get_backend
from harness.packs import load_pack
from harness.report.signoff_report import build_report, environment_of
from harness.runner import run_pack
from tests.cli.packs import PASSING, SEATS, WRONG, write_pack

RUN_AT = datetime(2026, 5, 1, 9, 30, tzinfo=timezone.utc)


def report_of(folder: Path, *, invoices: bool = True, charts: bool = True):  # noqa: ANN201 - SignoffReport
    run = run_pack(load_pack(folder), get_backend("reference", {}))
    environment = environment_of(run, run_at=RUN_AT, backend_version="proration-harness 0.1.0",
                                 pack_hash="sha256:fixed")
    return build_report(run, environment, invoices=invoices, charts=charts)


@pytest.fixture(scope="package")
def good_report(tmp_path_factory):  # noqa: ANN001, ANN201
    return report_of(write_pack(tmp_path_factory.mktemp("packs"), "demo", {**PASSING, "seats-thirty-day": SEATS}))


@pytest.fixture(scope="package")
def failing_report(tmp_path_factory):  # noqa: ANN001, ANN201
    return report_of(write_pack(tmp_path_factory.mktemp("packs"), "mixed", {**PASSING, "upgrade-wrong": WRONG}))

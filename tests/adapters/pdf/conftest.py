"""The core pack, PDFs rendered by the harness's own renderer, and small
documents to render, shared by the pdf backend's tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from harness.adapters.pdf import PdfReader, load_profile
from harness.adapters.pdf.values import Values
from harness.model import Document, DocumentKind, Line, LineKind, Outcome, Period
from harness.packs import load_pack
from harness.render.invoice import render_pdf

CORE = "scenario_packs/core"
UTC = ZoneInfo("UTC")


@pytest.fixture(scope="session")
def core():
    return load_pack(CORE)


@pytest.fixture(scope="session")
def scenario(core):
    """Any core scenario: it brings the catalog, the timezone (UTC) and a title."""
    return core.scenario("upgrade-halfway")


@pytest.fixture
def write_pdf(scenario, tmp_path):
    """`write_pdf(documents, layout)` -> the path of their PDF, rendered by the harness."""

    def write(documents, layout: str, name: str = "out.pdf") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_pdf(scenario, Outcome(tuple(documents)), layout=layout))
        return path

    return write


@pytest.fixture
def read_pdf(scenario):
    """`read_pdf(path, profile)` -> the documents the reader finds."""

    def read(path: Path, profile: str):
        loaded = load_profile(profile)
        meta = scenario.pack
        return PdfReader(loaded, Values(loaded, meta.timezone, meta.catalog)).read(path)

    return read


def day(month: int, day_: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day_, hour, minute, tzinfo=UTC)


def document(number: str, lines: int, *, kind: DocumentKind = DocumentKind.INVOICE, adjusts: str = "",
             plan: str = "seat") -> Document:
    """A document of `lines` lines with long descriptions that wrap, one
    period ending at a time of day, charges and credits; stated total set,
    as the reader returns it."""
    made = []
    for n in range(lines):
        credit = n % 2 == 1
        made.append(Line(
            LineKind.PRORATION_CREDIT if credit else LineKind.PRORATION_CHARGE,
            Decimal("-5.00") if credit else Decimal("1234.56"),
            Period(day(4, 16, 12, 30), day(5, 1)) if n == 2 else Period(day(4, 16), day(5, 1)),
            "basic" if credit else plan,
            Decimal(n + 1),
            f"Line {n + 1}: {'Unused' if credit else 'Remaining'} time on a plan with a rather long name "
            "that wraps over several lines, 16 Apr - 30 Apr 2026",
        ))
    total = sum((line.amount for line in made), Decimal(0))
    return Document(kind, day(4, 16), "USD", tuple(made), number=number, reason="upgrade (event 1)",
                    stated_total=total, adjusts=adjusts)

"""A small pack (two scenarios, run on the reference backend) and sign-off
entries made from its real fingerprint and results, so the log under test
holds what `prorata signoff` writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters import get_backend
from harness.evidence import results_digest
from harness.packs import load_pack
from harness.packs.fingerprint import fingerprint
from harness.runner import run_pack
from tests.cli.packs import write_pack


def signoff_fields(pack_dir: Path, *, name: str = "Ada Lovelace", email: str = "ada@example.com",
                   role: str = "finance", decision: str = "approve", backend: str = "reference",
                   time: str = "2026-05-01T09:30:00Z", note: str = "") -> dict:
    pack = load_pack(pack_dir)
    run = run_pack(pack, get_backend("reference", {}))
    signed, results = fingerprint(pack_dir), results_digest(run)
    return {
        "pack": pack.name, "pack_dir": pack_dir.name, "pack_hash": signed.digest, "pack_parts": dict(signed.parts),
        "results_hash": results.digest, "results": dict(results.scenarios), "backend": backend,
        "backend_version": "proration-harness 0.1.0", "harness_version": "0.1.0", "time": time,
        "signer": {"name": name, "email": email}, "role": role, "decision": decision, "note": note,
        "summary": run.summary,
    }


@pytest.fixture
def small_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path, "demo")


@pytest.fixture
def fields(small_pack: Path) -> dict:
    return signoff_fields(small_pack, note="Q2 launch: prices checked")

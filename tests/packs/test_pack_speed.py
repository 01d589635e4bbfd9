"""Loading scales linearly: a pack of many small files loads in well under a
millisecond per file (10,000 files take seconds; here 1,000, with room for a
busy CI machine)."""

from __future__ import annotations

import time

from harness.packs import load_pack
from tests.packs.support import scenario, write_pack


def test_a_thousand_scenarios_load_quickly(tmp_path):
    files = {f"group{i % 10}/s{i:04}.yaml": scenario(f"s{i:04}") for i in range(1000)}
    root = write_pack(tmp_path / "big", files)
    started = time.perf_counter()
    pack = load_pack(root, check=False)
    elapsed = time.perf_counter() - started
    assert len(pack.scenarios) == 1000
    assert elapsed < 8.0, f"1000 scenarios took {elapsed:.1f}s"

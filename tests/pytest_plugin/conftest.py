"""Three small packs in pytester's folder: one passing, one with a failing
scenario, one that does not load."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.packs import BAD, PASSING, SEATS, WRONG, write_pack


@pytest.fixture
def packs(pytester: pytest.Pytester) -> Path:
    root = pytester.path
    write_pack(root, "demo", {**PASSING, "seats-thirty-day": SEATS})
    write_pack(root, "mixed", {"upgrade-halfway": PASSING["upgrade-halfway"], "upgrade-wrong": WRONG})
    write_pack(root, "broken", {"upgrade-typo": BAD})
    return root

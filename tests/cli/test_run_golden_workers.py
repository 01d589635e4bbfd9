"""`prorata run --golden --workers 2` renders each golden in the worker that
ran its scenario: the report and the golden verdict are those of a serial run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE_PACK = ROOT / "scenario_packs" / "core"


@pytest.mark.parametrize("pure", [True, False], ids=["processes", "threads"])
def test_golden_with_workers_gives_the_serial_report_and_verdict(cli, monkeypatch: pytest.MonkeyPatch, pure: bool
                                                                 ) -> None:
    from harness.adapters import ReferenceBackend

    monkeypatch.setattr(ReferenceBackend, "pure", pure, raising=False)
    serial = cli("run", CORE_PACK, "--golden", "--format", "json")
    parallel = cli("run", CORE_PACK, "--golden", "--workers", "2", "--format", "json")
    assert serial.exit_code == 0, serial.stderr
    assert parallel.exit_code == serial.exit_code
    assert json.loads(serial.stdout)["scenarios"]
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert "goldens, all equal" in serial.stderr


def test_golden_with_workers_reports_a_changed_golden_as_a_serial_run_does(cli, tmp_path: Path) -> None:
    goldens = tmp_path / "goldens"
    assert cli("golden", "update", CORE_PACK, "--golden-dir", goldens).exit_code == 0
    changed = sorted((goldens / "reference" / "core").glob("*.txt"))[0]
    changed.write_text(changed.read_text() + "an edit\n")
    serial = cli("run", CORE_PACK, "--golden", "--golden-dir", goldens, "--format", "json")
    parallel = cli("run", CORE_PACK, "--golden", "--golden-dir", goldens, "--workers", "2", "--format", "json")
    assert serial.exit_code == parallel.exit_code == 1
    assert f" differs  goldens/reference/core/{changed.name}" in parallel.stderr
    assert parallel.stderr == serial.stderr
    assert parallel.stdout == serial.stdout

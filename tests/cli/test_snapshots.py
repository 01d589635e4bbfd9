"""Golden output of the CLI (syrupy): what people read must not drift unnoticed.

Packs are written to tmp_path and named by relative paths from there; any
absolute temp path left in the output is replaced by <tmp>. Update with
`pytest tests/cli --snapshot-update` after a deliberate change."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.packs import BAD, PASSING, SEATS, WRONG, write_pack


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_pack(tmp_path, "demo", {**PASSING, "seats-thirty-day": SEATS, "upgrade-wrong": WRONG})
    write_pack(tmp_path, "broken", {"upgrade-typo": BAD})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def normalise(text: str, tmp_path: Path) -> str:
    return text.replace(str(tmp_path.resolve()), "<tmp>").replace(str(tmp_path), "<tmp>")


def test_run_table(cli, packs: Path, snapshot) -> None:
    result = cli("run", "demo")
    assert result.exit_code == 1
    assert normalise(result.stdout, packs) == snapshot


def test_explain_upgrade(cli, packs: Path, snapshot) -> None:
    result = cli("explain", "demo", "upgrade-halfway")
    assert result.exit_code == 0
    assert normalise(result.stdout, packs) == snapshot


def test_explain_seats_and_usage(cli, packs: Path, snapshot) -> None:
    result = cli("explain", "demo", "seats-thirty-day")
    assert result.exit_code == 0
    assert normalise(result.stdout, packs) == snapshot


def test_explain_with_differences(cli, packs: Path, snapshot) -> None:
    result = cli("explain", "demo", "upgrade-wrong")
    assert normalise(result.stdout, packs) == snapshot


def test_validate(cli, packs: Path, snapshot) -> None:
    result = cli("validate", "demo", "broken")
    assert result.exit_code == 2
    assert normalise(result.stdout, packs) == snapshot(name="stdout")
    assert normalise(result.stderr, packs) == snapshot(name="stderr")


def test_bad_input_message(cli, packs: Path, snapshot) -> None:
    result = cli("run", "demo", "broken")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert normalise(result.stderr, packs) == snapshot


def test_unknown_scenario_message(cli, packs: Path, snapshot) -> None:
    result = cli("explain", "demo", "upgrade-half")
    assert result.exit_code == 2
    assert normalise(result.stderr, packs) == snapshot

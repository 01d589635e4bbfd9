"""The generator: a realistic export that reconciles exactly until errors are
injected, and every injected error is found (and nothing else)."""

from __future__ import annotations

from collections import Counter

import pytest

from harness.packs import load_pack
from harness.reconcile import load_mapping, reconcile
from harness.reconcile.synthetic import ERROR_KINDS, generate, main, read_injected
from tests.reconcile.exports import CORE


@pytest.fixture(scope="module")
def core():
    return load_pack(CORE)


@pytest.fixture(scope="module")
def export(core, tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    counts = generate(folder, core, lines=5000, seed=7, errors=15)
    return folder, counts


def test_every_injected_error_is_found_and_nothing_else(core, export):
    folder, counts = export
    assert counts["injected"] == 15 and abs(counts["lines"] - 5000) < 250
    injected = read_injected(folder / "injected.csv")
    assert Counter(i.error for i in injected) == {kind: 3 for kind in ERROR_KINDS}
    result = reconcile(core, folder / "events.csv", folder / "lines.csv", load_mapping("harness"), top=100)
    assert set(result.discrepant_ids) == {i.subscription for i in injected}
    assert not result.not_replayed
    assert {d.subscription for d in result.largest} == {i.subscription for i in injected}


def test_the_fleet_has_a_realistic_mix_of_change_types_and_currencies(core, export):
    folder, _ = export
    result = reconcile(core, folder / "events.csv", folder / "lines.csv", load_mapping("harness"))
    kinds = {row.change_type for row in result.rows}
    assert {"signup", "upgrade", "downgrade", "seats", "cancellation"} <= kinds
    assert {row.currency for row in result.rows} >= {"USD", "EUR", "JPY"}
    assert result.timelines < result.subscriptions  # identical timelines share one engine run


def test_without_errors_the_export_reconciles_exactly(core, tmp_path):
    generate(tmp_path, core, lines=800, seed=2, errors=0)
    result = reconcile(core, tmp_path / "events.csv", tmp_path / "lines.csv", load_mapping("harness"))
    assert result.reconciled and sum(row.posted_lines for row in result.rows) == result.posted_lines


def test_same_seed_same_files_from_the_command_line(tmp_path, capsys):
    for name in ("a", "b"):
        assert main([str(tmp_path / name), "--lines", "600", "--seed", "5", "--errors", "5"]) == 0
    assert "injected errors" in capsys.readouterr().out
    for file in ("events.csv", "lines.csv", "injected.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()

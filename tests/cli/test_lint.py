"""`prorata lint`, and the lint's part in `prorata run` (`--no-lint`) and
`prorata ledger update` (pins under `lint:`)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from harness import engine
from harness.packs import ledger_path, load_ledger

VAGUE = "upgrade-halfway"
FINDING = 'proration-period: invoice 2 line 1 "Unused time" does not say which dates it covers'


def vague(scenario):
    """The reference outcome, with the first line of the upgrade's invoice described as just "Unused time"."""
    outcome = engine.run(scenario)
    if scenario.id != VAGUE:
        return outcome
    first, second, *rest = outcome.documents
    lines = (dataclasses.replace(second.lines[0], description="Unused time"), *second.lines[1:])
    return dataclasses.replace(outcome, documents=(first, dataclasses.replace(second, lines=lines), *rest))


@pytest.fixture
def vendor(fake_backend):
    return fake_backend(vague)


def test_the_reference_backend_lints_clean(cli, good_pack: Path) -> None:
    result = cli("lint", good_pack)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("0 findings (0 not pinned")


def test_a_finding_not_pinned_exits_1_and_is_marked_new(cli, good_pack: Path, vendor) -> None:
    result = cli("lint", good_pack, "--backend", "fake")
    assert result.exit_code == 1
    assert f"demo/{VAGUE}\n  NEW    {FINDING}\n" in result.stdout
    assert "by rule: proration-period 1, proration-subject 1" in result.stdout


def test_json_lists_every_scenario_and_each_finding(cli, good_pack: Path, vendor) -> None:
    report = json.loads(cli("lint", good_pack, "--backend", "fake", "--format", "json").stdout)
    assert report["summary"]["new"] == 2 and report["summary"]["clean"] == 2
    scenario = next(s for s in report["scenarios"] if s["id"] == VAGUE)
    assert scenario["status"] == "findings"
    assert scenario["findings"][0] == {"rule": "proration-period", "document": "invoice 2", "line": 1,
                                       "message": FINDING, "pinned": False}


def test_run_fails_on_a_finding_with_a_readable_first_difference(cli, good_pack: Path, vendor) -> None:
    result = cli("run", good_pack, "--backend", "fake")
    assert result.exit_code == 1
    assert f"lint {FINDING}" in result.stdout
    assert cli("run", good_pack, "--backend", "fake", "--no-lint").exit_code == 0


def test_ledger_update_pins_findings_then_lint_and_run_accept_them(cli, good_pack: Path, vendor) -> None:
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0
    entry = load_ledger(good_pack, "demo", "fake").entry(VAGUE)
    assert entry.differences == () and entry.lint[0] == FINDING
    assert "lint:" in ledger_path(good_pack, "fake").read_text()
    linted = cli("lint", good_pack, "--backend", "fake")
    assert linted.exit_code == 0 and f"  pinned {FINDING}" in linted.stdout
    run = cli("run", good_pack, "--backend", "fake")
    assert run.exit_code == 0 and "deviation" in run.stdout
    # with the lint off, an entry that pins only lint findings judges nothing
    assert cli("run", good_pack, "--backend", "fake", "--no-lint").exit_code == 0


def test_a_pin_no_longer_observed_is_reported(cli, good_pack: Path, vendor, fake_backend) -> None:
    cli("ledger", "update", good_pack, "--backend", "fake")
    fake_backend(engine.run)  # the vendor fixed its wording
    linted = cli("lint", good_pack, "--backend", "fake")
    assert f"  GONE   {FINDING} (pinned in the ledger, no longer observed)" in linted.stdout
    assert "no longer observed" in linted.stderr
    run = cli("run", good_pack, "--backend", "fake")
    assert run.exit_code == 1 and "recorded deviation no longer observed" in run.stdout


def test_bad_input_is_exit_2(cli, good_pack: Path) -> None:
    assert cli("lint", good_pack, "--backend", "nope").exit_code == 2
    assert cli("lint", good_pack, "-k", "nothing-matches").exit_code == 2

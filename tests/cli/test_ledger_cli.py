"""`prorata ledger update`, and `prorata run` applying the ledger it writes."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from harness import engine
from harness.model import DRAFT
from harness.packs import dump_ledger, ledger_path, load_ledger

CHANGED = "upgrade-halfway"
# the reference charges 15.00 for Pro on Apr 16; the fake backend charges 15.50
CHARGE = "invoice of 2026-04-16: expected proration_charge pro 15.00, got 15.50"
TOTAL = "invoice of 2026-04-16: expected total 10.00, got 10.50"


def cent_off(scenario):
    """The reference outcome, with the Pro proration charge of one scenario raised by 0.50."""
    outcome = engine.run(scenario)
    if scenario.id != CHANGED:
        return outcome
    documents = []
    for document in outcome.documents:
        lines = tuple(
            dataclasses.replace(line, amount=line.amount + Decimal("0.50"))
            if line.kind.value == "proration_charge" and line.plan == "pro" else line
            for line in document.lines
        )
        documents.append(dataclasses.replace(document, lines=lines))
    return dataclasses.replace(outcome, documents=tuple(documents))


@pytest.fixture
def vendor(fake_backend):
    return fake_backend(cent_off)


def statuses(result) -> dict[str, str]:
    return {s["id"]: s["status"] for s in json.loads(result.stdout)["scenarios"]}


def test_without_a_ledger_the_changed_scenario_fails(cli, good_pack: Path, vendor) -> None:
    result = cli("run", good_pack, "--backend", "fake", "--format", "json")
    assert result.exit_code == 1
    assert statuses(result)[CHANGED] == "failed"


def test_update_writes_the_ledger_with_draft_findings(cli, good_pack: Path, vendor) -> None:
    result = cli("ledger", "update", good_pack, "--backend", "fake")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["added", CHANGED]
    path = ledger_path(good_pack, "fake")
    assert path.is_file()
    assert str(path) in result.stderr and "wrote" in result.stderr
    assert "DRAFT" in result.stderr

    ledger = load_ledger(good_pack, "demo", "fake")
    (entry,) = ledger.deviations
    assert entry.scenario == CHANGED
    assert entry.finding.startswith(DRAFT)
    assert entry.first_seen == date.today()
    assert entry.differences == (CHARGE, TOTAL)
    assert path.read_text().startswith("# Where the fake backend departs from the demo pack's policy.")


def test_dry_run_writes_nothing_but_says_what_would_change(cli, good_pack: Path, vendor) -> None:
    result = cli("ledger", "update", good_pack, "--backend", "fake", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["added", CHANGED]
    assert "would write" in result.stderr
    assert not ledger_path(good_pack, "fake").exists()
    assert not (good_pack / "deviations").exists()


def test_after_the_update_run_passes_and_reports_the_deviation(cli, good_pack: Path, vendor) -> None:
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0
    table = cli("run", good_pack, "--backend", "fake")
    assert table.exit_code == 0, table.output
    assert "deviation" in table.stdout.lower()

    report = cli("run", good_pack, "--backend", "fake", "--format", "json")
    assert report.exit_code == 0
    assert statuses(report) == {CHANGED: "deviation", "signup-prorated": "passed", "seats-thirty-day": "passed"}
    assert json.loads(report.stdout)["summary"]["deviations"] == 1

    ignored = cli("run", good_pack, "--backend", "fake", "--no-ledger", "--format", "json")
    assert ignored.exit_code == 1
    assert statuses(ignored)[CHANGED] == "failed"


def test_editing_the_recorded_difference_makes_run_fail(cli, good_pack: Path, vendor) -> None:
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0
    path = ledger_path(good_pack, "fake")
    text = path.read_text()
    assert "got 10.50" in text
    path.write_text(text.replace("got 10.50", "got 10.49"))
    result = cli("run", good_pack, "--backend", "fake", "--format", "json")
    assert result.exit_code == 1
    assert statuses(result)[CHANGED] == "failed"


def test_a_second_update_keeps_a_written_finding_and_says_up_to_date(cli, good_pack: Path, vendor) -> None:
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0
    path = ledger_path(good_pack, "fake")
    finding = "Charges 50 cents more for the Pro half month than the policy."
    ledger = load_ledger(good_pack, "demo", "fake")
    edited = dump_ledger(dataclasses.replace(
        ledger, deviations=tuple(dataclasses.replace(entry, finding=finding) for entry in ledger.deviations)))
    assert "DRAFT" not in edited
    path.write_text(edited)
    again = cli("ledger", "update", good_pack, "--backend", "fake")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "up to date" in again.stderr
    assert path.read_text() == edited
    assert load_ledger(good_pack, "demo", "fake").entry(CHANGED).finding == finding


def test_a_scenario_that_passes_again_fails_run_until_its_entry_is_removed(
    cli, good_pack: Path, fake_backend
) -> None:
    fake_backend(cent_off)
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0

    fake_backend(engine.run)  # the vendor fixed its proration
    stale = cli("run", good_pack, "--backend", "fake", "--format", "json")
    assert stale.exit_code == 1
    assert statuses(stale)[CHANGED] == "failed"
    assert "no longer observed" in stale.stdout

    removed = cli("ledger", "update", good_pack, "--backend", "fake")
    assert removed.exit_code == 0
    assert removed.stdout.split() == ["removed", CHANGED]
    assert load_ledger(good_pack, "demo", "fake").deviations == ()
    assert cli("run", good_pack, "--backend", "fake").exit_code == 0


def test_k_updates_only_the_selected_scenarios_and_keeps_the_other_entries(cli, good_pack: Path, vendor) -> None:
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0
    before = ledger_path(good_pack, "fake").read_text()
    result = cli("ledger", "update", good_pack, "--backend", "fake", "-k", "signup")
    assert result.exit_code == 0
    assert "removed" not in result.stdout
    assert ledger_path(good_pack, "fake").read_text() == before


def test_the_reference_backend_has_no_ledger(cli, good_pack: Path) -> None:
    result = cli("ledger", "update", good_pack, "--backend", "reference")
    assert result.exit_code == 2
    assert "reference" in result.stderr
    assert not (good_pack / "deviations").exists()


def test_the_default_backend_is_the_reference_and_so_a_usage_error(cli, good_pack: Path) -> None:
    assert cli("ledger", "update", good_pack).exit_code == 2


def test_an_unknown_backend_is_a_usage_error(cli, good_pack: Path) -> None:
    result = cli("ledger", "update", good_pack, "--backend", "nope")
    assert result.exit_code == 2
    assert "nope" in result.stderr


def test_a_malformed_ledger_is_exit_2_with_its_file_and_line(cli, good_pack: Path, vendor) -> None:
    path = ledger_path(good_pack, "fake")
    path.parent.mkdir()
    path.write_text("backend: fake\npack: demo\ndeviations: []\nowner: me\n")
    run = cli("run", good_pack, "--backend", "fake")
    assert run.exit_code == 2
    assert f"{path}:4" in run.stderr
    update = cli("ledger", "update", good_pack, "--backend", "fake")
    assert update.exit_code == 2
    assert f"{path}:4" in update.stderr
    assert "owner: me" in path.read_text()  # left as it was


def test_an_errored_scenario_keeps_its_entry(cli, good_pack: Path, fake_backend) -> None:
    fake_backend(cent_off)
    assert cli("ledger", "update", good_pack, "--backend", "fake").exit_code == 0
    before = ledger_path(good_pack, "fake").read_text()

    def flaky(scenario):  # noqa: ANN001, ANN202
        if scenario.id == CHANGED:
            raise RuntimeError("HTTP 500 from the sandbox")
        return engine.run(scenario)

    fake_backend(flaky)
    result = cli("ledger", "update", good_pack, "--backend", "fake")
    assert result.exit_code == 0
    assert "kept" in result.stdout and CHANGED in result.stdout and "errored" in result.stdout
    assert "removed" not in result.stdout
    assert ledger_path(good_pack, "fake").read_text() == before

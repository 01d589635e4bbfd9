"""The control sheet's facts: which scenarios show each rule as the pack
sets it, and which sign-off evidences it."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.packs import load_pack
from harness.packs.fingerprint import fingerprint
from harness.signoff import append, verify
from harness.signoff.controls import approvals, control_sheet, scenario_summary, short
from tests.cli.packs import PASSING, SEATS, write_pack

#: An upgrade that overrides the pack's rule: no evidence for the pack's setting.
OVERRIDDEN = PASSING["upgrade-halfway"].replace("id: upgrade-halfway", "id: upgrade-no-proration").replace(
    "tags: [upgrade]", "tags: [upgrade]\npolicy: {upgrade: {prorate: false}}")


@pytest.fixture(scope="module")
def core():
    return load_pack("scenario_packs/core")


def rows_by_key(rows):
    return {row.rule.key: row for row in rows}


def test_every_decision_matrix_row_is_a_control(core) -> None:
    rows = control_sheet(core, (), fingerprint("scenario_packs/core"))
    assert [row.rule.key for row in rows][:3] == ["signup", "upgrade", "downgrade"]
    assert len(rows) == 13
    assert all(row.evidence_text == "no sign-off" for row in rows)
    assert rows_by_key(rows)["upgrade"].setting == "policy.upgrade = {effective: immediately, prorate: true, bill: now}"
    assert rows_by_key(rows)["day_count"].setting == "policy.day_count = actual_days"


def test_scenarios_show_a_rule_only_with_the_packs_own_values(core) -> None:
    rows = rows_by_key(control_sheet(core, (), fingerprint("scenario_packs/core")))
    assert "upgrade-halfway" in rows["upgrade"].scenarios
    assert "downgrade-next-period" in rows["downgrade"].scenarios
    assert "downgrade-immediately" not in rows["downgrade"].scenarios  # it overrides the pack's next_period
    assert "thirty-day-february" not in rows["day_count"].scenarios  # runs on thirty_day
    assert "upgrade-halfway" in rows["day_count"].scenarios


def test_an_overriding_scenario_is_no_evidence(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "demo", {**PASSING, "upgrade-no-proration": OVERRIDDEN, "seats-thirty-day": SEATS})
    rows = rows_by_key(control_sheet(load_pack(folder), (), fingerprint(folder)))
    assert rows["upgrade"].scenarios == ("upgrade-halfway",)
    assert rows["signup"].scenarios == ("signup-prorated",)
    assert rows["quantity_increase"].scenarios == ("seats-thirty-day",)
    assert rows["cancel"].scenarios == ()
    assert "seats-thirty-day" not in rows["day_count"].scenarios
    assert set(rows["minimum_adjustment"].scenarios) == {"upgrade-halfway", "signup-prorated", "upgrade-no-proration",
                                                         "seats-thirty-day"}  # no scenario sets a minimum


def test_evidence_is_the_last_valid_approval_per_backend_and_goes_stale(tmp_path: Path, small_pack: Path,
                                                                          fields: dict) -> None:
    log = tmp_path / "log.jsonl"
    append(log, {**fields, "time": "2026-05-01T09:00:00Z"})
    append(log, {**fields, "time": "2026-05-02T09:00:00Z", "backend": "stripe"})
    append(log, {**fields, "time": "2026-05-03T09:00:00Z", "backend": "stripe", "decision": "reject"})
    append(log, {**fields, "time": "2026-05-04T09:00:00Z", "signer": {"name": "Bob Ng", "email": "b@example.com"}})
    entries = verify(log).entries
    (evidence,) = approvals("demo", entries, fingerprint(small_pack))  # stripe's approval was revoked
    assert evidence.entry.line == 4 and evidence.stale == ""
    assert str(evidence) == f"2026-05-04 Bob Ng (finance), backend reference, results {short(fields['results_hash'])}"

    pack_yaml = small_pack / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace("    pro:   {name: Pro, amount: \"30.00\"",
                                                       "    pro:   {name: Pro, amount: \"35.00\""))
    rows = rows_by_key(control_sheet(load_pack(small_pack), entries, fingerprint(small_pack)))
    assert rows["upgrade"].evidence_text.endswith("(stale: pack changed since)")


def test_evidence_says_when_the_rule_itself_changed(tmp_path: Path, small_pack: Path, fields: dict) -> None:
    log = tmp_path / "log.jsonl"
    append(log, fields)
    pack_yaml = small_pack / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text() + "policy:\n  upgrade: {effective: next_period}\n")
    rows = rows_by_key(control_sheet(load_pack(small_pack), verify(log).entries, fingerprint(small_pack)))
    assert rows["upgrade"].evidence_text.endswith("(stale: this rule changed since)")
    assert rows["downgrade"].evidence_text.endswith("(stale: pack changed since)")


def test_scenario_summary_shortens_long_lists() -> None:
    assert scenario_summary(("a", "b"), 10) == "a, b"
    assert scenario_summary((), 10) == "none"
    assert scenario_summary(tuple("abcdefghij"), 20, limit=3) == "10 of 20 scenarios: a, b, c, …"
    assert short("sha256:" + "ab" * 32) == "sha256:abababababab…"

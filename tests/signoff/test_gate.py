"""The gate's verdict: which sign-off stands, and what each failure says."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.evidence import ResultsDigest
from harness.packs.fingerprint import fingerprint
from harness.signoff import append, verify
from harness.signoff.gate import judge, signoff_command, valid_signoff


@pytest.fixture
def entries(tmp_path: Path, fields: dict):
    def make(*changes: dict):
        log = tmp_path / "log.jsonl"
        log.unlink(missing_ok=True)
        for day, change in enumerate(changes, start=1):
            append(log, {**fields, "time": f"2026-05-{day:02d}T09:00:00Z", **change})
        return verify(log).entries
    return make


def test_the_last_approval_stands(entries) -> None:
    found = valid_signoff(entries({}, {"note": "second"}), "demo", "reference")
    assert found.entry is not None and found.entry.line == 2


def test_a_later_rejection_revokes_every_earlier_approval(entries) -> None:
    log = entries({}, {"decision": "reject", "role": "engineering", "note": "JPY rounding"})
    found = valid_signoff(log, "demo", "reference")
    assert found.entry is None
    assert "rejection by Ada Lovelace (engineering) on 2026-05-02: 'JPY rounding'" in found.reason


def test_an_approval_after_a_rejection_stands(entries) -> None:
    found = valid_signoff(entries({}, {"decision": "reject"}, {}), "demo", "reference")
    assert found.entry is not None and found.entry.line == 3


def test_other_packs_and_backends_do_not_count(entries) -> None:
    log = entries({"backend": "stripe"}, {"pack": "other"})
    assert valid_signoff(log, "demo", "reference").reason == "pack demo has never been signed off on backend reference"
    assert valid_signoff(log, "demo", "stripe").entry.line == 1


def test_a_required_role_skips_approvals_by_others(entries) -> None:
    log = entries({"role": "finance"}, {"role": "engineering"})
    assert valid_signoff(log, "demo", "reference", "Finance").entry.line == 1
    found = valid_signoff(log, "demo", "reference", "legal")
    assert found.entry is None and "only by role engineering, finance, not legal" in found.reason


def test_judge_names_the_changed_parts(entries, small_pack: Path) -> None:
    (entry,) = entries({})
    pack_yaml = small_pack / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace('amount: "30.00"', 'amount: "35.00"'))
    verdict = judge(entry, fingerprint(small_pack), None, pack_dir="demo", backend="reference", base="abc1234")
    assert not verdict.ok
    assert "  plan pro: changed" in verdict.lines
    assert "  prorata diff demo --base abc1234" in verdict.lines
    assert any(line.startswith("  prorata signoff demo --backend reference --as") for line in verdict.lines)


def test_judge_names_the_scenarios_whose_results_changed(entries, small_pack: Path) -> None:
    (entry,) = entries({})
    drifted = ResultsDigest("sha256:" + "1" * 64, {**entry.results, "upgrade-halfway": "sha256:0000000000000000"})
    verdict = judge(entry, fingerprint(small_pack), drifted, pack_dir="demo", backend="reference",
                    backend_version="proration-harness 9.9")
    assert not verdict.ok
    text = "\n".join(verdict.lines)
    assert "1 scenario changed:\n  upgrade-halfway\n" in text
    assert "version changed: proration-harness 0.1.0 when signed, proration-harness 9.9 now" in text
    assert "prorata run demo --backend reference" in text


def test_judge_passes_the_signed_pack_and_results(entries, small_pack: Path) -> None:
    (entry,) = entries({})
    same = ResultsDigest(entry.results_hash, entry.results)
    verdict = judge(entry, fingerprint(small_pack), same, pack_dir="demo", backend="reference")
    assert verdict.ok
    assert verdict.lines == ("gate passed: demo signed by Ada Lovelace (finance) on 2026-05-01, 2 scenarios",)


def test_signoff_command_quotes_what_a_shell_needs() -> None:
    command = signoff_command("my packs/core", "command", ["--backend-option", "command=./bill --json"], "finance")
    assert command == ("prorata signoff 'my packs/core' --backend command --backend-option 'command=./bill --json' "
                       '--as "Your Name <you@example.com>" --role finance')

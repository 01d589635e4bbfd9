"""`prorata controls`: the sheet on stdout or in a file, evidence from the
log, a tampered log refused, bad input as exit 2."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest


AS = "Ada Lovelace <ada@example.com>"
LOG = Path("reports/signoffs.jsonl")


@pytest.fixture
def here(signoff_folder: Path) -> Path:
    return signoff_folder


def test_markdown_without_a_log_says_no_signoff(cli, here: Path) -> None:
    result = cli("controls", "demo")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Control sheet: demo\n")
    rows = [line for line in result.stdout.splitlines() if line.startswith("| Mid-cycle upgrade ")]
    assert len(rows) == 1 and rows[0].rstrip(" |").endswith("no sign-off")
    assert "`policy.upgrade = {effective: immediately, prorate: true, bill: now}`" in rows[0]


def test_csv_file_with_evidence_going_stale(cli, here: Path) -> None:
    assert cli("signoff", "demo", "--as", AS, "--role", "finance").exit_code == 0
    result = cli("controls", "demo", "--format", "csv", "-o", "out/controls.csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote out/controls.csv: 13 rules, 13 with sign-off evidence\n" and result.stdout == ""
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(Path("out/controls.csv").read_text()))}
    assert rows["upgrade"]["expected_output"] == "upgrade-halfway"
    assert rows["upgrade"]["evidence"].startswith("2026-05-01 Ada Lovelace (finance), backend reference, results sha256:")
    assert "stale" not in rows["upgrade"]["evidence"]

    pack_yaml = here / "demo" / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text() + "policy:\n  upgrade: {effective: next_period}\n")
    stale = {row["key"]: row for row in csv.DictReader(io.StringIO(cli("controls", "demo", "--format", "csv").stdout))}
    assert stale["upgrade"]["evidence"].endswith("(stale: this rule changed since)")
    assert stale["signup"]["evidence"].endswith("(stale: pack changed since)")


def test_a_tampered_log_is_refused(cli, here: Path) -> None:
    assert cli("signoff", "demo", "--as", AS, "--role", "finance").exit_code == 0
    LOG.write_bytes(LOG.read_bytes().replace(b"Ada", b"Eve"))
    result = cli("controls", "demo", "-o", "controls.md")
    assert result.exit_code == 1
    assert "does not verify (line 1: was edited" in result.stderr
    assert not Path("controls.md").exists()


@pytest.mark.parametrize("args, message", [
    (["nowhere"], "nowhere"),
    (["demo", "--log", "missing.jsonl"], "no sign-off log at missing.jsonl"),
    (["demo", "--format", "pdf"], "Invalid value for '--format'"),
])
def test_bad_input_is_exit_2(cli, here: Path, args: list, message: str) -> None:
    result = cli("controls", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output

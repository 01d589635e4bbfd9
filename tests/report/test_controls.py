"""The control sheet writers: CSV a spreadsheet reads back with every
scenario id, and a Markdown table (golden) with long id lists shortened."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from harness.packs import load_pack
from harness.packs.fingerprint import fingerprint
from harness.report.controls import CSV_COLUMNS, to_csv, to_markdown
from harness.signoff import append, verify
from harness.signoff.controls import control_sheet
from tests.cli.packs import PASSING, SEATS, write_pack
from tests.signoff.conftest import signoff_fields


@pytest.fixture
def sheet(tmp_path: Path):
    folder = write_pack(tmp_path, "demo", {**PASSING, "seats-thirty-day": SEATS})
    log = tmp_path / "log.jsonl"
    append(log, signoff_fields(folder))
    pack = load_pack(folder)
    return pack, control_sheet(pack, verify(log).entries, fingerprint(folder))


def test_csv_has_one_row_per_rule_with_every_scenario(sheet) -> None:
    pack, rows = sheet
    read = list(csv.DictReader(io.StringIO(to_csv(pack, rows))))
    assert tuple(read[0]) == CSV_COLUMNS
    assert [row["key"] for row in read] == [row.rule.key for row in rows]
    upgrade = next(row for row in read if row["key"] == "upgrade")
    assert upgrade["rule"] == "Mid-cycle upgrade" and upgrade["owner"] == "billing-ops"
    assert upgrade["system_setting"] == "policy.upgrade = {effective: immediately, prorate: true, bill: now}"
    assert upgrade["expected_output"] == "upgrade-halfway" and upgrade["scenario_count"] == "1"
    assert re.fullmatch(r"2026-05-01 Ada Lovelace \(finance\), backend reference, results sha256:[0-9a-f]{12}…",
                        upgrade["evidence"])
    day_count = next(row for row in read if row["key"] == "day_count")
    assert day_count["expected_output"] == "signup-prorated; upgrade-halfway"  # seats runs on thirty_day
    cancel = next(row for row in read if row["key"] == "cancel")
    assert cancel["expected_output"] == "" and cancel["scenario_count"] == "0"


def test_markdown_table(sheet, snapshot) -> None:
    pack, rows = sheet
    text = to_markdown(pack, rows)
    assert text.count("\n| ") == len(rows) + 1  # header and one line per rule
    assert "No scenario shows: Mid-cycle downgrade, Seat removal, Billing interval change, Cancellation / end service, Billing-date shift." in text
    assert re.sub(r"sha256:[0-9a-f]{12}…", "sha256:<hash>…", text) == snapshot


def test_markdown_escapes_pipes(sheet) -> None:
    pack, rows = sheet
    from dataclasses import replace

    row = replace(rows[0], rule=replace(rows[0].rule, owner="billing | ops"))
    assert "billing \\| ops" in to_markdown(pack, [row])

"""`prorata reconcile`: exit 0 when everything reconciles, 1 with discrepancies,
2 on bad input (no traceback, nothing written), the formats, -o atomically."""

from __future__ import annotations

import json

from click.testing import CliRunner

from harness.cli.reconcile import command
from tests.reconcile.exports import CORE, LINES, harness_exports


def invoke(*args: object):
    return CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=False)


def base(tmp_path, lines=LINES):
    events, posted = harness_exports(tmp_path, lines)
    return ["--pack", CORE, "--events", events, "--lines", posted]


def test_a_clean_export_exits_0_with_the_table_and_throughput(tmp_path):
    result = invoke(*base(tmp_path))
    assert result.exit_code == 0, result.output
    assert "reconciled: all 4 posted lines match the policy" in result.stdout
    assert "upgrade" in result.stdout and "lines/s" in result.stdout and "peak memory" in result.stdout


def test_discrepancies_exit_1_and_name_the_subscription(tmp_path):
    result = invoke(*base(tmp_path, [LINES[0], LINES[0], *LINES[1:]]), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["reconciled"] is False and report["largest"][0]["subscription"] == "sub_up"
    assert report["largest"][0]["issues"].startswith("extra recurring 2026-04-01")
    assert "lines/s" in result.stderr  # throughput on stderr when stdout is the report


def test_output_file_is_written_and_markdown_has_the_verdict(tmp_path):
    target = tmp_path / "out" / "close.md"
    result = invoke(*base(tmp_path), "--format", "md", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    text = target.read_text()
    assert text.startswith("# Reconciliation") and "**reconciled" in text and "| change type |" in text


def test_a_missing_column_exits_2_naming_file_column_and_mapping(tmp_path):
    args = base(tmp_path)
    posted = tmp_path / "lines.csv"
    posted.write_text(posted.read_text().replace("amount", "total", 1))
    target = tmp_path / "report.json"
    result = invoke(*args, "-o", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert f"{posted}: no column 'amount'" in result.stderr and "mapping 'harness'" in result.stderr
    assert not target.exists()


def test_an_unknown_mapping_or_missing_file_exits_2(tmp_path):
    assert "shipped mappings" in invoke(*base(tmp_path), "--mapping", "nope").stderr
    result = invoke("--pack", CORE, "--events", tmp_path / "none.csv", "--lines", tmp_path / "none.csv")
    assert result.exit_code == 2 and "no such file" in result.stderr

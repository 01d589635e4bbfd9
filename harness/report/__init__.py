"""Reports of finished runs: a terminal table, JSON, JUnit XML."""

from harness.report.json_report import difference_to_json, finding_to_json, to_json
from harness.report.junit import to_junit
from harness.report.table import render_table, summary_line

__all__ = ["difference_to_json", "finding_to_json", "render_table", "summary_line", "to_json", "to_junit"]

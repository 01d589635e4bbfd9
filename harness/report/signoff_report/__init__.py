"""The sign-off report finance reads before a launch (`prorata report`): the
pack and its owner, the reconciliation by change type with charts, the
decision matrix, the coverage matrix, every scenario with expected and issued
lines side by side, and the environment that produced it.

`build_report` computes it once from a run (figures from harness.evidence);
`render_html`, `render_pdf`, `render_markdown` and `render_json` are views of
that one object. docs/reports.md describes what each figure means."""

from harness.report.signoff_report.as_json import render_json, report_to_json
from harness.report.signoff_report.html import render_html
from harness.report.signoff_report.markdown import render_markdown
from harness.report.signoff_report.model import (
    Environment, ScenarioEntry, SignoffReport, build_report, environment_of, verdict,
)
from harness.report.signoff_report.pdf import PdfUnavailable, render_pdf

__all__ = [
    "Environment",
    "PdfUnavailable",
    "ScenarioEntry",
    "SignoffReport",
    "build_report",
    "environment_of",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "report_to_json",
    "verdict",
]

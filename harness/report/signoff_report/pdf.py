"""The HTML report printed to PDF (WeasyPrint, through harness.render.pages,
which turns its failures into `PdfUnavailable` with the fix in words)."""

from __future__ import annotations

from harness.render.pages import PdfUnavailable, html_to_pdf
from harness.report.signoff_report.html import render_html
from harness.report.signoff_report.model import SignoffReport

__all__ = ["PdfUnavailable", "render_pdf"]


def render_pdf(report: SignoffReport) -> bytes:
    return html_to_pdf(render_html(report))

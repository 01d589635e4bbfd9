"""Invoices and credit notes rendered for people: plain text, HTML and PDF.

Any backend's `Outcome` renders (the reference engine's lines carry
derivations and customer-readable descriptions; other backends' lines show
what they posted). Two layouts ship: "harness", the harness's own, and
"ledger", a deliberately different vendor-style layout that proves the pdf
backend's layout profiles on something that is not ours. docs/rendering.md
describes both, the formatting rules and the period-writing rule."""

from harness.render.invoice.html import render_html, render_pdf
from harness.render.pages import PdfUnavailable
from harness.render.invoice.text import render_text
from harness.render.invoice.view import LAYOUTS, RenderOptionError

__all__ = ["LAYOUTS", "PdfUnavailable", "RenderOptionError", "render_html", "render_pdf", "render_text"]

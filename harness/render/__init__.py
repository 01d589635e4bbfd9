"""Text for people: explanations of amounts, load problems, failed results,
and invoices (text, HTML, PDF; harness.render.invoice).

Pure functions of model objects (and the comparison's differences); no I/O.
The CLI and the pytest plugin print what these return."""

from harness.render.explain import explain
from harness.render.invoice import LAYOUTS, PdfUnavailable, RenderOptionError, render_html, render_pdf, render_text
from harness.render.problems import format_pack_error, format_problem, format_problems
from harness.render.results import describe_result, format_differences

__all__ = [
    "LAYOUTS",
    "PdfUnavailable",
    "RenderOptionError",
    "describe_result",
    "explain",
    "format_differences",
    "format_pack_error",
    "format_problem",
    "format_problems",
    "render_html",
    "render_pdf",
    "render_text",
]

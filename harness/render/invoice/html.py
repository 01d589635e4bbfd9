"""Invoices as HTML (jinja2 templates shipped in the package) and as PDF
(WeasyPrint, HTML to PDF: harness.render.pages).

The HTML stands alone (its CSS is inlined), so one file can be mailed,
opened in a browser or printed; every document starts on a new page."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from harness.model import Outcome, Scenario
from harness.render.invoice.text import meta, title
from harness.render.invoice.view import document_views, layout_named, parties
from harness.render.pages import html_to_pdf, template_environment

if TYPE_CHECKING:  # jinja2 is imported when a page is rendered, not by `prorata run`
    import jinja2

#: Lines per page in the "ledger" layout; longer documents continue on a next page.
LEDGER_ROWS_PER_PAGE = 3

@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = template_environment("harness.render")
    environment.filters["words"] = words
    return environment


def words(text: str, separator: str = "") -> Markup:
    """Cell text that wraps only at spaces, never after a "/" or "-" inside a word,
    so a reader of the PDF rejoins a wrapped cell's lines with one space.

    Words holding such a break opportunity (runs of them together) go in a
    nowrap span; the spaces stay outside the spans, in text WeasyPrint draws
    (a space-only node between two spans would not reach the PDF's text).
    With `separator` (a period's " – "), each side of it is kept whole."""
    if separator and separator in text:
        glue = Markup(" ") + escape(separator.strip()) + Markup(" ")
        return glue.join(_nowrap(part) for part in text.split(separator))
    out: list[Markup] = []
    run: list[str] = []
    for word in text.split():
        if _breakable(word):
            run.append(word)
            continue
        if run:
            out.append(_nowrap(" ".join(run)))
            run = []
        out.append(escape(word))
    if run:
        out.append(_nowrap(" ".join(run)))
    return Markup(" ").join(out)


def _breakable(word: str) -> bool:
    return any(not (char.isalnum() or char in _UNBREAKING) for char in word)


_UNBREAKING = ".,:;()[]'\"$€£¥%#&+*=x"


def _nowrap(text: str) -> Markup:
    return Markup('<span class="nowrap">{}</span>').format(text)


def render_html(scenario: Scenario, outcome: Outcome, *, layout: str = "harness", locale: str | None = None) -> str:
    """One standalone HTML page holding every document of `outcome`, each on its own page."""
    spec = layout_named(layout)
    views = document_views(scenario, outcome, spec, locale or spec.locale)
    template = _environment().get_template(f"{spec.name}.html.j2")
    return template.render(
        scenario=scenario,
        parties=parties(scenario),
        documents=[
            {"view": view, "title": title(view), "meta": meta(view), "total": view.total} for view in views
        ],
        language=(locale or spec.locale).split("_")[0],
        rows_per_page=LEDGER_ROWS_PER_PAGE,
        period_separator=spec.style.period_separator,
    )


def render_pdf(scenario: Scenario, outcome: Outcome, *, layout: str = "harness", locale: str | None = None) -> bytes:
    """The HTML of `render_html`, printed by WeasyPrint."""
    html = render_html(scenario, outcome, layout=layout, locale=locale)
    return html_to_pdf(html)

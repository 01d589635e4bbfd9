"""The report as one standalone HTML page (CSS and charts inline), the source of the PDF too."""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

from harness.render.pages import template_environment
from harness.report.signoff_report.model import SignoffReport
from harness.report.signoff_report.sides import FIELDS
from harness.report.signoff_report.views import (
    RECONCILIATION_HEADERS, cell_text, coverage_grids, environment_rows, reconciliation_table,
)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return template_environment("harness.report.signoff_report")


def render_html(report: SignoffReport) -> str:
    decisions = report.decisions
    return _environment().get_template("report.html.j2").render(
        report=report,
        meta=report.meta,
        env=report.environment,
        summary=report.summary,
        recon_headers=RECONCILIATION_HEADERS,
        reconciliation=[(currency, reconciliation_table(report.reconciliation, currency))
                        for currency in report.currencies],
        zeros=_zeros(report),
        charts={name: Markup(svg) for name, svg in report.charts.items()} | _missing_charts(report),
        events=[row for row in decisions if row.is_event],
        general=[row for row in decisions if not row.is_event],
        coverage=report.coverage,
        grids=coverage_grids(report.coverage),
        cell_text=cell_text,
        groups=report.groups(),
        fields=FIELDS,
        environment=environment_rows(report.environment),
    )


def _zeros(report: SignoffReport) -> set[str]:
    """The delta cell's text when nothing is off, per currency (`0.00`, `0`, `0.000`)."""
    from decimal import Decimal

    from harness.report.signoff_report.text import signed_money

    return {signed_money(Decimal(0), currency) for currency in report.currencies}


def _missing_charts(report: SignoffReport) -> dict[str, Markup]:
    return {name: Markup("") for name in ("amounts", "statuses") if name not in report.charts}

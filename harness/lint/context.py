"""What every rule looks at: one backend's documents for one scenario, with
the scenario for context (the catalog's plan names, the policy, the pack's
timezone, in which "the dates a line covers" are calendar days)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterator
from zoneinfo import ZoneInfo

from harness.lint.finding import document_labels
from harness.model import Document, Line, LineKind, Outcome, Plan, Scenario

PRORATION_KINDS = frozenset({LineKind.PRORATION_CHARGE, LineKind.PRORATION_CREDIT})


class Context:
    def __init__(self, scenario: Scenario, outcome: Outcome) -> None:
        self.scenario = scenario
        self.outcome = outcome
        self.zone = ZoneInfo(scenario.pack.timezone)
        self.labels = document_labels(outcome.documents)

    def documents(self) -> Iterator[tuple[str, Document]]:
        return zip(self.labels, self.outcome.documents)

    def lines(self) -> Iterator[tuple[str, Document, int, Line]]:
        """(document label, document, 1-based line number, line) for every line."""
        for label, document in self.documents():
            for index, line in enumerate(document.lines, 1):
                yield label, document, index, line

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def day(self, moment: datetime) -> date:
        return self.local(moment).date()

    def last_days(self, line: Line) -> set[date]:
        """The days a reader may be shown as a period's end: the last day
        covered (end exclusive, "16 Apr - 30 Apr"), or the end's own day
        ("16.04.2026 to 01.05.2026")."""
        end = self.local(line.period.end)
        return {end.date(), (end - timedelta(microseconds=1)).date()}

    def plan(self, plan_id: str | None) -> Plan | None:
        if plan_id is None or plan_id not in self.scenario.pack.catalog:
            return None
        return self.scenario.pack.catalog[plan_id]

    def plan_names(self, plan_id: str | None) -> set[str]:
        """How a description may name a line's plan: the catalog id or name;
        any plan of the catalog when the line names none."""
        catalog = self.scenario.pack.catalog.plans
        ids = [plan_id] if plan_id is not None else list(catalog)
        names = set(ids)
        for each in ids:
            if each in catalog:
                names.add(catalog[each].name)
        return names

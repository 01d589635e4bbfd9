"""A scenario as finance documents it: start state, events, expected documents.

Instants are timezone-aware datetimes in the pack's timezone; a bare date in
YAML has already become 00:00 there. Nothing here reads files: `source` only
names where the scenario came from so messages can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Union

from harness.model.catalog import Catalog
from harness.model.policy import Effective, Policy


@dataclass(frozen=True)
class SourceRef:
    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class StartItem:
    plan: str
    quantity: int = 1


@dataclass(frozen=True)
class Start:
    date: date
    items: tuple[StartItem, ...]
    anchor: date


@dataclass(frozen=True)
class ChangePlan:
    to: str
    item: str | None = None


@dataclass(frozen=True)
class ChangeQuantity:
    to: int
    item: str | None = None


@dataclass(frozen=True)
class Cancel:
    """`effective`/`prorate` override the policy's cancel row when given."""

    effective: Effective | None = None
    prorate: bool | None = None


@dataclass(frozen=True)
class ChangeAnchor:
    to: date


@dataclass(frozen=True)
class Usage:
    quantity: Decimal
    item: str | None = None


Action = Union[ChangePlan, ChangeQuantity, Cancel, ChangeAnchor, Usage]

#: YAML key of each action, the vocabulary of scenario files.
ACTION_NAMES: dict[type, str] = {
    ChangePlan: "change_plan",
    ChangeQuantity: "change_quantity",
    Cancel: "cancel",
    ChangeAnchor: "change_anchor",
    Usage: "usage",
}


@dataclass(frozen=True)
class Event:
    at: datetime
    action: Action
    id: str | None = None
    index: int = 0  # position in the scenario's `events`, for messages

    @property
    def name(self) -> str:
        return ACTION_NAMES[type(self.action)]


@dataclass(frozen=True)
class ExpectedLine:
    kind: str
    amount: Decimal
    period: tuple[datetime, datetime]
    plan: str | None = None
    quantity: Decimal | None = None


@dataclass(frozen=True)
class ExpectedDocument:
    date: date
    total: Decimal
    lines: tuple[ExpectedLine, ...]


@dataclass(frozen=True)
class Expectation:
    """`None` means "not checked", an empty tuple "none expected". Credit
    notes left out of a scenario that lists invoices are `()` (none
    expected); with only `total_billed`, invoices and credit notes are `None`."""

    invoices: tuple[ExpectedDocument, ...] | None = None
    credit_notes: tuple[ExpectedDocument, ...] | None = None
    total_billed: Decimal | None = None


@dataclass(frozen=True)
class PackMeta:
    """What every scenario of a pack shares; adapters need it to run one."""

    name: str
    title: str
    currency: str
    timezone: str
    owner: str
    catalog: Catalog
    policy: Policy
    version: int = 1
    source: str = field(default="", compare=False)  # the folder it was read from, for messages


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    pack: PackMeta
    policy: Policy  # the pack policy with the scenario's overrides merged in
    start: Start
    events: tuple[Event, ...]
    expect: Expectation
    until: datetime | None = None
    rule: str = ""
    owner: str = ""
    math: str = ""
    tags: tuple[str, ...] = ()
    policy_overrides: dict = field(default_factory=dict, compare=False, hash=False)
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Pack:
    meta: PackMeta
    scenarios: tuple[Scenario, ...]

    @property
    def name(self) -> str:
        return self.meta.name

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

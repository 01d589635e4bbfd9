"""The model back to YAML: scenario files and pack.yaml, written as people write them.

The fuzzer finds failing scenarios in memory; a failure is only useful once it
is an ordinary scenario file that `prorata run` replays and a finance reader
can check by hand. So this writes the house style of scenario_packs/core (one
flow mapping per invoice line, amounts as quoted strings, bare dates where an
instant is midnight in the pack's timezone) and guarantees that loading the
file gives back the same `Scenario`.

Adding the text to a pack folder on disk is `harness.packs.store`.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

import yaml

from harness.model.catalog import Catalog, Plan
from harness.model.documents import Document, Outcome
from harness.model.policy import Policy
from harness.model.scenario import (ACTION_NAMES, Cancel, ChangeAnchor, ChangePlan, ChangeQuantity, Expectation,
                                     ExpectedDocument, ExpectedLine, PackMeta, Scenario, Start, Usage)
from harness.packs import checks
from harness.packs.names import zone

PACK_FILE = "pack.yaml"
SCENARIO_DIR = "scenarios"
_FOLD_WIDTH = 80  # long one-line `math` is folded (`>-`) at this width, as the core pack does
_INSTANT_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?[+-][0-9]{2}:[0-9]{2}\Z")


# --------------------------------------------------------------------------- YAML style


# How a value is laid out is decided where it is built, by its wrapper type:
class _Flow(dict): """On one line: an invoice line, a plan, a policy row, an action."""
class _FlowList(list): """On one line: a period, tags, start items."""
class _Instant(str): """A date or ISO datetime, plain (unquoted) as people write them."""
class _Quoted(str): """An amount or decimal quantity, double-quoted: never a YAML float."""
class _Text(str): """Free text: `|` for several lines, folded `>-` when long."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # lists indented under their key (`events:\n  - at: ...`), the house style
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a file a person reads never holds &id001 anchors

    def analyze_scalar(self, scalar: str) -> Any:
        analysis = super().analyze_scalar(scalar)
        # PyYAML quotes any ':' inside [...]; libyaml reads an ISO datetime in a
        # flow list fine, and `[2026-04-15T21:00:00+00:00, 2026-05-01]` is what people write
        if _INSTANT_RE.match(scalar):
            analysis.allow_flow_plain = True
        return analysis

    def write_folded(self, text: str) -> None:
        width, self.best_width = self.best_width, _FOLD_WIDTH
        try:
            super().write_folded(text)
        finally:
            self.best_width = width


_ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks a reader would normalise away


def _str_style(text: str) -> str | None:
    return '"' if any(c in text for c in _ODD_BREAKS) else None  # escaped, so they survive


def _text_style(text: str) -> str | None:
    if _str_style(text) or "\n" not in text:
        return _str_style(text) or (">" if len(text) > _FOLD_WIDTH else None)
    return "|"


_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping(_MAP, v.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence(_SEQ, v, flow_style=True))
_Dumper.add_representer(_Instant, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar(_STR, str(v), style='"'))
_Dumper.add_representer(str, lambda d, v: d.represent_scalar(_STR, v, style=_str_style(v)))
_Dumper.add_representer(_Text, lambda d, v: d.represent_scalar(_STR, str(v), style=_text_style(v)))


def _dump(document: dict) -> str:
    # width: lines and titles stay on one line however long (a reader scans rows)
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 16,
                     default_flow_style=False)


# --------------------------------------------------------------------------- values


def _amount(value: Decimal) -> _Quoted:
    return _Quoted(format(value, "f"))


def _quantity(value: Decimal | int) -> int | _Quoted:
    """Whole quantities as YAML integers (seats, calls); others quoted ("2.5")."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else _Quoted(format(value, "f"))


def _day(value: date) -> _Instant:
    return _Instant(value.isoformat())


def _when(value: datetime | date, tz: Any) -> _Instant:
    """A bare date when the instant is 00:00 in the pack's timezone (that is
    how the loader reads a bare date); otherwise the local time with its offset."""
    if not isinstance(value, datetime):
        return _day(value)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no timezone; scenario instants are timezone-aware")
    local = value.astimezone(tz)
    if local.time() == time(0) and checks.instant(local.date(), tz).timestamp() == value.timestamp():
        return _day(local.date())
    return _Instant(local.isoformat(timespec="microseconds" if local.microsecond else "seconds"))


def _word(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _row(rule: Any) -> _Flow:
    return _Flow((f.name, _word(getattr(rule, f.name))) for f in fields(rule))


def policy_document(policy: Policy, base: Policy | None = None) -> dict:
    """The policy as pack files write it; with `base`, only what differs from
    it, each differing row whole (a reader sees the full rule the case runs by)."""
    out: dict[str, Any] = {}
    for f in fields(Policy):
        value = getattr(policy, f.name)
        if base is not None and value == getattr(base, f.name):
            continue
        out[f.name] = _row(value) if is_dataclass(value) else _amount(value) if isinstance(value, Decimal) else _word(value)
    return out


# --------------------------------------------------------------------------- expectations


def _given(**pairs: Any) -> dict:
    """The keys that have a value, in order: optional keys are left out, never null."""
    return {key: value for key, value in pairs.items() if value is not None}


def expectation_of(outcome: Outcome, timezone: str) -> Expectation:
    """What `outcome` issued, as a scenario's expectation: comparing the
    outcome with it finds no difference, so a reference run becomes the
    expected documents of a written scenario."""
    tz = zone(timezone)

    def document(doc: Document) -> ExpectedDocument:
        lines = tuple(
            ExpectedLine(str(_word(line.kind)), line.amount, (line.period.start, line.period.end), line.plan, line.quantity)
            for line in doc.lines
        )
        return ExpectedDocument(date=doc.date.astimezone(tz).date(), total=doc.total, lines=lines)

    return Expectation(invoices=tuple(map(document, outcome.invoices)),
                       credit_notes=tuple(map(document, outcome.credit_notes)))


def _document(doc: ExpectedDocument, tz: Any) -> dict:
    day = doc.date.astimezone(tz).date() if isinstance(doc.date, datetime) else doc.date
    lines = [
        _Flow(_given(kind=str(_word(line.kind)), plan=line.plan,
                     quantity=None if line.quantity is None else _quantity(line.quantity),
                     period=_FlowList([_when(line.period[0], tz), _when(line.period[1], tz)]),
                     amount=_amount(line.amount)))
        for line in doc.lines
    ]
    return {"date": _day(day), "lines": lines, "total": _amount(doc.total)}


def _expect(expect: Expectation, tz: Any) -> dict:
    if expect.invoices is None and expect.total_billed is None:
        raise ValueError("a scenario file needs expected invoices or total_billed (see expectation_of)")
    credit_notes = None
    if expect.credit_notes:
        credit_notes = [_document(d, tz) for d in expect.credit_notes]
    elif expect.credit_notes is not None and expect.invoices is None:
        credit_notes = _FlowList()  # "none expected" must be said when invoices are not listed
    return _given(
        invoices=None if expect.invoices is None else [_document(d, tz) for d in expect.invoices] or _FlowList(),
        credit_notes=credit_notes,
        total_billed=None if expect.total_billed is None else _amount(expect.total_billed),
    )


# --------------------------------------------------------------------------- scenarios


def _start(start: Start, catalog: Catalog) -> Any:
    """One item on one line (`{date, plan, quantity}`); several as `items:`,
    where a metered item needs no quantity, as the core pack writes them."""
    anchor = _day(start.anchor) if start.anchor != start.date else None
    if len(start.items) == 1:
        item = start.items[0]
        return _Flow(_given(date=_day(start.date), plan=item.plan,
                            quantity=item.quantity if item.quantity != 1 else None, anchor=anchor))
    items = _FlowList()
    for item in start.items:
        plan = catalog.plans.get(item.plan)
        bare = plan is not None and plan.metered and item.quantity == 1
        items.append(_Flow(_given(plan=item.plan, quantity=None if bare else item.quantity)))
    return _given(date=_day(start.date), items=items, anchor=anchor)


def _action(action: Any) -> _Flow:
    if isinstance(action, (ChangePlan, ChangeQuantity)):
        return _Flow(_given(to=action.to, item=action.item))
    if isinstance(action, Cancel):
        return _Flow(_given(effective=_word(action.effective), prorate=action.prorate))
    if isinstance(action, ChangeAnchor):
        return _Flow(to=_day(action.to))
    if isinstance(action, Usage):
        return _Flow(_given(quantity=_quantity(action.quantity), item=action.item))
    raise TypeError(f"no YAML form for the action {action!r}")


def scenario_document(scenario: Scenario, *, base_policy: Policy = Policy()) -> dict:
    """The scenario file as data, keys in the order of the format's spec.

    `base_policy` is the policy of the pack the file goes into: only what the
    scenario's policy changes from it is written. Events list `id` before the
    action, as the core pack does."""
    tz = zone(scenario.pack.timezone)
    events = [{**_given(at=_when(e.at, tz), id=e.id), ACTION_NAMES[type(e.action)]: _action(e.action)}
              for e in scenario.events]
    return _given(
        id=scenario.id,
        title=scenario.title,
        rule=scenario.rule,
        owner=scenario.owner or None,
        tags=_FlowList(scenario.tags) if scenario.tags else None,
        math=_Text(scenario.math) if scenario.math else None,
        policy=policy_document(scenario.policy, base_policy) or None,
        start=_start(scenario.start, scenario.pack.catalog),
        events=events or None,
        until=None if scenario.until is None else _when(scenario.until, tz),
        expect=_expect(scenario.expect, tz),
    )


def scenario_yaml(scenario: Scenario, *, base_policy: Policy = Policy()) -> str:
    return _dump(scenario_document(scenario, base_policy=base_policy))


# --------------------------------------------------------------------------- packs


def _plan(plan: Plan, pack_currency: str) -> _Flow:
    return _Flow(_given(
        name=plan.name,
        amount=None if plan.amount is None else _amount(plan.amount),
        currency=plan.currency if plan.currency != pack_currency else None,
        interval=plan.interval.unit.value,
        interval_count=plan.interval.count if plan.interval.count != 1 else None,
        metered=None if plan.unit_amount is None else _Flow(unit_amount=_amount(plan.unit_amount)),
    ))


def pack_document(meta: PackMeta) -> dict:
    """pack.yaml as data; the policy is written whole, so the file says every
    rule its scenarios run by without the reader knowing the defaults."""
    plans = {plan_id: _plan(plan, meta.currency) for plan_id, plan in meta.catalog.plans.items()}
    return {"pack": meta.name, "title": meta.title, "version": 1, "currency": meta.currency, "timezone": meta.timezone,
            "owner": meta.owner, "catalog": {"plans": plans}, "policy": policy_document(meta.policy)}


def pack_yaml(meta: PackMeta) -> str:
    return _dump(pack_document(meta))


def plan_row(plan_id: str, plan: Plan, currency: str) -> str:
    """One catalog line, `basic: {name: Basic, amount: "10.00", interval: month}`."""
    return _dump({plan_id: _plan(plan, currency)})


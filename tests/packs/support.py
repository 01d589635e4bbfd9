"""Small packs written into tmp_path, and helpers to look at their problems."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from harness.packs import PackError, Problem, load_pack

PACK = """\
pack: demo
title: Demo pack
version: 1
currency: USD
timezone: Europe/Berlin
owner: billing-ops
catalog:
  plans:
    basic: {name: Basic, amount: "10.00", interval: month}
    pro: {name: Pro, amount: "30.00", interval: month}
    seat: {name: Team seat, amount: "12.00", interval: month}
    yearly: {name: Pro yearly, amount: "300.00", interval: year}
    api: {name: API calls, interval: month, metered: {unit_amount: "0.002"}}
    basic-jpy: {name: Basic JPY, amount: "1000", currency: JPY, interval: month}
policy:
  rounding: half_even
  upgrade: {bill: next_invoice}
"""

SCENARIO = """\
id: {id}
title: Upgrade Basic to Pro halfway through April
rule: Mid-cycle upgrade charges the prorated difference
start:
  date: 2026-04-01
  plan: basic
events:
  - at: 2026-04-16
    change_plan: {{to: pro}}
expect:
  invoices:
    - date: 2026-04-01
      lines:
        - {{kind: recurring, plan: basic, period: [2026-04-01, 2026-05-01], amount: "10.00"}}
      total: "10.00"
"""


def scenario(scenario_id: str = "s1") -> str:
    return SCENARIO.format(id=scenario_id)


def write_pack(root: Path, scenarios: dict[str, str] | None = None, pack: str | None = PACK) -> Path:
    """A pack folder: pack.yaml (unless pack is None) and scenarios/<rel>."""
    root.mkdir(parents=True, exist_ok=True)
    if pack is not None:
        (root / "pack.yaml").write_text(textwrap.dedent(pack), encoding="utf-8")
    for rel, text in (scenarios if scenarios is not None else {"s1.yaml": scenario("s1")}).items():
        path = root / "scenarios" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def problems(path: Path, **kwargs) -> list[Problem]:
    with pytest.raises(PackError) as caught:
        load_pack(path, **kwargs)
    assert caught.value.problems, "PackError without problems"
    return caught.value.problems


def only_problem(path: Path, **kwargs) -> Problem:
    found = problems(path, **kwargs)
    assert len(found) == 1, "expected one problem, got:\n" + "\n".join(map(str, found))
    return found[0]


def line_of(text: str, snippet: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line of `text` containing `snippet`."""
    seen = 0
    for number, line in enumerate(textwrap.dedent(text).splitlines(), start=1):
        if snippet in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{snippet!r} not in the text")


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not in the text"
    return text.replace(old, new, 1)

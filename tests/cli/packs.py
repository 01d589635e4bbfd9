"""Small packs written into a temp folder, for the CLI, render and plugin tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

PACK_YAML = """\
pack: {name}
title: Demo proration cases
version: 1
currency: USD
timezone: UTC
owner: billing-ops
catalog:
  plans:
    basic: {{name: Basic, amount: "10.00", interval: month}}
    pro:   {{name: Pro, amount: "30.00", interval: month}}
    seat:  {{name: Team seat, amount: "12.00", interval: month}}
    api:   {{name: API calls, interval: month, metered: {{unit_amount: "0.002"}}}}
"""

UPGRADE = """\
id: upgrade-halfway
title: Upgrade Basic to Pro halfway through April
rule: Mid-cycle upgrade charges the prorated difference immediately
tags: [upgrade]
math: 15 of 30 days remain; credit 10 x 1/2, charge 30 x 1/2
start:
  date: 2026-04-01
  plan: basic
events:
  - at: 2026-04-16
    change_plan: {to: pro}
expect:
  invoices:
    - date: 2026-04-01
      lines:
        - {kind: recurring, plan: basic, period: [2026-04-01, 2026-05-01], amount: "10.00"}
      total: "10.00"
    - date: 2026-04-16
      lines:
        - {kind: proration_credit, plan: basic, period: [2026-04-16, 2026-05-01], amount: "-5.00"}
        - {kind: proration_charge, plan: pro,   period: [2026-04-16, 2026-05-01], amount: "15.00"}
      total: "10.00"
"""

SIGNUP = """\
id: signup-prorated
title: Signup on April 16, billing day the 1st
rule: A signup before the anchor pays the prorated part
tags: [signup]
start:
  date: 2026-04-16
  plan: pro
  anchor: 2026-05-01
expect:
  invoices:
    - date: 2026-04-16
      lines:
        - {kind: proration_charge, plan: pro, period: [2026-04-16, 2026-05-01], amount: "15.00"}
      total: "15.00"
"""

#: Seats and usage under 30E/360: quantity and usage formulas in `explain`.
SEATS = """\
id: seats-thirty-day
title: Two more seats on April 16, API usage, 30E/360
rule: Seat increases are prorated on a 30-day month
tags: [seat-change, usage]
policy: {day_count: thirty_day}
start:
  date: 2026-04-01
  items: [{plan: seat, quantity: 1}, {plan: api}]
events:
  - at: 2026-04-16
    change_quantity: {to: 3, item: seat}
  - at: 2026-04-20
    usage: {quantity: 1500, item: api}
until: 2026-05-02
expect:
  total_billed: "63.00"
"""

#: Expects 15.01 where the engine charges 15.00: a failing scenario.
WRONG = (
    UPGRADE.replace("id: upgrade-halfway", "id: upgrade-wrong")
    .replace("title: Upgrade Basic to Pro halfway through April", "title: Upgrade with a mistyped expectation")
    .replace("math: 15 of 30 days remain; credit 10 x 1/2, charge 30 x 1/2\n", "")
    .replace('amount: "15.00"}', 'amount: "15.01"}')
)
WRONG = '"10.01"'.join(WRONG.rsplit('"10.00"', 1))  # the second invoice's total only


#: Two load problems: an unknown plan and a YAML float amount.
BAD = """\
id: upgrade-typo
title: Upgrade to a plan that does not exist
start:
  date: 2026-04-01
  plan: basic
events:
  - at: 2026-04-16
    change_plan: {to: prp}
expect:
  total_billed: 10.00
"""

PASSING = {"upgrade-halfway": UPGRADE, "signup-prorated": SIGNUP}


def write_pack(root: Path, name: str = "demo", scenarios: dict[str, str] | None = None, folder: str | None = None) -> Path:
    """Write pack.yaml and scenarios/<id>.yaml under root/<folder or name>; return the folder."""
    path = Path(root) / (folder or name)
    (path / "scenarios").mkdir(parents=True, exist_ok=True)
    (path / "pack.yaml").write_text(PACK_YAML.format(name=name), encoding="utf-8")
    for scenario_id, text in (PASSING if scenarios is None else scenarios).items():
        (path / "scenarios" / f"{scenario_id}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return path

"""Generate a large, valid scenario pack for throughput measurements.

    python benchmarks/generate_pack.py OUT_DIR [--scenarios N] [--seed S]

Writes OUT_DIR/pack.yaml and N scenario files under OUT_DIR/scenarios/:
random but seeded (the same N and seed give the same files) mixes of
signups (some prorated to an anchor), upgrades, seat changes, downgrades,
cancellations and chains of several changes, with some scenarios overriding
the policy (rounding, day count, net lines, credit notes, bill next invoice).

THIS IS A THROUGHPUT FIXTURE, NOT A TEST ORACLE: the expectations are
computed by the reference engine itself (the files are written once with a
placeholder expectation, loaded, run on the engine, and rewritten with what
the engine issued). A generated pack therefore always passes on the
reference backend and proves nothing about correctness; use it to measure
speed and memory, and the hand-written packs (scenario_packs/core) to test.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import yaml

PLANS = {
    "basic": {"name": "Basic", "amount": "10.00", "interval": "month"},
    "starter": {"name": "Starter", "amount": "19.99", "interval": "month"},
    "pro": {"name": "Pro", "amount": "30.00", "interval": "month"},
    "business": {"name": "Business", "amount": "100.00", "interval": "month"},
    "seat": {"name": "Team seat", "amount": "12.00", "interval": "month"},
    "pro-yearly": {"name": "Pro yearly", "amount": "300.00", "interval": "year"},
    "api": {"name": "API calls", "interval": "month", "metered": {"unit_amount": "0.002"}},
}
MONTHLY = ["basic", "starter", "pro", "business", "seat"]
PRICE = {name: Decimal(PLANS[name]["amount"]) for name in MONTHLY}

POLICY = {
    "day_count": "actual_days",
    "rounding": "half_up",
    "minimum_adjustment": "0.00",
    "proration_lines": "gross",
    "credits": "negative_line",
    "signup": {"prorate": True},
    "upgrade": {"effective": "immediately", "prorate": True, "bill": "now"},
    "downgrade": {"effective": "next_period"},
    "quantity_increase": {"effective": "immediately", "prorate": True, "bill": "now"},
    "quantity_decrease": {"effective": "next_period"},
    "interval_change": {"effective": "immediately", "prorate": True},
    "cancel": {"effective": "end_of_period", "prorate": False},
    "change_anchor": {"prorate": True},
}

#: Whole policy rows or keys a scenario may override (never partial rows).
OVERRIDES = [
    {"rounding": "half_even"},
    {"rounding": "down"},
    {"day_count": "thirty_day"},
    {"day_count": "actual_seconds"},
    {"proration_lines": "net"},
    {"credits": "credit_note"},
    {"upgrade": {"effective": "immediately", "prorate": True, "bill": "next_invoice"}},
    {"downgrade": {"effective": "immediately", "prorate": True, "bill": "now"}},
    {"quantity_decrease": {"effective": "immediately", "prorate": True, "bill": "now"}},
    {"minimum_adjustment": "1.00"},
]

KINDS = ["signup", "upgrade", "downgrade", "seats", "cancel", "chain", "usage", "yearly"]
PLACEHOLDER = {"total_billed": "0.00"}


def pack_yaml(name: str) -> dict:
    return {
        "pack": name,
        "title": "Generated throughput pack (expectations computed by the reference engine)",
        "version": 1,
        "currency": "USD",
        "timezone": "UTC",
        "owner": "benchmarks",
        "catalog": {"plans": PLANS},
        "policy": POLICY,
    }


class _Sub:
    """What the generator needs to know to emit only valid events."""

    def __init__(self, plan: str, quantity: int, metered: bool) -> None:
        self.plan = plan
        self.quantity = quantity
        self.metered = metered

    def item(self) -> dict:
        # No `item` on plan or seat changes: the licensed item is the only one
        # they can mean (metered items cannot change), and a scheduled change
        # would make "the plan in force" a moving target for the generator.
        return {}


def _dates_after(rng: random.Random, start: date, count: int, span: int = 85) -> list[date]:
    days = sorted(rng.sample(range(1, span), count))
    return [start + timedelta(days=d) for d in days]


def scenario(rng: random.Random, number: int) -> dict:
    kind = KINDS[number % len(KINDS)] if number < len(KINDS) else rng.choice(KINDS)
    start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 730))
    metered = kind == "usage" or (kind != "yearly" and rng.random() < 0.15)
    plan = rng.choice(["seat"] if kind == "seats" else MONTHLY)
    quantity = rng.randint(1, 5) if plan == "seat" else 1
    sub = _Sub(plan, quantity, metered)

    doc: dict = {
        "id": f"gen-{number:05d}-{kind}",
        "title": f"Generated {kind} #{number}",
        "rule": f"generated {kind}; expectation computed by the reference engine",
        "tags": [kind, "generated"],
    }
    start_doc: dict = {"date": start}
    if metered:
        start_doc["items"] = [{"plan": plan, "quantity": quantity}, {"plan": "api"}]
    else:
        start_doc["plan"] = plan
        if quantity != 1:
            start_doc["quantity"] = quantity
    if kind == "signup" and rng.random() < 0.7:
        start_doc["anchor"] = start + timedelta(days=rng.randint(1, 27))
    doc["start"] = start_doc
    if rng.random() < 0.25:
        doc["policy"] = dict(rng.choice(OVERRIDES))

    events: list[dict] = []
    if kind == "signup":
        pass
    elif kind == "upgrade":
        events.append(_change_plan(sub, _pricier(rng, sub.plan)))
    elif kind == "downgrade":
        events.append(_change_plan(sub, _cheaper(rng, sub.plan)))
    elif kind == "seats":
        for _ in range(rng.randint(1, 3)):
            events.append(_change_quantity(rng, sub))
    elif kind == "cancel":
        if rng.random() < 0.5:
            events.append(_change_plan(sub, rng.choice([p for p in MONTHLY if p != sub.plan])))
        events.append(_cancel(rng))
    elif kind == "chain":
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.6 or sub.plan == "seat":
                if sub.plan == "seat" and rng.random() < 0.5:
                    events.append(_change_quantity(rng, sub))
                    continue
                events.append(_change_plan(sub, rng.choice([p for p in MONTHLY if p not in (sub.plan, "seat")])))
            else:
                events.append(_change_quantity(rng, sub))
        if rng.random() < 0.3:
            events.append(_cancel(rng))
    elif kind == "usage":
        for _ in range(rng.randint(1, 4)):
            events.append({"usage": {"quantity": rng.randint(1, 20000), "item": "api"}})
    elif kind == "yearly":
        if rng.random() < 0.5:
            events.append(_change_plan(sub, _pricier(rng, sub.plan)))
        events.append({"change_plan": {"to": "pro-yearly"}})

    dates = _dates_after(rng, start, len(events)) if events else []
    doc["events"] = [{"at": when, **event} for when, event in zip(dates, events)]
    if not doc["events"]:
        del doc["events"]
    if events and kind not in ("yearly", "cancel") and rng.random() < 0.4:
        doc["until"] = dates[-1] + timedelta(days=rng.randint(35, 70))  # show a renewal or two
    doc["expect"] = dict(PLACEHOLDER)
    return doc


def _pricier(rng: random.Random, plan: str) -> str:
    options = [p for p in MONTHLY if p != "seat" and PRICE[p] > PRICE.get(plan, Decimal(0))]
    return rng.choice(options or ["business"])


def _cheaper(rng: random.Random, plan: str) -> str:
    options = [p for p in MONTHLY if p != "seat" and PRICE[p] < PRICE.get(plan, Decimal(0))]
    return rng.choice(options or ["basic"])


def _change_plan(sub: _Sub, to: str) -> dict:
    event = {"change_plan": {"to": to, **sub.item()}}
    sub.plan = to
    return event


def _change_quantity(rng: random.Random, sub: _Sub) -> dict:
    choices = [q for q in range(1, 9) if q != sub.quantity]
    sub.quantity = rng.choice(choices)
    return {"change_quantity": {"to": sub.quantity, **sub.item()}}


def _cancel(rng: random.Random) -> dict:
    if rng.random() < 0.5:
        return {"cancel": {}}
    return {"cancel": {"effective": "immediately", "prorate": rng.random() < 0.7}}


# -- expectations from the reference engine ---------------------------------


def _instant(value: datetime) -> date | datetime:
    return value.date() if value.time() == time(0, 0) else value


def _number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else format(value, "f")


def expectation(outcome) -> dict:  # noqa: ANN001 - harness.model.Outcome
    def document(doc) -> dict:  # noqa: ANN001
        lines = []
        for line in doc.lines:
            entry: dict = {"kind": line.kind.value}
            if line.plan is not None:
                entry["plan"] = line.plan
            if line.quantity is not None:
                entry["quantity"] = _number(line.quantity)
            entry["period"] = [_instant(line.period.start), _instant(line.period.end)]
            entry["amount"] = format(line.amount, "f")
            lines.append(entry)
        return {"date": doc.date.date(), "lines": lines, "total": format(doc.total, "f")}

    return {
        "invoices": [document(d) for d in outcome.invoices],
        "credit_notes": [document(d) for d in outcome.credit_notes],
    }


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 10x faster


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, default_flow_style=None, width=120, allow_unicode=True)


def generate(out_dir: Path, scenarios: int = 1000, seed: int = 0, name: str = "generated") -> Path:
    """Write the pack and return its folder. OUT_DIR must be new or empty."""
    from harness import engine
    from harness.packs import load_pack

    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise SystemExit(f"error: {out_dir} is not empty")
    folder = out_dir / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    (out_dir / "pack.yaml").write_text(_dump(pack_yaml(name)), encoding="utf-8")

    rng = random.Random(seed)
    docs = {}
    for number in range(scenarios):
        doc = scenario(rng, number)
        docs[doc["id"]] = doc
        (folder / f"{doc['id']}.yaml").write_text(_dump(doc), encoding="utf-8")

    pack = load_pack(out_dir)  # placeholder expectations; the engine fills them in
    for item in pack.scenarios:
        doc = docs[item.id]
        doc["expect"] = expectation(engine.run(item))
        (folder / f"{item.id}.yaml").write_text(_dump(doc), encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--scenarios", type=int, default=1000, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--name", default="generated", help="pack name ([a-z0-9-]+)")
    args = parser.parse_args(argv)
    if args.scenarios < 1:
        parser.error("--scenarios must be >= 1")
    generate(args.out_dir, args.scenarios, args.seed, args.name)
    print(f"wrote {args.out_dir}: {args.scenarios} scenarios (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

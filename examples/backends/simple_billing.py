#!/usr/bin/env python3
"""A small billing system that speaks the prorata JSON contract (prorata.backend/1).

It stands for "your in-house billing code": it knows nothing of the harness
(standard library only, no `import harness`) and bills by its own fixed rules,
whatever policy the pack wrote down:

* every period is billed in advance; a first period shorter than the billing
  interval (start before the anchor) is prorated;
* proration counts calendar days (actual days, local dates in the pack's
  timezone) and rounds each line once, half up, to the currency's minor units;
* plan and seat changes, up or down, take effect immediately: the unused days
  of what was in force are credited (a negative line) and the remaining days
  of the new plan or seat count are charged, on an invoice issued right away;
* a cancellation does what the request says (`effective`, `prorate`);
* metered usage is billed in arrears on the next renewal (or closing) invoice;
* a repeated event id is ignored (idempotent retries);
* it cannot move a billing anchor or change the billing interval, and answers
  `not_supported` for those.

So a pack whose policy matches these rules passes here, and the rest shows as
differences: that is what the harness is for.

Usage:
    python3 simple_billing.py < request.json          # stdin mode: one request, one response
    python3 simple_billing.py --serve 8080            # HTTP mode on 127.0.0.1:8080 (0: any free port)
"""

from __future__ import annotations

import argparse
import calendar
import json
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

CONTRACT = "prorata.backend/1"
#: ISO 4217 minor units for the currencies this system bills in (default 2).
MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3}


class NotSupported(Exception):
    """A request this system cannot express."""


def add_interval(anchor: datetime, unit: str, count: int, n: int) -> datetime:
    """anchor + n intervals, counted from the anchor, the day clamped to the month's end."""
    if unit == "day":
        return anchor + timedelta(days=count * n)
    if unit == "week":
        return anchor + timedelta(weeks=count * n)
    months = count * n * (12 if unit == "year" else 1)
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    day = min(anchor.day, calendar.monthrange(year, month + 1)[1])
    return anchor.replace(year=year, month=month + 1, day=day)


def round_half_up(value: Fraction, units: int) -> Decimal:
    scaled = abs(value) * 10**units
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-units)


class Subscription:
    def __init__(self, request: dict) -> None:
        pack, scenario = request["pack"], request["scenario"]
        self.tz = ZoneInfo(pack["timezone"])
        self.plans = pack["catalog"]["plans"]
        self.scenario = scenario
        self.until = self.instant(scenario["until"])
        self.items = [
            {"plan": self.plans[item["plan"]], "quantity": item["quantity"], "usage": Decimal(0)}
            for item in scenario["start"]["items"]
        ]
        first = self.items[0]["plan"]
        self.currency, self.unit, self.count = first["currency"], first["interval"], first["interval_count"]
        self.units = MINOR_UNITS.get(self.currency, 2)
        self.start = self.instant(scenario["start"]["date"])
        self.anchor = self.instant(scenario["start"]["anchor"])
        if self.start < self.anchor:  # a short first period, measured against a full one
            self.index, self.period_start, self.period_end = -1, self.start, self.anchor
        else:
            self.index, self.period_start = 0, self.anchor
            self.period_end = self.next_boundary()
        self.basis = (add_interval(self.anchor, self.unit, self.count, self.index), self.period_end)
        self.cancel_at_end = False
        self.ended: datetime | None = None
        self.seen: set[str] = set()
        self.invoices: list[dict] = []

    # ------------------------------------------------------------- helpers

    def instant(self, text: str) -> datetime:
        return datetime.fromisoformat(text).astimezone(self.tz)

    def next_boundary(self) -> datetime:
        return add_interval(self.anchor, self.unit, self.count, self.index + 1)

    def days(self, start: datetime, end: datetime) -> int:
        return (end.astimezone(self.tz).date() - start.astimezone(self.tz).date()).days

    def line(self, kind: str, plan: dict, quantity, amount: Decimal, start: datetime, end: datetime, text: str) -> dict:
        return {
            "kind": kind,
            "plan": plan["id"],
            "quantity": str(quantity),
            "period": [start.isoformat(), end.isoformat()],
            "amount": str(amount),
            "description": text,
        }

    def prorated(self, kind: str, plan: dict, quantity: int, start: datetime) -> dict | None:
        used, total = self.days(start, self.period_end), self.days(*self.basis)
        value = Fraction(Decimal(plan["amount"])) * quantity * Fraction(used, total)
        amount = round_half_up(-value if kind == "proration_credit" else value, self.units)
        if not amount:
            return None
        what = "Unused time on" if kind == "proration_credit" else "Remaining time on"
        return self.line(kind, plan, quantity, amount, start, self.period_end,
                         f"{what} {quantity} x {plan['name']} ({used}/{total} days), {self.days_text(start, self.period_end)}")

    def days_text(self, start: datetime, end: datetime) -> str:
        """'16 Apr - 30 Apr 2026': the days a line covers, as a customer reads them."""
        first, last = start.astimezone(self.tz).date(), end.astimezone(self.tz).date() - timedelta(days=1)
        return f"{first.day} {first:%b} - {last.day} {last:%b %Y}"

    def licensed(self) -> list[dict]:
        return [item for item in self.items if "amount" in item["plan"]]

    def usage_lines(self, end: datetime) -> list[dict]:
        lines = []
        for item in self.items:
            plan = item["plan"]
            if "unit_amount" in plan and item["usage"]:
                value = Fraction(item["usage"]) * Fraction(Decimal(plan["unit_amount"]))
                amount = round_half_up(value, self.units)
                if amount:
                    lines.append(self.line("usage", plan, item["usage"], amount, self.period_start, end,
                                           f"{item['usage']} x {plan['name']}"))
            item["usage"] = Decimal(0)
        return lines

    def issue(self, at: datetime, lines: list[dict]) -> None:
        if lines and at < self.until:
            total = sum((Decimal(line["amount"]) for line in lines), Decimal(0))
            self.invoices.append({"date": at.isoformat(), "total": str(total), "lines": lines})

    # ---------------------------------------------------------------- the run

    def run(self) -> dict:
        first = []
        for item in self.licensed():
            plan, quantity = item["plan"], item["quantity"]
            if self.index < 0:
                line = self.prorated("proration_charge", plan, quantity, self.start)
            else:
                amount = Decimal(plan["amount"]) * quantity
                line = self.line("recurring", plan, quantity, amount, self.period_start, self.period_end,
                                 f"{quantity} x {plan['name']}")
            if line:
                first.append(line)
        self.issue(self.start, first)
        for event in self.scenario["events"]:
            at = self.instant(event["at"])
            self.advance(lambda end: end <= at)
            if event.get("id") is not None:
                if event["id"] in self.seen:
                    continue
                self.seen.add(event["id"])
            if self.ended is None:
                self.apply(event, at)
        self.advance(lambda end: end < self.until)
        return {"invoices": self.invoices, "credit_notes": []}

    def advance(self, before) -> None:
        while self.ended is None and before(self.period_end):
            at = self.period_end
            closing = self.usage_lines(at)
            if self.cancel_at_end:
                self.ended = at
                self.issue(at, closing)
                return
            self.index += 1
            self.period_start, self.period_end = at, self.next_boundary()
            self.basis = (self.period_start, self.period_end)
            renewal = [
                self.line("recurring", item["plan"], item["quantity"], Decimal(item["plan"]["amount"]) * item["quantity"],
                          self.period_start, self.period_end, f"{item['quantity']} x {item['plan']['name']}")
                for item in self.licensed()
            ]
            self.issue(at, closing + renewal)

    def find(self, plan_id: str | None, metered: bool) -> dict:
        candidates = [item for item in self.items if ("unit_amount" in item["plan"]) == metered]
        if plan_id is not None:
            candidates = [item for item in candidates if item["plan"]["id"] == plan_id]
        if len(candidates) != 1:
            raise NotSupported(f"cannot tell which item {plan_id or '(unnamed)'} means")
        return candidates[0]

    def apply(self, event: dict, at: datetime) -> None:
        if "change_plan" in event:
            body = event["change_plan"]
            item, new = self.find(body.get("item"), False), self.plans[body["to"]]
            if (new["interval"], new["interval_count"]) != (self.unit, self.count):
                raise NotSupported("this system cannot change a subscription's billing interval")
            if new["id"] != item["plan"]["id"]:
                self.swap(at, item, new, item["quantity"])
        elif "change_quantity" in event:
            body = event["change_quantity"]
            item = self.find(body.get("item"), False)
            if body["to"] != item["quantity"]:
                self.swap(at, item, item["plan"], body["to"])
        elif "cancel" in event:
            body = event["cancel"]
            if body["effective"] != "immediately":
                self.cancel_at_end = True
                return
            lines = []
            if body["prorate"]:
                lines = [line for item in self.licensed()
                         if (line := self.prorated("proration_credit", item["plan"], item["quantity"], at))]
            self.ended = at
            self.issue(at, lines + self.usage_lines(at))
        elif "usage" in event:
            body = event["usage"]
            self.find(body.get("item"), True)["usage"] += Decimal(body["quantity"])
        elif "change_anchor" in event:
            raise NotSupported("this system keeps the billing anchor of a subscription fixed")
        else:
            raise NotSupported(f"unknown event {sorted(set(event) - {'at', 'id'})}")

    def swap(self, at: datetime, item: dict, plan: dict, quantity: int) -> None:
        credit = self.prorated("proration_credit", item["plan"], item["quantity"], at)
        charge = self.prorated("proration_charge", plan, quantity, at)
        item["plan"], item["quantity"] = plan, quantity
        self.issue(at, [line for line in (credit, charge) if line])


def answer(request: object) -> dict:
    """The response to one request: documents, not_supported or error."""
    if not isinstance(request, dict) or request.get("contract") != CONTRACT:
        return {"error": f"expected a {CONTRACT} request"}
    try:
        return Subscription(request).run()
    except NotSupported as reason:
        return {"not_supported": str(reason)}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.dumps(answer(json.loads(self.rfile.read(length)))).encode()
            status = 200
        except Exception as error:  # a bug here is an HTTP 500 with the reason, like any web service
            body, status = json.dumps({"error": f"{type(error).__name__}: {error}"}).encode(), 500
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"simple_billing: {format % args}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description="An example billing backend for the prorata JSON contract.")
    parser.add_argument("--serve", type=int, metavar="PORT", help="serve HTTP on 127.0.0.1:PORT (0: a free port)")
    args = parser.parse_args()
    if args.serve is None:
        json.dump(answer(json.load(sys.stdin)), sys.stdout)
        sys.stdout.write("\n")
        return 0
    server = ThreadingHTTPServer(("127.0.0.1", args.serve), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Reading a backend's answer: what becomes an Outcome, what is refused (with
the field named), how lines without a kind are classified, and that the
published response schema agrees with the code on every case here."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from decimal import Decimal

import jsonschema
import pytest

from harness.adapters import NotApplicable
from harness.adapters.contract import BackendReportedError, MalformedResponse, decode
from harness.model import DocumentKind, LineKind

from .helpers import schema

RESPONSE_SCHEMA = schema("backend-response.json")
VALIDATOR = jsonschema.Draft202012Validator(RESPONSE_SCHEMA)

GOOD = {
    "invoices": [
        {
            "date": "2026-04-01",
            "total": "10.00",
            "number": "INV-1",
            "lines": [{"kind": "recurring", "plan": "basic", "quantity": 1,
                       "period": ["2026-04-01", "2026-05-01"], "amount": "10.00", "description": "Basic, April"}],
        },
        {
            "date": "2026-04-16T00:00:00Z",
            "total": "10.00",
            "lines": [
                {"plan": "basic", "quantity": "1", "period": ["2026-04-16", "2026-05-01"], "amount": "-5.00"},
                {"plan": "pro", "period": ["2026-04-16T00:00:00+00:00", "2026-05-01T00:00:00+00:00"], "amount": "15.00"},
            ],
            "x-internal-id": 991,
        },
    ],
    "credit_notes": [],
    "x-trace": {"took_ms": 3},
}


def _with(path: list, value) -> dict:
    """GOOD with the value at `path` replaced (or deleted, for `...`)."""
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def test_a_good_response_becomes_an_outcome(core):
    assert VALIDATOR.is_valid(GOOD)
    outcome = decode(GOOD, core.scenario("upgrade-halfway"))
    first, second = outcome.documents
    assert first.kind is DocumentKind.INVOICE and first.number == "INV-1"
    assert first.date == datetime(2026, 4, 1, tzinfo=first.date.tzinfo)
    assert first.date.utcoffset().total_seconds() == 0
    assert first.stated_total == Decimal("10.00") and first.currency == "USD"
    assert first.lines[0].description == "Basic, April" and first.lines[0].quantity == Decimal(1)
    credit, charge = second.lines
    assert (credit.kind, credit.amount, credit.plan) == (LineKind.PRORATION_CREDIT, Decimal("-5.00"), "basic")
    assert (charge.kind, charge.amount) == (LineKind.PRORATION_CHARGE, Decimal("15.00"))
    assert charge.period.start == datetime(2026, 4, 16, tzinfo=timezone.utc)


BAD = [
    # (response, words the message must contain)
    (_with(["invoices", 1, "lines", 1, "amount"], 15.0), ["invoices[1].lines[1].amount", "JSON number 15.0", "string"]),
    (_with(["invoices", 0, "total"], 10), ["invoices[0].total", "JSON number 10"]),
    (_with(["invoices", 0, "lines", 0, "amount"], "10.001"), ["invoices[0].lines[0].amount", "USD", "minor units (2)"]),
    (_with(["invoices", 0, "lines", 0, "amount"], "10,00"), ["invoices[0].lines[0].amount", "decimal string"]),
    (_with(["invoices", 0, "lines", 0, "ammount"], "1.00"), ["invoices[0].lines[0]", "unknown key 'ammount'"]),
    (_with(["invoices", 0, "lines", 0, "amount"], ...), ["invoices[0].lines[0]", "missing 'amount'"]),
    (_with(["invoices", 0, "lines", 0, "plan"], "gold"), ["invoices[0].lines[0].plan", "'gold' is not a plan"]),
    (_with(["invoices", 0, "lines", 0, "kind"], "fee"), ["invoices[0].lines[0].kind", "recurring"]),
    (_with(["invoices", 0, "lines", 0, "period"], ["2026-04-01"]), ["invoices[0].lines[0].period", "[start, end]"]),
    (_with(["invoices", 0, "date"], "01/04/2026"), ["invoices[0].date", "YYYY-MM-DD"]),
    (_with(["invoices", 0, "date"], "2026-04-01T00:00:00"), ["invoices[0].date", "no UTC offset"]),
    (_with(["invoices", 0, "currency"], "EUR"), ["invoices[0].currency", "bills in USD"]),
    (_with(["invoices"], {"date": "2026-04-01"}), ["invoices", "expected a list"]),
    (_with(["credit_note"], []), ["unknown key 'credit_note'", "x-"]),
    ({"credit_notes": [{"date": "2026-04-01", "lines": [{"period": ["2026-04-01", "2026-04-02"], "amount": "1.00"}]}]},
     ["credit_notes[0].lines[0].amount", "negative"]),
    ({}, ["none of invoices"]),
    ([], ["must be a JSON object"]),
    ({"error": "boom", "invoices": []}, ["'error' has no other keys"]),
    ({"not_supported": ""}, ["not_supported", "non-empty string"]),
]


@pytest.mark.parametrize("data, words", BAD, ids=[words[0] for _, words in BAD])
def test_malformed_responses_name_the_field(core, data, words):
    with pytest.raises(MalformedResponse) as raised:
        decode(data, core.scenario("upgrade-halfway"))
    for word in words:
        assert word in str(raised.value)


# Cases the schema cannot see (they depend on the pack: its catalog, its
# currency's minor units, its plans' currency); every other refusal is also a
# schema refusal, and every acceptance a schema acceptance.
PACK_DEPENDENT = {"invoices[0].lines[0].plan", "invoices[0].currency"}
PACK_DEPENDENT_MESSAGES = {"minor units (2)"}


@pytest.mark.parametrize("data, words", BAD, ids=[words[0] for _, words in BAD])
def test_the_published_schema_agrees(data, words):
    pack_dependent = words[0] in PACK_DEPENDENT or any(word in PACK_DEPENDENT_MESSAGES for word in words)
    assert VALIDATOR.is_valid(data) is pack_dependent


def test_not_supported_and_error(core):
    scenario = core.scenario("upgrade-halfway")
    with pytest.raises(NotApplicable, match="^no plan changes here$"):
        decode({"not_supported": "no plan changes here", "x-debug": 1}, scenario)
    with pytest.raises(BackendReportedError, match="the backend reported an error: ledger closed"):
        decode({"error": "ledger closed"}, scenario)
    for data in ({"not_supported": "x"}, {"error": "x"}, {"invoices": []}, {"credit_notes": []}):
        assert VALIDATOR.is_valid(data)


def test_minor_units_follow_the_subscriptions_currency(core):
    line = {"period": ["2026-04-01", "2026-05-01"], "amount": "1000"}
    jpy = core.scenario("currency-jpy-signup")
    assert decode({"invoices": [{"date": "2026-04-01", "lines": [line]}]}, jpy).documents[0].currency == "JPY"
    with pytest.raises(MalformedResponse, match="JPY has minor units \\(0\\)"):
        decode({"invoices": [{"date": "2026-04-01", "lines": [dict(line, amount="1000.5")]}]}, jpy)


def _kind(core, scenario_id: str, **line) -> LineKind:
    data = {"invoices": [{"date": line["period"][0], "lines": [line]}]}
    return decode(data, core.scenario(scenario_id)).documents[0].lines[0].kind


def test_lines_without_a_kind_are_classified(core):
    month = ["2026-04-01", "2026-05-01"]
    assert _kind(core, "upgrade-halfway", plan="basic", period=month, amount="10.00") is LineKind.RECURRING
    assert _kind(core, "upgrade-halfway", plan="basic", period=["2026-04-16", "2026-05-01"], amount="5.00") \
        is LineKind.PRORATION_CHARGE
    assert _kind(core, "upgrade-halfway", plan="basic", period=month, amount="-10.00") is LineKind.PRORATION_CREDIT
    assert _kind(core, "usage-two-periods", plan="api", period=month, amount="2.47") is LineKind.USAGE
    assert _kind(core, "upgrade-halfway", period=month, amount="10.00") is LineKind.PRORATION_CHARGE  # no plan
    # whole periods of other lengths, and month-end anchors in both directions
    assert _kind(core, "upgrade-halfway", plan="yearly", period=["2026-04-01", "2027-04-01"], amount="300.00") \
        is LineKind.RECURRING
    assert _kind(core, "upgrade-halfway", plan="quarterly", period=["2026-04-01", "2026-07-01"], amount="75.00") \
        is LineKind.RECURRING
    assert _kind(core, "upgrade-halfway", plan="basic", period=["2026-02-28", "2026-03-31"], amount="10.00") \
        is LineKind.RECURRING
    assert _kind(core, "upgrade-halfway", plan="basic", period=["2026-01-31", "2026-02-28"], amount="10.00") \
        is LineKind.RECURRING
    # a labelled line keeps its label
    labelled = {"kind": "adjustment", "plan": "basic", "period": month, "amount": "10.00"}
    assert _kind(core, "upgrade-halfway", **labelled) is LineKind.ADJUSTMENT


def test_documents_come_back_in_issue_order(core):
    line = {"period": ["2026-04-16", "2026-05-01"], "amount": "-5.00"}
    data = {
        "invoices": [{"date": "2026-04-16", "lines": [dict(line, amount="15.00")]},
                     {"date": "2026-04-01", "lines": [dict(line, amount="10.00")]}],
        "credit_notes": [{"date": "2026-04-16", "lines": [line]}],
    }
    documents = decode(data, core.scenario("upgrade-halfway")).documents
    assert [(d.date.day, d.kind.value) for d in documents] == [(1, "invoice"), (16, "invoice"), (16, "credit_note")]

"""The request a backend receives: valid against the published schema, and
exactly the fields the contract promises (policy merged, cancel resolved,
horizon explicit, money as strings)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from harness import engine
from harness.adapters.contract import CONTRACT, encode, horizon

from .helpers import schema


@pytest.fixture(scope="module")
def validator():
    request_schema = schema("backend-request.json")
    jsonschema.Draft202012Validator.check_schema(request_schema)
    return jsonschema.Draft202012Validator(request_schema, format_checker=jsonschema.FormatChecker())


def test_every_core_scenario_encodes_to_a_valid_request(core, validator):
    for scenario in core.scenarios:
        body = json.loads(json.dumps(encode(scenario)))
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(body)]
        assert errors == [], scenario.id


def test_the_schema_refuses_what_the_contract_forbids(core, validator):
    body = json.loads(json.dumps(encode(core.scenario("upgrade-halfway"))))
    body["pack"]["catalog"]["plans"]["basic"]["amount"] = 10.0  # money as a JSON number
    body["scenario"]["events"][0]["change_plan"]["extra"] = 1
    del body["scenario"]["until"]
    paths = sorted("/".join(map(str, error.absolute_path)) for error in validator.iter_errors(body))
    assert paths == ["pack/catalog/plans/basic/amount", "scenario", "scenario/events/0/change_plan"]


def test_exact_request_for_a_scenario_with_a_policy_override(core):
    body = encode(core.scenario("chain-upgrade-seats-downgrade"))
    assert set(body) == {"contract", "pack", "scenario"}
    assert body["contract"] == CONTRACT == "prorata.backend/1"
    pack = body["pack"]
    assert set(pack) == {"name", "currency", "timezone", "catalog", "policy"}
    assert (pack["name"], pack["currency"], pack["timezone"]) == ("core", "USD", "UTC")
    assert pack["catalog"]["plans"]["basic"] == {
        "id": "basic", "name": "Basic", "currency": "USD", "interval": "month", "interval_count": 1, "amount": "10.00",
    }
    assert pack["catalog"]["plans"]["quarterly"]["interval_count"] == 3
    assert pack["catalog"]["plans"]["api"]["unit_amount"] == "0.002"
    assert "amount" not in pack["catalog"]["plans"]["api"]
    assert pack["catalog"]["plans"]["basic-jpy"]["amount"] == "1000"
    # the scenario's override is merged in; the rest is the pack's policy
    assert pack["policy"]["downgrade"] == {"effective": "immediately", "prorate": True, "bill": "now"}
    assert pack["policy"]["quantity_decrease"] == {"effective": "next_period", "prorate": True, "bill": "now"}
    assert pack["policy"]["day_count"] == "actual_days"
    assert pack["policy"]["minimum_adjustment"] == "0.00"
    assert body["scenario"] == {
        "id": "chain-upgrade-seats-downgrade",
        "start": {
            "date": "2026-05-01T00:00:00+00:00",
            "anchor": "2026-05-01T00:00:00+00:00",
            "items": [{"plan": "basic", "quantity": 2}],
        },
        "events": [
            {"at": "2026-05-08T00:00:00+00:00", "id": None, "change_plan": {"to": "pro", "item": None}},
            {"at": "2026-05-14T00:00:00+00:00", "id": None, "change_quantity": {"to": 3, "item": None}},
            {"at": "2026-05-26T00:00:00+00:00", "id": None, "change_plan": {"to": "basic", "item": None}},
        ],
        "until": "2026-06-01T00:00:00+00:00",
    }


def test_cancel_is_resolved_against_the_policy(core):
    events = encode(core.scenario("cancel-end-of-period"))["scenario"]["events"]
    cancels = [event["cancel"] for event in events if "cancel" in event]
    assert cancels == [{"effective": "end_of_period", "prorate": False}]


def test_usage_quantity_and_ids_are_strings(core):
    scenario = encode(core.scenario("usage-two-periods"))["scenario"]
    assert scenario["events"][0]["usage"] == {"quantity": "1234", "item": None}
    assert scenario["until"] == "2026-06-02T00:00:00+00:00"  # the scenario's own until
    retry = encode(core.scenario("retry-same-period"))["scenario"]["events"]
    assert all(isinstance(event["id"], str) for event in retry)


def test_offsets_are_converted_to_the_pack_timezone(core):
    # written 2026-04-16T02:00:00+05:00 in the scenario; the pack's timezone is UTC
    event = encode(core.scenario("event-offset-converted"))["scenario"]["events"][0]
    assert event["at"] == "2026-04-15T21:00:00+00:00"


def test_default_horizon_bounds_exactly_the_engines_documents(core):
    # Documents the engine issues all lie before `until`; a later renewal would not.
    for scenario in core.scenarios:
        until = horizon(scenario)
        assert all(document.date < until for document in engine.run(scenario).documents), scenario.id
    assert horizon(core.scenario("upgrade-halfway")).isoformat() == encode(core.scenario("upgrade-halfway"))["scenario"]["until"]

"""Scenarios decoded from genomes (harness.fuzz.genome): any bytes decode to a
scenario the engine and the timeline accept; zero bytes are the simplest
choices, so shrinking the genome towards zeros and fewer bytes shrinks the
scenario; the awkward values stay reachable."""

from __future__ import annotations

import random
from dataclasses import replace

from harness.engine import run as reference_run
from harness.fuzz.genome import AWKWARD_DAYS, AWKWARD_PRICES, EVENT, HEADER, Shape, decode, decode_with_timeline
from harness.fuzz.timeline import timeline
from harness.model import Cancel, ChangeAnchor, ChangeQuantity, Usage

SHAPE = Shape()


def _genomes(count: int) -> list[bytes]:
    rng = random.Random(5)
    return [rng.randbytes(HEADER + EVENT * rng.randrange(1, 11)) for _ in range(count)]


def test_the_zero_genome_is_the_simplest_scenario() -> None:
    scenario = decode(bytes(HEADER), SHAPE)
    assert len(scenario.events) == 1
    assert scenario.pack.currency == "USD" and len(scenario.pack.catalog.plans) == 2
    assert len(scenario.start.items) == 1 and scenario.start.items[0].quantity == 1
    assert scenario.start.anchor == scenario.start.date == AWKWARD_DAYS[0]
    assert scenario.events[0].at.date() == scenario.start.date and scenario.events[0].id is None
    assert scenario.until is None


def test_zero_event_slots_are_no_events_and_bytes_past_the_end_read_as_zeros() -> None:
    genome = _genomes(1)[0][:HEADER] + bytes([7] * EVENT) + bytes(EVENT) + bytes([9] * EVENT)
    assert len(decode(genome, SHAPE).events) <= 2  # the middle slot is no event
    short, padded = decode(genome[:HEADER + 1], SHAPE), decode(genome[:HEADER + 1] + bytes(EVENT - 1), SHAPE)
    assert replace(short, id="x") == replace(padded, id="x")  # the id is the genome's digest


def test_any_genome_decodes_to_a_valid_scenario() -> None:
    scenarios = [decode(genome, SHAPE) for genome in _genomes(300)]
    for scenario in scenarios:
        reference_run(scenario)  # raises ScenarioError for an invalid scenario
        timeline(scenario)
    assert len({s.id for s in scenarios}) == len(scenarios)
    kinds = {type(event.action) for s in scenarios for event in s.events}
    assert {Usage, Cancel, ChangeAnchor, ChangeQuantity} <= kinds
    assert max(len(s.events) for s in scenarios) >= 6
    assert any(s.until is not None for s in scenarios) and any(e.id for s in scenarios for e in s.events)
    prices = {p.amount for s in scenarios for p in s.pack.catalog.plans.values() if p.amount is not None}
    assert any(p.as_tuple().exponent == -2 and p * 100 in AWKWARD_PRICES for p in prices)
    assert any(s.start.date in AWKWARD_DAYS for s in scenarios)


def test_decoding_is_deterministic() -> None:
    genome = _genomes(1)[0]
    assert decode(genome, SHAPE) == decode(bytes(genome), Shape())


def test_the_decoders_timeline_is_the_timeline_of_the_scenario() -> None:
    """The judge takes the timeline the decoder walked instead of walking the
    scenario again, so the two must be the same account, for every shape."""
    limited = Shape(lambda key, value: not (key == "feature" and value in ("renewal", "retried_event")), max_events=4)
    kept = 0
    for shape in (SHAPE, limited):
        for genome in _genomes(300):
            scenario, account = decode_with_timeline(genome, shape)
            assert scenario == decode(genome, shape)
            if account is not None:
                kept += 1
                assert account == timeline(scenario), scenario.id
    assert kept >= 550  # the judge walks again only where the decoder dropped an event after renewing

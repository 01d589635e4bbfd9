"""The scenario writer: what it writes must load back as the same scenario,
replay green on the reference backend, and read like the core pack.

The fuzzer trusts these properties blindly when it writes a found failure,
so each test here checks one of them on real files in a temporary pack."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from harness import engine
from harness.adapters.reference import ReferenceBackend
from harness.compare import compare
from harness.engine.errors import ScenarioError
from harness.model import (
    AnchorRule,
    Bill,
    Cancel,
    CancelRule,
    Catalog,
    ChangePlan,
    ChangeQuantity,
    ChangeRule,
    CreditForm,
    DayCount,
    Effective,
    Event,
    Expectation,
    Interval,
    IntervalUnit,
    PackMeta,
    Plan,
    Policy,
    ProrationLines,
    Rounding,
    Scenario,
    SignupRule,
    Start,
    StartItem,
    Usage,
)
from harness.packs import load_pack
from harness.packs.names import zone
from harness.packs import (
    WriteConflict,
    expectation_of,
    pack_yaml,
    scenario_yaml,
    write_scenario,
)
from harness.runner import run_pack

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"
AMOUNT_KEYS = {"amount", "total", "total_billed", "unit_amount", "minimum_adjustment"}


@pytest.fixture(scope="module")
def core():
    return load_pack(CORE)


def with_reference_expect(scenario: Scenario) -> Scenario:
    return replace(scenario, expect=expectation_of(engine.run(scenario), scenario.pack.timezone))


def same_pack_source(loaded: Scenario, original: Scenario) -> Scenario:
    """PackMeta.source (the folder it was read from) is part of its equality."""
    return replace(loaded, pack=replace(loaded.pack, source=original.pack.source))


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def walk(node, key=None):
    """(key, value) of every scalar in parsed YAML."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)
    else:
        yield key, node


def assert_no_float_amounts(text: str) -> None:
    scalars = list(walk(yaml.safe_load(text)))
    assert not [v for _, v in scalars if isinstance(v, float)], text
    amounts = [(k, v) for k, v in scalars if k in AMOUNT_KEYS]
    assert amounts and all(isinstance(v, str) for _, v in amounts), amounts


# --------------------------------------------------------------------------- the core pack


def test_every_core_scenario_round_trips_and_replays(core, tmp_path, real_engine):
    pack_dir = tmp_path / "core-copy"
    originals = {}
    for scenario in core.scenarios:
        written = with_reference_expect(scenario)
        assert compare(written, engine.run(scenario)) == ()
        originals[scenario.id] = written
        path = write_scenario(pack_dir, written)
        assert path == pack_dir / "scenarios" / f"{scenario.id}.yaml"
        assert_no_float_amounts(path.read_text())

    loaded = load_pack(pack_dir)
    assert len(loaded.scenarios) == len(core.scenarios) > 80
    assert loaded.meta == replace(core.meta, source=str(pack_dir))
    differing = [s.id for s in loaded.scenarios if same_pack_source(s, originals[s.id]) != originals[s.id]]
    assert differing == []

    run = run_pack(loaded, ReferenceBackend())
    assert run.summary["passed"] == len(core.scenarios), [(r.id, r.status, r.problems) for r in run.results if r.status != "passed"]
    assert_no_float_amounts((pack_dir / "pack.yaml").read_text())


def test_total_billed_only_becomes_full_invoices(core, tmp_path):
    scenario = with_reference_expect(core.scenario("total-billed-only"))
    text = scenario_yaml(scenario, base_policy=core.meta.policy)
    assert "total_billed" not in text
    assert yaml.safe_load(text)["expect"]["invoices"][-1]["lines"][0]["amount"] == "30.00"


def test_policy_rows_that_differ_are_written_whole(core):
    scenario = core.scenario("chain-upgrade-seats-downgrade")
    document = yaml.safe_load(scenario_yaml(scenario, base_policy=core.meta.policy))
    assert document["policy"] == {"downgrade": {"effective": "immediately", "prorate": True, "bill": "now"}}
    assert "policy" not in yaml.safe_load(scenario_yaml(scenario, base_policy=scenario.policy))


# --------------------------------------------------------------------------- hand-built variations

PRICES = {
    "USD": ("9.99", "30.00", "0.002"),
    "JPY": ("1000", "2999", "3"),
    "KWD": ("10.500", "21.125", "0.0005"),
}
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")


def meta_for(currency: str, timezone: str, policy: Policy = Policy(), pack_currency: str = "USD") -> PackMeta:
    base, pro, rate = PRICES[currency]
    month = Interval(IntervalUnit.MONTH)
    plans = {
        "base": Plan("base", "Base", currency, month, amount=Decimal(base)),
        "pro": Plan("pro", "Pro: the big one", currency, month, amount=Decimal(pro)),
        "api": Plan("api", "API calls", currency, month, unit_amount=Decimal(rate)),
    }
    return PackMeta("fuzzed", "Fuzzed cases", pack_currency, timezone, "qa", Catalog(plans), policy)


def change_rules():
    effective = st.sampled_from((Effective.IMMEDIATELY, Effective.NEXT_PERIOD))
    return st.builds(ChangeRule, effective, st.booleans(), st.sampled_from(Bill))


@st.composite
def policies(draw):
    return Policy(
        day_count=draw(st.sampled_from(DayCount)),
        rounding=draw(st.sampled_from(Rounding)),
        proration_lines=draw(st.sampled_from(ProrationLines)),
        credits=draw(st.sampled_from(CreditForm)),
        signup=SignupRule(draw(st.booleans())),
        upgrade=draw(change_rules()),
        downgrade=draw(change_rules()),
        quantity_increase=draw(change_rules()),
        cancel=CancelRule(draw(st.sampled_from((Effective.IMMEDIATELY, Effective.END_OF_PERIOD))), draw(st.booleans())),
        change_anchor=AnchorRule(draw(st.booleans())),
    )


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@st.composite
def scenarios(draw):
    currency = draw(st.sampled_from(sorted(PRICES)))
    tz_name = draw(st.sampled_from(ZONES))
    pack_policy = draw(st.sampled_from((Policy(), replace(Policy(), rounding=Rounding.HALF_EVEN))))
    meta = meta_for(currency, tz_name, pack_policy)
    policy = draw(st.sampled_from((pack_policy, draw(policies()))))
    start_day = draw(st.dates(date(2024, 1, 1), date(2028, 12, 31)))
    anchor = start_day + timedelta(days=draw(st.sampled_from((0, 0, 3, 15))))
    metered = draw(st.booleans())
    quantity = draw(st.integers(1, 5))
    items = (StartItem("base", quantity),) + ((StartItem("api"),) if metered else ())
    begins = datetime(start_day.year, start_day.month, start_day.day, tzinfo=zone(tz_name))

    offsets = sorted(draw(st.lists(st.integers(0, 20 * 24 * 60), max_size=5)))
    events = []
    for i, minutes in enumerate(offsets):
        at = begins + timedelta(minutes=minutes)
        if metered:
            action = draw(st.sampled_from((
                Usage(draw(st.sampled_from((Decimal("2.5"), Decimal(1234), Decimal("0.75")))), item="api"),
                ChangeQuantity(draw(st.integers(1, 6)), item="base"),
            )))
        else:
            action = draw(st.sampled_from((ChangePlan("pro"), ChangePlan("base"), ChangeQuantity(draw(st.integers(1, 6))))))
        if i == len(offsets) - 1 and draw(st.booleans()):
            action = Cancel(draw(st.sampled_from((None, Effective.IMMEDIATELY))), draw(st.sampled_from((None, True, False))))
        events.append(Event(at, action, id=draw(st.sampled_from((None, "retry-1", "retry-2"))), index=i))
    until = None
    if draw(st.booleans()):
        until = begins + timedelta(days=draw(st.integers(21, 70)), minutes=draw(st.sampled_from((0, 90))))

    scenario = Scenario(
        id=draw(st.sampled_from(("found-1", "upgrade-x", "2026"))),
        title=draw(texts.filter(str.strip)),
        pack=meta,
        policy=policy,
        start=Start(start_day, items, anchor),
        events=tuple(events),
        expect=Expectation(),
        until=until,
        rule=draw(st.sampled_from(("differential: reference", "yes", "periods: contiguous # never overlap"))),
        owner=draw(st.sampled_from(("qa", "billing-ops"))),
        math=draw(texts),
        tags=tuple(draw(st.lists(st.sampled_from(("fuzz", "no", "1.5", "a b")), unique=True, max_size=3))),
    )
    try:
        return with_reference_expect(scenario)
    except ScenarioError:
        reject()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(scenarios())
def test_written_scenarios_load_back_equal(scenario):
    text = scenario_yaml(scenario, base_policy=scenario.pack.policy)
    assert_no_float_amounts(text)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "scenarios").mkdir()
        (root / "pack.yaml").write_text(pack_yaml(scenario.pack), encoding="utf-8")
        (root / "scenarios" / f"{scenario.id}.yaml").write_text(text, encoding="utf-8")
        loaded = load_pack(root).scenarios[0]
    assert same_pack_source(loaded, scenario) == scenario, text


def test_instants_off_midnight_keep_their_offset():
    meta = meta_for("USD", "Europe/Berlin")
    noon = datetime(2026, 4, 16, 12, 30, tzinfo=zone("Europe/Berlin"))
    scenario = with_reference_expect(Scenario(
        "noon", "Upgrade at lunch", meta, meta.policy,
        Start(date(2026, 4, 1), (StartItem("base"),), date(2026, 4, 1)),
        (Event(noon, ChangePlan("pro"), index=0),), Expectation(), rule="r",
    ))
    document = yaml.safe_load(scenario_yaml(scenario, base_policy=meta.policy))
    assert document["events"][0]["at"] == noon
    assert "at: 2026-04-16T12:30:00+02:00" in scenario_yaml(scenario)
    assert document["expect"]["invoices"][1]["lines"][0]["period"] == [noon, date(2026, 5, 1)]


# --------------------------------------------------------------------------- packs on disk

PACK_WITH_COMMENTS = """\
pack: fuzzed
title: Fuzzed cases
version: 1
currency: USD
timezone: UTC
owner: qa
catalog:
  plans:
    # the plan every found case starts on
    base: {name: Base, amount: "9.99", interval: month}
policy:
  rounding: half_up
"""


def simple(meta: PackMeta, scenario_id: str, plan: str, to: str | None = None) -> Scenario:
    events = (Event(datetime(2026, 4, 16, tzinfo=zone(meta.timezone)), ChangePlan(to), index=0),) if to else ()
    return with_reference_expect(Scenario(
        scenario_id, f"Starts on {plan}", meta, meta.policy,
        Start(date(2026, 4, 1), (StartItem(plan),), date(2026, 4, 1)), events, Expectation(),
        rule="found by the fuzzer", owner="qa",
    ))


def only(meta: PackMeta, *plan_ids: str) -> PackMeta:
    return replace(meta, catalog=Catalog({p: meta.catalog[p] for p in plan_ids}))


def test_merging_adds_missing_plans_and_keeps_the_file(tmp_path, real_engine):
    meta = meta_for("USD", "UTC", pack_currency="USD")
    pack_dir = tmp_path / "found"
    (pack_dir).mkdir()
    (pack_dir / "pack.yaml").write_text(PACK_WITH_COMMENTS)

    first = simple(only(meta, "base"), "on-base", "base")
    second = simple(only(meta, "pro", "api"), "on-pro", "pro")
    third = simple(meta, "base-to-pro", "base", to="pro")
    for scenario in (first, second, third):
        write_scenario(pack_dir, scenario)

    text = (pack_dir / "pack.yaml").read_text()
    assert text.startswith(PACK_WITH_COMMENTS.split("policy:")[0])  # comment and rows kept as written
    assert "pro: {name: 'Pro: the big one', amount: \"30.00\", interval: month}" in text
    assert "api:" not in text  # unused plans are not copied
    pack = load_pack(pack_dir)
    assert sorted(pack.meta.catalog.plans) == ["base", "pro"]
    assert [s.id for s in pack.scenarios] == ["base-to-pro", "on-base", "on-pro"]
    assert run_pack(pack, ReferenceBackend()).summary["passed"] == 3
    assert [p.name for p in pack_dir.rglob("*") if p.name.startswith(".")] == []  # no temp files left


def test_new_pack_is_created_from_the_scenarios_pack(tmp_path, real_engine):
    meta = meta_for("JPY", "Asia/Kolkata", replace(Policy(), credits=CreditForm.CREDIT_NOTE), pack_currency="USD")
    scenario = simple(meta, "jpy-upgrade", "base", to="pro")
    path = write_scenario(tmp_path / "new", scenario)
    pack = load_pack(tmp_path / "new")
    assert pack.meta == replace(meta, source=str(tmp_path / "new"))
    assert same_pack_source(pack.scenarios[0], scenario) == scenario
    assert "policy:" not in path.read_text()
    assert 'currency: JPY' in (tmp_path / "new" / "pack.yaml").read_text()


def test_a_pack_yaml_that_cannot_be_appended_to_is_rewritten_whole(tmp_path, real_engine):
    flow = PACK_WITH_COMMENTS.replace(
        '  plans:\n    # the plan every found case starts on\n    base: {name: Base, amount: "9.99", interval: month}',
        '  plans: {base: {name: Base, amount: "9.99", interval: month}}',
    )
    (tmp_path / "pack.yaml").write_text(flow)
    write_scenario(tmp_path, simple(meta_for("USD", "UTC"), "base-to-pro", "base", to="pro"))
    pack = load_pack(tmp_path)
    assert sorted(pack.meta.catalog.plans) == ["base", "pro"]
    assert "upgrade: {effective: immediately, prorate: true, bill: now}" in (tmp_path / "pack.yaml").read_text()


def test_a_broken_pack_yaml_stops_the_write(tmp_path):
    (tmp_path / "pack.yaml").write_text(PACK_WITH_COMMENTS.replace('"9.99"', "9.99"))
    before = files(tmp_path)
    with pytest.raises(WriteConflict, match=r"pack.yaml:10.*quoted"):
        write_scenario(tmp_path, simple(meta_for("USD", "UTC"), "on-base", "base"))
    assert files(tmp_path) == before


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda m: replace(m, catalog=Catalog({**m.catalog.plans, "base": replace(m.catalog["base"], amount=Decimal("10.99"))})),
         ["plan 'base'", '"9.99"', '"10.99"']),
        (lambda m: replace(m, timezone="Europe/Berlin"), ["timezone is UTC", "Europe/Berlin"]),
        (lambda m: replace(m, policy=replace(m.policy, rounding=Rounding.DOWN)), ["policy", "rounding"]),
    ],
    ids=["plan", "timezone", "policy"],
)
def test_conflicts_write_nothing(tmp_path, change, words):
    meta = only(meta_for("USD", "UTC"), "base", "pro")
    pack_dir = tmp_path / "found"
    write_scenario(pack_dir, simple(meta, "on-base", "base"))
    before = files(pack_dir)

    with pytest.raises(WriteConflict) as caught:
        write_scenario(pack_dir, simple(change(meta), "base-to-pro", "base", to="pro"))
    message = str(caught.value)
    assert str(pack_dir / "pack.yaml") in message
    assert all(word in message for word in words), message
    assert files(pack_dir) == before


def test_rewriting_the_same_scenario_leaves_it_alone(tmp_path):
    meta = meta_for("USD", "UTC")
    scenario = simple(meta, "on-base", "base", to="pro")
    path = write_scenario(tmp_path, scenario)
    stamp = path.stat().st_mtime_ns, path.stat().st_ino
    os.utime(path, ns=(1, 1))
    assert write_scenario(tmp_path, scenario) == path
    assert path.stat().st_mtime_ns == 1 and path.stat().st_ino == stamp[1]

    changed = replace(scenario, title="Another title")
    with pytest.raises(WriteConflict, match="already there"):
        write_scenario(tmp_path, changed)
    write_scenario(tmp_path, changed, overwrite=True)
    assert "title: Another title" in path.read_text()


def test_a_crash_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    meta = meta_for("USD", "UTC")
    scenario = simple(meta, "on-base", "base", to="pro")
    path = write_scenario(tmp_path, scenario)
    before = files(tmp_path)

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_scenario(tmp_path, replace(scenario, title="Changed"), overwrite=True)
    assert files(tmp_path) == before
    assert path.read_text() == before["scenarios/on-base.yaml"].decode()


def test_same_id_in_a_sub_folder_is_a_conflict(tmp_path):
    meta = meta_for("USD", "UTC")
    scenario = simple(meta, "on-base", "base")
    write_scenario(tmp_path, scenario)
    (tmp_path / "scenarios" / "old").mkdir()
    (tmp_path / "scenarios" / "on-base.yaml").rename(tmp_path / "scenarios" / "old" / "on-base.yaml")
    with pytest.raises(WriteConflict, match="already used"):
        write_scenario(tmp_path, scenario)


# --------------------------------------------------------------------------- layout


def test_layout_snapshot(snapshot):
    meta = meta_for("KWD", "Europe/Berlin", pack_currency="KWD")
    berlin = zone("Europe/Berlin")
    scenario = with_reference_expect(Scenario(
        id="seats-usage-retry",
        title="Seats added at 14:30, usage of 2.5 units, a retried webhook, then cancel immediately",
        pack=meta,
        policy=replace(meta.policy, credits=CreditForm.CREDIT_NOTE, cancel=CancelRule(Effective.IMMEDIATELY, True)),
        start=Start(date(2026, 3, 28), (StartItem("base", 2), StartItem("api")), date(2026, 4, 1)),
        events=(
            Event(datetime(2026, 4, 10, 14, 30, tzinfo=berlin), ChangeQuantity(3, item="base"), id="wh-1", index=0),
            Event(datetime(2026, 4, 10, 14, 31, tzinfo=berlin), ChangeQuantity(3, item="base"), id="wh-1", index=1),
            Event(datetime(2026, 4, 12, tzinfo=berlin), Usage(Decimal("2.5"), item="api"), index=2),
            Event(datetime(2026, 4, 20, tzinfo=berlin), Cancel(), index=3),
        ),
        expect=Expectation(),
        rule="no credit exceeds what was billed for its span",
        owner="qa",
        math="Invariant: credit_cap\nSeats 2 -> 3 on Apr 10 14:30 (Berlin).",
        tags=("fuzz", "credit_cap"),
    ))
    text = scenario_yaml(scenario, base_policy=meta.policy)
    assert text == snapshot
    assert "credit_notes:" in text and "math: |-" in text

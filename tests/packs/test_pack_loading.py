"""Good packs become the model: instants in the pack's timezone, Decimals,
the merged policy, items, expectations."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from harness.model import (
    Bill,
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    DayCount,
    Effective,
    Interval,
    IntervalUnit,
    Rounding,
    StartItem,
    Usage,
)
from harness.packs import PackError, load_pack, load_packs
from tests.packs.support import PACK, line_of, problems, replace, scenario, write_pack

BERLIN = ZoneInfo("Europe/Berlin")


def test_pack_meta_and_catalog(tmp_path):
    pack = load_pack(write_pack(tmp_path / "demo"))
    meta = pack.meta
    assert (meta.name, meta.title, meta.currency, meta.timezone, meta.owner, meta.version) == (
        "demo", "Demo pack", "USD", "Europe/Berlin", "billing-ops", 1,
    )
    assert pack.name == "demo"
    plans = meta.catalog.plans
    assert plans["basic"].amount == Decimal("10.00") and str(plans["basic"].amount) == "10.00"
    assert plans["basic"].currency == "USD" and plans["basic"].interval == Interval(IntervalUnit.MONTH, 1)
    assert plans["yearly"].interval.unit is IntervalUnit.YEAR
    assert plans["api"].metered and plans["api"].unit_amount == Decimal("0.002") and plans["api"].amount is None
    assert plans["basic-jpy"].currency == "JPY" and plans["basic-jpy"].amount == Decimal("1000")
    assert plans["basic"].id == "basic"


def test_pack_policy_is_merged_over_the_defaults(tmp_path):
    meta = load_pack(write_pack(tmp_path / "demo")).meta
    policy = meta.policy
    assert policy.rounding is Rounding.HALF_EVEN
    assert policy.upgrade.bill is Bill.NEXT_INVOICE
    assert policy.upgrade.effective is Effective.IMMEDIATELY and policy.upgrade.prorate is True
    assert policy.downgrade.effective is Effective.NEXT_PERIOD  # the format's default row
    assert policy.day_count is DayCount.ACTUAL_DAYS


def test_scenario_policy_overrides_merge_key_by_key(tmp_path):
    text = replace(
        scenario(),
        "start:\n",
        'policy:\n  day_count: thirty_day\n  minimum_adjustment: "0.50"\n  upgrade: {prorate: false}\n'
        "  downgrade: {prorate: false}\nstart:\n",
    )
    root = write_pack(tmp_path / "demo", {"s1.yaml": text, "s2.yaml": scenario("s2")})
    merged, plain = load_pack(root).scenarios
    policy = merged.policy
    assert policy.day_count is DayCount.THIRTY_DAY
    assert policy.minimum_adjustment == Decimal("0.50")
    assert policy.rounding is Rounding.HALF_EVEN  # from the pack
    # nested rules merge per key: pack's bill stays, scenario's prorate wins
    assert policy.upgrade.bill is Bill.NEXT_INVOICE and policy.upgrade.prorate is False
    assert policy.upgrade.effective is Effective.IMMEDIATELY
    # a row the pack left alone keeps the format's default for the other keys
    assert policy.downgrade.effective is Effective.NEXT_PERIOD and policy.downgrade.prorate is False
    assert merged.policy_overrides == {
        "day_count": "thirty_day",
        "minimum_adjustment": "0.50",
        "upgrade": {"prorate": False},
        "downgrade": {"prorate": False},
    }
    assert plain.policy == merged.pack.policy and plain.policy_overrides == {}


def test_dates_become_instants_in_the_pack_timezone(tmp_path):
    text = """\
    id: times
    title: Times in Berlin
    rule: dates are 00:00 local, datetimes keep their instant
    start:
      date: 2026-03-01
      plan: basic
    events:
      - at: 2026-03-29
        change_quantity: {to: 2}
      - at: 2026-03-29T08:00:00Z
        change_quantity: {to: 3}
      - at: "2026-03-29T12:30:00-04:00"
        change_quantity: {to: 4}
    until: 2026-04-01
    expect:
      invoices:
        - date: 2026-03-01
          lines:
            - {kind: recurring, plan: basic, quantity: 1, period: [2026-03-01, 2026-04-01], amount: "10.00"}
          total: "10.00"
        - date: 2026-03-28T23:30:00Z
          lines:
            - {kind: proration_charge, plan: basic, quantity: 1, period: [2026-03-29T00:00:00+01:00, 2026-04-01], amount: "1.00"}
          total: "1.00"
    """
    sc = load_pack(write_pack(tmp_path / "demo", {"times.yaml": text})).scenarios[0]
    first, second, third = (e.at for e in sc.events)
    assert first == datetime(2026, 3, 29, tzinfo=BERLIN) and first.utcoffset() == timedelta(hours=1)
    assert first.tzinfo == BERLIN
    # 08:00Z on the day summer time starts is 10:00 CEST
    assert (second.hour, second.utcoffset()) == (10, timedelta(hours=2)) and second.tzinfo == BERLIN
    assert second == datetime(2026, 3, 29, 8, tzinfo=timezone.utc)
    assert (third.hour, third.minute) == (18, 30) and third.tzinfo == BERLIN
    assert sc.until == datetime(2026, 4, 1, tzinfo=BERLIN) and sc.until.utcoffset() == timedelta(hours=2)
    assert sc.start.date == date(2026, 3, 1) and sc.start.anchor == date(2026, 3, 1)
    recurring = sc.expect.invoices[0].lines[0]
    assert recurring.period == (datetime(2026, 3, 1, tzinfo=BERLIN), datetime(2026, 4, 1, tzinfo=BERLIN))
    assert recurring.quantity == Decimal(1)
    # a document date given as a datetime is the calendar date in the pack's timezone
    assert sc.expect.invoices[1].date == date(2026, 3, 29)
    assert sc.expect.invoices[1].lines[0].period[0] == datetime(2026, 3, 29, tzinfo=BERLIN)


def test_items_events_and_expectations(tmp_path):
    text = """\
    id: team
    title: Team with usage
    rule: seats and metered usage
    owner: finance
    tags: [seats, usage]
    math: 3 seats x 12.00
    start:
      date: 2026-04-01
      items: [{plan: seat, quantity: 3}, {plan: api}]
      anchor: 2026-04-15
    events:
      - at: 2026-04-02
        usage: {quantity: 1200}
      - at: 2026-04-03
        id: retry-1
        usage: {quantity: "0.5", item: api}
      - at: 2026-04-05
        change_quantity: {to: 4, item: seat}
      - at: 2026-04-06
        change_plan: {to: pro, item: seat}
      - at: 2026-04-07
        change_anchor: {to: 2026-04-10}
      - at: 2026-04-08
        cancel:
      - at: 2026-04-08
        cancel: {effective: immediately, prorate: true}
    expect:
      total_billed: "40.00"
    """
    sc = load_pack(write_pack(tmp_path / "demo", {"team.yaml": text})).scenarios[0]
    assert sc.start.items == (StartItem("seat", 3), StartItem("api", 1))
    assert sc.start.anchor == date(2026, 4, 15)
    actions = [e.action for e in sc.events]
    assert actions == [
        Usage(quantity=Decimal(1200)),
        Usage(quantity=Decimal("0.5"), item="api"),
        ChangeQuantity(to=4, item="seat"),
        ChangePlan(to="pro", item="seat"),
        ChangeAnchor(to=date(2026, 4, 10)),
        Cancel(),
        Cancel(effective=Effective.IMMEDIATELY, prorate=True),
    ]
    assert [e.index for e in sc.events] == list(range(7))
    assert sc.events[1].id == "retry-1" and sc.events[0].id is None
    assert [e.name for e in sc.events][:2] == ["usage", "usage"]
    assert (sc.owner, sc.tags, sc.math) == ("finance", ("seats", "usage"), "3 seats x 12.00")
    assert sc.expect.total_billed == Decimal("40.00")
    assert sc.expect.invoices is None and sc.expect.credit_notes is None  # only the sum is checked
    assert sc.until is None


def test_defaults_owner_quantity_credit_notes_and_source(tmp_path):
    text = scenario("s1")
    root = write_pack(tmp_path / "demo", {"sub/s1.yaml": "# a comment first\n" + text})
    sc = load_pack(root).scenarios[0]
    assert sc.owner == "billing-ops"
    assert sc.start.items == (StartItem("basic", 1),)
    assert sc.expect.credit_notes == ()  # invoices listed, credit notes left out: none expected
    assert sc.source.path.replace("\\", "/").endswith("demo/scenarios/sub/s1.yaml")
    assert sc.source.line == 2
    assert sc.pack.name == "demo"
    assert (sc.tags, sc.math, sc.until) == ((), "", None)


def test_scenarios_are_sorted_by_relative_path(tmp_path):
    names = ["z/a.yaml", "a/z.yaml", "m.yaml", "a/b/c.yaml", "a-b.yaml"]
    root = write_pack(tmp_path / "demo", {name: scenario(name.rsplit("/", 1)[-1][:-5]) for name in names})
    (root / "scenarios" / "README.md").write_text("not a scenario")
    (root / "scenarios" / ".hidden.yaml").write_text("not: loaded")
    ids = [s.id for s in load_pack(root).scenarios]
    # by the relative path as text: "a-b.yaml" < "a/b/c.yaml" ('-' sorts before '/')
    assert ids == ["a-b", "c", "z", "m", "a"]


def test_pack_without_scenarios_folder_loads_empty(tmp_path):
    root = write_pack(tmp_path / "demo", scenarios={})
    assert load_pack(root).scenarios == ()


def test_path_to_pack_yaml_is_accepted(tmp_path):
    root = write_pack(tmp_path / "demo")
    assert load_pack(root / "pack.yaml").name == "demo"
    assert load_pack(str(root)).name == "demo"


def test_load_packs_reports_the_problems_of_all_packs(tmp_path):
    good = write_pack(tmp_path / "good")
    other = write_pack(tmp_path / "other", pack=PACK.replace("pack: demo", "pack: other"))
    assert [p.name for p in load_packs([good, other])] == ["demo", "other"]
    bad1 = write_pack(tmp_path / "bad1", {"s1.yaml": replace(scenario(), "{to: pro}", "{to: prp}")})
    bad2 = write_pack(tmp_path / "bad2", pack=None)
    with pytest.raises(PackError) as caught:
        load_packs([good, bad1, bad2])
    files = [p.file.replace("\\", "/") for p in caught.value.problems]
    assert files[0].endswith("bad1/scenarios/s1.yaml") and files[1].endswith("bad2/pack.yaml")


def test_two_packs_with_one_name(tmp_path):
    first = write_pack(tmp_path / "one")
    second = write_pack(tmp_path / "two")
    with pytest.raises(PackError) as caught:
        load_packs([first, second])
    (problem,) = caught.value.problems
    assert problem.field == "pack" and problem.line == 1 and "two packs are named 'demo'" in problem.message


def test_yaml_anchors_and_merge_keys(tmp_path):
    text = """\
    id: shared
    title: Lines shared with an anchor
    rule: YAML anchors are plain YAML
    start: {date: 2026-04-01, plan: basic}
    expect:
      invoices:
        - date: 2026-04-01
          lines:
            - &line {kind: recurring, plan: basic, period: [2026-04-01, 2026-05-01], amount: "10.00"}
          total: "10.00"
        - date: 2026-05-01
          lines:
            - {<<: *line, period: [2026-05-01, 2026-06-01]}
          total: "10.00"
    """
    sc = load_pack(write_pack(tmp_path / "demo", {"shared.yaml": text})).scenarios[0]
    second = sc.expect.invoices[1].lines[0]
    assert second.kind == "recurring" and second.amount == Decimal("10.00")
    assert second.period[0] == datetime(2026, 5, 1, tzinfo=BERLIN)


def test_keys_that_look_like_other_types_stay_names(tmp_path):
    pack = PACK.replace("    basic: {name: Basic,", '    2026: {name: Year plan, amount: "1.00", interval: month}\n    basic: {name: Basic,')
    meta = load_pack(write_pack(tmp_path / "demo", pack=pack)).meta
    assert "2026" in meta.catalog


def test_amounts_keep_their_written_precision(tmp_path):
    text = replace(scenario(), 'amount: "10.00"', 'amount: "10.0"').replace('total: "10.00"', 'total: "10"')
    sc = load_pack(write_pack(tmp_path / "demo", {"s1.yaml": text})).scenarios[0]
    assert str(sc.expect.invoices[0].lines[0].amount) == "10.0" and sc.expect.invoices[0].total == Decimal("10.00")


def test_one_bad_file_does_not_hide_the_rest(tmp_path):
    root = write_pack(
        tmp_path / "demo",
        {"a.yaml": "id: [\n", "b.yaml": replace(scenario("b"), "title: Upgrade", "title: yes\ntitel: Upgrade")},
    )
    found = problems(root)
    assert [p.file.rsplit("/", 1)[-1] for p in found] == ["a.yaml", "b.yaml", "b.yaml"]
    assert [p.line for p in found[1:]] == [2, 3]  # sorted by line within the file
    assert found[2].field == "titel" and found[2].hint == "did you mean 'title'?"
    assert line_of(replace(scenario("b"), "title: Upgrade", "title: yes\ntitel: Upgrade"), "titel") == 3

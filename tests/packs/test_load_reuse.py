"""What the loader works out once and reuses across a pack's scenarios (for
speed) must give what working it out each time gives: the same policy for
the same overrides, and every bad amount reported wherever it is written."""

from __future__ import annotations

from pathlib import Path

from harness.model import DayCount, Rounding
from harness.packs import load_pack
from tests.packs.support import problems, scenario, write_pack


def _with_policy(scenario_id: str, policy: str) -> str:
    return scenario(scenario_id) + policy


def test_scenarios_with_the_same_overrides_share_one_policy(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, {
        "a.yaml": _with_policy("a", "policy: {rounding: down}\n"),
        "b.yaml": _with_policy("b", "policy: {rounding: down}\n"),
        "c.yaml": _with_policy("c", "policy: {rounding: down, day_count: thirty_day}\n"),
        "d.yaml": scenario("d"),
    }))
    a, b, c, d = (pack.scenario(name) for name in "abcd")
    assert a.policy is b.policy
    assert a.policy.rounding is Rounding.DOWN and a.policy.day_count is DayCount.ACTUAL_DAYS
    assert c.policy.rounding is Rounding.DOWN and c.policy.day_count is DayCount.THIRTY_DAY
    assert d.policy is pack.meta.policy and d.policy.rounding is Rounding.HALF_EVEN
    assert a.policy.upgrade == pack.meta.policy.upgrade  # the pack's own rows stay under the overrides
    assert a.policy_overrides == {"rounding": "down"}


def test_a_bad_amount_is_reported_in_every_file_that_writes_it(tmp_path: Path) -> None:
    bad = scenario("x").replace('total: "10.00"', 'total: "10.005"')
    found = problems(write_pack(tmp_path, {"x.yaml": bad, "y.yaml": bad.replace("id: x", "id: y")}))
    assert sorted(p.file.rsplit("/", 1)[-1] for p in found) == ["x.yaml", "y.yaml"]
    assert all("3 decimals" in p.message for p in found)


def test_an_amount_valid_in_one_currency_is_checked_again_in_another(tmp_path: Path) -> None:
    usd = scenario("a-usd").replace('"10.00"', '"10.50"').replace('amount: "10.50"}}', 'amount: "10.50"}')
    jpy = (scenario("b-jpy").replace("plan: basic\n", "plan: basic-jpy\n")
           .replace("{to: pro}", "{to: basic-jpy}").replace('"10.00"', '"10.50"'))
    # loaded in name order: USD first, so its "10.50" passing must not vouch for JPY's
    found = problems(write_pack(tmp_path, {"a-usd.yaml": usd, "b-jpy.yaml": jpy}))
    assert found and all(p.file.endswith("b-jpy.yaml") for p in found), [str(p) for p in found]
    assert any("JPY" in p.message for p in found)

"""The coverage matrix: the universe is every policy value of every event rule
x day count x pack currency, and a cell is covered only by a scenario the
engine judged under exactly that value."""

from __future__ import annotations

from harness.evidence.coverage import DAY_COUNTS, coverage, policy_values
from harness.model.policy import EVENT_RULES


def test_policy_values_list_every_choice_of_the_rule():
    assert policy_values("upgrade") == (
        "effective=immediately", "effective=next_period", "effective=end_of_period",
        "prorate=true", "prorate=false", "bill=now", "bill=next_invoice",
    )
    assert policy_values("signup") == ("prorate=true", "prorate=false")


def test_the_universe_is_the_full_cross_product(core_pack):
    matrix = coverage(core_pack)
    assert matrix.currencies == ("EUR", "JPY", "KWD", "USD")
    expected = sum(len(policy_values(event)) for event in EVENT_RULES) * len(DAY_COUNTS) * len(matrix.currencies)
    assert len(matrix.cells) == expected
    assert len(matrix.covered) + len(matrix.gaps) == expected
    assert len({(c.event, c.policy, c.day_count, c.currency) for c in matrix.cells}) == expected


def _cell(matrix, event, policy, day_count, currency):
    return next(c for c in matrix.cells if (c.event, c.policy, c.day_count, c.currency) == (event, policy, day_count, currency))


def test_cells_name_the_scenarios_that_cover_them(core_pack):
    matrix = coverage(core_pack)
    upgrade = _cell(matrix, "upgrade", "effective=immediately", "actual_days", "USD")
    assert "upgrade-halfway" in upgrade.scenarios
    assert "downgrade-halfway" not in upgrade.scenarios
    assert _cell(matrix, "upgrade", "effective=immediately", "actual_days", "KWD").covered
    assert not _cell(matrix, "downgrade", "effective=immediately", "thirty_day", "JPY").covered


def test_removing_the_only_scenario_of_a_cell_opens_a_gap(core_pack):
    from dataclasses import replace

    cell = next(c for c in coverage(core_pack).covered if len(c.scenarios) == 1)
    pruned = replace(core_pack, scenarios=tuple(s for s in core_pack.scenarios if s.id != cell.scenarios[0]))
    assert not _cell(coverage(pruned), cell.event, cell.policy, cell.day_count, cell.currency).covered

"""The scenarios `prorata fuzz` found on silver replay as recorded."""

from tests.adapters.found import check_found_pack


def test_found_scenarios_replay_as_recorded(silver):
    check_found_pack(silver, "silver")

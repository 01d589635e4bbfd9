"""The scenarios `prorata fuzz` found on localstripe replay as recorded."""

from tests.adapters.found import check_found_pack


def test_found_scenarios_replay_as_recorded(localstripe):
    check_found_pack(localstripe, "localstripe")

"""The scenarios `prorata fuzz` found on larz replay as recorded."""

from harness.adapters.larz import LarzBackend
from tests.adapters.found import check_found_pack


def test_found_scenarios_replay_as_recorded():
    with LarzBackend() as backend:
        check_found_pack(backend, "larz")

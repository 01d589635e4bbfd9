import pytest

from harness.packs import load_pack


@pytest.fixture(scope="session")
def core_pack():
    return load_pack("scenario_packs/core")

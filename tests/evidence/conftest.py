import pytest

from harness.packs import load_pack


@pytest.fixture(scope="session")
def core_pack():
    return load_pack("scenario_packs/core")


@pytest.fixture(scope="session")
def core_run(core_pack):
    from harness.adapters import get_backend
    from harness.runner import run_pack

    return run_pack(core_pack, get_backend("reference", {}))

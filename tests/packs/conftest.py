"""The loader's tests run without the reference engine's dry run unless a test
asks for `real_engine`: what they check is the loader, and the engine is
tested on its own (tests/engine)."""

import pytest


@pytest.fixture(autouse=True)
def _engine_dry_run_off(request, monkeypatch):
    if "real_engine" in request.fixturenames:
        return
    import harness.engine

    monkeypatch.setattr(harness.engine, "check", lambda scenario: None)


@pytest.fixture
def real_engine():
    import harness.engine

    if not hasattr(harness.engine, "check"):
        pytest.skip("harness.engine.check is not written yet")
    return harness.engine

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from harness.cli import prorata
from tests.cli.packs import BAD, PASSING, SEATS, WRONG, write_pack


class Cli:
    """`cli("run", path)` -> click Result; stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: object) -> Result:
        return self.runner.invoke(prorata, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def good_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path, "demo", {**PASSING, "seats-thirty-day": SEATS})


@pytest.fixture
def failing_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path, "mixed", {**PASSING, "upgrade-wrong": WRONG})


@pytest.fixture
def bad_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path, "broken", {"upgrade-typo": BAD})


@pytest.fixture
def fake_backend(monkeypatch: pytest.MonkeyPatch):
    """Register a backend named `fake` whose `run` is `behaviour(scenario)`."""
    from harness import adapters

    def install(behaviour, *, name: str = "fake"):  # noqa: ANN001
        class Fake:
            def run(self, scenario):  # noqa: ANN001, ANN202
                return behaviour(scenario)

        Fake.name = name
        monkeypatch.setitem(adapters.BACKENDS, name, Fake)
        return Fake

    return install


@pytest.fixture
def signoff_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the current folder (where reports/signoffs.jsonl goes), with
    a demo pack and a fixed sign-off clock."""
    write_pack(tmp_path, "demo")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("harness.signoff.log.utc_now", lambda: "2026-05-01T09:30:00Z")
    return tmp_path

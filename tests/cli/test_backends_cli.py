"""`prorata backends` (list, install, clean) and the backend options every
command that runs a pack shares (--backend-option, --workers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import engine
from harness.adapters import BACKENDS, Adapter, Availability, Capabilities, Limit


def table_rows(text: str) -> dict[str, list[str]]:
    """The backends table as name -> [installed, reachable, first line of what it is],
    read by the column spans of its dashed rule."""
    lines = text.splitlines()
    rule_index = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans = [match.span() for match in re.finditer(r"-+", lines[rule_index])]
    rows = {}
    for line in lines[rule_index + 1:]:
        if not line.strip():
            break
        if line.startswith(" "):
            continue  # a wrapped description
        cells = [line[start:end if i < len(spans) - 1 else None].strip() for i, (start, end) in enumerate(spans)]
        rows[cells[0]] = cells[1:]
    assert lines[rule_index - 1].split() == ["backend", "installed", "reachable", "what", "it", "is"]
    return rows


class Recorder(Adapter):
    """A backend with limits and options that records how it was made and closed."""

    name = "recorder"
    description = "a test double that runs the reference engine"
    capabilities = Capabilities(
        (Limit.of("event", ["upgrade", "quantity_increase"], "no signups"),))
    options = {"mode": "how it runs", "region": "where it runs"}
    made: list[dict] = []
    closed: list[str] = []

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        Recorder.made.append(dict(options))

    def run(self, scenario):
        return engine.run(scenario)

    @classmethod
    def availability(cls) -> Availability:
        return Availability(installed=True, reachable=None, detail="the sandbox is started by each run")

    def close(self) -> None:
        Recorder.closed.append(self.settings.get("mode", ""))


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[Recorder]:
    monkeypatch.setitem(BACKENDS, "recorder", Recorder)
    monkeypatch.setattr(Recorder, "made", [])
    monkeypatch.setattr(Recorder, "closed", [])
    return Recorder


# -- prorata backends ----------------------------------------------------------

def test_backends_lists_every_registered_backend_with_installed_and_reachable(cli) -> None:
    result = cli("backends")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert list(rows) == list(BACKENDS)
    for name, (installed, reachable, _what) in rows.items():
        assert installed in ("yes", "no"), name
        assert reachable in ("yes", "no", "when run", "-"), name
    assert rows["reference"][:2] == ["yes", "yes"]
    assert "expresses:" in result.stdout
    assert "reference expresses:\n  anything the pack format can say" in result.stdout


def test_a_registered_adapter_shows_its_limits_options_and_status(cli, recorder) -> None:
    result = cli("backends")
    assert result.exit_code == 0
    rows = table_rows(result.stdout)
    assert rows["recorder"] == ["yes", "when run", "a test double that runs the reference engine"]
    block = result.stdout.split("recorder expresses:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block == [
        "  event: quantity_increase, upgrade",
        "  --backend-option mode=...  how it runs",
        "  --backend-option region=...  where it runs",
        "  status: the sandbox is started by each run",
    ]


def test_a_backend_whose_module_does_not_import_is_listed_as_not_installed(cli, monkeypatch) -> None:
    monkeypatch.setitem(BACKENDS, "ghost", "harness.adapters.no_such_module:Ghost")
    result = cli("backends")
    assert result.exit_code == 0
    installed, reachable, what = table_rows(result.stdout)["ghost"]
    assert (installed, reachable) == ("no", "-")
    assert "not installed" in what
    assert "ghost expresses" not in result.stdout


def test_install_reference_has_nothing_to_do(cli) -> None:
    result = cli("backends", "install", "reference")
    assert result.exit_code == 0
    assert "nothing to do" in result.stderr


def test_install_an_unknown_backend_is_a_usage_error(cli) -> None:
    result = cli("backends", "install", "nope")
    assert result.exit_code == 2
    assert "unknown backend 'nope'" in result.stderr


def test_clean_reference_has_nothing_to_clean(cli) -> None:
    result = cli("backends", "clean", "reference")
    assert result.exit_code == 0
    assert "nothing to clean" in result.stderr


def test_clean_with_an_unknown_option_is_a_usage_error(cli) -> None:
    result = cli("backends", "clean", "reference", "--backend-option", "colour=blue")
    assert result.exit_code == 2
    assert "'colour'" in result.stderr


# -- --backend-option and --workers on run ----------------------------------------

def test_backend_options_reach_the_adapter_and_it_is_closed(cli, good_pack: Path, recorder) -> None:
    result = cli("run", good_pack, "--backend", "recorder", "--backend-option", "mode=fast",
                 "--backend-option", "region= eu=west ")
    assert result.exit_code == 0, result.output
    assert recorder.made == [{"mode": "fast", "region": " eu=west "}]
    assert recorder.closed == ["fast"]


def test_an_adapter_is_closed_when_the_run_fails(cli, failing_pack: Path, recorder) -> None:
    result = cli("run", failing_pack, "--backend", "recorder", "--backend-option", "mode=x")
    assert result.exit_code == 1
    assert recorder.closed == ["x"]


def test_limits_make_scenarios_not_applicable_in_the_report(cli, good_pack: Path, recorder) -> None:
    import json

    result = cli("run", good_pack, "--backend", "recorder", "--format", "json")
    assert result.exit_code == 0
    scenarios = {s["id"]: s for s in json.loads(result.stdout)["scenarios"]}
    assert scenarios["signup-prorated"]["status"] == "not_applicable"
    assert scenarios["upgrade-halfway"]["status"] == "passed"


@pytest.mark.parametrize("bad", ["mode", "=fast", " =fast"])
def test_a_backend_option_without_key_equals_value_is_exit_2(cli, good_pack: Path, recorder, bad: str) -> None:
    result = cli("run", good_pack, "--backend", "recorder", "--backend-option", bad)
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.stderr
    assert recorder.made == []


def test_an_unknown_option_is_exit_2_naming_it(cli, good_pack: Path, recorder) -> None:
    result = cli("run", good_pack, "--backend", "recorder", "--backend-option", "mdoe=fast")
    assert result.exit_code == 2
    assert "'mdoe'" in result.stderr
    assert "mode, region" in result.stderr
    assert "Traceback" not in result.output


def test_an_option_for_the_reference_backend_is_exit_2(cli, good_pack: Path) -> None:
    result = cli("run", good_pack, "--backend-option", "colour=blue")
    assert result.exit_code == 2
    assert "'colour'" in result.stderr


def test_workers_on_a_backend_that_is_not_parallel_safe_is_exit_2(cli, good_pack: Path, recorder) -> None:
    result = cli("run", good_pack, "--backend", "recorder", "--workers", "2")
    assert result.exit_code == 2
    assert "recorder" in result.stderr
    assert "Traceback" not in result.output


def test_workers_on_a_plain_fake_backend_is_exit_2(cli, good_pack: Path, fake_backend) -> None:
    fake_backend(engine.run)
    result = cli("run", good_pack, "--backend", "fake", "--workers", "2")
    assert result.exit_code == 2


def test_workers_on_the_reference_backend_run_the_pack(cli, good_pack: Path) -> None:
    serial = cli("run", good_pack, "--format", "json")
    parallel = cli("run", good_pack, "--workers", "3", "--format", "json")
    assert parallel.exit_code == serial.exit_code == 0
    import json

    def shape(result):
        return [(s["id"], s["status"]) for s in json.loads(result.stdout)["scenarios"]]

    assert shape(parallel) == shape(serial)


def test_zero_workers_is_a_usage_error(cli, good_pack: Path) -> None:
    assert cli("run", good_pack, "--workers", "0").exit_code == 2

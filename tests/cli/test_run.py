"""`prorata run`: formats, --output, and every exit code."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.cli import ExitCode, main
from tests.cli.packs import PASSING, SEATS, write_pack


def test_version_and_help(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("prorata ")
    help_text = cli("--help").stdout
    for command in ("run", "explain", "validate", "init", "schema"):
        assert command in help_text


def test_main_entry_point_exits_with_the_code(good_pack: Path) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["validate", str(good_pack)])
    assert exit.value.code == 0


def test_all_passed_is_exit_0_with_a_table(cli, good_pack: Path) -> None:
    result = cli("run", good_pack)
    assert result.exit_code == ExitCode.OK == 0
    assert "upgrade-halfway" in result.stdout
    assert "3 passed, 0 failed" in result.stdout
    assert result.stderr == ""


def test_a_failed_scenario_is_exit_1_and_shows_the_difference(cli, failing_pack: Path) -> None:
    result = cli("run", failing_pack)
    assert result.exit_code == ExitCode.FAILED == 1
    assert "FAILED" in result.stdout
    assert "expected proration_charge pro 15.01, got 15.00" in result.stdout


def test_an_errored_scenario_is_exit_1(cli, good_pack: Path, fake_backend) -> None:
    def explode(scenario):  # noqa: ANN001, ANN202
        raise RuntimeError("vendor returned HTTP 500")

    fake_backend(explode)
    result = cli("run", good_pack, "--backend", "fake")
    assert result.exit_code == 1
    assert "vendor returned HTTP 500" in result.stdout


def test_several_packs_in_one_run(cli, tmp_path: Path) -> None:
    first = write_pack(tmp_path, "first")
    second = write_pack(tmp_path, "second", {"seats-thirty-day": SEATS})
    result = cli("run", first, second, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["pack"] == ["first", "second"]
    assert len(report["scenarios"]) == 3


def test_keyword_selects_scenarios(cli, failing_pack: Path) -> None:
    result = cli("run", failing_pack, "-k", "upgrade and not wrong", "--format", "json")
    assert result.exit_code == 0
    assert [s["id"] for s in json.loads(result.stdout)["scenarios"]] == ["upgrade-halfway"]


def test_json_is_one_object(cli, failing_pack: Path) -> None:
    result = cli("run", failing_pack, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert report["pack"] == "mixed"
    assert report["backend"] == "reference"
    assert report["summary"] == {"passed": 2, "failed": 1, "not_applicable": 0, "deviations": 0, "errors": 0}
    statuses = {s["id"]: s["status"] for s in report["scenarios"]}
    assert statuses == {"upgrade-halfway": "passed", "signup-prorated": "passed", "upgrade-wrong": "failed"}
    wrong = next(s for s in report["scenarios"] if s["id"] == "upgrade-wrong")
    assert {d["problem"] for d in wrong["differences"]} == {"amount_differs", "total_differs"}


def test_junit_is_xml(cli, failing_pack: Path) -> None:
    result = cli("run", failing_pack, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode())
    cases = root.findall(".//testcase")
    assert len(cases) == 3
    failed = [case for case in cases if case.find("failure") is not None]
    assert [case.get("name") for case in failed] == ["upgrade-wrong"]


@pytest.mark.parametrize("fmt", ["table", "json", "junit"])
def test_output_writes_the_report_to_a_file(cli, failing_pack: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "reports" / f"report.{fmt}"  # the folder is created
    result = cli("run", failing_pack, "--format", fmt, "--output", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"wrote {target}: 2 passed, 1 failed" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert "upgrade-wrong" in text
    if fmt == "json":
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(text.encode())
    assert os.listdir(target.parent) == [target.name]  # no temp file left behind
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not mkstemp's 0600


def test_output_replaces_atomically_and_keeps_the_old_file_on_failure(
    cli, good_pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report\n")

    def disk_full(fd: int) -> None:  # the report is half written when this fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("harness.cli.common.os.fsync", disk_full)
    result = cli("run", good_pack, "--format", "json", "--output", target)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "No space left" in result.stderr
    assert target.read_text() == "old report\n"
    assert sorted(os.listdir(tmp_path)) == ["demo", "report.json"]

    result = cli("run", good_pack, "--format", "json", "--output", target)
    assert result.exit_code == 0
    assert json.loads(target.read_text())["pack"] == "demo"


# -- exit 2: bad input or usage ---------------------------------------------


def test_a_pack_that_does_not_load_is_exit_2_with_every_problem(cli, bad_pack: Path) -> None:
    result = cli("run", bad_pack)
    assert result.exit_code == ExitCode.USAGE == 2
    assert result.stdout == ""
    err = result.stderr
    assert "Traceback" not in result.output
    assert "upgrade-typo.yaml:8:" in err  # file and line of the bad plan
    assert "events[0].change_plan.to" in err  # the field
    assert "unknown plan 'prp'" in err
    assert "hint: did you mean 'pro'?" in err
    assert "expect.total_billed" in err  # the second problem is reported too
    assert err.startswith("error: ")


def test_a_missing_pack_is_exit_2(cli, tmp_path: Path) -> None:
    result = cli("run", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.output


def test_keyword_matching_nothing_is_exit_2(cli, good_pack: Path) -> None:
    result = cli("run", good_pack, "-k", "no-such-scenario")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "selected none of the 3 scenarios" in result.stderr
    assert "nothing was run" in result.stderr


def test_a_pack_without_scenarios_is_exit_2(cli, tmp_path: Path) -> None:
    empty = write_pack(tmp_path, "empty", {})
    result = cli("run", empty)
    assert result.exit_code == 2
    assert "no scenario" in result.stderr


def test_a_malformed_keyword_is_exit_2(cli, good_pack: Path) -> None:
    result = cli("run", good_pack, "-k", "upgrade and (")
    assert result.exit_code == 2
    assert "-k expression" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_backend_is_exit_2(cli, good_pack: Path) -> None:
    result = cli("run", good_pack, "--backend", "nope")
    assert result.exit_code == 2
    assert "unknown backend 'nope'; choose from reference, localstripe" in result.stderr
    assert "reference" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("run",), ("run", "--format", "yaml", "x"), ("explain", "x"), ("validate",), ("schema", "invoice"), ("nope",)],
)
def test_click_usage_errors_are_exit_2(cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_every_scenario_not_applicable_is_exit_2(cli, good_pack: Path, fake_backend) -> None:
    def refuse(scenario):  # noqa: ANN001, ANN202
        raise NotApplicable("this vendor has no proration")

    fake_backend(refuse)
    result = cli("run", good_pack, "--backend", "fake")
    assert result.exit_code == 2
    assert "not applicable" in result.stdout  # the report is still printed
    assert "no scenario applies to backend 'fake'" in result.stderr


# -- exit 3: a backend could not be reached ---------------------------------


def test_an_unreachable_backend_is_exit_3(cli, good_pack: Path, fake_backend) -> None:
    def unreachable(scenario):  # noqa: ANN001, ANN202
        raise BackendUnavailable("connection refused: localhost:8080")

    fake_backend(unreachable)
    result = cli("run", good_pack, "--backend", "fake")
    assert result.exit_code == ExitCode.UNAVAILABLE == 3
    assert result.stderr == "error: backend 'fake' is unavailable: connection refused: localhost:8080\n"
    assert result.stdout == ""  # the run ended: no partial report
    assert "Traceback" not in result.output


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> str:
    """Register a backend named `offline` that cannot even start."""
    from harness import adapters

    class Offline:
        name = "offline"

        def __init__(self) -> None:
            raise BackendUnavailable("no API key for the sandbox")

    monkeypatch.setitem(adapters.BACKENDS, "offline", Offline)
    return "offline"


def test_a_backend_that_cannot_start_is_exit_3(cli, good_pack: Path, offline: str) -> None:
    result = cli("run", good_pack, "--backend", offline)
    assert result.exit_code == 3
    assert result.stderr == "error: backend 'offline' is unavailable: no API key for the sandbox\n"


def test_a_bad_pack_is_exit_2_even_when_the_backend_is_down(cli, bad_pack: Path, offline: str) -> None:
    result = cli("run", bad_pack, "--backend", offline)
    assert result.exit_code == 2
    assert "unavailable" not in result.stderr


def test_unavailable_mid_run_ends_the_run_with_exit_3(cli, good_pack: Path, fake_backend) -> None:
    def flaky(scenario):  # noqa: ANN001, ANN202
        if scenario.id == "upgrade-halfway":
            raise BackendUnavailable("sandbox went away")
        raise NotApplicable("not this one")

    fake_backend(flaky)
    result = cli("run", good_pack, "--backend", "fake", "--format", "json")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == "error: backend 'fake' is unavailable: sandbox went away\n"


def test_reports_for_packs_with_passing_scenarios_only(cli, tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "only", dict(PASSING))
    assert cli("run", pack, "--format", "junit").exit_code == 0


CORE_PACK = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


@pytest.mark.parametrize("pure", [True, False], ids=["processes", "threads"])
def test_workers_give_the_serial_json_report_on_the_core_pack(cli, monkeypatch: pytest.MonkeyPatch, pure: bool
                                                               ) -> None:
    """The JSON report has no durations: serial and parallel reports are byte for byte equal."""
    from harness.adapters import ReferenceBackend

    monkeypatch.setattr(ReferenceBackend, "pure", pure, raising=False)
    serial = cli("run", CORE_PACK, "--format", "json")
    parallel = cli("run", CORE_PACK, "--workers", "2", "--format", "json")
    assert parallel.exit_code == serial.exit_code
    assert "duration" not in serial.stdout
    assert json.loads(serial.stdout)["scenarios"]
    assert parallel.stdout == serial.stdout


def test_golden_compares_the_run_s_invoices_with_the_goldens(cli, good_pack: Path, tmp_path: Path) -> None:
    goldens = tmp_path / "goldens"
    assert cli("golden", "update", good_pack, "--golden-dir", goldens).exit_code == 0
    result = cli("run", good_pack, "--golden", "--golden-dir", goldens)
    assert result.exit_code == 0
    assert "3 goldens, all equal" in result.stderr

    changed = goldens / "reference" / "demo" / "upgrade-halfway.txt"
    changed.write_text(changed.read_text().replace("Pro", "Pro Plus", 1))
    (goldens / "reference" / "demo" / "gone.txt").write_text("an old invoice\n")
    (goldens / "reference" / "demo" / "signup-prorated.txt").unlink()
    result = cli("run", good_pack, "--golden", "--golden-dir", goldens, "--workers", "2")
    assert result.exit_code == ExitCode.FAILED
    assert "3 passed" in result.stdout  # the report itself is unchanged
    for expected in (" differs  goldens/reference/demo/upgrade-halfway.txt",
                     "+++ b/goldens/reference/demo/upgrade-halfway.txt",
                     " missing  goldens/reference/demo/signup-prorated.txt",
                     "   stale  goldens/reference/demo/gone.txt", "3 goldens, 3 not equal"):
        assert expected in result.stderr


def test_golden_with_k_checks_only_the_selected_scenarios(cli, good_pack: Path, tmp_path: Path) -> None:
    goldens = tmp_path / "goldens"
    assert cli("golden", "update", good_pack, "--golden-dir", goldens).exit_code == 0
    result = cli("run", good_pack, "-k", "upgrade", "--golden", "--golden-dir", goldens)
    assert result.exit_code == 0, result.stderr
    assert "1 goldens, all equal" in result.stderr and "stale" not in result.stderr

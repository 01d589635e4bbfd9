"""`prorata explain`, `validate`, `init` and `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli.init import pack_name_for, starter_files
from harness.packs import load_pack
from tests.cli.packs import write_pack

# -- explain ------------------------------------------------------------------


def test_explain_shows_each_line_with_formula_rule_and_period(cli, good_pack: Path) -> None:
    result = cli("explain", good_pack, "upgrade-halfway")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "demo::upgrade-halfway  Upgrade Basic to Pro halfway through April" in out
    assert "rule:   Mid-cycle upgrade charges the prorated difference immediately" in out
    assert "math:   15 of 30 days remain" in out
    assert "Invoice INV-0002 2026-04-16: total 10.00 USD" in out
    assert "-(10.00 x 15/30 days) = -5.00 (half_up)" in out
    assert "30.00 x 15/30 days = 15.00 (half_up)" in out
    assert "10.00 x 1 = 10.00 (full period)" in out
    assert "policy.upgrade: effective immediately, prorate, bill now" in out
    assert "[2026-04-16, 2026-05-01)" in out
    assert "Expectation: matches." in out


def test_explain_quantity_usage_and_thirty_day(cli, good_pack: Path) -> None:
    out = cli("explain", good_pack, "seats-thirty-day").stdout
    assert "12.00 x 3 x 15/30 days (30E/360) = 18.00 (half_up)" in out
    assert "0.002 x 1500 = 3.00 (half_up)" in out
    assert "12.00 x 3 = 36.00 (full period)" in out
    assert "policy.quantity_increase: effective immediately, prorate, bill now" in out
    assert "day_count = thirty_day (overrides the pack)" in out


def test_explain_reports_differences_but_exits_0(cli, failing_pack: Path) -> None:
    result = cli("explain", failing_pack, "upgrade-wrong")
    assert result.exit_code == 0
    assert "Expectation: 2 differences" in result.stdout
    assert "expected proration_charge pro 15.01, got 15.00" in result.stdout


def test_explain_accepts_the_pytest_node_id(cli, good_pack: Path) -> None:
    assert cli("explain", good_pack, "demo::signup-prorated").exit_code == 0


def test_explain_unknown_scenario_suggests_the_closest(cli, good_pack: Path) -> None:
    result = cli("explain", good_pack, "upgrade-half")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no scenario 'upgrade-half' in pack demo")
    assert "did you mean 'upgrade-halfway'?" in result.stderr


def test_explain_unknown_scenario_without_anything_close(cli, good_pack: Path) -> None:
    result = cli("explain", good_pack, "zzzz")
    assert result.exit_code == 2
    assert "hint:" in result.stderr


def test_explain_a_pack_that_does_not_load_is_exit_2(cli, bad_pack: Path) -> None:
    result = cli("explain", bad_pack, "upgrade-typo")
    assert result.exit_code == 2
    assert "unknown plan 'prp'" in result.stderr
    assert "Traceback" not in result.output


# -- validate -----------------------------------------------------------------


def test_validate_ok(cli, good_pack: Path) -> None:
    result = cli("validate", good_pack)
    assert result.exit_code == 0
    assert result.stdout == "ok: demo (3 scenarios)\n"


def test_validate_reports_every_pack(cli, good_pack: Path, bad_pack: Path) -> None:
    result = cli("validate", bad_pack, good_pack)
    assert result.exit_code == 2
    assert result.stdout == "ok: demo (3 scenarios)\n"  # the good pack is still checked
    assert "upgrade-typo.yaml:8:" in result.stderr
    assert "events[0].change_plan.to: unknown plan 'prp'" in result.stderr
    assert "Traceback" not in result.output


def test_validate_a_missing_folder(cli, tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "missing")
    assert result.exit_code == 2
    assert "missing" in result.stderr


# -- init ---------------------------------------------------------------------


def test_init_writes_a_pack_that_loads_and_passes(cli, tmp_path: Path) -> None:
    target = tmp_path / "My Pack"
    result = cli("init", target)
    assert result.exit_code == 0, result.output
    assert "pack 'my-pack' with 3 scenarios" in result.stdout
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.yaml"))
    assert names == [
        "pack.yaml",
        "scenarios/downgrade-next-period.yaml",
        "scenarios/signup.yaml",
        "scenarios/upgrade-halfway.yaml",
    ]
    pack = load_pack(target)
    assert pack.name == "my-pack"
    for scenario in pack.scenarios:
        assert scenario.rule and scenario.owner and scenario.math, scenario.id

    run = cli("run", target, "--format", "json")
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["summary"]["passed"] == 3
    assert cli("validate", target).stdout == "ok: my-pack (3 scenarios)\n"


def test_init_into_an_existing_empty_folder(cli, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert cli("init", target).exit_code == 0
    assert (target / "pack.yaml").exists()


def test_init_refuses_a_folder_that_is_not_empty(cli, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = cli("init", target)
    assert result.exit_code == 2
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_refuses_a_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("")
    result = cli("init", target)
    assert result.exit_code == 2
    assert "not a folder" in result.stderr


def test_the_starter_is_package_data_and_loads_as_shipped(tmp_path: Path) -> None:
    files = starter_files()
    assert set(files) == {
        "pack.yaml",
        "scenarios/signup.yaml",
        "scenarios/upgrade-halfway.yaml",
        "scenarios/downgrade-next-period.yaml",
    }
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    assert load_pack(tmp_path).name == "starter"


@pytest.mark.parametrize(("folder", "name"), [("core", "core"), ("My_Pack 2", "my-pack-2"), ("___", "starter")])
def test_pack_name_for(tmp_path: Path, folder: str, name: str) -> None:
    assert pack_name_for(tmp_path / folder) == name


# -- schema -------------------------------------------------------------------


@pytest.mark.parametrize(("args", "kind"), [((), "scenario"), (("scenario",), "scenario"), (("pack",), "pack")])
def test_schema_prints_json_schema(cli, args: tuple[str, ...], kind: str) -> None:
    from harness.packs import schema_for

    result = cli("schema", *args)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema_for(kind)


def test_schema_to_a_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "pack.schema.json"
    result = cli("schema", "pack", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "properties" in json.loads(target.read_text())


def test_write_pack_helper_round_trips(tmp_path: Path) -> None:
    assert load_pack(write_pack(tmp_path, "x")).name == "x"

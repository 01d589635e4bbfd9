"""The reference semantics' dry run: what only running a scenario can find
becomes a load problem at the YAML line of the field at fault."""

from __future__ import annotations

import harness.engine
from harness.engine.errors import ScenarioError
from harness.packs import load_pack
from tests.packs.support import line_of, only_problem, replace, scenario, write_pack

TWO_EVENTS = replace(
    scenario(),
    "    change_plan: {to: pro}\n",
    "    change_plan: {to: pro}\n  - at: 2026-04-20\n    change_anchor:\n      to: 2026-05-10\n",
)


def test_engine_error_with_a_field_points_at_that_line(tmp_path, monkeypatch):
    seen = []

    def check(scenario):
        seen.append(scenario)
        raise ScenarioError(
            "change_anchor.to 2026-05-10 is outside the current period [2026-04-01, 2026-05-01]",
            event_index=1,
            field=("events", 1, "change_anchor", "to"),
            hint="pick a date in the current period",
        )

    monkeypatch.setattr(harness.engine, "check", check)
    problem = only_problem(write_pack(tmp_path / "demo", {"s1.yaml": TWO_EVENTS}))
    assert problem.file.endswith("s1.yaml")
    assert problem.line == line_of(TWO_EVENTS, "to: 2026-05-10")
    assert problem.field == "events[1].change_anchor.to"
    assert "outside the current period" in problem.message and problem.hint == "pick a date in the current period"
    assert seen and seen[0].id == "s1"


def test_engine_error_with_only_an_event_index(tmp_path, monkeypatch):
    def check(scenario):
        raise ScenarioError("event comes after the subscription ended", event_index=1)

    monkeypatch.setattr(harness.engine, "check", check)
    problem = only_problem(write_pack(tmp_path / "demo", {"s1.yaml": TWO_EVENTS}))
    assert (problem.field, problem.line) == ("events[1]", line_of(TWO_EVENTS, "- at: 2026-04-20"))


def test_engine_is_not_asked_when_the_loader_already_found_problems(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(harness.engine, "check", calls.append)
    only_problem(write_pack(tmp_path / "demo", {"s1.yaml": replace(scenario(), "{to: pro}", "{to: prp}")}))
    assert calls == []


def test_check_false_skips_the_dry_run(tmp_path, monkeypatch):
    def check(scenario):
        raise ScenarioError("never")

    monkeypatch.setattr(harness.engine, "check", check)
    assert len(load_pack(write_pack(tmp_path / "demo"), check=False).scenarios) == 1


def test_real_engine_accepts_a_good_scenario(tmp_path, real_engine):
    assert len(load_pack(write_pack(tmp_path / "demo")).scenarios) == 1


def test_real_engine_change_anchor_outside_the_period(tmp_path, real_engine):
    problem = only_problem(write_pack(tmp_path / "demo", {"s1.yaml": TWO_EVENTS}))
    assert problem.file.endswith("s1.yaml")
    assert problem.field == "events[1].change_anchor.to"
    assert problem.line == line_of(TWO_EVENTS, "to: 2026-05-10")
    assert problem.message

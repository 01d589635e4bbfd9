"""The pytest plugin, driven through pytester (in-process pytest runs)."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

# Imported here, before any in-process run: pytester restores sys.modules after
# each run, and a harness module first imported inside one would be imported
# afresh by the next, with new classes that no longer match the old ones.
import harness.adapters
import harness.compare
import harness.engine
import harness.packs
import harness.render
import harness.runner
from harness.pytest_plugin import mark_name

_PRELOADED = (harness.adapters, harness.compare, harness.engine, harness.packs, harness.render, harness.runner)
from tests.cli.packs import write_pack

#: The plugin is active through its pytest11 entry point when the project is
#: installed; otherwise load it by hand so these tests still exercise it.
_INSTALLED = any(ep.value == "harness.pytest_plugin" for ep in entry_points(group="pytest11"))
PLUGIN = () if _INSTALLED else ("-p", "harness.pytest_plugin")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # Unrelated plugins are kept out of the inner runs: pytester re-imports what
    # they import on every run (hypothesis alone costs seconds).
    quiet = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark", "-p", "no:syrupy")
    return pytester.runpytest(*PLUGIN, *quiet, *args)


def test_each_scenario_is_an_item_named_pack_and_id(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["demo::seats-thirty-day", "demo::signup-prorated", "demo::upgrade-halfway"])
    assert result.ret == 0


def test_a_passing_pack_passes(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["demo::upgrade-halfway PASSED*"])
    assert result.ret == 0


def test_a_failing_scenario_shows_the_differences_without_a_traceback(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "mixed")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ mixed::upgrade-wrong _*",
            "mixed::upgrade-wrong failed: invoice of 2026-04-16: expected proration_charge pro 15.01, got 15.00 (+1 more)",
            "  rule:   Mid-cycle upgrade charges the prorated difference immediately",
            "  source: *upgrade-wrong.yaml:1",
            "2 differences:",
            "- invoice of 2026-04-16: expected proration_charge pro 15.01, got 15.00",
            "- invoice of 2026-04-16: expected total 10.01, got 10.00",
        ]
    )
    output = result.stdout.str()
    assert "Traceback" not in output and "def runtest" not in output and "ScenarioFailed" not in output
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_several_packs(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "mixed")
    result.assert_outcomes(passed=4, failed=1)


def test_k_selects_by_name(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "mixed", "-k", "upgrade and not wrong", "-v")
    result.assert_outcomes(passed=2, deselected=3)
    result.stdout.fnmatch_lines(["demo::upgrade-halfway PASSED*", "mixed::upgrade-halfway PASSED*"])

    by_pack = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "mixed", "-k", "mixed")
    by_pack.assert_outcomes(passed=1, failed=1, deselected=3)


def test_m_selects_by_tag_with_strict_markers(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--strict-markers", "-m", "signup", "-v")
    result.assert_outcomes(passed=1, deselected=2)
    result.stdout.fnmatch_lines(["demo::signup-prorated PASSED*"])

    hyphenated = run(pytester, "--prorata-pack", "demo", "--strict-markers", "-m", "seat_change and usage")
    hyphenated.assert_outcomes(passed=1, deselected=2)


def test_tags_are_registered_markers(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.seat_change: scenarios tagged 'seat-change' (prorata pack)"])


@pytest.mark.parametrize(
    ("tag", "name"),
    [("upgrade", "upgrade"), ("seat-change", "seat_change"), ("v1.2 beta", "v1_2_beta"), ("-edge", "edge"),
     ("skip", "skip_tag"), ("xfail", "xfail_tag"), ("--", None)],
)
def test_mark_name(tag: str, name: str | None) -> None:
    assert mark_name(tag) == name


def test_a_pack_load_error_is_a_collection_error(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "broken")
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting broken*",
            "pack broken does not load:",
            "error: broken/scenarios/upgrade-typo.yaml:8:23: events[0].change_plan.to: unknown plan 'prp'",
            "  hint: did you mean 'pro'?",
            "*Interrupted: 1 error during collection*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_a_missing_pack_is_a_collection_error(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "nowhere")
    result.stdout.fnmatch_lines(["*ERROR collecting nowhere*", "*nowhere*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_two_packs_with_one_name(pytester: pytest.Pytester, packs: Path) -> None:
    write_pack(pytester.path, "demo", folder="demo-copy")
    result = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "demo-copy")
    result.stdout.fnmatch_lines(["*pack name 'demo' is already used by demo*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_an_unknown_backend_is_a_usage_error(pytester: pytest.Pytester, packs: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "nope")
    result.stderr.fnmatch_lines(["*--prorata-backend: unknown backend 'nope'; choose from reference*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


@pytest.fixture
def fake_backend(monkeypatch: pytest.MonkeyPatch):
    """`fake_backend(name, behaviour)` registers a backend whose `run` is `behaviour(scenario)`."""
    from harness import adapters

    def install(name: str, behaviour) -> None:  # noqa: ANN001
        fake = type("Fake", (), {"name": name, "run": lambda self, scenario: behaviour(scenario)})
        monkeypatch.setitem(adapters.BACKENDS, name, fake)

    return install


def test_backend_statuses_map_to_pytest_outcomes(pytester: pytest.Pytester, packs: Path, fake_backend) -> None:
    from harness import engine
    from harness.adapters import NotApplicable

    def vendor(scenario):  # noqa: ANN001, ANN202
        if scenario.id == "signup-prorated":
            raise NotApplicable("vendor cannot backdate an anchor")
        if scenario.id == "seats-thirty-day":
            raise RuntimeError("HTTP 500 from the sandbox")
        return engine.run(scenario)

    fake_backend("vendor", vendor)
    result = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "mixed", "--prorata-backend", "vendor", "-rsf")
    result.assert_outcomes(passed=2, skipped=1, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "SKIPPED * vendor cannot backdate an anchor",
            "*demo::seats-thirty-day error: RuntimeError: HTTP 500 from the sandbox*",
            "*mixed::upgrade-wrong failed: *",
        ]
    )


def test_an_unavailable_backend_fails_each_item_with_one_line(
    pytester: pytest.Pytester, packs: Path, fake_backend
) -> None:
    from harness.adapters import BackendUnavailable

    def down(scenario):  # noqa: ANN001, ANN202
        raise BackendUnavailable("connection refused: localhost:8080")

    fake_backend("down", down)
    result = run(pytester, "--prorata-pack", "mixed", "--prorata-backend", "down")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*_ mixed::upgrade-halfway _*",
            "mixed::upgrade-halfway: backend 'down' is unavailable: connection refused: localhost:8080",
            "*_ mixed::upgrade-wrong _*",
        ],
        consecutive=True,  # one line per item: no traceback, no chained exception
    )
    output = result.stdout.str()
    assert "Traceback" not in output and "During handling" not in output


def test_no_packs_adds_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert True\n")
    result = run(pytester)
    result.assert_outcomes(passed=1)


HAND_WRITTEN = """
from decimal import Decimal

import pytest


def test_pack_fixtures(prorata_pack, prorata_packs, prorata_run, prorata_engine, prorata_load_pack):
    assert prorata_pack.name == "demo"
    assert [p.name for p in prorata_packs] == ["demo"]
    scenario = prorata_pack.scenario("upgrade-halfway")
    result = prorata_run(scenario)
    assert result.status.value == "passed"
    assert prorata_engine.name == "reference"
    assert prorata_engine.run(scenario).total_billed == Decimal("20.00")
    assert prorata_load_pack("mixed").name == "mixed"


def test_load_errors_can_be_asserted(prorata_load_pack):
    from harness.packs import PackError

    with pytest.raises(PackError) as error:
        prorata_load_pack("broken")
    assert any("prp" in problem.message for problem in error.value.problems)


def test_failures_are_visible_to_hand_written_tests(prorata_load_pack, prorata_run):
    result = prorata_run(prorata_load_pack("mixed").scenario("upgrade-wrong"))
    assert result.status.value == "failed"
    assert len(result.differences) == 2
"""


def test_fixtures_in_a_hand_written_test(pytester: pytest.Pytester, packs: Path) -> None:
    pytester.makepyfile(test_hand_written=HAND_WRITTEN)
    result = run(pytester, "--prorata-pack", "demo", "test_hand_written.py")
    result.assert_outcomes(passed=3 + 3)  # the three hand-written tests and the pack's three scenarios


def test_prorata_pack_needs_exactly_one_pack(pytester: pytest.Pytester, packs: Path) -> None:
    pytester.makepyfile(
        test_one="def test_one(prorata_pack):\n    pass\n",
        test_many="def test_many(prorata_packs):\n    assert prorata_packs == []\n",
    )
    result = run(pytester, "test_one.py", "test_many.py")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*the prorata_pack fixture needs exactly one --prorata-pack, got 0 (none)*"])

    two = run(pytester, "--prorata-pack", "demo", "--prorata-pack", "mixed", "test_one.py", "-k", "test_one")
    two.assert_outcomes(errors=1, deselected=5)
    two.stdout.fnmatch_lines(["*got 2 (demo, mixed)*"])


def test_prorata_packs_fails_when_a_pack_does_not_load(pytester: pytest.Pytester, packs: Path) -> None:
    pytester.makepyfile(test_many="def test_many(prorata_packs):\n    pass\n")
    result = run(pytester, "--prorata-pack", "broken", "test_many.py", "--continue-on-collection-errors")
    result.assert_outcomes(errors=2)  # the pack's collection error and the fixture's
    result.stdout.fnmatch_lines(["*broken: does not load*", "*unknown plan 'prp'*"])

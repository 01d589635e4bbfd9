"""Loading a big pack on worker processes (`load_pack(..., workers=2)`):
the same pack, or the very same problems in the same order, as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.packs import PackError, load_pack, scenario_step
from harness.packs.problems import MAX_PROBLEMS
from tests.packs.support import replace, scenario, write_pack
from tests.packs.test_pack_engine import TWO_EVENTS

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


@pytest.fixture
def on_processes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small packs load on processes too; records how many files each parallel load sent."""
    sent: list[int] = []
    original = scenario_step._on_processes

    def spy(one, files, workers):  # noqa: ANN001, ANN202
        sent.append(len(files))
        return original(one, files, workers)

    monkeypatch.setattr(scenario_step, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(scenario_step, "_on_processes", spy)
    monkeypatch.setattr(scenario_step.os, "cpu_count", lambda: 2)
    return sent


def problems(path: Path, workers: int) -> list:
    with pytest.raises(PackError) as caught:
        load_pack(path, workers=workers)
    return caught.value.problems


def test_a_good_pack_loads_the_same_on_processes(on_processes: list[int], real_engine) -> None:
    serial = load_pack(CORE)
    parallel = load_pack(CORE, workers=2)
    assert on_processes == [len(serial.scenarios)]
    assert parallel == serial
    assert [s.id for s in parallel.scenarios] == [s.id for s in serial.scenarios]


def test_a_broken_pack_raises_the_same_problems_on_processes(tmp_path: Path, on_processes: list[int],
                                                             real_engine) -> None:
    files = {f"ok-{n:02}.yaml": scenario(f"ok-{n:02}") for n in range(6)}
    files.update({
        "a/same.yaml": scenario("same"),
        "b/same.yaml": scenario("same"),  # a duplicate id: only known in pack order
        "c/dup-and-bad.yaml": replace(scenario("same"), "  plan: basic\n", "  plan: 7\n"),
        "d/d.yaml": replace(scenario("d"), "  - at: 2026-04-16\n", "  - at: next tuesday\n"),
        "e/e.yaml": replace(scenario("e"), "{to: pro}", "{to: prp}"),
        "f/f.yaml": replace(TWO_EVENTS, "id: s1", "id: f"),  # found by the engine's dry run
        "g/syntax.yaml": "id: [unclosed\n",
        "h/empty.yaml": "",
        "i/list.yaml": "- a\n- b\n",
        "j/old-suffix.yml": scenario("j"),
    })
    root = write_pack(tmp_path / "demo", files)
    serial = problems(root, 1)
    assert on_processes == []
    parallel = problems(root, 2)
    assert on_processes == [len(files) - 1]  # the .yml file is refused before any is read
    assert parallel == serial
    found = "\n".join(map(str, serial))
    assert any(problem.field == "events[1].change_anchor.to" for problem in serial), "\n".join(map(str, serial))
    for expected in ("duplicate scenario id 'same'", "unknown plan", "not a date", "empty", "mapping", ".yaml"):
        assert expected in found


def test_too_many_problems_stop_at_the_same_one_on_processes(tmp_path: Path, on_processes: list[int]) -> None:
    bad = replace(scenario("x"), "{to: pro}", "{to: prp}")
    files = {f"bad-{n:03}.yaml": bad.replace("id: x", f"id: x{n}") for n in range(MAX_PROBLEMS + 5)}
    root = write_pack(tmp_path / "demo", files)
    serial = problems(root, 1)
    parallel = problems(root, 2)
    assert on_processes
    assert parallel == serial
    assert "stopped after" in serial[-1].message

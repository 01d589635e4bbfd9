"""`run_pack_with`: per-scenario work added to a run is done where each
scenario ran (in its worker process with --workers on a pure backend), and
comes back in pack order beside results equal to a plain run's."""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

import pytest

from harness.adapters import ReferenceBackend
from harness.packs import load_pack
from harness.runner import Status, run_pack, run_pack_with

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


class PureReference(ReferenceBackend):
    """The reference engine declared pure, and not parallel-safe: workers can only be processes."""

    pure = True
    parallel_safe = False


def timeless(results) -> list:  # noqa: ANN001
    """Results without the backend's timing, the one thing two runs may differ in."""
    return [dataclasses.replace(result, duration=0.0) for result in results]


def where_and_what(tag: str, result) -> tuple[str, int, str, int]:  # noqa: ANN001
    """Module level, so it pickles: what the extra saw, and in which process."""
    documents = len(result.outcome.documents) if result.outcome is not None else -1
    return tag, os.getpid(), result.scenario.id, documents


@pytest.mark.parametrize("workers", [1, 2])
def test_extras_come_in_pack_order_beside_the_plain_run_s_results(workers: int) -> None:
    pack = load_pack(CORE)
    plain = run_pack(pack, PureReference())
    run, extras = run_pack_with(pack, PureReference(), functools.partial(where_and_what, "seen"), workers=workers)
    assert timeless(run.results) == timeless(plain.results)
    assert len(extras) == len(run.results) > 2
    assert [extra[2] for extra in extras] == [result.id for result in run.results]
    assert all(extra[0] == "seen" for extra in extras)
    assert [extra[3] for extra in extras] == [
        len(result.outcome.documents) if result.outcome is not None else -1 for result in run.results
    ]
    pids = {extra[1] for extra in extras}
    if workers == 1:
        assert pids == {os.getpid()}
    else:  # computed in the worker processes, not in this one
        assert os.getpid() not in pids


def test_no_extra_gives_none_for_every_result_and_the_plain_run() -> None:
    pack = load_pack(CORE)
    run, extras = run_pack_with(pack, ReferenceBackend(), None, keyword="upgrade")
    assert timeless(run.results) == timeless(run_pack(pack, ReferenceBackend(), keyword="upgrade").results)
    assert extras == (None,) * len(run.results) and extras
    assert all(result.status is not Status.ERROR for result in run.results)

"""Goldens rendered beside the run (`golden_extra` through `run_pack_with`)
are the goldens `goldens_of` renders afterwards, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters import ReferenceBackend
from harness.golden import golden_extra, goldens_of, rendered_golden
from harness.packs import load_pack
from harness.runner import Status, run_pack_with

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


@pytest.mark.parametrize("workers", [1, 2])
def test_goldens_rendered_beside_the_run_are_the_goldens_rendered_after_it(workers: int) -> None:
    volatile = (r"in_\w+",)
    run, rendered = run_pack_with(load_pack(CORE), ReferenceBackend(), golden_extra(volatile), workers=workers)
    beside = goldens_of(run, "reference", volatile, rendered=rendered)
    after = goldens_of(run, "reference", volatile)
    assert beside == after
    assert beside.texts and all(text.endswith("\n") for text in beside.texts.values())


def test_a_result_without_an_outcome_has_no_golden_to_render() -> None:
    run, _ = run_pack_with(load_pack(CORE), ReferenceBackend(), None, keyword="upgrade")
    result = run.results[0]
    assert result.status is not Status.NOT_APPLICABLE
    text, error = rendered_golden((), result)
    assert error is None and text.startswith("Invoice")
    assert rendered_golden((), result.__class__(result.scenario, Status.ERROR, error="boom")) is None

"""The golden text of a scenario's outcome, and the goldens of a whole run.

A golden is exactly what `harness.render.invoice.render_text` prints in
en_US, with the backend's volatile values normalised and one final newline:
the same function feeds `prorata golden` and the pytest suite, so both
always compare and write the same bytes.

Rendering costs more than running the reference engine, so `prorata run
--golden` renders each golden right where its scenario ran (`golden_extra`
with `harness.runner.run_pack_with`: in the worker process, with --workers)
and hands the texts to `goldens_of`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from harness.adapters.base import Backend, unsupported
from harness.golden.normalise import normalise
from harness.golden.store import Goldens
from harness.model import Outcome, Pack, Scenario
from harness.render.invoice import render_text
from harness.runner import RunResult, ScenarioResult, Status, one_line

LOCALE = "en_US"


def volatile_of(backend: object) -> tuple[str, ...]:
    """The backend's `volatile` patterns; none for a plain one-method backend."""
    return tuple(getattr(backend, "volatile", ()))


def golden_text(scenario: Scenario, outcome: Outcome, volatile: Sequence[str] = ()) -> str:
    text = normalise(render_text(scenario, outcome, locale=LOCALE), volatile).rstrip("\n")
    return text + "\n" if text else ""


def goldens_of(run: RunResult, backend: str, volatile: Sequence[str] = (), *,
               rendered: Sequence[tuple[str, str | None] | None] | None = None) -> Goldens:
    """`backend` names the golden folder (the adapter's ledger name: an
    in-house command backend called `acme` keeps goldens of its own).
    A scenario whose outcome cannot be rendered counts as errored.
    `rendered`, when given, holds `rendered_golden(volatile, result)` of each
    of `run.results` in order, rendered already beside the run (in its
    workers: `golden_extra`); without it each is rendered here."""
    texts, not_applicable, errors = {}, {}, {}
    if rendered is None:
        rendered = [rendered_golden(tuple(volatile), result) for result in run.results]
    by_id = {result.id: output for result, output in zip(run.results, rendered) if output is not None}
    for result in run.results:
        if result.status is Status.NOT_APPLICABLE:
            not_applicable[result.id] = result.note
        elif result.outcome is None:
            errors[result.id] = result.error
        else:
            text, error = by_id[result.id]
            if error is None:
                texts[result.id] = text
            else:
                errors[result.id] = error
    return Goldens(backend, run.pack.name, texts, not_applicable, errors)


def _has_golden(result: ScenarioResult) -> bool:
    return result.status is not Status.NOT_APPLICABLE and result.outcome is not None


def rendered_golden(volatile: tuple[str, ...], result: ScenarioResult) -> tuple[str, str | None] | None:
    """(golden text, None) or ("", why rendering failed) for a result that
    has a golden; None for one that has none (not applicable, no outcome).
    Judging through a ledger changes neither, so an unjudged result will do."""
    return _rendered(volatile, (result.scenario, result.outcome)) if _has_golden(result) else None


def golden_extra(volatile: Sequence[str]) -> Callable[[ScenarioResult], tuple[str, str | None] | None]:
    """The per-scenario extra for `harness.runner.run_pack_with` that renders
    each result's golden where the scenario ran; feed the extras to
    `goldens_of(..., rendered=...)`."""
    return functools.partial(rendered_golden, tuple(volatile))


def _rendered(volatile: tuple[str, ...], pair: tuple[Scenario, Outcome]) -> tuple[str, str | None]:
    """(golden text, None), or ("", why) when rendering fails: a rendering bug
    is this scenario's error, not the run's end."""
    try:
        return golden_text(*pair, volatile), None
    except Exception as error:
        return "", f"rendering failed: {one_line(error)}"


def applicable(pack: Pack, backend: Backend) -> tuple[Scenario, ...]:
    """The scenarios the backend's declared capabilities admit, known without
    running anything; one may still turn out not applicable when it runs."""
    return tuple(scenario for scenario in pack.scenarios if not unsupported(backend, scenario))

"""The golden text of a scenario's outcome, and the goldens of a whole run.

A golden is exactly what `harness.render.invoice.render_text` prints in
en_US, with the backend's volatile values normalised and one final newline:
the same function feeds `prorata golden` and the pytest suite, so both
always compare and write the same bytes."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from harness.adapters.base import Backend, unsupported
from harness.golden.normalise import normalise
from harness.golden.store import Goldens
from harness.model import Outcome, Pack, Scenario
from harness.render.invoice import render_text
from harness.runner import RunResult, Status, one_line, ordered_map

LOCALE = "en_US"


def volatile_of(backend: object) -> tuple[str, ...]:
    """The backend's `volatile` patterns; none for a plain one-method backend."""
    return tuple(getattr(backend, "volatile", ()))


def golden_text(scenario: Scenario, outcome: Outcome, volatile: Sequence[str] = ()) -> str:
    text = normalise(render_text(scenario, outcome, locale=LOCALE), volatile).rstrip("\n")
    return text + "\n" if text else ""


def goldens_of(run: RunResult, backend: str, volatile: Sequence[str] = (), *, workers: int = 1) -> Goldens:
    """`backend` names the golden folder (the adapter's ledger name: an
    in-house command backend called `acme` keeps goldens of its own).
    A scenario whose outcome cannot be rendered counts as errored.

    Rendering is pure and costs more than running the reference engine
    (babel formatting, table layout), so `workers` > 1 renders on that many
    processes (harness.runner.ordered_map); the goldens are the same."""
    texts, not_applicable, errors = {}, {}, {}
    rendered = [result for result in run.results
                if result.status is not Status.NOT_APPLICABLE and result.outcome is not None]
    render = functools.partial(_rendered, tuple(volatile))
    pairs = [(result.scenario, result.outcome) for result in rendered]
    outputs = ordered_map(render, pairs, workers) if workers > 1 and len(pairs) > 1 else map(render, pairs)
    by_id = {result.id: output for result, output in zip(rendered, outputs)}
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

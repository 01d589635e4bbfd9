"""The terminal report: one row per scenario, a summary line, then every
non-passing scenario's differences and lint findings in full."""

from __future__ import annotations

from typing import Sequence

from harness.runner import RunResult, ScenarioResult, Status, summarize

#: Width of the "first difference" column; the full text follows the table.
FIRST_DIFFERENCE_WIDTH = 100

_STATUS_TEXT = {
    Status.PASSED: "passed",
    Status.FAILED: "FAILED",
    Status.NOT_APPLICABLE: "not applicable",
    Status.DEVIATION: "deviation",
    Status.ERROR: "ERROR",
}


def summary_line(runs: Sequence[RunResult]) -> str:
    counts = summarize([result for run in runs for result in run.results])
    return (
        f"{counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['not_applicable']} not applicable, {counts['deviations']} deviations, "
        f"{counts['errors']} errors"
    )


def first_difference(result: ScenarioResult) -> str:
    if result.status is Status.DEVIATION:
        return f"known deviation: {result.note}"
    text = result.problems[0] if result.problems else result.detail
    return _shorten(text, FIRST_DIFFERENCE_WIDTH)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_table(runs: Sequence[RunResult]) -> str:
    from tabulate import tabulate  # here, not at the top: a JSON or JUnit run need not import it

    several_backends = len({run.backend for run in runs}) > 1
    headers = ["pack", *(["backend"] if several_backends else []), "scenario", "status", "first difference"]
    rows = [
        [run.pack.name, *([run.backend] if several_backends else []), result.id, _STATUS_TEXT[result.status], first_difference(result)]
        for run in runs
        for result in run.results
    ]
    parts = [tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True), "", summary_line(runs)]
    details = [_details(run, result, several_backends) for run in runs for result in run.results]
    details = [block for block in details if block]
    if details:
        parts += ["", "\n\n".join(details)]
    return "\n".join(parts) + "\n"


def _details(run: RunResult, result: ScenarioResult, several_backends: bool) -> str:
    if result.status not in (Status.FAILED, Status.ERROR, Status.DEVIATION):
        return ""
    where = f"{run.pack.name}/{result.id}" + (f" on {run.backend}" if several_backends else "")
    lines = [f"{where} ({result.status.value})"]
    if result.status is Status.ERROR:
        lines.append(f"  {result.error}")
    if result.status is Status.DEVIATION:
        lines.append(f"  known deviation: {result.note}")
    lines += [f"  - {problem}" for problem in result.problems]
    return "\n".join(lines)

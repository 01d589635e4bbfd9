"""JUnit XML for CI: one <testsuite> per run (pack on a backend), one
<testcase classname="<pack>" name="<scenario-id>"> per scenario.

failed -> <failure> listing every difference and lint finding; error -> <error>;
not_applicable -> <skipped>; deviation -> a pass with a <system-out> note."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Sequence

from harness.runner import RunResult, ScenarioResult, Status


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _testcase(suite: ET.Element, run: RunResult, result: ScenarioResult) -> None:
    case = ET.SubElement(
        suite, "testcase", classname=run.pack.name, name=result.id, time=_seconds(result.duration)
    )
    problems = result.problems
    listed = "\n".join(problems)
    if result.status is Status.FAILED:
        count = len(problems)
        what = "difference" if not result.findings else "problem"
        message = f"{count} {what}{'s' if count != 1 else ''}: {problems[0]}" if problems else result.note
        failure = ET.SubElement(case, "failure", message=message, type="mismatch")
        failure.text = listed or result.note
    elif result.status is Status.ERROR:
        error = ET.SubElement(case, "error", message=result.error, type="error")
        error.text = result.error
    elif result.status is Status.NOT_APPLICABLE:
        ET.SubElement(case, "skipped", message=result.note or "not applicable")
    elif result.status is Status.DEVIATION:
        out = ET.SubElement(case, "system-out")
        out.text = f"known deviation: {result.note}" + (f"\n{listed}" if listed else "")


def to_junit(runs: Sequence[RunResult]) -> str:
    root = ET.Element("testsuites", name="prorata")
    for run in runs:
        counts = run.summary
        suite = ET.SubElement(
            root,
            "testsuite",
            name=run.pack.name,
            tests=str(len(run.results)),
            failures=str(counts["failed"]),
            errors=str(counts["errors"]),
            skipped=str(counts["not_applicable"]),
            time=_seconds(run.duration),
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="backend", value=run.backend)
        for result in run.results:
            _testcase(suite, run, result)
    totals = [run.summary for run in runs]
    root.set("tests", str(sum(len(run.results) for run in runs)))
    root.set("failures", str(sum(c["failed"] for c in totals)))
    root.set("errors", str(sum(c["errors"] for c in totals)))
    root.set("skipped", str(sum(c["not_applicable"] for c in totals)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

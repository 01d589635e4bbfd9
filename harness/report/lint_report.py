"""The `prorata lint` report: invoice clarity findings per scenario, each
marked new (not pinned in the backend's ledger) or pinned, and pins no
longer observed.

Only scenarios with something to say are listed; the summary counts the
rest, so a clean backend's report is two lines."""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from harness.report.json_report import runs_header, scenario_entries
from harness.runner import RunResult, ScenarioResult, Status, lint_pins


def lint_counts(runs: Sequence[RunResult]) -> dict[str, int]:
    """findings, new, pinned, vanished, clean, with_findings, not_applicable, errors."""
    counts = dict.fromkeys(("findings", "new", "pinned", "vanished", "clean", "with_findings",
                            "not_applicable", "errors"), 0)
    for result in (result for run in runs for result in run.results):
        pins = lint_pins(result)
        counts["findings"] += len(result.findings)
        counts["new"] += len(pins.new)
        counts["pinned"] += len(pins.pinned)
        counts["vanished"] += len(pins.vanished)
        if result.status is Status.ERROR:
            counts["errors"] += 1
        elif result.status is Status.NOT_APPLICABLE:
            counts["not_applicable"] += 1
        elif result.findings:
            counts["with_findings"] += 1
        else:
            counts["clean"] += 1
    return counts


def by_rule(runs: Sequence[RunResult]) -> dict[str, int]:
    counts = Counter(finding.rule for run in runs for result in run.results for finding in result.findings)
    return dict(sorted(counts.items()))


def lint_summary(runs: Sequence[RunResult]) -> str:
    c = lint_counts(runs)
    return (f"{c['findings']} findings ({c['new']} not pinned, {c['pinned']} pinned, "
            f"{c['vanished']} pinned but no longer observed) in {c['with_findings']} scenarios; "
            f"{c['clean']} clean, {c['not_applicable']} not applicable, {c['errors']} errors")


def render_lint_table(runs: Sequence[RunResult]) -> str:
    several_backends = len({run.backend for run in runs}) > 1
    blocks = []
    for run in runs:
        for result in run.results:
            block = _block(run, result, several_backends)
            if block:
                blocks.append(block)
    rules = by_rule(runs)
    parts = [*blocks, *(["by rule: " + ", ".join(f"{rule} {count}" for rule, count in rules.items())] if rules else [])]
    return "\n\n".join([*parts, lint_summary(runs)]) + "\n"


def _block(run: RunResult, result: ScenarioResult, several_backends: bool) -> str:
    pins = lint_pins(result)
    if not (result.findings or pins.vanished or result.status is Status.ERROR):
        return ""
    where = f"{run.pack.name}/{result.id}" + (f" on {run.backend}" if several_backends else "")
    lines = [where]
    if result.status is Status.ERROR:
        lines.append(f"  ERROR  {result.error}")
    pinned = Counter(pins.pinned)
    for finding in result.findings:
        text = str(finding)
        mark = "pinned" if pinned[text] else "NEW"
        pinned[text] -= 1
        lines.append(f"  {mark:<6} {text}")
    lines += [f"  GONE   {text} (pinned in the ledger, no longer observed)" for text in pins.vanished]
    return "\n".join(lines)


def lint_to_json(runs: Sequence[RunResult]) -> dict[str, Any]:
    """{"pack", "backend", "summary", "by_rule", "scenarios": [{"id", "status",
    "findings": [{rule, document, line, message, pinned}], "vanished", "detail"}]}
    with every scenario listed; "pack"/"backend" become lists (and each
    scenario names its own) when there are several."""
    return {
        **runs_header(runs),
        "summary": lint_counts(runs),
        "by_rule": by_rule(runs),
        "scenarios": scenario_entries(runs, _scenario),
    }


def _scenario(result: ScenarioResult) -> dict[str, Any]:
    pins = lint_pins(result)
    pinned = Counter(pins.pinned)
    findings = []
    for finding in result.findings:
        text = str(finding)
        findings.append({"rule": finding.rule, "document": finding.document, "line": finding.line,
                         "message": text, "pinned": pinned[text] > 0})
        pinned[text] -= 1
    if result.status in (Status.ERROR, Status.NOT_APPLICABLE):
        status = result.status.value
    else:
        status = "findings" if result.findings else "clean"
    detail = result.error if result.status is Status.ERROR else (
        result.note if result.status is Status.NOT_APPLICABLE else "")
    return {"id": result.id, "status": status, "findings": findings, "vanished": list(pins.vanished),
            "detail": detail}

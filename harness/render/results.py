"""One scenario's result as a reviewer reads it: what failed and why, no traceback.

The pytest plugin shows this for a failed item; the differences are the
comparison's own reviewer notes (`str(Difference)`) and the lint findings
(`lint rule: message`), the same the CLI reports print."""

from __future__ import annotations

from collections.abc import Sequence

from harness.render.problems import format_problem


def status_name(status: object) -> str:
    return str(getattr(status, "value", getattr(status, "name", status))).lower()


def format_differences(differences: Sequence[object], *, bullet: str = "- ") -> str:
    out = []
    pad = " " * len(bullet)
    for difference in differences:
        lines = str(difference).splitlines() or [""]
        out.append(bullet + lines[0])
        out.extend(pad + line for line in lines[1:])
    return "\n".join(out)


def format_error(error: object) -> str:
    """A backend or engine error: its message (and field/hint when it has them)."""
    if error is None:
        return "unknown error"
    if isinstance(error, str):
        return error
    if getattr(error, "message", None) is not None and (
        getattr(error, "hint", None) or getattr(error, "field", None)
    ):
        return format_problem(error, prefix="")
    text = str(error)
    if isinstance(error, BaseException):
        name = type(error).__name__
        return f"{name}: {text}" if text else name
    return text


def describe_result(result: object) -> str:
    """`core::x failed: <first difference> (+1 more)`, then the scenario's title,
    rule, math and file, then every difference and lint finding (or the
    error) in full.

    The first line stands alone in one-line summaries (pytest's -r report)."""
    scenario = getattr(result, "scenario", None)
    status = status_name(getattr(result, "status", "?"))
    findings = tuple(f"lint {finding}" for finding in getattr(result, "findings", ()) or ())
    differences = (*(getattr(result, "differences", ()) or ()), *findings)
    error = getattr(result, "error", None)
    note = getattr(result, "note", None)
    name = f"{scenario.pack.name}::{scenario.id}" if scenario is not None else "scenario"
    if differences:
        first = str(differences[0]).splitlines()[0] if str(differences[0]) else ""
        more = f" (+{len(differences) - 1} more)" if len(differences) > 1 else ""
        head = f"{name} {status}: {first}{more}"
    elif error:
        head = f"{name} {status}: {format_error(error).splitlines()[0]}"
    else:
        head = f"{name} {status}"
    out = [head]
    if scenario is not None:
        for label, value in (
            ("title", scenario.title),
            ("rule", scenario.rule),
            ("math", scenario.math),
            ("source", str(scenario.source) if scenario.source else ""),
        ):
            if value:
                out.append(f"  {label + ':':<7} {value}")
    if note:
        out.append(f"note: {note}")
    if error:
        out.append("error: " + format_error(error))
    if differences:
        count = len(differences)
        what = "problem" if findings else "difference"
        out.append(f"{count} {what}{'s' if count != 1 else ''}:")
        out.append(format_differences(differences))
    return "\n".join(out)

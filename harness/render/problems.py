"""Load problems as a person fixing a YAML file wants them: where, which field, what, how.

    error: packs/core/scenarios/x.yaml:12:7: events[2].change_plan.to: unknown plan 'prp'
      hint: did you mean 'pro'?

The CLI prints these on stderr and the pytest plugin in its collection error,
so both read the same."""

from __future__ import annotations

from collections.abc import Iterable

from harness.render.text import field_path


def location(problem: object) -> str:
    """"file:line:col", as much of it as the problem knows."""
    file = getattr(problem, "file", None)
    line = getattr(problem, "line", None)
    column = getattr(problem, "column", None)
    text = str(file) if file else ""
    if text and line:
        text += f":{line}"
        if column:
            text += f":{column}"
    return text


def format_problem(problem: object, *, prefix: str = "error: ") -> str:
    """One problem: location, field path, message, then its hint on its own line."""
    message = getattr(problem, "message", None)
    if message is None:  # not a Problem: fall back to what it says about itself
        return f"{prefix}{problem}"
    head = [part for part in (location(problem), field_path(getattr(problem, "field", None))) if part]
    text = prefix + ": ".join([*head, str(message)])
    hint = getattr(problem, "hint", None)
    if hint:
        text += f"\n  hint: {hint}"
    return text


def format_problems(problems: Iterable[object], *, prefix: str = "error: ") -> str:
    return "\n".join(format_problem(problem, prefix=prefix) for problem in problems)


def format_pack_error(error: BaseException, *, prefix: str = "error: ") -> str:
    """A PackError (or anything with `.problems`), every problem, no traceback."""
    problems = list(getattr(error, "problems", None) or [])
    if not problems:
        return f"{prefix}{error}"
    text = format_problems(problems, prefix=prefix)
    if len(problems) > 1:
        text += f"\n{len(problems)} problems"
    return text

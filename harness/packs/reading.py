"""Reading one YAML file of a pack and validating it against its schema,
problems collected (up to MAX_PROBLEMS): the steps every file goes through,
shared by the pack loader and the per-scenario step (harness.packs.scenario_step)."""

from __future__ import annotations

from typing import Any, Iterable

from pydantic import ValidationError

from harness.packs.messages import problem_at, problems_from
from harness.packs.problems import MAX_PROBLEMS, Problem, TooManyProblems, format_path
from harness.packs.yamlsrc import Source, parse


class Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.items.append(problem)
        if len(self.items) >= MAX_PROBLEMS:
            self.items.append(
                Problem(problem.file, None, None, "", f"stopped after {MAX_PROBLEMS} problems", "fix these first")
            )
            raise TooManyProblems

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __len__(self) -> int:
        return len(self.items)

    def sort_from(self, start: int) -> None:
        """Problems of one file in the order of its lines."""
        self.items[start:] = sorted(self.items[start:], key=lambda p: (p.line or 0, p.column or 0))


def read(shown: str, problems: Problems) -> Source | None:
    try:
        with open(shown, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(Problem(shown, None, None, "", f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8"))
        return None
    except OSError as exc:
        problems.add(Problem(shown, None, None, "", f"cannot read: {exc.strerror or exc}", ""))
        return None
    src = parse(text, shown)
    for where, message, hint, pos in src.issues:
        src_pos = pos or src.locate(where) or (None, None)
        problems.add(Problem(shown, src_pos[0], src_pos[1], format_path(where), message, hint))
    if src.data is None and not src.issues:
        problems.add(Problem(shown, None, None, "", "the file is empty", ""))
        return None
    if src.issues and src.data is None:
        return None
    if not isinstance(src.data, dict):
        problems.add(problem_at(src, (), "the file must be a mapping (key: value lines)", ""))
        return None
    return src


def validate(model: type, src: Source, context: dict, problems: Problems) -> Any:
    try:
        return model.model_validate(src.data, context=context)
    except ValidationError as exc:
        problems.extend(problems_from(exc.errors(include_url=False), model, src))
        return None

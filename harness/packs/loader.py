"""Load scenario packs: YAML -> schema -> cross-field checks -> model -> dry run.

The steps live in their own modules (yamlsrc, schema, checks, convert); this
one walks the folders and decides what runs when: a file that fails one step
is not given to the next, so each problem is reported once, where it starts.

Every problem found anywhere in a pack is collected (up to MAX_PROBLEMS) and
raised together as one PackError; nothing is printed."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from harness import engine
from harness.engine.errors import ScenarioError
from harness.model.policy import Policy
from harness.model.scenario import Pack, PackMeta, Scenario, SourceRef
from harness.packs import checks
from harness.packs.convert import build_meta, build_policy, build_scenario, merge_policy, policy_values
from harness.packs.messages import problem_at, problems_from
from harness.packs.problems import MAX_PROBLEMS, PackError, Problem, TooManyProblems, format_path
from harness.packs.schema import PackFile, ScenarioFile
from harness.packs.yamlsrc import Source, parse

PACK_FILE = "pack.yaml"
SCENARIO_DIR = "scenarios"


class _Problems:
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


# ------------------------------------------------------------------ public API


def load_pack(path: str | os.PathLike[str], *, check: bool = True) -> Pack:
    """Load the pack in folder `path` (pack.yaml + scenarios/**/*.yaml).

    Raises PackError listing every problem found. `check=False` skips the
    reference engine's dry run of each scenario."""
    return load_packs([path], check=check)[0]


@contextmanager
def _no_cyclic_gc():
    """Loading builds a great many objects that all live on (the pack) and
    next to no reference cycles, so the cyclic collector only rescans the
    growing pack again and again: about a tenth of the load time at 2,000
    scenarios, more on bigger packs. Whatever cycles loading does leave are
    collected as usual once it is switched back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_packs(paths: Iterable[str | os.PathLike[str]], *, check: bool = True) -> list[Pack]:
    """Load several packs; problems of all of them are raised together."""
    with _no_cyclic_gc():
        return _load_packs(paths, check)


def _load_packs(paths: Iterable[str | os.PathLike[str]], check: bool) -> list[Pack]:
    problems = _Problems()
    packs: list[Pack] = []
    names: dict[str, str] = {}
    try:
        for path in paths:
            loaded = _load_one(Path(path), problems, check)
            if loaded is None:
                continue
            pack, src = loaded
            if pack.name in names:
                problems.add(
                    problem_at(
                        src,
                        ("pack",),
                        f"two packs are named '{pack.name}' (the other is {names[pack.name]})",
                        "pack names are unique among the packs loaded together",
                    )
                )
                continue
            names[pack.name] = src.file
            packs.append(pack)
    except TooManyProblems:
        pass
    if problems.items:
        raise PackError(problems.items)
    return packs


# ------------------------------------------------------------------ reading


def _read(shown: str, problems: _Problems) -> Source | None:
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


def _validate(model: type, src: Source, context: dict, problems: _Problems) -> Any:
    try:
        return model.model_validate(src.data, context=context)
    except ValidationError as exc:
        problems.extend(problems_from(exc.errors(include_url=False), model, src))
        return None


def scenario_files(folder: str) -> list[tuple[str, str]]:
    """(relative posix path, path) of every scenario file, sorted by relative path."""
    found = []
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            found.append((prefix + name, os.path.join(directory, name)))
    found.sort(key=lambda item: item[0])
    return found


def _load_one(path: Path, problems: _Problems, check: bool) -> tuple[Pack, Source] | None:
    if path.name == PACK_FILE and path.is_file():
        path = path.parent
    shown_root = str(path)
    pack_path = path / PACK_FILE
    if not path.is_dir():
        problems.add(
            Problem(shown_root, None, None, "", "no such pack folder" if not path.exists() else "not a folder",
                    "a pack is a folder holding pack.yaml and a scenarios/ folder")
        )
        return None
    if not pack_path.is_file():
        problems.add(
            Problem(str(pack_path), None, None, "", "missing pack.yaml",
                    "a pack is a folder holding pack.yaml and a scenarios/ folder")
        )
        return None

    before = len(problems)
    meta: PackMeta | None = None
    pack_policy: dict = {}
    src = _read(str(pack_path), problems)
    if src is not None:
        raw_currency = src.data.get("currency")
        context = {"currency": raw_currency if isinstance(raw_currency, str) else None}
        pack_file = _validate(PackFile, src, context, problems)
        if pack_file is not None:
            checks.check_pack(pack_file, lambda path, message, hint="": problems.add(problem_at(src, path, message, hint)))
        problems.sort_from(before)
        if pack_file is not None:
            # scenarios are checked against the catalog even when pack.yaml has
            # problems of its own; only the dry run needs a sound pack
            pack_policy = policy_values(pack_file.policy)
            meta = build_meta(pack_file, shown_root, pack_policy)
    pack_ok = meta is not None and len(problems) == before

    scenarios: list[Scenario] = []
    ids: dict[str, str] = {}
    policies: dict[str, Policy] = {}  # merged policies by the overrides' text: many scenarios share one
    for rel, shown in scenario_files(os.path.join(shown_root, SCENARIO_DIR)):
        if rel.endswith(".yml"):
            problems.add(
                Problem(shown, None, None, "", "scenario files end in .yaml", f"rename it to {rel[:-4].rsplit('/', 1)[-1]}.yaml")
            )
            continue
        scenario = _load_scenario(shown, meta, pack_policy, ids, policies, problems, check and pack_ok)
        if scenario is not None:
            scenarios.append(scenario)

    if meta is None or len(problems) > before:
        return None
    return Pack(meta=meta, scenarios=tuple(scenarios)), src


# ------------------------------------------------------------------ scenarios


def _scenario_context(data: dict, meta: PackMeta | None) -> dict:
    if meta is None:
        return {}
    plans = meta.catalog.plans
    start = data.get("start")
    plan_id = None
    if isinstance(start, dict):
        plan_id = start.get("plan")
        items = start.get("items")
        if plan_id is None and isinstance(items, list) and items and isinstance(items[0], dict):
            plan_id = items[0].get("plan")
    plan = plans.get(plan_id) if isinstance(plan_id, str) else None
    return {"plans": plans, "currency": plan.currency if plan is not None else meta.currency}


def _load_scenario(
    shown: str,
    meta: PackMeta | None,
    pack_policy: dict,
    ids: dict[str, str],
    policies: dict[str, Policy],
    problems: _Problems,
    check: bool,
) -> Scenario | None:
    before = len(problems)
    src = _read(shown, problems)
    if src is None:
        return None
    sf: ScenarioFile | None = _validate(ScenarioFile, src, _scenario_context(src.data, meta), problems)

    scenario_id = src.data.get("id")
    if isinstance(scenario_id, str):
        if scenario_id in ids:
            problems.add(
                problem_at(
                    src,
                    ("id",),
                    f"duplicate scenario id '{scenario_id}': also used by {ids[scenario_id]}",
                    "scenario ids are unique in a pack",
                )
            )
        else:
            ids[scenario_id] = shown

    problems.sort_from(before)
    if sf is None or meta is None or len(problems) > before:
        return None

    def report(path: tuple, message: str, hint: str = "") -> None:
        problems.add(problem_at(src, path, message, hint))

    stem = os.path.basename(shown)[: -len(".yaml")]
    checks.check_scenario(sf, stem, meta, report)
    if len(problems) > before:
        problems.sort_from(before)
        return None

    overrides = src.data.get("policy") or {}
    policy = meta.policy
    if overrides:
        key = repr(overrides)  # the YAML as read: the same text always validates to the same values
        if key not in policies:
            policies[key] = build_policy(merge_policy(pack_policy, policy_values(sf.policy)))
        policy = policies[key]
    line = (src.locate(("id",), key=True) or (None, None))[0]
    scenario = build_scenario(sf, meta, policy, dict(overrides), SourceRef(shown, line))

    if check:
        problem = _dry_run(scenario, src)
        if problem is not None:
            problems.add(problem)
            return None
    return scenario


def _dry_run(scenario: Scenario, src: Source) -> Problem | None:
    """The reference semantics on the scenario: errors they find (an anchor
    change outside the period, an event after the end, an unknown item...)
    are load errors pointing at the YAML line."""
    try:
        engine.check(scenario)
    except ScenarioError as exc:
        path = tuple(exc.field or ())
        if not path and exc.event_index is not None:
            path = ("events", exc.event_index)
        return problem_at(src, path, exc.message, exc.hint or "")
    return None

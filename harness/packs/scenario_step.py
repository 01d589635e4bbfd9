"""One scenario file of a pack: read, validate, check, build, dry run.

The work splits in two so that big packs can load on several processes:

* `prepare` does everything that depends on the file alone (and on the
  pack's meta and policy): YAML, schema, cross-field checks, the model, the
  reference engine's dry run. It is pure, so `prepare_all` may run it on
  worker processes, about 1 ms per scenario of a 1,000-scenario pack.
* `admit` does what depends on the files before it, in pack order in the
  loading process: a scenario id used twice, and the problems added in the
  order (and up to the limit) a one-file-at-a-time load adds them.

A file's problems are reported once, where they start: a file failing one
step is not given to the next (its later steps' findings, worked out ahead
by `prepare`, are dropped), so a parallel load raises the very PackError a
serial one does."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from typing import Iterator

from harness import engine
from harness.engine.errors import ScenarioError
from harness.model.policy import Policy
from harness.model.scenario import PackMeta, Scenario, SourceRef
from harness.packs import checks
from harness.packs.convert import build_policy, build_scenario, merge_policy, policy_values
from harness.packs.messages import problem_at
from harness.packs.problems import Problem, TooManyProblems
from harness.packs.reading import Problems, read, validate
from harness.packs.schema import ScenarioFile
from harness.packs.yamlsrc import Source
from harness.parallel import ordered_map

#: Below this many scenario files a pack loads in the calling process: starting
#: workers and sending the scenarios back would cost more than it saves.
PARALLEL_MIN_FILES = 200


@dataclass
class Prepared:
    """What `prepare` found in one file, step by step."""

    shown: str
    read_problems: list[Problem] = field(default_factory=list)  # reading and schema, in the order found
    read_ok: bool = False  # the file is a YAML mapping (its id can be registered)
    scenario_id: str | None = None
    valid: bool = False  # schema valid and the pack's meta sound: the checks ran
    check_problems: list[Problem] = field(default_factory=list)
    scenario: Scenario | None = None
    dry_run_problem: Problem | None = None
    src: Source | None = None  # kept for `admit` in the same process, never sent between processes


def prepare(shown: str, meta: PackMeta | None, pack_policy: dict, policies: dict[str, Policy], check: bool
            ) -> Prepared:
    """Every step of one scenario file that depends on nothing but the file
    and the pack (`policies` caches merged policies by the overrides' text)."""
    found = Prepared(shown)
    problems = Problems()
    try:
        src = read(shown, problems)
        if src is None:
            return found
        found.read_ok, found.src = True, src
        sf: ScenarioFile | None = validate(ScenarioFile, src, _scenario_context(src.data, meta), problems)
    except TooManyProblems:  # the file alone has too many: the loader stops at the same one
        return found
    finally:
        found.read_problems = problems.items
    scenario_id = src.data.get("id")
    found.scenario_id = scenario_id if isinstance(scenario_id, str) else None
    if sf is None or meta is None or problems.items:
        return found
    found.valid = True

    checked = Problems()

    def report(path: tuple, message: str, hint: str = "") -> None:
        checked.add(problem_at(src, path, message, hint))

    stem = os.path.basename(shown)[: -len(".yaml")]
    try:
        checks.check_scenario(sf, stem, meta, report)
    except TooManyProblems:
        pass
    found.check_problems = checked.items
    if checked.items:
        return found

    overrides = src.data.get("policy") or {}
    policy = meta.policy
    if overrides:
        key = repr(overrides)  # the YAML as read: the same text always validates to the same values
        if key not in policies:
            policies[key] = build_policy(merge_policy(pack_policy, policy_values(sf.policy)))
        policy = policies[key]
    line = (src.locate(("id",), key=True) or (None, None))[0]
    found.scenario = build_scenario(sf, meta, policy, dict(overrides), SourceRef(shown, line))
    if check:
        found.dry_run_problem = _dry_run(found.scenario, src)
    return found


def admit(found: Prepared, ids: dict[str, str], problems: Problems) -> Scenario | None:
    """The scenario of a prepared file, its problems added to `problems`
    (None when it has any); `ids` maps each scenario id to the file that
    used it first."""
    before = len(problems)
    problems.extend(found.read_problems)
    if not found.read_ok:
        return None
    if found.scenario_id is not None:
        if found.scenario_id in ids:
            src = found.src or read(found.shown, Problems())  # a duplicate is rare: read it again for its line
            problems.add(
                problem_at(
                    src,
                    ("id",),
                    f"duplicate scenario id '{found.scenario_id}': also used by {ids[found.scenario_id]}",
                    "scenario ids are unique in a pack",
                )
            )
        else:
            ids[found.scenario_id] = found.shown
    problems.sort_from(before)
    if not found.valid or len(problems) > before:
        return None
    problems.extend(found.check_problems)
    if len(problems) > before:
        problems.sort_from(before)
        return None
    if found.dry_run_problem is not None:
        problems.add(found.dry_run_problem)
        return None
    return found.scenario


def prepare_all(files: list[str], meta: PackMeta | None, pack_policy: dict, check: bool, workers: int
                ) -> Iterator[Prepared]:
    """`prepare` of each file, in order: lazily in this process, or on
    `workers` processes for a big pack where processes fork (Linux: the
    workers inherit the imported harness; elsewhere starting them would cost
    more than loading)."""
    one = functools.partial(prepare, meta=meta, pack_policy=pack_policy, policies={}, check=check)
    workers = min(workers, os.cpu_count() or 1)  # --workers may ask for many threads for a waiting backend
    if workers < 2 or len(files) < PARALLEL_MIN_FILES or sys.platform != "linux":
        return map(one, files)
    return _on_processes(one, files, workers)


def _on_processes(one: functools.partial, files: list[str], workers: int) -> Iterator[Prepared]:
    """If the loader stops early (too many problems, Ctrl-C), the files not yet read are dropped."""
    return ordered_map(functools.partial(_detached, one), files, workers)


def _detached(one: functools.partial, shown: str) -> Prepared:
    """In a worker: the file's Source (text, parser state) stays behind."""
    found = one(shown)
    found.src = None
    return found


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


__all__ = ["PARALLEL_MIN_FILES", "Prepared", "admit", "prepare", "prepare_all"]

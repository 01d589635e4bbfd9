"""Adding a scenario to a pack folder on disk, never leaving it half-written.

`write_scenario` finds every conflict before anything is written (a plan id
defined otherwise, another timezone, currency or policy, an id taken), checks
the new text the way the loader will read it, and replaces each file
atomically (a temp file in the same folder + os.replace). The YAML itself
comes from `harness.packs.writer`."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import ValidationError

from harness.model.catalog import Catalog, Plan
from harness.model.scenario import ChangePlan, PackMeta, Scenario
from harness.packs import checks
from harness.packs.convert import build_meta, policy_values
from harness.packs.messages import problem_at, problems_from
from harness.packs.schema import PackFile, ScenarioFile
from harness.packs.writer import PACK_FILE, SCENARIO_DIR, pack_yaml, plan_row, policy_document, scenario_yaml
from harness.packs.yamlsrc import parse


class WriteConflict(ValueError):
    """The pack folder already says something else than the scenario needs
    (a plan id with another price, another timezone, currency or policy, a
    scenario id taken). Nothing was written."""


def _validated(model: type, shown: str, text: str, context: Callable, check: Callable) -> tuple[Any, list[str]]:
    """Text read, validated and checked as the loader does it, with its problems in the loader's words."""
    src = parse(text, shown)
    problems = [f"{shown}: {message}" for _, message, _, _ in src.issues]
    if not isinstance(src.data, dict):
        return None, problems or [f"{shown}: not a mapping"]
    try:
        validated = model.model_validate(src.data, context=context(src.data))
    except ValidationError as exc:
        return None, problems + [str(p) for p in problems_from(exc.errors(include_url=False), model, src)]
    check(validated, lambda path, message, hint="": problems.append(str(problem_at(src, path, message, hint))))
    return validated, problems


def _read_meta(shown: str, text: str, folder: Path) -> PackMeta:
    """pack.yaml as the loader reads it; a broken one stops the write."""
    def context(data: dict) -> dict:  # amounts are checked against the pack's currency, as the loader does
        return {"currency": data["currency"] if isinstance(data.get("currency"), str) else None}

    pack_file, problems = _validated(PackFile, shown, text, context, checks.check_pack)
    if problems:
        raise WriteConflict(f"{shown} does not load; fix it first:\n" + "\n".join(problems))
    return build_meta(pack_file, str(folder), policy_values(pack_file.policy))


def _plans_used(scenario: Scenario) -> list[str]:
    used = [item.plan for item in scenario.start.items]
    for event in scenario.events:
        if isinstance(event.action, ChangePlan):
            used.append(event.action.to)
        if getattr(event.action, "item", None) is not None:
            used.append(event.action.item)
    for documents in (scenario.expect.invoices or (), scenario.expect.credit_notes or ()):
        used += [line.plan for doc in documents for line in doc.lines]
    known = scenario.pack.catalog.plans
    ordered = [p for p in known if p in used]
    unknown = sorted({p for p in used if isinstance(p, str) and p not in known})
    if unknown:
        raise ValueError(f"scenario '{scenario.id}' uses plans its pack's catalog lacks: {', '.join(unknown)}")
    return ordered


def _describe_plan(plan: Plan, currency: str) -> str:
    return plan_row("x", plan, currency)[3:].strip()


def _check_ground(shown: str, existing: PackMeta, meta: PackMeta, scenario_id: str) -> None:
    """The scenario's expectations were computed in its own pack's timezone,
    currency and policy; another pack would read the same file differently."""
    for name in ("timezone", "currency"):
        if getattr(existing, name) != getattr(meta, name):
            raise WriteConflict(
                f"{shown}: the pack's {name} is {getattr(existing, name)} but scenario '{scenario_id}' "
                f"was built for {getattr(meta, name)}"
            )
    if existing.policy != meta.policy:
        rows = ", ".join(f"{k}: {v} there, {policy_document(meta.policy)[k]} here"
                         for k, v in policy_document(existing.policy, meta.policy).items())
        raise WriteConflict(f"{shown}: the pack's policy differs from the one scenario '{scenario_id}' was built for ({rows})")


def _with_plans(text: str, added: dict[str, Plan], currency: str) -> str:
    """The existing text with the added plans appended to catalog.plans, so
    comments and layout stay as their authors wrote them; '' when the plans
    mapping is not a plain block the new rows can be appended to."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return ""
    node = root
    for key in ("catalog", "plans"):
        if not isinstance(node, yaml.MappingNode) or node.flow_style:
            return ""
        node = next((value for k, value in node.value if k.value == key), None)
    plans = node
    if not isinstance(plans, yaml.MappingNode) or plans.flow_style or not plans.value:
        return ""
    last_value = plans.value[-1][1]
    end = last_value.end_mark
    at = end.line if end.column == 0 else end.line + 1
    indent = " " * plans.value[0][0].start_mark.column
    rows = [indent + plan_row(plan_id, plan, currency) for plan_id, plan in added.items()]
    lines = text.splitlines(keepends=True)
    if at > 0 and at <= len(lines) and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    return "".join(lines[:at] + rows + lines[at:])


def _reads_as(meta: PackMeta, pack_path: Path, text: str) -> bool:
    try:
        return _read_meta(str(pack_path), text, pack_path.parent) == meta
    except WriteConflict:
        return False


def _validate_scenario(shown: str, text: str, meta: PackMeta, scenario: Scenario) -> None:
    """Read the text as the loader will: a scenario the writer cannot express
    must fail here, not when someone runs the pack."""
    first = meta.catalog.plans.get(scenario.start.items[0].plan) if scenario.start.items else None
    context = {"plans": meta.catalog.plans, "currency": first.currency if first is not None else meta.currency}
    _, problems = _validated(ScenarioFile, shown, text, lambda data: context,
                             lambda sf, report: checks.check_scenario(sf, scenario.id, meta, report))
    if problems:
        raise ValueError(f"scenario '{scenario.id}' would not load:\n" + "\n".join(problems))


def _write_atomic(path: Path, text: str) -> None:
    """Temp file beside the target (a dot-name the loader skips), then os.replace:
    readers see the old file or the new one, never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_scenario(pack_dir: str | os.PathLike[str], scenario: Scenario, *, overwrite: bool = False) -> Path:
    """Add `scenario` to the pack in `pack_dir` as scenarios/<id>.yaml and return that path.

    A missing pack is created from `scenario.pack`. An existing pack must have
    the scenario's timezone, currency and policy; plans the scenario uses that
    its catalog lacks are appended to pack.yaml, a plan id defined otherwise
    is a WriteConflict. A scenario file with the same content is left alone;
    different content under the same id is a WriteConflict unless `overwrite`."""
    folder = Path(pack_dir)
    meta = scenario.pack
    if not scenario.id or not re.fullmatch(r"[^/\\]+", scenario.id) or scenario.id.startswith("."):
        raise ValueError(f"scenario id {scenario.id!r} cannot be a file name")
    pack_path = folder / PACK_FILE
    used = _plans_used(scenario)

    pack_text: str | None
    if pack_path.is_file():
        old_text = pack_path.read_text(encoding="utf-8-sig")
        existing = _read_meta(str(pack_path), old_text, folder)
        _check_ground(str(pack_path), existing, meta, scenario.id)
        added: dict[str, Plan] = {}
        for plan_id in used:
            ours, theirs = meta.catalog[plan_id], existing.catalog.plans.get(plan_id)
            if theirs is None:
                added[plan_id] = ours
            elif theirs != ours:
                raise WriteConflict(
                    f"{pack_path}: plan '{plan_id}' is {_describe_plan(theirs, existing.currency)} there "
                    f"but {_describe_plan(ours, meta.currency)} in scenario '{scenario.id}'"
                )
        merged = replace(existing, catalog=Catalog(plans={**existing.catalog.plans, **added}))
        pack_text = None
        if added:
            pack_text = _with_plans(old_text, added, existing.currency)
            if not pack_text or not _reads_as(merged, pack_path, pack_text):
                pack_text = pack_yaml(merged)  # the same pack, without its comments
    else:
        pack_text = pack_yaml(meta)
        merged = _read_meta(str(pack_path), pack_text, folder)

    target = folder / SCENARIO_DIR / f"{scenario.id}.yaml"
    text = scenario_yaml(scenario, base_policy=merged.policy)
    _validate_scenario(str(target), text, merged, scenario)
    name = f"{scenario.id}.yaml"
    elsewhere = [p for p in (folder / SCENARIO_DIR).rglob("*.yaml") if p.name == name and p != target]
    if elsewhere:
        raise WriteConflict(f"{elsewhere[0]}: scenario id '{scenario.id}' is already used in this pack")
    unchanged = target.is_file() and target.read_text(encoding="utf-8-sig") == text
    if target.exists() and not unchanged and not overwrite:
        raise WriteConflict(f"{target}: a different scenario '{scenario.id}' is already there (overwrite=True replaces it)")

    if pack_text is not None:
        _write_atomic(pack_path, pack_text)
    if not unchanged:
        _write_atomic(target, text)
    return target

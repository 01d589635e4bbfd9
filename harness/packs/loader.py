"""Load scenario packs: YAML -> schema -> cross-field checks -> model -> dry run.

The steps live in their own modules (yamlsrc, reading, schema, checks,
convert; a scenario file's steps in scenario_step, which can run them on
worker processes for a big pack); this one walks the folders and decides what
runs when: a file that fails one step is not given to the next, so each
problem is reported once, where it starts.

Every problem found anywhere in a pack is collected (up to MAX_PROBLEMS) and
raised together as one PackError; nothing is printed."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from harness.model.scenario import Pack, PackMeta, Scenario
from harness.packs import checks
from harness.packs.convert import build_meta, policy_values
from harness.packs.messages import problem_at
from harness.packs.problems import PackError, Problem, TooManyProblems
from harness.packs.reading import Problems, read, validate
from harness.packs.scenario_step import admit, prepare_all
from harness.packs.schema import PackFile
from harness.packs.yamlsrc import Source

PACK_FILE = "pack.yaml"
SCENARIO_DIR = "scenarios"


# ------------------------------------------------------------------ public API


def load_pack(path: str | os.PathLike[str], *, check: bool = True, workers: int = 1) -> Pack:
    """Load the pack in folder `path` (pack.yaml + scenarios/**/*.yaml).

    Raises PackError listing every problem found. `check=False` skips the
    reference engine's dry run of each scenario."""
    return load_packs([path], check=check, workers=workers)[0]


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


def load_packs(paths: Iterable[str | os.PathLike[str]], *, check: bool = True, workers: int = 1) -> list[Pack]:
    """Load several packs; problems of all of them are raised together.

    `workers` > 1 prepares a big pack's scenario files on that many
    processes (harness.packs.scenario_step); the packs, and the problems, are
    the same as with one."""
    with _no_cyclic_gc():
        return _load_packs(paths, check, workers)


def _load_packs(paths: Iterable[str | os.PathLike[str]], check: bool, workers: int = 1) -> list[Pack]:
    problems = Problems()
    packs: list[Pack] = []
    names: dict[str, str] = {}
    try:
        for path in paths:
            loaded = _load_one(Path(path), problems, check, workers)
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


def _load_one(path: Path, problems: Problems, check: bool, workers: int = 1) -> tuple[Pack, Source] | None:
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
    src = read(str(pack_path), problems)
    if src is not None:
        raw_currency = src.data.get("currency")
        context = {"currency": raw_currency if isinstance(raw_currency, str) else None}
        pack_file = validate(PackFile, src, context, problems)
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
    files = []
    for rel, shown in scenario_files(os.path.join(shown_root, SCENARIO_DIR)):
        if rel.endswith(".yml"):
            problems.add(
                Problem(shown, None, None, "", "scenario files end in .yaml", f"rename it to {rel[:-4].rsplit('/', 1)[-1]}.yaml")
            )
            continue
        files.append(shown)
    for prepared in prepare_all(files, meta, pack_policy, check and pack_ok, workers):
        scenario = admit(prepared, ids, problems)
        if scenario is not None:
            scenarios.append(scenario)

    if meta is None or len(problems) > before:
        return None
    return Pack(meta=meta, scenarios=tuple(scenarios)), src


# ------------------------------------------------------------------ scenarios

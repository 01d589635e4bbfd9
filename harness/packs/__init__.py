"""Scenario packs: load a pack folder (pack.yaml + scenarios/**/*.yaml) into the
frozen model, or fail with every problem found, each pointing at a file line.

    from harness.packs import load_pack, PackError
    try:
        pack = load_pack("scenario_packs/core")
    except PackError as error:
        for problem in error.problems:
            print(problem)
            # .../up.yaml:12:9: events[2].change_plan.to: unknown plan 'prp' (did you mean 'pro'?)

The format is scenario-packs v1; docs/pack-errors.md lists every load error.
`schema_for("pack" | "scenario")` is its JSON Schema, generated from the same
models that validate it (`python -m harness.packs docs/schema` rewrites the
committed copies). A backend's deviations ledger lives beside the pack
(`<pack>/deviations/<backend>.yaml`): `load_ledger` / `dump_ledger`. The
model goes back to YAML with `scenario_yaml`, `pack_yaml` and
`write_scenario` (the fuzzer writes the failures it finds with them)."""

from harness.packs.ledger import dump_ledger, ledger_path, load_ledger
from harness.packs.loader import load_pack, load_packs
from harness.packs.problems import PackError, Problem
from harness.packs.schema import schema_for, schema_text
from harness.packs.store import WriteConflict, write_scenario
from harness.packs.writer import expectation_of, pack_yaml, scenario_yaml

__all__ = [
    "PackError",
    "Problem",
    "WriteConflict",
    "dump_ledger",
    "expectation_of",
    "ledger_path",
    "load_ledger",
    "load_pack",
    "load_packs",
    "pack_yaml",
    "schema_for",
    "schema_text",
    "scenario_yaml",
    "write_scenario",
]

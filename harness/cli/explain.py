"""`prorata explain PACK SCENARIO_ID`: every amount of one scenario, with its formula."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from harness.cli.app import CliError
from harness.cli.common import load_pack
from harness.render.problems import format_problem


@click.command("explain")
@click.argument("pack", type=click.Path(path_type=Path))
@click.argument("scenario_id")
def command(pack: Path, scenario_id: str) -> None:
    """Run SCENARIO_ID of PACK on the reference engine and explain each line.

    Prints the scenario's rule and math, then every document and line with its
    period, the formula behind its amount and the policy row that produced it."""
    from harness import engine
    from harness.compare import compare
    from harness.engine.errors import ScenarioError
    from harness.render.explain import explain

    loaded = load_pack(pack)
    if "::" in scenario_id and scenario_id.split("::", 1)[0] == loaded.name:
        scenario_id = scenario_id.split("::", 1)[1]  # accept the pytest node id too
    try:
        scenario = loaded.scenario(scenario_id)
    except KeyError:
        raise CliError(unknown_scenario(loaded, scenario_id), formatted=True) from None
    try:
        outcome = engine.run(scenario)
    except ScenarioError as error:
        raise CliError(format_problem(_located(error, scenario)), formatted=True) from None
    click.echo(explain(scenario, outcome, compare(scenario, outcome)), nl=False)


def unknown_scenario(pack, scenario_id: str) -> str:
    ids = [scenario.id for scenario in pack.scenarios]
    text = f"error: no scenario {scenario_id!r} in pack {pack.name} ({len(ids)} scenarios)"
    close = difflib.get_close_matches(scenario_id, ids, n=3, cutoff=0.6)
    if not close:
        close = [i for i in ids if scenario_id.lower() in i.lower()][:3]
    if close:
        text += "\n  hint: did you mean " + " or ".join(repr(c) for c in close) + "?"
    elif ids:
        text += "\n  hint: `prorata validate` lists the pack; scenario ids are the file names without .yaml"
    return text


class _Located:
    """A ScenarioError shown like a load problem: the scenario file, the field, the hint."""

    def __init__(self, error, scenario) -> None:  # noqa: ANN001
        source = scenario.source
        self.file = source.path if source else f"{scenario.pack.name}::{scenario.id}"
        self.line = source.line if source else None
        self.column = None
        self.field = getattr(error, "field", ())
        self.message = getattr(error, "message", str(error))
        self.hint = getattr(error, "hint", "")


def _located(error, scenario) -> _Located:  # noqa: ANN001
    return _Located(error, scenario)

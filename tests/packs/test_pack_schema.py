"""The JSON Schema is generated from the models that validate packs, and the
committed copies under docs/schema are exactly what they generate."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from harness.packs import load_pack, schema_for, schema_text
from harness.packs.schema import PackFile, ScenarioFile
from tests.packs.support import PACK, scenario, write_pack

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schema"
REGENERATE = "regenerate with: python -m harness.packs docs/schema"


@pytest.mark.parametrize("kind", ["pack", "scenario"])
def test_committed_schema_equals_the_generated_one(kind):
    committed = DOCS / f"{kind}.schema.json"
    assert committed.is_file(), f"{committed} is missing; {REGENERATE}"
    assert committed.read_text(encoding="utf-8") == schema_text(kind), f"{committed} is stale; {REGENERATE}"
    assert json.loads(committed.read_text(encoding="utf-8")) == schema_for(kind)


def test_schema_for_rejects_other_kinds():
    with pytest.raises(ValueError):
        schema_for("catalog")


def test_schema_for_returns_a_fresh_dict():
    schema = schema_for("scenario")
    schema["title"] = "changed"
    assert schema_for("scenario")["title"] == "Scenario"


def _yaml_as_json(text: str):
    """YAML read as an editor's language server reads it: dates stay strings."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(text, Loader=Loader)


SAMPLE = _yaml_as_json(
    scenario("sample")
    + """\
    - date: 2026-04-16
      lines:
        - {kind: proration_credit, plan: basic, period: [2026-04-16, 2026-05-01], amount: "-5.00"}
        - {kind: proration_charge, plan: pro, period: [2026-04-16T00:00:00+02:00, 2026-05-01], amount: "15.00"}
      total: "10.00"
  credit_notes: []
"""
)


def test_sample_scenario_is_valid_for_the_schema_and_the_loader(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_for("scenario")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(SAMPLE)) == []
    pack_schema = schema_for("pack")
    jsonschema.Draft202012Validator.check_schema(pack_schema)
    assert list(jsonschema.Draft202012Validator(pack_schema).iter_errors(_yaml_as_json(PACK))) == []
    # and the loader agrees
    root = write_pack(tmp_path / "demo", {"sample.yaml": yaml.safe_dump(SAMPLE, sort_keys=False)})
    assert len(load_pack(root).scenarios[0].expect.invoices) == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.update(tittle="x"),
        lambda s: s["events"][0].update(cancel={}),  # two actions
        lambda s: s["events"][0].pop("change_plan"),  # no action
        lambda s: s["expect"]["invoices"][0]["lines"][0].update(amount=10.0),
        lambda s: s["expect"]["invoices"][0].pop("total"),
        lambda s: s.update(policy={"upgrade": {"effective": "soon"}}),
        lambda s: s["start"].update(date="1 April 2026"),
    ],
    ids=["unknown key", "two actions", "no action", "float amount", "no total", "policy value", "date"],
)
def test_schema_and_loader_reject_the_same_shapes(change):
    bad = copy.deepcopy(SAMPLE)
    change(bad)
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - jsonschema is a test extra
        jsonschema = None
    if jsonschema is not None:
        assert list(jsonschema.Draft202012Validator(schema_for("scenario")).iter_errors(bad)), "schema accepted it"
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        ScenarioFile.model_validate(bad)


def test_pydantic_round_trip_of_the_sample():
    model = ScenarioFile.model_validate(SAMPLE)
    assert model.id == "sample" and model.events[0].action_name == "change_plan"
    pack = PackFile.model_validate(_yaml_as_json(PACK))
    assert set(pack.catalog.plans) >= {"basic", "pro", "api"}

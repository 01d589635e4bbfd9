"""The published contract stays true: the doc page's examples validate and mean
what they say, the example backend needs nothing of the harness, and the
README's command lines are the ones that work."""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import sys

import jsonschema

from harness.adapters.contract import encode
from harness.adapters.contract.response import decode
from harness.compare import compare

from .helpers import EXAMPLE, ROOT, schema

DOC = (ROOT / "docs" / "backend-contract.md").read_text()
README = (ROOT / "examples" / "backends" / "README.md").read_text()


def _json_blocks(text: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]


def test_the_schemas_are_valid_draft_2020_12():
    for name in ("backend-request.json", "backend-response.json"):
        document = schema(name)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


def test_the_doc_examples_validate_and_the_response_passes_its_scenario(core):
    request, response = _json_blocks(DOC)
    jsonschema.validate(request, schema("backend-request.json"), cls=jsonschema.Draft202012Validator)
    jsonschema.validate(response, schema("backend-response.json"), cls=jsonschema.Draft202012Validator)
    real = encode(core.scenario(request["scenario"]["id"]))
    assert request["scenario"] == real["scenario"]
    assert request["pack"]["policy"] == real["pack"]["policy"]
    scenario = core.scenario("upgrade-halfway")
    assert compare(scenario, decode(response, scenario)) == ()


def test_the_sample_request_is_what_the_harness_sends(core):
    sample = json.loads((EXAMPLE.parent / "upgrade-halfway.request.json").read_text())
    assert sample == encode(core.scenario("upgrade-halfway"))


def test_the_example_imports_only_the_standard_library():
    tree = ast.parse(EXAMPLE.read_text())
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert modules - {"__future__"} <= sys.stdlib_module_names, modules - sys.stdlib_module_names
    assert "harness" not in modules


def test_the_example_answers_the_sample_request_by_hand():
    sample = EXAMPLE.parent / "upgrade-halfway.request.json"
    done = subprocess.run([sys.executable, str(EXAMPLE)], input=sample.read_bytes(), capture_output=True,
                          check=True, cwd=ROOT, timeout=60)
    answer = json.loads(done.stdout)
    jsonschema.validate(answer, schema("backend-response.json"), cls=jsonschema.Draft202012Validator)
    assert [invoice["total"] for invoice in answer["invoices"]] == ["10.00", "10.00"]


def test_the_readme_command_lines_name_real_options():
    runs = [line for line in README.splitlines() if line.startswith("prorata run ")]
    assert len(runs) == 2
    command, http = (shlex.split(line) for line in runs)
    assert command[command.index("--backend") + 1] == "command"
    program = command[command.index("--backend-option") + 1].removeprefix("command=")
    assert (ROOT / shlex.split(program)[1]) == EXAMPLE
    assert http[http.index("--backend") + 1] == "http"
    assert http[http.index("--backend-option") + 1].startswith("url=http://127.0.0.1:")
    assert "docs/backend-contract.md" in README and "schema/backend-response.json" in DOC

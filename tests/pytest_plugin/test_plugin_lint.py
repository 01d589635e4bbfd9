"""The pytest plugin with the invoice clarity lint: a finding fails the item
and is listed like a difference; `--prorata-no-lint` skips it."""

from __future__ import annotations

from pathlib import Path

import pytest

# Imported before any in-process run (see test_plugin.py).
import harness.adapters
import harness.engine
import harness.lint
import harness.runner
from tests.cli.packs import PASSING, write_pack
from tests.pytest_plugin.test_plugin import run

_PRELOADED = (harness.adapters, harness.engine, harness.lint, harness.runner)

CONFTEST = '''
import dataclasses

from harness import adapters, engine
from harness.adapters import Adapter


class Vague(Adapter):
    name = "vague"

    def run(self, scenario):
        outcome = engine.run(scenario)
        documents = tuple(
            dataclasses.replace(d, lines=tuple(dataclasses.replace(l, description="Unused time")
                                               if l.kind.value == "proration_credit" else l for l in d.lines))
            for d in outcome.documents)
        return dataclasses.replace(outcome, documents=documents)


adapters.BACKENDS["vague"] = Vague
'''


@pytest.fixture
def pack(pytester: pytest.Pytester) -> Path:
    write_pack(pytester.path, "demo", PASSING)
    pytester.makeconftest(CONFTEST)
    return pytester.path


def test_a_finding_fails_the_item_and_is_listed(pytester: pytest.Pytester, pack: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vague", "-rf")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        '*demo::upgrade-halfway failed: lint proration-period: invoice 2 line 1 "Unused time" does not say which '
        "dates it covers (+1 more)*",
        "*2 problems:*",
    ])


def test_no_lint_skips_it(pytester: pytest.Pytester, pack: Path) -> None:
    run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vague", "--prorata-no-lint").assert_outcomes(passed=2)

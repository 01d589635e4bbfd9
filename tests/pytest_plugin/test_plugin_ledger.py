"""The pytest plugin with a deviations ledger, backend options and the
backend's lifecycle; driven through pytester like test_plugin.py."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

# Imported before any in-process run (see test_plugin.py): pytester restores
# sys.modules after each run.
import harness.adapters
import harness.compare
import harness.engine
import harness.packs
import harness.render
import harness.runner
from harness.model import Deviation, Ledger
from harness.packs import dump_ledger, ledger_path
from tests.cli.packs import PASSING, SEATS, write_pack
from tests.pytest_plugin.test_plugin import run

_PRELOADED = (harness.adapters, harness.compare, harness.engine, harness.packs, harness.render, harness.runner)

CHANGED = "upgrade-halfway"
CHARGE = "invoice of 2026-04-16: expected proration_charge pro 15.00, got 15.50"
TOTAL = "invoice of 2026-04-16: expected total 10.00, got 10.50"
FINDING = "Charges 50 cents more for the half month of Pro than the policy"

#: A backend registered by the inner session's conftest: the reference
#: outcome with one charge raised by 0.50; it logs how it is made and closed.
CONFTEST = '''
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

from harness import adapters, engine
from harness.adapters import Adapter

LOG = Path(__file__).parent / "vendor.log"


class Vendor(Adapter):
    name = "vendor"
    options = {"mode": "how it runs"}

    def __init__(self, **options):
        super().__init__(**options)
        self._log({"made": dict(options)})

    def _log(self, record):
        with LOG.open("a") as handle:
            handle.write(json.dumps(record) + "\\n")

    def run(self, scenario):
        outcome = engine.run(scenario)
        if scenario.id != "upgrade-halfway":
            return outcome
        documents = tuple(
            dataclasses.replace(document, lines=tuple(
                dataclasses.replace(line, amount=line.amount + Decimal("0.50"))
                if line.kind.value == "proration_charge" and line.plan == "pro" else line
                for line in document.lines))
            for document in outcome.documents)
        return dataclasses.replace(outcome, documents=documents)

    def __enter__(self):
        self._log({"entered": True})
        return self

    def close(self):
        self._log({"closed": self.settings.get("mode", "")})


adapters.BACKENDS["vendor"] = Vendor
'''


@pytest.fixture
def demo(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    # the inner conftest adds "vendor" to the shared registry; this removes it afterwards
    monkeypatch.setitem(harness.adapters.BACKENDS, "vendor", "tests.nowhere:Vendor")
    pytester.makeconftest(CONFTEST)
    return write_pack(pytester.path, "demo", {**PASSING, "seats-thirty-day": SEATS})


def write_ledger(pack: Path, *differences: str, finding: str = FINDING, scenario: str = CHANGED) -> Path:
    path = ledger_path(pack, "vendor")
    path.parent.mkdir(exist_ok=True)
    ledger = Ledger("vendor", "demo", (Deviation(scenario, finding, differences, date(2026, 11, 21)),))
    path.write_text(dump_ledger(ledger), encoding="utf-8")
    return path


def log(pytester: pytest.Pytester) -> list[dict]:
    path = pytester.path / "vendor.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_without_a_ledger_the_changed_scenario_fails(pytester: pytest.Pytester, demo: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([f"*demo::{CHANGED} failed: *"])


def test_a_recorded_deviation_is_xfailed_with_the_finding_as_reason(pytester: pytest.Pytester, demo: Path) -> None:
    write_ledger(demo, CHARGE, TOTAL)
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor", "-rx")
    result.assert_outcomes(passed=2, xfailed=1)
    result.stdout.fnmatch_lines([f"XFAIL demo::{CHANGED}*{FINDING}*"])
    assert result.ret == pytest.ExitCode.OK


def test_the_recorded_order_does_not_matter(pytester: pytest.Pytester, demo: Path) -> None:
    write_ledger(demo, TOTAL, CHARGE)
    run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor").assert_outcomes(passed=2, xfailed=1)


def test_no_ledger_makes_the_recorded_deviation_fail(pytester: pytest.Pytester, demo: Path) -> None:
    write_ledger(demo, CHARGE, TOTAL)
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor", "--prorata-no-ledger")
    result.assert_outcomes(passed=2, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_difference_other_than_recorded_fails_naming_the_ledger(pytester: pytest.Pytester, demo: Path) -> None:
    path = write_ledger(demo, CHARGE)
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor")
    result.assert_outcomes(passed=2, failed=1)
    output = result.stdout.str()
    assert FINDING in output
    assert "deviations" in output and path.name in output


def test_an_entry_no_longer_observed_fails(pytester: pytest.Pytester, demo: Path) -> None:
    write_ledger(demo, "invoice of 2026-04-16: expected total 15.00, got 15.50", scenario="signup-prorated")
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor", "-k", "signup")
    result.assert_outcomes(failed=1, deselected=2)
    assert "no longer observed" in result.stdout.str()


def test_backend_options_reach_the_constructor(pytester: pytest.Pytester, demo: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor",
                 "--prorata-backend-option", "mode=fast")
    result.assert_outcomes(passed=2, failed=1)
    made = [record["made"] for record in log(pytester) if "made" in record]
    assert made == [{"mode": "fast"}]


def test_an_unknown_backend_option_is_a_usage_error_naming_it(pytester: pytest.Pytester, demo: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor",
                 "--prorata-backend-option", "mdoe=fast")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "'mdoe'" in result.stderr.str()


def test_a_backend_option_without_equals_is_a_usage_error(pytester: pytest.Pytester, demo: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor", "--prorata-backend-option", "fast")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "KEY=VALUE" in result.stderr.str()


def test_the_backend_is_started_once_and_closed_at_the_end_of_the_session(pytester: pytest.Pytester, demo: Path) -> None:
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor",
                 "--prorata-backend-option", "mode=slow")
    result.assert_outcomes(passed=2, failed=1)
    assert log(pytester) == [{"made": {"mode": "slow"}}, {"entered": True}, {"closed": "slow"}]


def test_the_backend_is_closed_when_a_scenario_errors(pytester: pytest.Pytester, demo: Path) -> None:
    pytester.makeconftest(CONFTEST + textwrap.dedent('''
        def _explode(self, scenario):
            raise RuntimeError("HTTP 500 from the sandbox")
        Vendor.run = _explode
        '''))
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor", "-x")
    result.assert_outcomes(failed=1)
    assert log(pytester)[-1] == {"closed": ""}


def test_a_malformed_ledger_fails_with_its_file_and_line(pytester: pytest.Pytester, demo: Path) -> None:
    path = ledger_path(demo, "vendor")
    path.parent.mkdir()
    path.write_text("backend: vendor\npack: demo\ndeviations: []\nowner: me\n")
    result = run(pytester, "--prorata-pack", "demo", "--prorata-backend", "vendor")
    assert result.ret != pytest.ExitCode.OK
    output = result.stdout.str()
    assert "vendor.yaml:4" in output
    assert "Traceback" not in output and "raise PackError" not in output

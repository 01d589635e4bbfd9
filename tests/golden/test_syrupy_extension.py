"""The syrupy extension on real pytest runs (pytester): it reads and writes
the goldens where `prorata golden` does, byte for byte; a golden no case uses
fails the run; a reworded description fails the suite with the invoice diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import prorata
from tests.cli.packs import PASSING, write_pack
from tests.golden.cases import REPO

# A golden suite in miniature, over a pack written by the test: the same
# shape as tests/golden/test_golden_invoices.py, on the reference backend.
SUITE = """
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import engine
from harness.golden import golden_path, golden_text
from harness.golden.syrupy_extension import GoldenInvoiceExtension
from harness.packs import load_pack

PACK = load_pack(Path(__file__).parent / "demo")
ROOT = Path(__file__).parent / "golden_invoices"


@dataclass(frozen=True)
class Case:
    scenario: object

    @property
    def path(self):
        return golden_path(ROOT, "reference", PACK.name, self.scenario.id)


@pytest.mark.parametrize("golden_case", [Case(s) for s in PACK.scenarios], ids=lambda c: c.scenario.id)
def test_golden(golden_case, snapshot):
    text = golden_text(golden_case.scenario, engine.run(golden_case.scenario))
    assert text == snapshot.use_extension(GoldenInvoiceExtension)
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> Path:
    write_pack(pytester.path, "demo", PASSING)
    pytester.makepyfile(test_goldens=SUITE)
    # each in-process run would import hypothesis afresh for its summary (~2 s)
    pytester.makeini("[pytest]\naddopts = -p no:hypothesispytest -p no:cacheprovider\n")
    return pytester.path / "golden_invoices" / "reference" / "demo"


def test_snapshot_update_writes_what_the_cli_writes(pytester: pytest.Pytester, suite: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    pytester.runpytest("--snapshot-update").assert_outcomes(passed=len(PASSING))
    by_cli = tmp_path / "by-cli"
    result = CliRunner().invoke(prorata, ["golden", "update", str(pytester.path / "demo"), "--golden-dir", str(by_cli)])
    assert result.exit_code == 0, result.output
    written = {path.name: path.read_bytes() for path in sorted(suite.iterdir())}
    assert written == {path.name: path.read_bytes() for path in sorted((by_cli / "reference" / "demo").iterdir())}
    assert sorted(written) == sorted(f"{scenario_id}.txt" for scenario_id in PASSING)
    pytester.runpytest().assert_outcomes(passed=len(PASSING))  # and they compare equal


def test_a_golden_no_case_uses_fails_the_run(pytester: pytest.Pytester, suite: Path) -> None:
    pytester.runpytest("--snapshot-update")
    stray = suite / "renamed-scenario.txt"
    stray.write_text("Invoice INV-0001\n", encoding="utf-8")

    result = pytester.runpytest()
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*1 snapshot unused*", "*Re-run pytest with --snapshot-update*"])

    pytester.runpytest("--snapshot-update")
    assert not stray.exists()
    assert pytester.runpytest().ret == 0


def test_a_missing_golden_fails(pytester: pytest.Pytester, suite: Path) -> None:
    result = pytester.runpytest()
    result.assert_outcomes(failed=len(PASSING))
    result.stdout.fnmatch_lines(["*does not exist*"])


def test_a_reworded_description_fails_the_suite_with_the_invoice_diff(pytester: pytest.Pytester) -> None:
    """The real suite, its real reference golden, one word of the engine's
    description changed ("month" -> "mo"): the failure shows the diff."""
    pytester.makepyfile(reword="""
        import pytest
        from harness.engine import lines

        @pytest.fixture(autouse=True)
        def reworded(monkeypatch):
            original = lines.price_label
            monkeypatch.setattr(lines, "price_label", lambda *a, **k: original(*a, **k).replace("/month", "/mo"))
    """)
    pytester.syspathinsert()
    result = pytester.runpytest_inprocess(
        str(REPO / "tests" / "golden" / "test_golden_invoices.py"), "-p", "reword", "-p", "no:cacheprovider",
        "-p", "no:hypothesispytest",
        "-k", "reference/upgrade-halfway",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*differs: golden_invoices/reference/core/upgrade-halfway.txt (reference issues this now)",
        "--- a/golden_invoices/reference/core/upgrade-halfway.txt",
        "+++ b/golden_invoices/reference/core/upgrade-halfway.txt",
        "-   Unused time on Basic (1 x 10.00/month), 16 Apr - 30 Apr 2026",
        "+   Unused time on Basic (1 x 10.00/mo), 16 Apr - 30 Apr 2026",
        "*if the change is intended: pytest tests/golden --snapshot-update*",
    ])
    assert (REPO / "golden_invoices" / "reference" / "core" / "upgrade-halfway.txt").read_text().count("/month") > 0

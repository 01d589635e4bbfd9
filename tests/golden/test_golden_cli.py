"""`prorata golden update|check`: output people read (syrupy), exit codes,
normalised vendor ids, errors that keep goldens, bad input."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from harness import adapters, engine
from harness.adapters import Adapter
from harness.cli import prorata
from tests.cli.packs import PASSING, write_pack


def cli(*args: object) -> Result:
    return CliRunner().invoke(prorata, ["golden", *map(str, args)], catch_exceptions=False)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_pack(tmp_path, "demo", PASSING)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    """A backend `fake` issuing the reference documents under a new random-looking
    id per document and run, which its `volatile` declares."""
    serial = itertools.count(4711)

    class Fake(Adapter):
        name = "fake"
        volatile = (r"\bin_[0-9a-f]+\b",)
        fails = frozenset()

        def run(self, scenario):  # noqa: ANN001, ANN202
            if scenario.id in self.fails:
                raise RuntimeError("the sandbox said no")
            outcome = engine.run(scenario)
            documents = tuple(dataclasses.replace(d, number=f"in_{next(serial):x}") for d in outcome.documents)
            return dataclasses.replace(outcome, documents=documents)

    monkeypatch.setitem(adapters.BACKENDS, "fake", Fake)
    return Fake


def test_update_then_check(demo: Path, snapshot) -> None:
    result = cli("update", "demo", "--golden-dir", "goldens")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == snapshot(name="first update")
    assert cli("check", "demo", "--golden-dir", "goldens").exit_code == 0

    folder = demo.parent / "goldens" / "reference" / "demo"
    edited = folder / "upgrade-halfway.txt"
    edited.write_text(edited.read_text().replace("Unused time", "Unused days"), encoding="utf-8")
    (folder / "signup-prorated.txt").unlink()
    (folder / "renamed-scenario.txt").write_text("Invoice INV-0001\n", encoding="utf-8")

    result = cli("check", "demo", "--golden-dir", "goldens")
    assert result.exit_code == 1
    assert (result.stdout, result.stderr) == snapshot(name="check after edits")

    result = cli("update", "demo", "--golden-dir", "goldens")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == snapshot(name="update after edits")
    assert sorted(path.name for path in folder.iterdir()) == ["signup-prorated.txt", "upgrade-halfway.txt"]
    assert "Unused time" in edited.read_text()


def test_the_default_root_is_found_from_the_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "golden_invoices").mkdir(parents=True)
    pack = write_pack(repo / "scenario_packs", "demo", PASSING)
    monkeypatch.chdir(tmp_path)
    assert cli("update", pack).exit_code == 0
    assert (repo / "golden_invoices" / "reference" / "demo" / "upgrade-halfway.txt").is_file()
    assert not (tmp_path / "golden_invoices").exists()


def test_vendor_ids_are_normalised_so_a_second_update_changes_nothing(demo: Path, fake) -> None:
    assert cli("update", "demo", "--backend", "fake").exit_code == 0
    text = (demo.parent / "golden_invoices" / "fake" / "demo" / "upgrade-halfway.txt").read_text()
    assert text.startswith("Invoice <id 1>\n") and "Invoice <id 2>\n" in text and "in_" not in text
    result = cli("update", "demo", "--backend", "fake")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "up to date" in result.stderr
    assert cli("check", "demo", "--backend", "fake").exit_code == 0


def test_an_errored_scenario_keeps_its_golden_and_fails(demo: Path, fake) -> None:
    assert cli("update", "demo", "--backend", "fake").exit_code == 0
    golden = demo.parent / "golden_invoices" / "fake" / "demo" / "signup-prorated.txt"
    before = golden.read_bytes()
    fake.fails = frozenset({"signup-prorated"})

    result = cli("update", "demo", "--backend", "fake")
    assert result.exit_code == 1
    assert "kept  golden_invoices/fake/demo/signup-prorated.txt (the scenario errored: RuntimeError: the sandbox said no)" in result.stdout
    assert golden.read_bytes() == before
    result = cli("check", "demo", "--backend", "fake")
    assert result.exit_code == 1 and "1 errored" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("nowhere",), "nowhere"),
    (("demo", "--backend", "nope"), "unknown backend 'nope'"),
    (("demo", "--backend-option", "x=1"), "backend 'reference' has no option 'x'"),
    (("demo", "--backend-option", "novalue"), "is not KEY=VALUE"),
])
def test_bad_input_is_exit_2_and_writes_nothing(demo: Path, args: tuple[str, ...], message: str) -> None:
    for verb in ("update", "check"):
        result = cli(verb, *args)
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (demo.parent / "golden_invoices").exists()


def test_a_broken_volatile_pattern_is_named(demo: Path, fake) -> None:
    fake.volatile = ("in_[",)
    result = cli("check", "demo", "--backend", "fake")
    assert result.exit_code == 2
    assert "backend 'fake': volatile pattern 'in_[' is not a regular expression" in result.stderr


def test_the_cli_never_imports_syrupy() -> None:
    """syrupy is a test dependency: `prorata golden` must work without it."""
    import subprocess
    import sys

    code = ("import sys, harness.cli, harness.cli.golden, harness.golden\n"
            "assert not [m for m in sys.modules if m.startswith('syrupy')]")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)

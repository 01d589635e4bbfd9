"""`prorata gate`: passes on the signed pack; fails, saying what to do, when
the pack changed (done-when: one plan price in a copy of the core pack), when
the backend's results drifted, when nothing valid is signed, or when the log
was tampered with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness import engine
from harness.adapters.errors import BackendUnavailable
from harness.model import Outcome

AS = "Ada Lovelace <ada@example.com>"
LOG = Path("reports/signoffs.jsonl")
CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


@pytest.fixture
def here(signoff_folder: Path) -> Path:
    return signoff_folder


def sign(cli, pack: str = "demo", *extra: str):
    result = cli("signoff", pack, "--as", AS, "--role", "finance", *extra)
    assert result.exit_code == 0, result.output
    return result


def reprice(pack_yaml: Path, line_start: str, old: str, new: str) -> None:
    lines = pack_yaml.read_text().splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.lstrip().startswith(line_start)]
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new)
    pack_yaml.write_text("".join(lines))


def test_core_copy_passes_then_fails_on_a_plan_price(cli, here: Path) -> None:
    """Done when: changing one plan price in a copy of the core pack makes the gate fail."""
    shutil.copytree(CORE, here / "core")
    sign(cli, "core")
    passed = cli("gate", "core", "--backend", "reference", "--require-role", "finance")
    assert passed.exit_code == 0, passed.output
    assert passed.stdout == "gate passed: core signed by Ada Lovelace (finance) on 2026-05-01, 86 scenarios\n"

    reprice(here / "core" / "pack.yaml", "pro:", '"30.00"', '"35.00"')
    failed = cli("gate", "core", "--backend", "reference", "--require-role", "finance")
    assert failed.exit_code == 1
    lines = failed.stderr.splitlines()
    assert lines[0] == "gate failed: pack core changed since Ada Lovelace (finance) signed it off on 2026-05-01 (log line 1):"
    assert lines[1] == "  plan pro: changed" and not lines[2].startswith("  plan")  # only that part
    assert "  prorata diff core --base GIT_REF" in lines
    assert ('  prorata signoff core --backend reference --as "Your Name <you@example.com>" --role finance'
            in lines)
    assert failed.stdout == ""


def test_pack_changed_message(cli, here: Path, snapshot) -> None:
    sign(cli)
    reprice(here / "demo" / "pack.yaml", "basic:", '"10.00"', '"12.00"')
    scenario = here / "demo" / "scenarios" / "signup-prorated.yaml"
    scenario.write_text(scenario.read_text().replace("Signup on April 16", "Signup on the 16th"))
    (here / "demo" / "scenarios" / "extra.yaml").write_text(
        (here / "demo" / "scenarios" / "signup-prorated.yaml").read_text().replace("id: signup-prorated", "id: extra"))
    result = cli("gate", "demo")
    assert result.exit_code == 1
    assert result.stderr == snapshot


def test_results_drift_names_the_scenarios(cli, here: Path, fake_backend, snapshot) -> None:
    fake_backend(engine.run)
    sign(cli, "demo", "--backend", "fake")
    assert cli("gate", "demo", "--backend", "fake").exit_code == 0

    fake_backend(lambda scenario: Outcome(()) if scenario.id == "signup-prorated" else engine.run(scenario))
    result = cli("gate", "demo", "--backend", "fake")
    assert result.exit_code == 1
    assert "1 scenario changed:\n  signup-prorated\n" in result.stderr
    assert result.stderr == snapshot


def test_an_unreachable_backend_is_exit_3(cli, here: Path, fake_backend) -> None:
    fake_backend(engine.run)
    sign(cli, "demo", "--backend", "fake")

    def down(scenario):  # noqa: ANN001, ANN202
        raise BackendUnavailable("sandbox went away")

    fake_backend(down)
    result = cli("gate", "demo", "--backend", "fake")
    assert result.exit_code == 3 and "sandbox went away" in result.stderr


def test_no_signoff_for_this_backend_gives_the_command(cli, here: Path, fake_backend) -> None:
    fake_backend(engine.run)
    sign(cli)
    result = cli("gate", "demo", "--backend", "fake", "--no-ledger")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "gate failed: no valid sign-off: pack demo has never been signed off on backend fake.",
        "Run the pack and have finance review the results (prorata report / prorata run), then record the sign-off:",
        '  prorata signoff demo --backend fake --no-ledger --as "Your Name <you@example.com>" --role finance',
    ]
    other = cli("gate", "demo", "--backend", "reference", "--require-role", "legal")
    assert other.exit_code == 1
    assert "signed off only by role finance, not legal" in other.stderr
    assert ('  prorata signoff demo --backend reference --as "Your Name <you@example.com>" --role legal'
            in other.stderr.splitlines())


def test_a_later_rejection_fails_the_gate(cli, here: Path) -> None:
    sign(cli)
    sign(cli, "demo", "--reject", "--note", "wait for tax review")
    result = cli("gate", "demo")
    assert result.exit_code == 1
    assert "is a rejection by Ada Lovelace (finance) on 2026-05-01: 'wait for tax review'" in result.stderr


def test_a_tampered_log_fails_the_gate(cli, here: Path) -> None:
    sign(cli)
    LOG.write_bytes(LOG.read_bytes().replace(b'"passed":2', b'"passed":3'))
    result = cli("gate", "demo")
    assert result.exit_code == 1
    assert result.stderr.startswith("gate failed: the sign-off log reports/signoffs.jsonl was tampered with: line 1:")


def test_no_log_is_exit_2_with_the_command(cli, here: Path) -> None:
    result = cli("gate", "demo")
    assert result.exit_code == 2
    assert "no sign-off log at reports/signoffs.jsonl" in result.stderr
    assert 'prorata signoff demo --backend reference --as "Your Name <you@example.com>"' in result.stderr


def test_bad_pack_is_exit_2(cli, here: Path) -> None:
    result = cli("gate", "nowhere")
    assert result.exit_code == 2 and "nowhere" in result.stderr and "Traceback" not in result.output


def test_the_diff_base_is_the_commit_that_recorded_the_signoff(cli, here: Path) -> None:
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args], check=True,
                              capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    sign(cli)
    git("add", "-A")
    git("commit", "-qm", "pack and its sign-off")
    signed_at = git("rev-parse", "--short", "HEAD")
    reprice(here / "demo" / "pack.yaml", "pro:", '"30.00"', '"35.00"')
    git("commit", "-qam", "raise pro")
    result = cli("gate", "demo")
    assert result.exit_code == 1
    assert f"  prorata diff demo --base {signed_at}" in result.stderr.splitlines()
    assert f"  ({signed_at} is the commit that recorded the sign-off)" in result.stderr.splitlines()

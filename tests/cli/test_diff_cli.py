"""`prorata diff`: a price change in a git copy of the core pack lists exactly
the scenarios whose documents bill that plan, with deltas the policy's own
rounding gives; the formats (golden); what cannot run under the base; exit
codes 0/1 (CI flags a change), 2 (bad input) and 3 (backend down)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from harness.adapters import get_backend
from harness.model import minor_units, round_to_minor
from harness.packs import load_pack
from harness.runner import run_pack
from tests.cli.packs import PASSING, SEATS, UPGRADE, write_pack

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"
OLD, NEW = "30.00", "35.00"
COMMIT = re.compile(r"\(([0-9a-f]{7})\)")


def git(repo: Path, *args: str) -> str:
    """git with a local identity only: no global configuration is read or changed."""
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repo), *args],
                          capture_output=True, text=True, check=True).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def set_price(pack: Path, plan: str, old: str, new: str) -> None:
    path = pack / "pack.yaml"
    assert yaml.safe_load(path.read_text())["catalog"]["plans"][plan]["amount"] == old  # the real value first
    text = path.read_text()
    edited = re.sub(rf"(\n\s+{re.escape(plan)}:\s*\{{[^}}\n]*amount: )\"{re.escape(old)}\"", rf'\1"{new}"', text)
    assert edited.count(f'"{new}"') == text.count(f'"{new}"') + 1
    path.write_text(edited)
    assert yaml.safe_load(path.read_text())["catalog"]["plans"][plan]["amount"] == new


@pytest.fixture(scope="module")
def core_repo(tmp_path_factory) -> Path:
    """A git repository holding a copy of the core pack at `core/`, committed
    twice: as shipped, then with pro at 35.00."""
    repo = tmp_path_factory.mktemp("repo")
    git(repo, "init", "-q")
    shutil.copytree(CORE, repo / "core")
    commit_all(repo, "core as shipped")
    set_price(repo / "core", "pro", OLD, NEW)
    commit_all(repo, "pro costs 35.00")
    return repo


@pytest.fixture
def demo_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small pack committed at `demo/` with pro at 30.00; the working tree
    raises it to 35.00 without committing. The current folder is the repo."""
    write_pack(tmp_path, "demo", {**PASSING, "seats-thirty-day": SEATS})
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "demo")
    set_price(tmp_path / "demo", "pro", OLD, NEW)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def normalise(text: str, repo: Path) -> str:
    return COMMIT.sub("(<commit>)", text.replace(str(repo.resolve()), "<tmp>").replace(str(repo), "<tmp>"))


def base_run():
    """The shipped core pack on the reference backend: the base's documents."""
    return run_pack(load_pack(CORE), get_backend("reference", {}), lint=False)


def test_a_price_change_lists_exactly_the_affected_scenarios_with_their_deltas(cli, core_repo: Path) -> None:
    result = cli("diff", core_repo / "core", "--base", "HEAD~1", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    base = base_run()

    # Affected: a document bills plan pro at its price. A credit capped at
    # what was billed for the span (derivation.cap) is bounded by the plan
    # billed then, not by pro's price, so it does not move.
    affected = {r.id for r in base.results
                if any(line.plan == "pro" and line.derivation.cap is None
                       for document in r.outcome.documents for line in document.lines)}
    assert len(affected) > 10
    assert {scenario["id"] for scenario in data["changed"]} == affected
    assert data["summary"]["unchanged"] == len(base.results) - len(affected)
    assert data["cannot_run_under_base"] == [] and data["not_compared"] == []

    # Each changed line is a pro line; its new amount is the base line's exact
    # value scaled 35/30, rounded once by the scenario's policy.
    derivations = {
        (r.id, d.date.isoformat(), line.kind.value, line.plan, f"{line.quantity:f}",
         line.period.start.isoformat(), line.period.end.isoformat()): (line.derivation, r.scenario.policy.rounding)
        for r in base.results for d in r.outcome.documents for line in d.lines
    }
    checked = 0
    for scenario in data["changed"]:
        for document in scenario["documents"]:
            assert document["status"] == "changed" and document["currency"] == "USD"
            for line in document["lines"]:
                assert (line["status"], line["plan"]) == ("changed", "pro"), (scenario["id"], line)
                derivation, rounding = derivations[(scenario["id"], document["date"], line["kind"], line["plan"],
                                                    line["quantity"], *line["period"])]
                expected = round_to_minor(derivation.exact * Fraction(7, 6), minor_units("USD"), rounding)
                assert Decimal(line["head"]) == expected, (scenario["id"], line)
                assert Decimal(line["delta"]) == expected - Decimal(line["base"])
                checked += 1
    assert checked >= len(affected)

    # totals by change type: the changed scenarios' billed deltas, summed per type
    per_type = Counter()
    for scenario in data["changed"]:
        per_type[scenario["change_type"]] += sum(Decimal(b["delta"]) for b in scenario["billed"])
    assert {t["change_type"]: Decimal(t["delta"]) for t in data["totals"]} == dict(per_type)
    assert sum(t["scenarios"] for t in data["totals"]) == len(affected)


def test_the_worked_example_in_text(cli, core_repo: Path) -> None:
    result = cli("diff", core_repo / "core", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 1, result.output
    block = result.stdout.split("\nupgrade-halfway [upgrade]: ", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines()[1:] == [  # 15 of 30 days of pro: 30.00 x 1/2 -> 35.00 x 1/2
        "  invoice 2026-04-16",
        "    proration_charge pro 2026-04-16..2026-05-01: 15.00 -> 17.50 (+2.50)",
        "    total: 10.00 -> 12.50 (+2.50)",
        "  total billed USD: 20.00 -> 22.50 (+2.50)",
    ]
    commits = COMMIT.findall(result.stdout.splitlines()[0])
    assert commits == [git(core_repo, "rev-parse", "--short=7", ref).strip() for ref in ("HEAD~1", "HEAD")]


def test_the_working_tree_is_the_default_head(cli, demo_repo: Path) -> None:
    result = cli("diff", "demo", "--base", "HEAD")
    assert result.exit_code == 1, result.output
    assert "-> head working tree" in result.stdout.splitlines()[0]
    assert "proration_charge pro 2026-04-16..2026-05-01: 15.00 -> 17.50 (+2.50)" in result.stdout


def test_text(cli, demo_repo: Path, snapshot) -> None:
    result = cli("diff", "demo", "--base", "HEAD")
    assert result.exit_code == 1 and result.stderr == ""
    assert normalise(result.stdout, demo_repo) == snapshot


def test_markdown(cli, demo_repo: Path, snapshot) -> None:
    result = cli("diff", "demo", "--base", "HEAD", "--format", "md")
    assert result.exit_code == 1
    assert result.stdout.startswith("## Pricing diff: `demo`\n")
    assert normalise(result.stdout, demo_repo) == snapshot


def test_no_change_exits_0(cli, demo_repo: Path) -> None:
    git(demo_repo, "checkout", "--", "demo")
    result = cli("diff", "demo", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    assert "No documents change: all 3 scenarios compared produce the same documents." in result.stdout


def test_exit_zero_reports_without_failing(cli, demo_repo: Path) -> None:
    result = cli("diff", "demo", "--base", "HEAD", "--exit-zero")
    assert result.exit_code == 0 and "15.00 -> 17.50" in result.stdout


def test_output_file(cli, demo_repo: Path) -> None:
    result = cli("diff", "demo", "--base", "HEAD", "--format", "md", "-o", demo_repo / "out" / "diff.md")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"wrote {demo_repo / 'out' / 'diff.md'}: 2 of 3 scenarios compared")
    assert (demo_repo / "out" / "diff.md").read_text().startswith("## Pricing diff: `demo`")


def test_two_pack_folders(cli, tmp_path: Path) -> None:
    base = write_pack(tmp_path / "base", "demo", PASSING)
    head = write_pack(tmp_path / "head", "demo", PASSING)
    set_price(head, "basic", "10.00", "12.00")
    result = cli("diff", base, head)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0].endswith(f"base {base} -> head {head}")
    assert "proration_credit basic 2026-04-16..2026-05-01: -5.00 -> -6.00 (-1.00)" in result.stdout


def test_a_scenario_the_base_cannot_run(cli, demo_repo: Path) -> None:
    pack = demo_repo / "demo"
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text()
                                    + '    gold:  {name: Gold, amount: "90.00", interval: month}\n')
    (pack / "scenarios" / "to-gold.yaml").write_text(
        UPGRADE.replace("id: upgrade-halfway", "id: to-gold").replace("{to: pro}", "{to: gold}"))
    result = cli("diff", "demo", "--base", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    [item] = data["cannot_run_under_base"]
    assert item["id"] == "to-gold" and "unknown plan 'gold'" in item["reason"]
    assert "to-gold" not in {s["id"] for s in data["changed"]} and data["summary"]["compared"] == 3


@pytest.mark.parametrize("args, message", [
    (["demo", "--base", "no-such-ref"], "error: unknown git ref 'no-such-ref'"),
    (["elsewhere", "--base", "HEAD"], "error: no pack at elsewhere/ in HEAD"),
    (["demo"], "error: --base GIT_REF is missing"),
    (["demo", "demo", "--base", "HEAD"], "error: --base/--head go with one PACK"),
    (["demo", "demo", "demo"], "error: give one PACK with --base, or two pack folders"),
    (["demo", "--base", "HEAD", "--backend", "nope"], "error: unknown backend 'nope'"),
])
def test_bad_input_exits_2(cli, demo_repo: Path, args: list[str], message: str) -> None:
    result = cli("diff", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message) and result.stdout == ""
    assert "Traceback" not in result.output


def test_not_a_git_repository(cli, tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "loose", PASSING)
    result = cli("diff", pack, "--base", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr and "BASE_PACK HEAD_PACK" in result.stderr


def test_a_broken_base_names_the_ref_and_file(cli, demo_repo: Path) -> None:
    pack = demo_repo / "demo"
    text = (pack / "pack.yaml").read_text()
    (pack / "pack.yaml").write_text(text.replace("currency: USD", "currency: XYZ"))
    commit_all(demo_repo, "broken")
    (pack / "pack.yaml").write_text(text)
    result = cli("diff", "demo", "--base", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: HEAD:demo/pack.yaml:") and "XYZ" in result.stderr


def test_a_broken_head_names_its_file(cli, demo_repo: Path) -> None:
    (demo_repo / "demo" / "scenarios" / "upgrade-halfway.yaml").write_text(UPGRADE.replace("{to: pro}", "{to: prp}"))
    result = cli("diff", "demo", "--base", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: demo/scenarios/upgrade-halfway.yaml:") and "'prp'" in result.stderr


def test_an_unreachable_backend_exits_3(cli, demo_repo: Path, fake_backend) -> None:
    from harness.adapters import BackendUnavailable

    def down(scenario):  # noqa: ANN001, ANN202
        raise BackendUnavailable("connection refused")

    fake_backend(down)
    result = cli("diff", "demo", "--base", "HEAD", "--backend", "fake")
    assert result.exit_code == 3
    assert "connection refused" in result.stderr


def test_help_names_the_exit_codes(cli) -> None:
    result = cli("diff", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Exit 0 when no documents change, 1 when some do" in text and "--exit-zero" in text

"""A pack folder read out of git at a ref, and the head's scenarios loaded
under the base's pack.yaml: exact bytes, the user's checkout untouched, and
every git failure a RevisionError naming the ref and the path."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from harness.packs import PackError, load_pack
from harness.packs.revision import RevisionError, export_pack, load_labelled, load_under
from tests.cli.packs import PASSING, UPGRADE, write_pack


def git(repo: Path, *args: str) -> str:
    """git with a local identity only: no global configuration is read or changed."""
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repo), *args],
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds packs/demo with pro at 30.00 and
    whose second raises it to 35.00 and adds a scenario; the working tree
    then edits pack.yaml again without committing."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    pack = write_pack(root / "packs", "demo", PASSING)
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    text = (pack / "pack.yaml").read_text()
    (pack / "pack.yaml").write_text(text.replace('"30.00"', '"35.00"'))
    (pack / "scenarios" / "extra.yaml").write_text(UPGRADE.replace("id: upgrade-halfway", "id: extra"))
    git(root, "add", ".")
    git(root, "commit", "-qm", "second")
    (pack / "pack.yaml").write_text(text.replace('"30.00"', '"40.00"'))
    return root


def test_the_pack_as_it_was_at_a_ref(repo: Path, tmp_path: Path) -> None:
    status = git(repo, "status", "--porcelain")
    revision = export_pack(repo / "packs" / "demo", "HEAD~1", tmp_path / "out")
    first = git(repo, "show", "HEAD~1:packs/demo/pack.yaml")
    assert (revision.folder / "pack.yaml").read_text() == first and '"30.00"' in first
    assert sorted(p.name for p in (revision.folder / "scenarios").iterdir()) == ["signup-prorated.yaml",
                                                                                 "upgrade-halfway.yaml"]
    assert revision.commit == git(repo, "rev-parse", "HEAD~1").strip()
    assert revision.path == "packs/demo" and revision.where == "HEAD~1:packs/demo"
    assert revision.label == f"HEAD~1 ({revision.commit[:7]})"
    assert git(repo, "status", "--porcelain") == status  # index and working tree untouched
    assert load_pack(revision.folder).meta.catalog.plans["pro"].amount == Decimal("30.00")


def test_a_named_ref_and_a_path_through_pack_yaml(repo: Path, tmp_path: Path) -> None:
    git(repo, "tag", "v2")
    revision = export_pack(repo / "packs" / "demo" / "pack.yaml", "v2", tmp_path / "out")
    assert '"35.00"' in (revision.folder / "pack.yaml").read_text()
    assert (revision.folder / "scenarios" / "extra.yaml").is_file()


def test_a_pack_at_the_repository_root(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "rooted", PASSING)
    git(pack, "init", "-q")
    git(pack, "add", ".")
    git(pack, "commit", "-qm", "only")
    revision = export_pack(pack, "HEAD", tmp_path / "out")
    assert revision.path == "."
    assert load_pack(revision.folder).name == "rooted"


def test_a_pack_deleted_from_the_working_tree_is_still_read(repo: Path, tmp_path: Path) -> None:
    git(repo, "rm", "-rqf", "packs/demo")
    revision = export_pack(repo / "packs" / "demo", "HEAD", tmp_path / "out")
    assert (revision.folder / "scenarios" / "extra.yaml").is_file()


@pytest.mark.parametrize("ref, message", [
    ("no-such-branch", "unknown git ref 'no-such-branch'"),
    ("HEAD~5", "unknown git ref 'HEAD~5'"),
    ("--all", "is not a git ref"),
    ("", "is not a git ref"),
])
def test_a_bad_ref(repo: Path, tmp_path: Path, ref: str, message: str) -> None:
    with pytest.raises(RevisionError, match=message):
        export_pack(repo / "packs" / "demo", ref, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_path_with_no_pack_at_the_ref(repo: Path, tmp_path: Path) -> None:
    write_pack(repo / "packs", "later", PASSING)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "third")
    with pytest.raises(RevisionError) as raised:
        export_pack(repo / "packs" / "later", "HEAD~1", tmp_path / "out")
    assert "no pack at packs/later/ in HEAD~1" in str(raised.value)
    assert "packs/later/pack.yaml is not in that commit" in str(raised.value)


def test_not_a_git_repository(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "loose", PASSING)
    with pytest.raises(RevisionError, match="not inside a git repository"):
        export_pack(pack, "HEAD", tmp_path / "out")


def test_the_head_scenarios_under_the_base_catalog(tmp_path: Path) -> None:
    base = write_pack(tmp_path / "base", "demo", PASSING)
    head = write_pack(tmp_path / "head", "demo", {**PASSING, "to-gold": UPGRADE.replace(
        "id: upgrade-halfway", "id: to-gold").replace("change_plan: {to: pro}", "change_plan: {to: gold}")})
    text = (head / "pack.yaml").read_text().replace('"30.00"', '"35.00"')
    (head / "pack.yaml").write_text(text + '    gold:  {name: Gold, amount: "90.00", interval: month}\n')
    head_pack = load_pack(head)

    hybrid = load_under(base, head, tmp_path / "hybrid")
    assert sorted(s.id for s in hybrid.pack.scenarios) == ["signup-prorated", "upgrade-halfway"]
    assert hybrid.pack.meta.catalog.plans["pro"].amount == Decimal("30.00")  # the base's price
    assert list(hybrid.set_aside) == ["to-gold.yaml"]
    assert hybrid.reasons(head_pack) == {"to-gold": hybrid.set_aside["to-gold.yaml"]}
    assert "unknown plan 'gold'" in hybrid.set_aside["to-gold.yaml"]
    assert (head / "scenarios" / "to-gold.yaml").is_file()  # the head itself is never touched


def test_a_scenario_policy_override_merges_into_the_base_policy(tmp_path: Path) -> None:
    base = write_pack(tmp_path / "base", "demo", PASSING)
    (base / "pack.yaml").write_text((base / "pack.yaml").read_text() + "policy:\n  rounding: down\n")
    override = UPGRADE.replace("tags: [upgrade]", "tags: [upgrade]\npolicy:\n  day_count: thirty_day")
    head = write_pack(tmp_path / "head", "demo", {"upgrade-halfway": override})
    scenario = load_under(base, head, tmp_path / "hybrid").pack.scenario("upgrade-halfway")
    assert scenario.policy.rounding.value == "down"  # from the base's pack.yaml
    assert scenario.policy.day_count.value == "thirty_day"  # from the head's scenario


def test_a_broken_base_pack_yaml_names_the_base(tmp_path: Path) -> None:
    base = write_pack(tmp_path / "base", "demo", PASSING)
    (base / "pack.yaml").write_text((base / "pack.yaml").read_text().replace("currency: USD", "currency: XYZ"))
    head = write_pack(tmp_path / "head", "demo", PASSING)
    with pytest.raises(PackError) as raised:
        load_under(base, head, tmp_path / "hybrid", base_label="HEAD~1:packs/demo")
    assert raised.value.problems
    assert all(p.file == "HEAD~1:packs/demo/pack.yaml" for p in raised.value.problems)


def test_a_base_without_pack_yaml(tmp_path: Path) -> None:
    head = write_pack(tmp_path / "head", "demo", PASSING)
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackError, match="missing pack.yaml"):
        load_under(tmp_path / "empty", head, tmp_path / "hybrid")


def test_load_errors_name_the_label_not_the_temp_folder(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "demo", {"upgrade-halfway": UPGRADE.replace("to: pro}", "to: prp}")})
    with pytest.raises(PackError) as raised:
        load_labelled(pack, "v1:packs/demo")
    assert [p.file for p in raised.value.problems] == ["v1:packs/demo/scenarios/upgrade-halfway.yaml"]

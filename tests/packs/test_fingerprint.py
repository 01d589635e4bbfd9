"""A pack's fingerprint names the part that changed, and ignores formatting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.packs.fingerprint import fingerprint

CORE = Path("scenario_packs/core")


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "core"
    shutil.copytree(CORE, target)
    return target


def test_a_copy_has_the_same_fingerprint(copy):
    original = fingerprint(CORE)
    assert fingerprint(copy) == original
    assert {part.split()[0] for part in original.parts} == {"pack", "plan", "policy", "scenario"}


def test_comments_and_layout_do_not_count(copy):
    pack_file = copy / "pack.yaml"
    text = pack_file.read_text()
    assert '"30.00", interval' in text
    pack_file.write_text("# reviewed again\n" + text.replace('"30.00", interval', '"30.00",   interval'))
    assert fingerprint(copy) == fingerprint(CORE)


def test_a_price_change_is_named(copy):
    pack_file = copy / "pack.yaml"
    text = pack_file.read_text()
    assert 'pro:      {name: Pro, amount: "30.00"' in text
    pack_file.write_text(text.replace('pro:      {name: Pro, amount: "30.00"', 'pro:      {name: Pro, amount: "35.00"'))
    changed = fingerprint(copy)
    assert changed.digest != fingerprint(CORE).digest
    assert changed.changes(fingerprint(CORE).parts).lines() == ["plan pro: changed"]


def test_added_and_removed_scenarios_are_named(copy):
    scenarios = copy / "scenarios"
    first = sorted(scenarios.rglob("*.yaml"))[0]
    removed_id = first.stem
    text = first.read_text()
    first.unlink()
    (scenarios / "extra-case.yaml").write_text(text.replace(f"id: {removed_id}", "id: extra-case"))
    changes = fingerprint(copy).changes(fingerprint(CORE).parts)
    assert changes.added == ("scenario extra-case",)
    assert changes.removed == (f"scenario {removed_id}",)
    assert not changes.changed

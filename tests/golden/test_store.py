"""Paths, normalisation, and the changes between a run's goldens and the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.golden import (
    ChangeKind,
    Goldens,
    VolatilePatternError,
    apply,
    changes,
    golden_path,
    golden_root,
    label,
    normalise,
    read_golden,
    stale,
    write_golden,
)

IDS = (r"\bin_[0-9A-Za-z]+\b",)


# -- where goldens live


def test_the_path_rule(tmp_path: Path) -> None:
    assert golden_path(tmp_path, "larz", "core", "upgrade-halfway") == tmp_path / "larz" / "core" / "upgrade-halfway.txt"
    assert label(tmp_path / "golden_invoices", tmp_path / "golden_invoices" / "larz" / "core" / "x.txt") == (
        "golden_invoices/larz/core/x.txt"
    )


def test_the_root_is_the_nearest_golden_invoices_above_the_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / "golden_invoices").mkdir(parents=True)
    pack = tmp_path / "repo" / "scenario_packs" / "core"
    pack.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert golden_root(pack) == (tmp_path / "repo" / "golden_invoices").resolve()
    assert golden_root(pack, explicit="elsewhere") == Path("elsewhere")


def test_without_one_the_root_is_golden_invoices_in_the_working_folder(tmp_path: Path) -> None:
    assert golden_root(tmp_path / "lonely-pack") == Path("golden_invoices")


# -- normalising volatile values


def test_each_distinct_value_gets_one_placeholder_by_first_appearance() -> None:
    text = "Invoice in_B7x\nInvoice in_A3k\nCredit note cn_1\nAdjusts invoice: in_B7x\n"
    assert normalise(text, IDS) == "Invoice <id 1>\nInvoice <id 2>\nCredit note cn_1\nAdjusts invoice: <id 1>\n"


def test_numbering_follows_the_text_across_patterns() -> None:
    assert normalise("cn_9 in_1 cn_9", (r"in_\d", r"cn_\d")) == "<id 1> <id 2> <id 1>"


def test_no_patterns_leave_the_text_alone() -> None:
    assert normalise("Invoice in_B7x", ()) == "Invoice in_B7x"


def test_a_pattern_matching_nothing_inserts_nothing() -> None:
    assert normalise("Invoice 7", (r"x*",)) == "Invoice 7"


def test_a_broken_pattern_is_named() -> None:
    with pytest.raises(VolatilePatternError, match=r"'in_\[' is not a regular expression"):
        normalise("x", ("in_[",))


# -- changes


def goldens(**texts: str) -> Goldens:
    return Goldens("fake", "demo", dict(texts))


def test_missing_changed_and_equal_goldens(tmp_path: Path) -> None:
    write_golden(golden_path(tmp_path, "fake", "demo", "same"), "A\n")
    write_golden(golden_path(tmp_path, "fake", "demo", "other"), "B\n")
    found = changes(tmp_path, goldens(same="A\n", other="B2\n", new="C\n"))
    assert [(c.kind, c.path.stem) for c in found] == [(ChangeKind.CHANGED, "other"), (ChangeKind.ADDED, "new")]
    assert found[0].diff("g/other.txt") == "--- a/g/other.txt\n+++ b/g/other.txt\n@@ -1 +1 @@\n-B\n+B2\n"
    assert found[1].diff("g/new.txt").startswith("--- /dev/null\n+++ b/g/new.txt\n")


def test_stale_goldens_say_why(tmp_path: Path) -> None:
    for name in ("renamed", "skipped", "broken", "kept"):
        write_golden(golden_path(tmp_path, "fake", "demo", name), "x\n")
    run = Goldens("fake", "demo", {"kept": "x\n"}, not_applicable={"skipped": "no usage"}, errors={"broken": "boom"})
    assert {c.path.stem: c.note for c in stale(tmp_path, run)} == {
        "renamed": "pack 'demo' has no scenario 'renamed'",
        "skipped": "not applicable on fake: no usage",
    }


def test_apply_writes_and_removes(tmp_path: Path) -> None:
    write_golden(golden_path(tmp_path, "fake", "demo", "gone"), "old\n")
    apply(changes(tmp_path, goldens(new="Invoice – €5,00\n")))
    path = golden_path(tmp_path, "fake", "demo", "new")
    assert path.read_bytes() == "Invoice – €5,00\n".encode("utf-8")
    assert not golden_path(tmp_path, "fake", "demo", "gone").exists()
    assert changes(tmp_path, goldens(new="Invoice – €5,00\n")) == []


def test_removing_the_last_golden_removes_its_folders(tmp_path: Path) -> None:
    write_golden(golden_path(tmp_path, "fake", "demo", "gone"), "old\n")
    apply(changes(tmp_path, goldens()))
    assert list(tmp_path.iterdir()) == []


def test_bytes_are_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    write_golden(path, "a\r\nb")
    assert path.read_bytes() == b"a\r\nb" and read_golden(path) == "a\r\nb"
    assert read_golden(tmp_path / "none.txt") is None

"""Deviations ledgers on disk: a strict loader (every problem at file:line) and
a writer whose output loads back to the same ledger."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from harness.model import Deviation, Ledger
from harness.packs import PackError, dump_ledger, ledger_path, load_ledger

GOOD = """\
backend: fake
pack: demo
deviations:
  - scenario: upgrade-halfway
    finding: Credits the whole previous invoice instead of the unused 15 days.
    first_seen: 2026-11-01
    differences:
      - "invoice of 2026-04-16: expected proration_credit basic -5.00, got -10.00"
      - "invoice of 2026-04-16: expected total 10.00, got 5.00"
  - scenario: signup-prorated
    finding: Bills the whole first month.
    first_seen: 2026-11-02
    differences:
      - "invoice of 2026-04-16: expected proration_charge pro 15.00, got 30.00"
"""


def write(folder: Path, text: str, backend: str = "fake") -> Path:
    path = ledger_path(folder, backend)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `fragment`."""
    hits = [number for number, line in enumerate(textwrap.dedent(text).splitlines(), 1) if fragment in line]
    return hits[nth - 1]


def problems(folder: Path, pack: str = "demo", backend: str = "fake") -> list:
    with pytest.raises(PackError) as error:
        load_ledger(folder, pack, backend)
    assert error.value.problems
    return error.value.problems


def test_the_ledger_lives_in_the_packs_deviations_folder(tmp_path: Path) -> None:
    assert ledger_path(tmp_path, "stripe") == tmp_path / "deviations" / "stripe.yaml"


def test_no_file_is_an_empty_ledger(tmp_path: Path) -> None:
    ledger = load_ledger(tmp_path, "demo", "fake")
    assert ledger == Ledger("fake", "demo", ())
    assert ledger.deviations == ()
    assert ledger.path == str(tmp_path / "deviations" / "fake.yaml")
    assert ledger.entry("upgrade-halfway") is None


def test_a_good_file_loads_with_each_entry_and_where_it_was_written(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    ledger = load_ledger(tmp_path, "demo", "fake")
    assert (ledger.backend, ledger.pack, ledger.path) == ("fake", "demo", str(path))
    assert [entry.scenario for entry in ledger.deviations] == ["upgrade-halfway", "signup-prorated"]
    entry = ledger.entry("upgrade-halfway")
    assert entry.finding == "Credits the whole previous invoice instead of the unused 15 days."
    assert entry.first_seen == date(2026, 11, 1)
    assert entry.differences == (
        "invoice of 2026-04-16: expected proration_credit basic -5.00, got -10.00",
        "invoice of 2026-04-16: expected total 10.00, got 5.00",
    )
    assert not entry.drafted
    assert entry.source is not None and entry.source.path == str(path)
    assert entry.source.line == line_of(GOOD, "scenario: upgrade-halfway")
    assert ledger.entry("signup-prorated").source.line == line_of(GOOD, "scenario: signup-prorated")


def test_an_empty_deviations_list_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "backend: fake\npack: demo\ndeviations: []\n")
    assert load_ledger(tmp_path, "demo", "fake").deviations == ()


def assert_one_problem_at(found: list, path: Path, line: int, *words: str) -> None:
    assert len(found) == 1, [str(p) for p in found]
    problem = found[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert str(problem).startswith(f"{path}:{line}")
    for word in words:
        assert word in str(problem), str(problem)


def test_an_unknown_top_level_key(tmp_path: Path) -> None:
    text = GOOD.replace("pack: demo", "pack: demo\nowner: billing-ops")
    path = write(tmp_path, text)
    assert_one_problem_at(problems(tmp_path), path, line_of(text, "owner:"), "owner")


def test_an_unknown_entry_key_such_as_a_typo(tmp_path: Path) -> None:
    text = GOOD.replace("    finding: Bills", "    findng: Bills")
    path = write(tmp_path, text)
    found = problems(tmp_path)
    assert found[0].file == str(path)
    assert found[0].line == line_of(text, "findng:")
    assert "findng" in str(found[0])
    # reported once, as the typo it is, not also as "finding: required"
    assert len(found) == 1, [str(p) for p in found]


def test_a_scenario_with_two_entries(tmp_path: Path) -> None:
    text = GOOD.replace("scenario: signup-prorated", "scenario: upgrade-halfway")
    path = write(tmp_path, text)
    assert_one_problem_at(problems(tmp_path), path, line_of(text, "scenario: upgrade-halfway", nth=2),
                          "'upgrade-halfway' has two entries")


def test_a_ledger_of_another_backend(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, backend="stripe")
    assert_one_problem_at(problems(tmp_path, backend="stripe"), path, line_of(GOOD, "backend: fake"),
                          "backend 'fake', not 'stripe'")


def test_a_ledger_of_another_pack(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert_one_problem_at(problems(tmp_path, pack="core"), path, line_of(GOOD, "pack: demo"),
                          "pack 'demo', not 'core'")


def test_an_entry_without_differences(tmp_path: Path) -> None:
    text = GOOD.replace(
        '    differences:\n      - "invoice of 2026-04-16: expected proration_charge pro 15.00, got 30.00"\n', "")
    assert "got 30.00" not in text
    path = write(tmp_path, text)
    found = problems(tmp_path)
    assert len(found) == 1, [str(p) for p in found]
    assert found[0].file == str(path)
    assert found[0].line in (line_of(text, "scenario: signup-prorated"), line_of(text, "first_seen: 2026-11-02"))
    assert "differences" in str(found[0])


def test_an_entry_with_an_empty_differences_list(tmp_path: Path) -> None:
    text = GOOD.replace(
        '    differences:\n      - "invoice of 2026-04-16: expected proration_charge pro 15.00, got 30.00"\n',
        "    differences: []\n")
    path = write(tmp_path, text)
    assert_one_problem_at(problems(tmp_path), path, line_of(text, "differences: []"), "differences")


@pytest.mark.parametrize("bad", ["2026-02-30", "yesterday", "2026-13-01"])
def test_a_bad_first_seen_date(tmp_path: Path, bad: str) -> None:
    text = GOOD.replace("first_seen: 2026-11-02", f"first_seen: {bad}")
    path = write(tmp_path, text)
    assert_one_problem_at(problems(tmp_path), path, line_of(text, f"first_seen: {bad}"), "first_seen")


def test_an_empty_finding(tmp_path: Path) -> None:
    text = GOOD.replace("finding: Bills the whole first month.", 'finding: "  "')
    path = write(tmp_path, text)
    assert_one_problem_at(problems(tmp_path), path, line_of(text, 'finding: "  "'), "finding")


def test_a_duplicate_yaml_key(tmp_path: Path) -> None:
    text = GOOD.replace("    first_seen: 2026-11-02", "    first_seen: 2026-11-02\n    first_seen: 2026-11-03")
    path = write(tmp_path, text)
    found = problems(tmp_path)
    assert found[0].file == str(path)
    assert found[0].line == line_of(text, "first_seen: 2026-11-03")


def test_broken_yaml_and_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "backend: fake\npack: [demo\n")
    found = problems(tmp_path)
    assert found[0].file == str(path) and found[0].line is not None

    write(tmp_path, "- backend: fake\n")
    found = problems(tmp_path)
    assert len(found) == 1 and found[0].file == str(path)
    assert "mapping" in found[0].message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("first_seen: 2026-11-02", "first_seen: 2026-02-30").replace("pack: demo", "pack: demo\nextra: 1")
    write(tmp_path, text)
    found = problems(tmp_path)
    assert {problem.line for problem in found} == {line_of(text, "extra: 1"), line_of(text, "2026-02-30")}


# -- writing -------------------------------------------------------------------

def deviation(scenario: str, *differences: str, finding: str = "Rounds half to even.",
              first_seen: date = date(2026, 11, 21)) -> Deviation:
    return Deviation(scenario, finding, differences or (f"{scenario}: expected 1.00, got 1.01",), first_seen)


def test_dump_then_load_gives_the_same_ledger(tmp_path: Path) -> None:
    ledger = Ledger("fake", "demo", (
        deviation("a-first", "invoice of 2026-04-16: expected total 10.00, got 9.99",
                  "invoice of 2026-04-16: missing line proration_credit basic x1 [2026-04-16, 2026-05-01) -5.00"),
        deviation("b-second", finding="DRAFT: invoice of 2026-04-01: expected total 10.00, got 10.01 (replace)",
                  first_seen=date(2025, 1, 31)),
    ))
    path = ledger_path(tmp_path, "fake")
    path.parent.mkdir()
    path.write_text(dump_ledger(ledger), encoding="utf-8")
    loaded = load_ledger(tmp_path, "demo", "fake")
    assert loaded == ledger
    assert loaded.entry("b-second").drafted


@pytest.mark.parametrize("awkward", [
    "yes", "no", "null", "~", "10.00", "2026-04-01", "1:30", "- starts like a list", "# not a comment",
    "key: value", "quotes ' and \" both", "ünïcödé £ ¥ €", "a long " + "finding " * 30 + "end",
    "@at", "*star", "&amp", "!bang", "%percent", "{braces}", "[brackets]",
])
def test_awkward_text_survives_a_round_trip(tmp_path: Path, awkward: str) -> None:
    ledger = Ledger("fake", "demo", (deviation("s", awkward, finding=awkward),))
    path = ledger_path(tmp_path, "fake")
    path.parent.mkdir()
    path.write_text(dump_ledger(ledger), encoding="utf-8")
    assert load_ledger(tmp_path, "demo", "fake") == ledger


def test_entries_are_written_sorted_by_scenario(tmp_path: Path) -> None:
    ledger = Ledger("fake", "demo", (deviation("zeta"), deviation("alpha"), deviation("mid")))
    text = dump_ledger(ledger)
    assert [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("- scenario: ")] == [
        "alpha", "mid", "zeta"]
    path = ledger_path(tmp_path, "fake")
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    loaded = load_ledger(tmp_path, "demo", "fake")
    assert [entry.scenario for entry in loaded.deviations] == ["alpha", "mid", "zeta"]
    assert loaded == Ledger("fake", "demo", tuple(sorted(ledger.deviations, key=lambda e: e.scenario)))


def test_the_file_starts_with_a_header_comment_and_has_a_fixed_key_order() -> None:
    text = dump_ledger(Ledger("stripe", "core", (deviation("s"),)))
    lines = text.splitlines()
    assert lines[0] == "# Where the stripe backend departs from the core pack's policy."
    comments = [line for line in lines if line.startswith("#")]
    assert lines[: len(comments)] == comments  # the header comes first, in one block
    assert any("prorata ledger update" in line for line in comments)
    keys = [line.split(":")[0] for line in lines[len(comments):] if not line.startswith(" ")]
    assert keys == ["backend", "pack", "deviations", "- scenario"]
    entry_keys = [line.strip().split(":")[0] for line in lines if line.startswith("  ") and not line.startswith("  -")]
    assert entry_keys == ["finding", "first_seen", "differences"]
    assert "first_seen: 2026-11-21" in text


def test_an_empty_ledger_dumps_and_loads(tmp_path: Path) -> None:
    path = ledger_path(tmp_path, "fake")
    path.parent.mkdir()
    path.write_text(dump_ledger(Ledger("fake", "demo")), encoding="utf-8")
    assert load_ledger(tmp_path, "demo", "fake") == Ledger("fake", "demo")


def test_lint_pins_round_trip_and_an_entry_may_pin_only_lint(tmp_path: Path) -> None:
    ledger = Ledger("fake", "demo", (
        Deviation("upgrade-halfway", "Describes the credit as just Unused time.", (), date(2026, 11, 1),
                  lint=('proration-period: invoice 2 line 1 "Unused time" does not say which dates it covers',)),
        Deviation("signup-prorated", "Bills the whole first month, without dates.", ("x: expected 1.00, got 2.00",),
                  date(2026, 11, 2), lint=("proration-period: invoice 1 line 1 (no description) does not say",)),
    ))
    path = ledger_path(tmp_path, "fake")
    path.parent.mkdir(parents=True)
    path.write_text(dump_ledger(ledger), encoding="utf-8")
    loaded = load_ledger(tmp_path, "demo", "fake")
    assert set(loaded.deviations) == set(ledger.deviations)
    assert "differences" not in path.read_text().split("scenario: upgrade-halfway")[1]  # sorted: it comes last


def test_an_entry_with_neither_differences_nor_lint(tmp_path: Path) -> None:
    text = GOOD.replace(
        '    differences:\n      - "invoice of 2026-04-16: expected proration_charge pro 15.00, got 30.00"\n',
        "    lint: []\n")
    path = write(tmp_path, text)
    assert_one_problem_at(problems(tmp_path), path, line_of(text, "lint: []"), "no differences and no lint")

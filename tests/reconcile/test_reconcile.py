"""The reconciliation end to end on hand-written exports: exact amounts from the
README's upgrade case, each kind of discrepancy, the Stripe mapping, bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from harness.packs import load_pack
from harness.reconcile import InputError, MappingError, load_mapping, reconcile
from harness.reconcile.mapping import SHIPPED
from tests.reconcile.exports import CORE, EVENTS, LINES, harness_exports, stripe_exports


@pytest.fixture(scope="module")
def core():
    return load_pack(CORE)


def run(core, folder: Path, lines=LINES, events=EVENTS, mapping="harness", **options):
    return reconcile(core, *harness_exports(folder, lines, events), load_mapping(mapping), **options)


def test_clean_export_reconciles_with_the_policys_amounts(core, tmp_path):
    result = run(core, tmp_path)
    assert result.reconciled and result.discrepant_ids == () and result.largest == ()
    by_type = {row.change_type: row for row in result.rows}
    assert set(by_type) == {"signup", "upgrade"}
    upgrade = by_type["upgrade"]
    assert (upgrade.subscriptions, upgrade.expected_lines, upgrade.posted_lines) == (1, 3, 3)
    assert upgrade.expected == upgrade.billed == Decimal("20.00") and upgrade.delta == 0
    assert by_type["signup"].expected == Decimal("60.00")  # pro x2
    assert result.posted_lines == 4 and result.subscriptions == 2 and result.timelines == 2
    assert result.seconds > 0 and result.peak_rss_mb > 0


def test_each_kind_of_discrepancy_is_counted_and_named(core, tmp_path):
    lines = [
        LINES[0], LINES[0],  # the recurring line posted twice
        (*LINES[1][:7], "-5.01", "USD"),  # a cent off
        # the proration charge is missing
        LINES[3],
        ("sub_ghost", "in_9", "2026-04-03", "recurring", "basic", "2026-04-03", "2026-05-03", "10.00", "USD"),
    ]
    result = run(core, tmp_path, lines)
    assert not result.reconciled
    assert result.discrepant_ids == ("sub_ghost", "sub_up")
    upgrade = next(row for row in result.rows if row.change_type == "upgrade")
    assert (upgrade.missing, upgrade.extra, upgrade.different) == (1, 1, 1)
    assert upgrade.billed - upgrade.expected == Decimal("10.00") - Decimal("0.01") - Decimal("15.00")
    unknown = next(row for row in result.rows if row.change_type == "unknown")
    assert (unknown.subscriptions, unknown.extra, unknown.billed) == (1, 1, Decimal("10.00"))
    top = {d.subscription: d for d in result.largest}
    assert top["sub_up"].size == Decimal("10.00") + Decimal("0.01") + Decimal("15.00")
    assert "missing proration_charge 2026-04-16" in top["sub_up"].issues
    assert "different proration_credit 2026-04-16 (expected -5.00, billed -5.01)" in top["sub_up"].issues
    assert [d.subscription for d in result.largest] == ["sub_up", "sub_ghost"]  # by size
    assert len(run(core, tmp_path, lines, top=1).largest) == 1


def test_currencies_are_never_added(core, tmp_path):
    lines = [*LINES[:3], (*LINES[3][:7], "60.00", "EUR")]  # posted in the wrong currency
    result = run(core, tmp_path, lines)
    plain = [row for row in result.rows if row.change_type == "signup"]
    assert {(row.currency, row.expected, row.billed) for row in plain} == {
        ("USD", Decimal("60.00"), Decimal(0)), ("EUR", Decimal(0), Decimal("60.00"))}


def test_a_timeline_the_engine_cannot_replay_is_reported_not_guessed(core, tmp_path):
    events = [*EVENTS, ("sub_late", "cus_3", "2026-04-05", "change_plan", "pro", ""),
              ("sub_odd", "cus_4", "2026-04-01", "signup", "platinum", "1")]
    result = run(core, tmp_path, events=events)
    reasons = {example: reason for reason, _, example in result.not_replayed}
    assert "not a signup" in reasons["sub_late"] and "'platinum' is not in the pack's catalog" in reasons["sub_odd"]
    assert not result.reconciled and result.discrepant_ids == ()


def test_the_stripe_mapping_reads_minor_units_unix_times_and_proration_flags(core, tmp_path):
    mapping = yaml.safe_load((SHIPPED / "stripe.yaml").read_text())
    mapping["plans"] = {"price_basic": "basic", "price_pro": "pro"}
    (tmp_path / "stripe-mine.yaml").write_text(yaml.safe_dump(mapping))
    events, lines = stripe_exports(tmp_path)
    result = reconcile(core, events, lines, load_mapping(tmp_path / "stripe-mine.yaml"))
    assert result.reconciled, result.largest
    assert {row.change_type: row.billed for row in result.rows} == {"signup": Decimal("60.00"),
                                                                    "upgrade": Decimal("20.00")}


def test_parquet_exports_read_like_csv(core, tmp_path):
    import duckdb

    events, lines = harness_exports(tmp_path)
    for path in (events, lines):
        duckdb.execute(f"COPY (SELECT * FROM read_csv('{path}', all_varchar=true)) TO "
                       f"'{path.with_suffix('.parquet')}' (FORMAT parquet)")
    result = reconcile(core, events.with_suffix(".parquet"), lines.with_suffix(".parquet"), load_mapping("harness"))
    assert result.reconciled and result.posted_lines == 4


def test_a_missing_column_names_the_file_the_column_and_the_mapping(core, tmp_path):
    events, lines = harness_exports(tmp_path)
    lines.write_text(lines.read_text().replace("period_end", "period_stop", 1))
    with pytest.raises(InputError) as error:
        reconcile(core, events, lines, load_mapping("harness"))
    message = str(error.value)
    assert str(lines) in message and "no column 'period_end'" in message and "mapping 'harness'" in message


def test_a_value_that_does_not_convert_names_its_line(core, tmp_path):
    bad = [*LINES[:2], (*LINES[2][:7], "15,00", "USD"), LINES[3]]
    with pytest.raises(InputError) as error:
        run(core, tmp_path, bad)
    assert "lines.csv:line 4: line amount (column 'amount') is '15,00'" in str(error.value)


def test_unknown_mappings_and_broken_mapping_files_are_refused(tmp_path):
    with pytest.raises(MappingError, match="shipped mappings: harness, stripe"):
        load_mapping("paypal")
    (tmp_path / "m.yaml").write_text("events: {columns: {subscription: s, at: t}}\nlines: {}\n")
    with pytest.raises(MappingError, match="events.columns: map type"):
        load_mapping(tmp_path / "m.yaml")


def test_a_quantity_that_is_not_a_number_names_its_line(core, tmp_path):
    events = [*EVENTS[:2], ("sub_plain", "cus_2", "2026-04-01", "signup", "pro", "two")]
    with pytest.raises(InputError) as error:
        run(core, tmp_path, events=events)
    assert "events.csv:line 4: event quantity (column 'quantity') is 'two'" in str(error.value)
    assert "whole number" in str(error.value)

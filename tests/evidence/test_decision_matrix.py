"""The decision matrix is worded from the policy values, so it follows them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from harness.evidence import decision_matrix
from harness.model.policy import CancelRule, ChangeRule, CreditForm, EVENT_RULES, Effective, ProrationLines


def _rows(meta):
    return {row.key: row for row in decision_matrix(meta)}


def test_one_row_per_event_then_the_shared_rules(core_pack):
    rows = decision_matrix(core_pack.scenarios[0].pack)
    assert tuple(row.key for row in rows if row.is_event) == EVENT_RULES
    assert [row.key for row in rows if not row.is_event] == [
        "day_count", "rounding", "minimum_adjustment", "proration_lines", "credits"]
    assert {row.owner for row in rows} == {"billing-ops"}


def test_core_defaults_read_as_the_seeds_recommend(core_pack):
    rows = _rows(core_pack.scenarios[0].pack)
    assert rows["upgrade"].timing == "immediately, billed on a new invoice at the change"
    assert rows["upgrade"].credit_form == "a negative line on the invoice"
    assert rows["downgrade"].timing == "next renewal"
    assert rows["downgrade"].credit_form == "none"
    assert rows["cancel"].action.startswith("Service runs to the end of the paid period")
    assert rows["upgrade"].setting == "{effective: immediately, prorate: true, bill: now}"


def test_changing_the_policy_changes_the_words(core_pack):
    meta = core_pack.scenarios[0].pack
    policy = replace(meta.policy, credits=CreditForm.CREDIT_NOTE, proration_lines=ProrationLines.NET,
                     minimum_adjustment=Decimal("0.50"),
                     downgrade=ChangeRule(effective=Effective.IMMEDIATELY),
                     cancel=CancelRule(effective=Effective.IMMEDIATELY, prorate=True))
    rows = _rows(replace(meta, policy=policy))
    assert rows["downgrade"].timing == "immediately, billed on a new invoice at the change"
    assert rows["downgrade"].credit_form == "a credit note dated at the change"
    assert "as one net line" in rows["downgrade"].action
    assert rows["cancel"].action == "End service now and credit the unused time"
    assert rows["minimum_adjustment"].action == "An event whose net proration is below 0.50 posts nothing"

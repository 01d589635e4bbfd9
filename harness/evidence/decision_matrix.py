"""The pack's policy as the decision matrix the seeds ask finance to agree on:
per change event, the default billing action in one sentence, its timing, the
form a credit takes, and who owns it; then the rules every event shares (day
count, rounding, minimum adjustment, line layout, credit form).

The sentences are computed from the policy values, so the matrix a report
prints cannot drift from the setting the engine runs."""

from __future__ import annotations

from dataclasses import dataclass

from harness.engine.state import value_text
from harness.model import PackMeta, Policy
from harness.model.policy import (
    AnchorRule, Bill, CancelRule, ChangeRule, CreditForm, Effective, EVENT_RULES, IntervalChangeRule, ProrationLines,
    SignupRule,
)

EVENT_LABELS = {
    "signup": "New sign-up mid-cycle",
    "upgrade": "Mid-cycle upgrade",
    "downgrade": "Mid-cycle downgrade",
    "quantity_increase": "Seat addition",
    "quantity_decrease": "Seat removal",
    "interval_change": "Billing interval change",
    "cancel": "Cancellation / end service",
    "change_anchor": "Billing-date shift",
}

GENERAL_RULES = ("day_count", "rounding", "minimum_adjustment", "proration_lines", "credits")

GENERAL_LABELS = {
    "day_count": "Day count",
    "rounding": "Rounding",
    "minimum_adjustment": "Minimum adjustment",
    "proration_lines": "Proration line layout",
    "credits": "Credit form",
}


@dataclass(frozen=True)
class DecisionRow:
    """One policy rule. `key` is its key under `policy:` in pack.yaml and
    `setting` its value as YAML would write it; `timing` and `credit_form` are
    empty for the rules every event shares."""

    key: str
    label: str
    action: str
    timing: str
    credit_form: str
    setting: str
    owner: str

    @property
    def is_event(self) -> bool:
        return self.key in EVENT_RULES


def decision_matrix(meta: PackMeta) -> tuple[DecisionRow, ...]:
    """One row per event rule (EVENT_RULES order), then one per shared rule."""
    policy = meta.policy
    rows = [_event_row(key, getattr(policy, key), policy, meta.owner) for key in EVENT_RULES]
    rows += [DecisionRow(key, GENERAL_LABELS[key], _general_action(key, policy), "", "",
                         value_text(getattr(policy, key)), meta.owner) for key in GENERAL_RULES]
    return tuple(rows)


def _setting(rule) -> str:
    return "{" + ", ".join(f"{name}: {value_text(value)}" for name, value in vars(rule).items()) + "}"


def _event_row(key: str, rule, policy: Policy, owner: str) -> DecisionRow:
    action, timing, credits = _words(key, rule, policy)
    return DecisionRow(key, EVENT_LABELS[key], action, timing, credits, _setting(rule), owner)


def _credit_form(policy: Policy) -> str:
    return ("a credit note dated at the change" if policy.credits is CreditForm.CREDIT_NOTE
            else "a negative line on the invoice")


def _words(key: str, rule, policy: Policy) -> tuple[str, str, str]:
    """(action, timing, credit form) of one event rule."""
    if isinstance(rule, SignupRule):
        if rule.prorate:
            return "Charge only for the part of the first period used, up to the billing date", "at signup", "none"
        return "Charge the full price for the first, partial period", "at signup", "none"
    if isinstance(rule, CancelRule):
        if rule.effective is not Effective.IMMEDIATELY:
            return "Service runs to the end of the paid period, then no renewal; no refund", "end of period", "none"
        if rule.prorate:
            return "End service now and credit the unused time", "immediately", _credit_form(policy)
        return "End service now; the unused time is not credited", "immediately", "none"
    if isinstance(rule, AnchorRule):
        if rule.prorate:
            return ("Move the billing date; credit the days of the current period no longer covered",
                    "at the new billing date", _credit_form(policy))
        return "Move the billing date; the shortened period is not credited", "at the new billing date", "none"
    noun = {"quantity_increase": "new seat count", "quantity_decrease": "new seat count",
            "interval_change": "new billing interval"}.get(key, "new plan")
    if rule.effective is not Effective.IMMEDIATELY:
        return f"Apply the {noun} at the next renewal; nothing is charged or credited now", "next renewal", "none"
    if isinstance(rule, IntervalChangeRule):
        if rule.prorate:
            return ("Credit the unused part of the old period and start a full new period now",
                    "immediately; the billing date moves", _credit_form(policy))
        return ("Start a full new period now; the unused part of the old period is not credited",
                "immediately; the billing date moves", "none")
    assert isinstance(rule, ChangeRule)
    billed = "on a new invoice at the change" if rule.bill is Bill.NOW else "on the next renewal invoice"
    if not rule.prorate:
        return (f"Switch to the {noun} now with no partial-period charge or credit", "immediately", "none")
    layout = ("as one net line" if policy.proration_lines is ProrationLines.NET
              else "as a credit line and a charge line")
    return (f"Credit the unused time at the old price and charge the rest of the period at the {noun}'s "
            f"price, {layout}", f"immediately, billed {billed}", _credit_form(policy))


def _general_action(key: str, policy: Policy) -> str:
    if key == "day_count":
        return {
            "actual_days": "Partial periods are counted in calendar days against the days of the period",
            "thirty_day": "Partial periods are counted in 30E/360 days (every month 30 days)",
            "actual_seconds": "Partial periods are counted to the second against the seconds of the period",
        }[policy.day_count.value]
    if key == "rounding":
        mode = {"half_up": "half up (0.5 away from zero)", "half_even": "half to even", "down": "toward zero",
                "up": "away from zero"}[policy.rounding.value]
        return f"Each line is rounded once to the currency's minor units, {mode}"
    if key == "minimum_adjustment":
        if not policy.minimum_adjustment:
            return "Every proration posts, however small"
        return f"An event whose net proration is below {policy.minimum_adjustment} posts nothing"
    if key == "proration_lines":
        return ("A change posts one net line for the difference" if policy.proration_lines is ProrationLines.NET
                else "A change posts the credit for the old plan and the charge for the new one as separate lines")
    return ("Credits are issued as credit notes; invoices keep the charges"
            if policy.credits is CreditForm.CREDIT_NOTE else "Credits are negative lines on the invoice")

"""One test per class of bad input: each names the file, the line, the field
and says what is wrong in plain words (and, where it can, what was meant)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from harness.packs import PackError, Problem, load_pack
from harness.packs.problems import MAX_PROBLEMS
from tests.packs.support import PACK, line_of, only_problem, problems, replace, scenario, write_pack


def bad_scenario(tmp_path, text: str, name: str = "s1.yaml", pack: str = PACK):
    return write_pack(tmp_path / "pack", {name: text}, pack=pack)


def assert_at(problem: Problem, file_end: str, line: int, field: str) -> None:
    assert problem.file.replace("\\", "/").endswith(file_end), problem
    assert problem.line == line, problem
    assert problem.field == field, problem


# ---------------------------------------------------------------- YAML itself


def test_broken_yaml_points_at_the_syntax_error(tmp_path):
    text = replace(scenario(), "  plan: basic\n", "  plan: [basic\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.file.endswith("s1.yaml")
    assert problem.message.startswith("YAML syntax error")
    assert problem.line is not None and problem.line >= line_of(text, "plan: [basic")
    assert problem.column is not None
    assert problem.field == ""


def test_duplicate_key_is_an_error_naming_both_lines(tmp_path):
    text = replace(scenario(), "rule: Mid", "title: Again\nrule: Mid")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "scenarios/s1.yaml", line_of(text, "title:", 2), "title")
    assert "duplicate key 'title'" in problem.message
    assert f"first written at line {line_of(text, 'title:')}" in problem.message


def test_duplicate_key_in_pack_yaml(tmp_path):
    pack = replace(PACK, "owner: billing-ops\n", "owner: billing-ops\nowner: finance\n")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack/pack.yaml", line_of(pack, "owner:", 2), "owner")
    assert "duplicate key 'owner'" in problem.message


def test_two_documents_in_one_file(tmp_path):
    text = scenario() + "---\nid: other\n"
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "---"), "")
    assert "one YAML document" in problem.message


def test_unsupported_tag(tmp_path):
    text = replace(scenario(), "title: Upgrade", "title: !!python/name:os.system Upgrade")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", 2, "title")
    assert "unsupported YAML tag" in problem.message


def test_empty_and_non_mapping_files(tmp_path):
    root = write_pack(tmp_path / "pack", {"empty.yaml": "", "list.yaml": "- a\n- b\n"})
    found = {p.file.rsplit("/", 1)[-1]: p for p in problems(root)}
    assert "empty" in found["empty.yaml"].message
    assert "mapping" in found["list.yaml"].message


# ---------------------------------------------------------------- amounts


def test_float_amount_asks_for_a_quoted_string(tmp_path):
    text = replace(scenario(), 'amount: "10.00"', "amount: 10.00")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "amount: 10.00"), "expect.invoices[0].lines[0].amount")
    assert problem.message == 'write amounts as quoted strings, e.g. "10.00"'
    assert '"10.00"' in problem.hint


def test_int_amount_asks_for_a_quoted_string(tmp_path):
    text = replace(scenario(), 'total: "10.00"', "total: 10")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "total: 10"), "expect.invoices[0].total")
    assert "quoted strings" in problem.message
    assert '"10.00"' in problem.hint


def test_float_amount_in_the_catalog(tmp_path):
    pack = replace(PACK, 'amount: "30.00"', "amount: 30.0")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "pro:"), "catalog.plans.pro.amount")
    assert "quoted strings" in problem.message


def test_usd_amount_with_three_decimals(tmp_path):
    text = replace(scenario(), 'amount: "10.00"', 'amount: "10.005"')
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, '"10.005"'), "expect.invoices[0].lines[0].amount")
    assert "USD" in problem.message and "2 minor units" in problem.message


def test_jpy_catalog_amount_with_decimals(tmp_path):
    pack = replace(PACK, 'amount: "1000", currency: JPY', 'amount: "1000.50", currency: JPY')
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "basic-jpy:"), "catalog.plans.basic-jpy.amount")
    assert "JPY" in problem.message and "0 minor units" in problem.message


def test_jpy_scenario_amounts_follow_the_subscription_currency(tmp_path):
    text = scenario().replace("plan: basic", "plan: basic-jpy").replace("change_plan: {to: pro}", "cancel: {}")
    text = text.replace('amount: "10.00"', 'amount: "1000.00"').replace('total: "10.00"', 'total: "1000"')
    found = problems(bad_scenario(tmp_path, text))
    assert len(found) == 1, found
    assert_at(found[0], "s1.yaml", line_of(text, '"1000.00"'), "expect.invoices[0].lines[0].amount")
    assert "JPY" in found[0].message


def test_metered_rate_may_have_more_decimals_but_must_be_quoted(tmp_path):
    ok = write_pack(tmp_path / "ok")
    assert load_pack(ok).meta.catalog["api"].unit_amount == Decimal("0.002")
    pack = replace(PACK, 'unit_amount: "0.002"', "unit_amount: 0.002")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "api:"), "catalog.plans.api.metered.unit_amount")
    assert "quoted strings" in problem.message and '"0.002"' in problem.hint


def test_amount_that_is_no_number(tmp_path):
    text = replace(scenario(), 'amount: "10.00"', 'amount: "$10"')
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "expect.invoices[0].lines[0].amount"
    assert "not an amount" in problem.message


# ---------------------------------------------------------------- names


def test_unknown_currency_with_did_you_mean(tmp_path):
    pack = replace(PACK, "currency: USD", "currency: USX")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "currency: USX"), "currency")
    assert "unknown currency 'USX'" in problem.message
    assert "did you mean 'USD'?" in problem.hint


def test_currency_in_lower_case(tmp_path):
    pack = replace(PACK, 'currency: JPY', "currency: jpy")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert problem.field == "catalog.plans.basic-jpy.currency"
    assert "'JPY'" in problem.hint


def test_bad_timezone(tmp_path):
    pack = replace(PACK, "timezone: Europe/Berlin", "timezone: Europe/Berln")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "timezone:"), "timezone")
    assert "unknown time zone 'Europe/Berln'" in problem.message
    assert "Europe/Berlin" in problem.hint


@pytest.mark.parametrize("name", ["Core", "core_pack", "core pack", "kern\u00e9"])
def test_pack_name_pattern(tmp_path, name):
    pack = replace(PACK, "pack: demo", f"pack: {name}")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", 1, "pack")
    assert "lower-case letters, digits and '-'" in problem.message


@pytest.mark.parametrize("version", ['"1"', "2", "true"])
def test_version_must_be_1(tmp_path, version):
    pack = replace(PACK, "version: 1", f"version: {version}")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", 3, "version")
    assert problem.message.startswith("must be 1")


UNKNOWN_PLANS = [
    ("start.plan", "  plan: basic\n", "  plan: basc\n", "basc", "basic"),
    ("events[0].change_plan.to", "{to: pro}", "{to: prp}", "prp", "pro"),
    ("events[0].change_plan.item", "{to: pro}", "{to: pro, item: basci}", "basci", "basic"),
    ("expect.invoices[0].lines[0].plan", "plan: basic, period", "plan: basik, period", "basik", "basic"),
    (
        "start.items[1].plan",
        "  plan: basic\n",
        "  items: [{plan: basic}, {plan: apii}]\n",
        "apii",
        "api",
    ),
]


@pytest.mark.parametrize("field, old, new, wrong, meant", UNKNOWN_PLANS, ids=[u[0] for u in UNKNOWN_PLANS])
def test_unknown_plan_with_did_you_mean(tmp_path, field, old, new, wrong, meant):
    text = replace(scenario(), old, new)
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, wrong), field)
    assert problem.message == f"unknown plan '{wrong}'"
    assert problem.hint == f"did you mean '{meant}'?"


def test_unknown_plan_far_from_any_lists_the_catalog(tmp_path):
    text = replace(scenario(), "{to: pro}", "{to: enterprise-gold}")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.hint.startswith("plans in the catalog: api, basic")


# ---------------------------------------------------------------- keys and values


def test_unknown_event_action_with_did_you_mean(tmp_path):
    text = replace(scenario(), "change_plan: {to: pro}", "chnage_plan: {to: pro}")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "chnage_plan"), "events[0].chnage_plan")
    assert problem.message == "unknown key 'chnage_plan' in an event"
    assert problem.hint.startswith("did you mean 'change_plan'?")
    assert "change_quantity" in problem.hint  # lists the actions


def test_event_without_action(tmp_path):
    text = replace(scenario(), "    change_plan: {to: pro}\n", "")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "- at: 2026-04-16"), "events[0]")
    assert problem.message.startswith("an event needs one action: change_plan, change_quantity, cancel")


def test_event_with_two_actions(tmp_path):
    text = replace(scenario(), "change_plan: {to: pro}\n", "change_plan: {to: pro}\n    cancel: {}\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "- at: 2026-04-16"), "events[0]")
    assert "exactly one action" in problem.message and "change_plan, cancel" in problem.message


@pytest.mark.parametrize(
    "policy, field, meant",
    [
        ("{upgrade: {effective: immediatly}}", "policy.upgrade.effective", "immediately"),
        ("{day_count: actual_day}", "policy.day_count", "actual_days"),
        ("{rounding: half-up}", "policy.rounding", "half_up"),
        ("{cancel: {effective: end_of_priod}}", "policy.cancel.effective", "end_of_period"),
        ("{credits: credit_notes}", "policy.credits", "credit_note"),
    ],
)
def test_unknown_policy_value_with_did_you_mean(tmp_path, policy, field, meant):
    text = replace(scenario(), "start:\n", f"policy: {policy}\nstart:\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "policy:"), field)
    assert problem.message.startswith("must be one of ")
    assert problem.hint == f"did you mean '{meant}'?"


def test_unknown_policy_value_in_pack_yaml(tmp_path):
    pack = replace(PACK, "upgrade: {bill: next_invoice}", "upgrade: {bill: next_invoic}")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "next_invoic"), "policy.upgrade.bill")
    assert problem.message.startswith("must be one of now, next_invoice")
    assert problem.hint == "did you mean 'next_invoice'?"


def test_next_period_is_not_a_cancel_value(tmp_path):
    text = replace(scenario(), "change_plan: {to: pro}", "cancel: {effective: next_period}")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "events[0].cancel.effective"
    assert "immediately, end_of_period" in problem.message


UNKNOWN_KEYS = [
    ("scenario top level", "title: Upgrade", "tittle: Upgrade", "tittle", "title"),
    ("start", "  plan: basic\n", "  plan: basic\n  anchr: 2026-04-01\n", "start.anchr", "anchor"),
    ("event action", "{to: pro}", "{too: pro}", "events[0].change_plan.too", "to"),
    ("expected line", 'amount: "10.00"}', 'amount: "10.00", qty: 1}', "expect.invoices[0].lines[0].qty", "quantity"),
    ("expect", "  invoices:\n", "  credit_note: []\n  invoices:\n", "expect.credit_note", "credit_notes"),
    ("policy", "start:\n", "policy: {dya_count: thirty_day}\nstart:\n", "policy.dya_count", "day_count"),
]


@pytest.mark.parametrize("where, old, new, field, meant", UNKNOWN_KEYS, ids=[u[0] for u in UNKNOWN_KEYS])
def test_unknown_key_anywhere_in_a_scenario(tmp_path, where, old, new, field, meant):
    text = replace(scenario(), old, new)
    found = problems(bad_scenario(tmp_path, text))
    unknown = [p for p in found if p.field == field]
    assert len(unknown) == 1, found
    key = field.rsplit(".", 1)[-1]
    assert_at(unknown[0], "s1.yaml", line_of(text, key + ":"), field)
    assert unknown[0].message == f"unknown key '{key}'"
    assert unknown[0].hint == f"did you mean '{meant}'?"


PACK_KEYS = [
    ("top level", "owner: billing-ops", "ownr: billing-ops", "ownr", "owner"),
    ("plan", 'name: Pro, amount: "30.00", interval: month}', 'name: Pro, amount: "30.00", intervl: month}', "catalog.plans.pro.intervl", "interval"),
    ("catalog", "  plans:\n", "  plan:\n", "catalog.plan", "plans"),
    ("policy rule", "upgrade: {bill: next_invoice}", "upgrade: {bil: next_invoice}", "policy.upgrade.bil", "bill"),
]


@pytest.mark.parametrize("where, old, new, field, meant", PACK_KEYS, ids=[u[0] for u in PACK_KEYS])
def test_unknown_key_anywhere_in_pack_yaml(tmp_path, where, old, new, field, meant):
    pack = replace(PACK, old, new)
    found = problems(write_pack(tmp_path / "pack", pack=pack))
    unknown = [p for p in found if p.field == field]
    assert len(unknown) == 1, found
    key = field.rsplit(".", 1)[-1]
    assert_at(unknown[0], "pack.yaml", line_of(pack, key + ":"), field)
    assert unknown[0].message == f"unknown key '{key}'"
    assert unknown[0].hint == f"did you mean '{meant}'?"


def test_a_missing_required_field(tmp_path):
    text = replace(scenario(), "rule: Mid-cycle upgrade charges the prorated difference\n", "")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "rule"
    assert problem.message == "required"
    assert problem.line == 1
    assert "rule" in problem.hint


def test_a_missing_nested_field_points_at_its_mapping(tmp_path):
    text = replace(scenario(), "change_plan: {to: pro}", "change_plan: {item: basic}")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "change_plan"), "events[0].change_plan.to")
    assert problem.message == "required"


def test_a_plan_without_name_or_amount(tmp_path):
    pack = replace(PACK, "seat: {name: Team seat, ", "seat: {")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "seat:"), "catalog.plans.seat.name")
    assert problem.message == "required"


def test_a_plan_needs_an_amount_unless_metered(tmp_path):
    pack = replace(PACK, 'seat: {name: Team seat, amount: "12.00", ', "seat: {name: Team seat, ")
    problem = only_problem(write_pack(tmp_path / "pack", pack=pack))
    assert_at(problem, "pack.yaml", line_of(pack, "seat:"), "catalog.plans.seat.amount")
    assert problem.message == "required"


def test_text_given_as_a_yaml_boolean(tmp_path):
    text = replace(scenario(), "title: Upgrade Basic to Pro halfway through April", "title: yes")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", 2, "title")
    assert problem.message == "must be text, not the YAML boolean true"
    assert "quotes" in problem.hint


def test_quantity_must_be_a_whole_number_of_at_least_one(tmp_path):
    text = replace(scenario(), "  plan: basic\n", "  plan: basic\n  quantity: 0\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "quantity: 0"), "start.quantity")
    assert problem.message.startswith("must be at least 1")


def test_usage_quantity_as_float(tmp_path):
    text = replace(scenario(), "  plan: basic\n", "  items: [{plan: basic}, {plan: api}]\n")
    text = replace(text, "change_plan: {to: pro}", "usage: {quantity: 1.5}")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "usage:"), "events[0].usage.quantity")
    assert "quoted strings" in problem.message


# ---------------------------------------------------------------- dates


def test_impossible_date(tmp_path):
    text = replace(scenario(), "  date: 2026-04-01\n", "  date: 2026-02-30\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "2026-02-30"), "start.date")
    assert problem.message == "2026-02-30 is not a date: February 2026 has 28 days"


def test_impossible_date_in_a_period(tmp_path):
    text = replace(scenario(), "period: [2026-04-01, 2026-05-01]", "period: [2026-04-01, 2026-04-31]")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "2026-04-31"), "expect.invoices[0].lines[0].period[1]")
    assert "April 2026 has 30 days" in problem.message


def test_naive_datetime_asks_for_an_offset(tmp_path):
    text = replace(scenario(), "  - at: 2026-04-16\n", "  - at: 2026-04-16T10:00:00\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "at: 2026-04-16T10"), "events[0].at")
    assert "no UTC offset" in problem.message
    assert "add an offset" in problem.hint and "2026-04-16T10:00:00+02:00" in problem.hint


def test_a_date_field_given_a_time(tmp_path):
    text = replace(scenario(), "  date: 2026-04-01\n", "  date: 2026-04-01T00:00:00Z\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "start.date"
    assert "calendar date" in problem.message


def test_not_a_date_at_all(tmp_path):
    text = replace(scenario(), "  - at: 2026-04-16\n", "  - at: next tuesday\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "events[0].at"
    assert "is not a date or datetime" in problem.message


# ---------------------------------------------------------------- scenario checks


def test_duplicate_scenario_ids_name_both_files(tmp_path):
    root = write_pack(tmp_path / "pack", {"a/same.yaml": scenario("same"), "b/same.yaml": scenario("same")})
    problem = only_problem(root)
    assert_at(problem, "scenarios/b/same.yaml", 1, "id")
    assert "duplicate scenario id 'same'" in problem.message
    assert "a/same.yaml" in problem.message.replace("\\", "/")


def test_id_must_equal_the_file_name(tmp_path):
    problem = only_problem(bad_scenario(tmp_path, scenario("upgrade-halfway"), name="upgrade-half.yaml"))
    assert_at(problem, "upgrade-half.yaml", 1, "id")
    assert "differs from the file name 'upgrade-half.yaml'" in problem.message


def test_event_before_the_start(tmp_path):
    text = replace(scenario(), "  - at: 2026-04-16\n", "  - at: 2026-03-31\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "at: 2026-03-31"), "events[0].at")
    assert "before the subscription starts (2026-04-01)" in problem.message


def test_event_at_the_start_instant_is_fine(tmp_path):
    text = replace(scenario(), "  - at: 2026-04-16\n", "  - at: 2026-03-31T22:00:00Z\n")  # 00:00 in Berlin
    assert load_pack(bad_scenario(tmp_path, text)).scenarios[0].events[0].at.day == 1


def test_events_out_of_order(tmp_path):
    text = replace(
        scenario(),
        "    change_plan: {to: pro}\n",
        "    change_plan: {to: pro}\n  - at: 2026-04-10\n    change_plan: {to: basic}\n",
    )
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "at: 2026-04-10"), "events[1].at")
    assert "out of time order" in problem.message and "events[0]" in problem.message


def test_event_at_or_after_until(tmp_path):
    text = replace(scenario(), "expect:\n", "until: 2026-04-16\nexpect:\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "at: 2026-04-16"), "events[0].at")
    assert "not before until" in problem.message


def test_until_not_after_the_start(tmp_path):
    text = replace(scenario(), "expect:\n", "until: 2026-04-01\nexpect:\n")
    found = problems(bad_scenario(tmp_path, text))
    until = [p for p in found if p.field == "until"]
    assert until and until[0].line == line_of(text, "until:")
    assert "not after the start" in until[0].message


def test_period_must_run_forwards(tmp_path):
    text = replace(scenario(), "period: [2026-04-01, 2026-05-01]", "period: [2026-05-01, 2026-04-01]")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "period:"), "expect.invoices[0].lines[0].period")
    assert "is not before its end" in problem.message


def test_period_needs_two_dates(tmp_path):
    text = replace(scenario(), "period: [2026-04-01, 2026-05-01]", "period: [2026-04-01]")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "expect.invoices[0].lines[0].period"
    assert "[start, end]" in problem.message


def test_document_total_is_required(tmp_path):
    text = replace(scenario(), '      total: "10.00"\n', "")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "- date: 2026-04-01"), "expect.invoices[0].total")
    assert problem.message == "required"


def test_document_total_is_the_sum_of_its_lines(tmp_path):
    text = replace(scenario(), 'total: "10.00"', 'total: "12.00"')
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "total:"), "expect.invoices[0].total")
    assert 'not the sum of the lines ("10.00")' in problem.message


def test_credit_with_the_wrong_sign(tmp_path):
    text = replace(scenario(), 'kind: recurring, plan: basic, period: [2026-04-01, 2026-05-01], amount: "10.00"',
                   'kind: proration_credit, plan: basic, period: [2026-04-01, 2026-05-01], amount: "10.00"')
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "expect.invoices[0].lines[0].amount"
    assert "negative" in problem.message and '"-10.00"' in problem.hint


def test_adjustment_is_never_expected(tmp_path):
    text = replace(scenario(), "kind: recurring", "kind: adjustment")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert problem.field == "expect.invoices[0].lines[0].kind"
    assert "never expected" in problem.message


def test_expect_needs_invoices_or_total_billed(tmp_path):
    text = scenario()
    text = text[: text.index("expect:")] + "expect: {credit_notes: []}\n"
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "expect:"), "expect")
    assert "invoices or total_billed" in problem.message


def test_start_needs_exactly_one_of_plan_and_items(tmp_path):
    both = replace(scenario(), "  plan: basic\n", "  plan: basic\n  items: [{plan: pro}]\n")
    problem = only_problem(bad_scenario(tmp_path, both))
    assert_at(problem, "s1.yaml", line_of(both, "start:"), "start")
    assert "both plan and items" in problem.message
    neither = replace(scenario(), "  plan: basic\n", "")
    problem = only_problem(bad_scenario(tmp_path / "2", neither))
    assert problem.field == "start" and "needs a plan" in problem.message


def test_items_share_one_interval_and_currency(tmp_path):
    text = replace(scenario(), "  plan: basic\n", "  items: [{plan: basic}, {plan: yearly}]\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "items:"), "start.items[1].plan")
    assert "one interval" in problem.hint
    text = replace(scenario(), "  plan: basic\n", "  items: [{plan: basic}, {plan: basic-jpy}]\n")
    problem = only_problem(bad_scenario(tmp_path / "2", text))
    assert problem.field == "start.items[1].plan" and "JPY" in problem.message


def test_anchor_outside_one_interval_of_the_start(tmp_path):
    text = replace(scenario(), "  plan: basic\n", "  plan: basic\n  anchor: 2026-05-15\n")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "anchor:"), "start.anchor")
    assert "more than one month after the start date" in problem.message
    assert "2026-05-01" in problem.hint
    text = replace(scenario(), "  plan: basic\n", "  plan: basic\n  anchor: 2026-03-15\n")
    problem = only_problem(bad_scenario(tmp_path / "2", text))
    assert problem.field == "start.anchor" and "before the start date" in problem.message


def test_change_anchor_must_be_after_the_event(tmp_path):
    text = replace(scenario(), "change_plan: {to: pro}", "change_anchor: {to: 2026-04-10}")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "change_anchor"), "events[0].change_anchor.to")
    assert "not after the event" in problem.message


def test_yml_files_are_not_silently_ignored(tmp_path):
    root = write_pack(tmp_path / "pack", {"s1.yaml": scenario("s1"), "s2.yml": scenario("s2")})
    problem = only_problem(root)
    assert problem.file.endswith("s2.yml") and "s2.yaml" in problem.hint


# ---------------------------------------------------------------- the pack as a whole


def test_missing_pack_yaml(tmp_path):
    root = write_pack(tmp_path / "pack", pack=None)
    problem = only_problem(root)
    assert problem.file.replace("\\", "/").endswith("pack/pack.yaml")
    assert problem.line is None and problem.field == ""
    assert problem.message == "missing pack.yaml"


def test_missing_folder(tmp_path):
    problem = only_problem(tmp_path / "nowhere")
    assert "no such pack folder" in problem.message


def test_all_problems_across_the_pack_are_reported(tmp_path):
    pack = replace(PACK, "currency: USD", "currency: usd")
    root = write_pack(
        tmp_path / "pack",
        {
            "a.yaml": replace(scenario("a"), 'amount: "10.00"', "amount: 10.00"),
            "b.yaml": replace(scenario("b"), "  date: 2026-04-01\n", "  date: 2026-02-30\n"),
            "c.yaml": scenario("c"),
        },
        pack=pack,
    )
    found = problems(root)
    assert [p.file.rsplit("/", 1)[-1] for p in found] == ["pack.yaml", "a.yaml", "b.yaml"]


def test_problems_are_capped(tmp_path):
    root = write_pack(
        tmp_path / "pack",
        {f"s{i:03}.yaml": replace(scenario(f"s{i:03}"), "title: Upgrade", "tittle: Upgrade") for i in range(MAX_PROBLEMS + 50)},
    )
    found = problems(root)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].message == f"stopped after {MAX_PROBLEMS} problems"


def test_problem_text_and_pack_error_text(tmp_path):
    text = replace(scenario(), "{to: pro}", "{to: prp}")
    with pytest.raises(PackError) as caught:
        load_pack(bad_scenario(tmp_path, text))
    problem = caught.value.problems[0]
    line = line_of(text, "prp")
    assert str(problem) == (
        f"{problem.file}:{line}:{problem.column}: events[0].change_plan.to: unknown plan 'prp' (did you mean 'pro'?)"
    )
    assert str(problem) in str(caught.value)
    assert str(caught.value).startswith("1 problem loading scenario packs:")


def test_scenarios_are_still_checked_when_pack_yaml_has_a_problem(tmp_path):
    pack = replace(PACK, 'seat: {name: Team seat, amount: "12.00", ', "seat: {name: Team seat, ")
    text = replace(scenario(), "{to: pro}", "{to: prp}")
    found = problems(write_pack(tmp_path / "pack", {"s1.yaml": text}, pack=pack))
    assert [p.field for p in found] == ["catalog.plans.seat.amount", "events[0].change_plan.to"]


def test_a_misspelt_required_key_is_one_problem_not_two(tmp_path):
    text = replace(scenario(), "title: Upgrade", "tittle: Upgrade")
    problem = only_problem(bad_scenario(tmp_path, text))  # no extra "title: required"
    assert (problem.field, problem.hint) == ("tittle", "did you mean 'title'?")


def test_unknown_tag_is_named_in_short_form(tmp_path):
    text = replace(scenario(), "title: Upgrade", "title: !!binary Upgrade")
    assert "!!binary" in only_problem(bad_scenario(tmp_path, text)).message


def test_pack_error_pickles_with_its_problems(tmp_path):
    import pickle

    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "nowhere")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.problems == caught.value.problems and str(copy) == str(caught.value)


def test_an_empty_period_is_refused_on_any_line_but_usage(tmp_path):
    text = replace(scenario(), "period: [2026-04-01, 2026-05-01]", "period: [2026-04-01, 2026-04-01]")
    problem = only_problem(bad_scenario(tmp_path, text))
    assert_at(problem, "s1.yaml", line_of(text, "period:"), "expect.invoices[0].lines[0].period")
    assert "is not before its end" in problem.message
    assert "only a usage line's may be empty" in problem.hint


USAGE_AT_THE_START_CANCELLED_AT_ONCE = """\
id: s1
title: API calls recorded at the start instant, cancelled at that same instant
rule: usage is billed even for the empty span that ran
start:
  date: 2026-04-01
  items: [{plan: basic}, {plan: api}]
events:
  - at: 2026-04-01
    usage: {item: api, quantity: 1000}
  - at: 2026-04-01
    cancel: {effective: immediately, prorate: false}
expect:
  invoices:
    - date: 2026-04-01
      lines:
        - {kind: recurring, plan: basic, period: [2026-04-01, 2026-05-01], amount: "10.00"}
      total: "10.00"
    - date: 2026-04-01
      lines:
        - {kind: usage, plan: api, quantity: 1000, period: [2026-04-01, 2026-04-01], amount: "2.00"}
      total: "2.00"
"""


def test_usage_over_an_empty_span_loads_and_is_what_the_engine_bills(tmp_path):
    from harness import engine
    from harness.compare import compare
    from harness.packs import load_pack

    pack = load_pack(bad_scenario(tmp_path, USAGE_AT_THE_START_CANCELLED_AT_ONCE))
    (loaded,) = pack.scenarios
    assert compare(loaded, engine.run(loaded)) == ()

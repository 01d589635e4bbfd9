"""Lines inside a paired document: multiset semantics, optional fields, nearest pairing, hints."""

from __future__ import annotations

from fractions import Fraction

from factories import (
    credit_note,
    derivation,
    expected_doc,
    expected_line,
    invoice,
    line,
    outcome,
    pack_meta,
    scenario,
)

from harness.compare import Difference, compare

APR16, MAY1 = "2026-04-16", "2026-05-01"


def one_invoice(*expected_lines, total: str) -> list:
    return [expected_doc(APR16, total, *expected_lines)]


def credit(amount: str, plan: str | None = "basic", start: str = APR16, end: str = MAY1, quantity=None):
    return expected_line("proration_credit", plan, start, end, amount, quantity)


def issued_credit(amount: str, plan: str = "basic", start: str = APR16, end: str = MAY1, **kwargs):
    return line("proration_credit", plan, start, end, amount, **kwargs)


def test_rounding_hint_names_the_modes_that_give_the_expected_amount():
    exact = Fraction(-201, 40)  # -5.025: half_up gives -5.03, half_even and down give -5.02
    expected = one_invoice(credit("-5.02"), total="-5.02")
    actual = outcome(invoice(APR16, issued_credit("-5.03", derivation=derivation(exact, "half_up"))))
    differences = compare(scenario(expected), actual)
    assert differences[0] == Difference(
        "invoice of 2026-04-16",
        "amount_differs",
        "proration_credit basic [2026-04-16, 2026-05-01) -5.02",
        "proration_credit basic x1 [2026-04-16, 2026-05-01) -5.03",
        "rounding half_up vs half_even or down?",
    )
    assert str(differences[0]) == (
        "invoice of 2026-04-16: expected proration_credit basic -5.02, got -5.03: "
        "rounding half_up vs half_even or down?"
    )
    assert differences[1].problem == "total_differs"


def test_rounding_hint_with_quantity_in_the_expectation():
    exact = Fraction(-201, 40)
    expected = one_invoice(credit("-5.03", quantity=1), total="-5.03")
    actual = outcome(invoice(APR16, issued_credit("-5.02", derivation=derivation(exact, "half_even"))))
    difference = compare(scenario(expected), actual)[0]
    assert difference.expected == "proration_credit basic x1 [2026-04-16, 2026-05-01) -5.03"
    assert difference.hint == "rounding half_even vs half_up or up?"


def test_no_rounding_hint_when_no_mode_gives_the_expected_amount():
    exact = Fraction(-201, 40)
    expected = one_invoice(credit("-5.01"), total="-5.01")
    actual = outcome(invoice(APR16, issued_credit("-5.03", derivation=derivation(exact, "half_up"))))
    assert compare(scenario(expected), actual)[0].hint == ""


def test_one_minor_unit_off_without_derivation_is_a_plain_rounding_hint():
    expected = one_invoice(credit("-5.02"), total="-5.02")
    actual = outcome(invoice(APR16, issued_credit("-5.03")))
    assert compare(scenario(expected), actual)[0].hint == "rounding? (off by 0.01)"


def test_day_count_hint_from_the_derivation():
    # the backend credited 16/30 of 10.00; 15/30 gives the expected -5.00
    expected = one_invoice(credit("-5.00"), total="-5.00")
    backend_line = issued_credit("-5.33", derivation=derivation(Fraction(-16, 3), used=16, total=30))
    difference = compare(scenario(expected), outcome(invoice(APR16, backend_line)))[0]
    assert difference.problem == "amount_differs"
    assert difference.hint == "day count off by one? 15/30 days gives the expected amount, the backend used 16/30"


def test_capped_credit_says_so():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    backend_line = issued_credit("-4.00", derivation=derivation(Fraction(-5), cap="4.00"))
    assert compare(scenario(expected), outcome(invoice(APR16, backend_line)))[0].hint == (
        "credit capped at what was billed (4.00)"
    )


def test_sign_flipped():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    (difference, _total) = compare(scenario(expected), outcome(invoice(APR16, issued_credit("5.00"))))
    assert difference.problem == "amount_differs"
    assert difference.hint == "sign convention: credits are negative"


def test_whole_period_credited():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    (difference, _total) = compare(scenario(expected), outcome(invoice(APR16, issued_credit("-10.00"))))
    assert difference.hint == "credited the whole period instead of the unused part?"


def test_whole_period_hint_needs_a_fraction_expected():
    # expected the whole period and got half of it: not the whole-period mistake
    expected = one_invoice(credit("-10.00"), total="-10.00")
    (difference, _total) = compare(scenario(expected), outcome(invoice(APR16, issued_credit("-5.00"))))
    assert difference.hint == ""


def test_period_differs_one_day_is_one_note_not_missing_plus_extra():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    actual = outcome(invoice(APR16, issued_credit("-5.00", start="2026-04-17")))
    (difference,) = compare(scenario(expected), actual)
    assert difference.problem == "period_differs"
    assert difference.hint == "day count off by one?"
    assert str(difference) == (
        "invoice of 2026-04-16: expected proration_credit basic [2026-04-16, 2026-05-01), "
        "got [2026-04-17, 2026-05-01): day count off by one?"
    )


def test_period_and_amount_differ_shows_both():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    actual = outcome(invoice(APR16, issued_credit("-4.67", start="2026-04-17")))
    difference = compare(scenario(expected), actual)[0]
    assert difference.problem == "period_differs"
    assert str(difference).startswith(
        "invoice of 2026-04-16: expected proration_credit basic [2026-04-16, 2026-05-01) -5.00, "
        "got [2026-04-17, 2026-05-01) -4.67"
    )


def test_inclusive_period_end():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    actual = outcome(invoice(APR16, issued_credit("-5.00", end="2026-04-30")))
    (difference,) = compare(scenario(expected), actual)
    assert (difference.problem, difference.hint) == (
        "period_differs",
        "period end inclusive? periods are [start, end)",
    )


def test_periods_compare_as_instants_across_offsets():
    tz = "America/New_York"
    expected = [
        expected_doc(APR16, "-5.00", expected_line("proration_credit", "basic", APR16, MAY1, "-5.00", tz=tz))
    ]
    same_instants = line("proration_credit", "basic", "2026-04-16T04:00:00+00:00", "2026-05-01T04:00:00+00:00", "-5.00")
    assert compare(scenario(expected, meta=pack_meta(tz=tz)), outcome(invoice(APR16, same_instants, tz=tz))) == ()

    utc_periods = line("proration_credit", "basic", "2026-04-16T00:00:00+00:00", "2026-05-01T00:00:00+00:00", "-5.00")
    (difference,) = compare(scenario(expected, meta=pack_meta(tz=tz)), outcome(invoice(APR16, utc_periods, tz=tz)))
    assert difference.problem == "period_differs"
    assert difference.actual == "proration_credit basic x1 [2026-04-15 20:00, 2026-04-30 20:00) -5.00"
    assert difference.hint == "period in UTC instead of America/New_York?"


def test_duplicate_identical_lines_count():
    two = one_invoice(credit("-5.00"), credit("-5.00"), total="-10.00")
    assert compare(scenario(two), outcome(invoice(APR16, issued_credit("-5.00"), issued_credit("-5.00")))) == ()

    differences = compare(scenario(two), outcome(invoice(APR16, issued_credit("-5.00"), stated_total="-10.00")))
    assert [(d.problem, d.expected) for d in differences] == [
        ("missing_line", "proration_credit basic [2026-04-16, 2026-05-01) -5.00")
    ]
    assert str(differences[0]) == (
        "invoice of 2026-04-16: missing line proration_credit basic [2026-04-16, 2026-05-01) -5.00"
    )

    three = outcome(invoice(APR16, *(issued_credit("-5.00") for _ in range(3)), stated_total="-10.00"))
    assert [(d.problem, d.actual) for d in compare(scenario(two), three)] == [
        ("extra_line", "proration_credit basic x1 [2026-04-16, 2026-05-01) -5.00")
    ]


def test_plan_omitted_in_the_expectation_is_not_compared():
    expected = one_invoice(credit("-5.00", plan=None), total="-5.00")
    assert compare(scenario(expected), outcome(invoice(APR16, issued_credit("-5.00", plan="pro")))) == ()


def test_plan_given_is_compared():
    expected = one_invoice(credit("-5.00", plan="basic"), total="-5.00")
    differences = compare(scenario(expected), outcome(invoice(APR16, issued_credit("-5.00", plan="pro"))))
    assert [d.problem for d in differences] == ["missing_line", "extra_line"]


def test_unnamed_plan_does_not_steal_the_line_a_named_one_needs():
    # the expectation without a plan fits both lines; the one with a plan fits only "basic"
    expected = one_invoice(credit("-5.00", plan=None), credit("-5.00", plan="basic"), total="-10.00")
    actual = outcome(invoice(APR16, issued_credit("-5.00", plan="basic"), issued_credit("-5.00", plan="pro")))
    assert compare(scenario(expected), actual) == ()


def test_quantity_compared_only_if_given():
    seats = issued_credit("-18.00", plan="seat", quantity=3)
    assert compare(scenario(one_invoice(credit("-18.00", plan="seat"), total="-18.00")), outcome(invoice(APR16, seats))) == ()
    assert compare(
        scenario(one_invoice(credit("-18.00", plan="seat", quantity=3), total="-18.00")), outcome(invoice(APR16, seats))
    ) == ()
    (difference,) = compare(
        scenario(one_invoice(credit("-18.00", plan="seat", quantity=2), total="-18.00")), outcome(invoice(APR16, seats))
    )
    assert difference.problem == "quantity_differs"
    assert str(difference) == "invoice of 2026-04-16: expected proration_credit seat x2, got x3"


def test_nearest_pairing_prefers_the_line_differing_in_fewest_parts():
    expected = one_invoice(
        credit("-5.00", start=APR16), credit("-3.33", start="2026-04-21"), total="-8.33"
    )
    actual = outcome(
        invoice(
            APR16,
            issued_credit("-3.34", start="2026-04-21"),
            issued_credit("-5.01", start=APR16),
            stated_total="-8.33",
        )
    )
    differences = compare(scenario(expected), actual)
    assert [(d.problem, d.expected.split(" ")[-1], d.actual.split(" ")[-1]) for d in differences] == [
        ("amount_differs", "-5.00", "-5.01"),
        ("amount_differs", "-3.33", "-3.34"),
    ]


def test_lines_of_another_kind_are_not_paired():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    actual = outcome(invoice(APR16, line("adjustment", "basic", APR16, MAY1, "-5.00")))
    assert [d.problem for d in compare(scenario(expected), actual)] == ["missing_line", "extra_line"]


def test_missing_line_posted_on_another_document():
    charge = expected_line("proration_charge", "pro", APR16, MAY1, "15.00")
    expected = [expected_doc(APR16, "10.00", credit("-5.00"), charge)]
    actual = outcome(
        invoice(APR16, line("proration_charge", "pro", APR16, MAY1, "15.00"), stated_total="10.00"),
        credit_note(APR16, issued_credit("-5.00")),
    )
    differences = compare(scenario(expected), actual)
    assert [(d.document, d.problem, d.hint) for d in differences] == [
        ("invoice of 2026-04-16", "missing_line", "posted on the credit note of 2026-04-16 instead?"),
        ("credit note of 2026-04-16", "extra_document", ""),
    ]


def test_zero_amount_extra_line():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    actual = outcome(invoice(APR16, issued_credit("-5.00"), line("proration_charge", "pro", APR16, MAY1, "0.00")))
    (difference,) = compare(scenario(expected), actual)
    assert (difference.problem, difference.hint) == ("extra_line", "a zero-amount proration or usage line is not posted")


def test_difference_str_falls_back_for_unparsed_text():
    difference = Difference("total billed", "amount_differs", "ten", "eleven")
    assert str(difference) == "total billed: expected ten, got eleven"


def test_period_and_derivation_agree_on_one_day_count_hint():
    expected = one_invoice(credit("-5.00"), total="-5.00")
    backend_line = issued_credit("-5.33", start="2026-04-15", derivation=derivation(Fraction(-16, 3), used=16, total=30))
    difference = compare(scenario(expected), outcome(invoice(APR16, backend_line)))[0]
    assert difference.problem == "period_differs"
    assert difference.hint == "day count off by one? 15/30 days gives the expected amount, the backend used 16/30"


def test_net_line_where_gross_lines_were_expected():
    charge = expected_line("proration_charge", "pro", APR16, MAY1, "15.00")
    expected = one_invoice(credit("-5.00"), charge, total="10.00")
    actual = outcome(invoice(APR16, line("proration_charge", "pro", APR16, MAY1, "10.00")))
    differences = compare(scenario(expected), actual)
    assert [(d.problem, d.hint) for d in differences] == [
        ("missing_line", ""),
        ("amount_differs", "one net line instead of a credit and a charge? (proration_lines net vs gross)"),
    ]


def test_gross_lines_where_a_net_line_was_expected():
    expected = one_invoice(expected_line("proration_charge", "pro", APR16, MAY1, "10.00"), total="10.00")
    actual = outcome(
        invoice(APR16, issued_credit("-5.00"), line("proration_charge", "pro", APR16, MAY1, "15.00"))
    )
    differences = compare(scenario(expected), actual)
    assert [(d.problem, d.hint) for d in differences] == [
        ("amount_differs", "a credit and a charge instead of one net line? (proration_lines gross vs net)"),
        ("extra_line", ""),
    ]


def test_net_line_rounded_once_may_differ_from_the_gross_sum_by_one_minor_unit():
    charge = expected_line("proration_charge", "pro", APR16, MAY1, "14.48")
    expected = one_invoice(credit("-4.83"), charge, total="9.65")
    actual = outcome(invoice(APR16, line("proration_charge", "pro", APR16, MAY1, "9.66")))
    paired = [d for d in compare(scenario(expected), actual) if d.problem == "amount_differs"]
    assert paired[0].hint == "one net line instead of a credit and a charge? (proration_lines net vs gross)"

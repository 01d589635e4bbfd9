"""Documents: pairing by date, missing/extra documents, totals, timezones, total billed."""

from __future__ import annotations

from factories import (
    credit_note,
    expected_doc,
    expected_line,
    invoice,
    line,
    outcome,
    pack_meta,
    scenario,
    upgrade_expected,
    upgrade_outcome,
)

from harness.compare import PROBLEMS, Difference, compare


def test_exact_match_has_no_differences():
    assert compare(scenario(upgrade_expected()), upgrade_outcome()) == ()


def test_issue_order_and_line_order_do_not_matter():
    documents = upgrade_outcome().documents
    shuffled = invoice("2026-04-16", *reversed(documents[1].lines))
    assert compare(scenario(upgrade_expected()), outcome(shuffled, documents[0])) == ()


def test_missing_document():
    differences = compare(scenario(upgrade_expected()), outcome(upgrade_outcome().documents[0]))
    assert differences == (
        Difference(
            "invoice of 2026-04-16",
            "missing_document",
            "total 10.00: proration_credit basic [2026-04-16, 2026-05-01) -5.00; "
            "proration_charge pro [2026-04-16, 2026-05-01) 15.00",
            None,
        ),
    )
    assert str(differences[0]).startswith("invoice of 2026-04-16: expected but not issued (total 10.00: ")


def test_extra_document():
    extra = invoice("2026-04-20", line("recurring", "basic", "2026-04-20", "2026-05-20", "10.00"))
    differences = compare(scenario(upgrade_expected()), outcome(*upgrade_outcome().documents, extra))
    assert [(d.document, d.problem, d.expected) for d in differences] == [
        ("invoice of 2026-04-20", "extra_document", None)
    ]
    assert differences[0].actual == "total 10.00: recurring basic x1 [2026-04-20, 2026-05-20) 10.00"
    assert str(differences[0]) == (
        "invoice of 2026-04-20: issued but not expected (total 10.00: recurring basic x1 [2026-04-20, 2026-05-20) 10.00)"
    )


def test_total_differs_when_the_backend_states_another_total():
    first, second = upgrade_outcome().documents
    wrong_total = invoice("2026-04-16", *second.lines, stated_total="10.01")
    (difference,) = compare(scenario(upgrade_expected()), outcome(first, wrong_total))
    assert (difference.problem, difference.expected, difference.actual) == ("total_differs", "10.00", "10.01")
    assert difference.hint == "the lines match; the document's stated total disagrees with its lines (10.00)"
    assert str(difference).startswith("invoice of 2026-04-16: expected total 10.00, got 10.01: ")


def test_total_differs_follows_line_differences():
    expected = [
        expected_doc(
            "2026-04-16", "10.00", expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "10.00")
        )
    ]
    actual = outcome(invoice("2026-04-16", line("proration_charge", "pro", "2026-04-16", "2026-05-01", "11.00")))
    problems = [d.problem for d in compare(scenario(expected), actual)]
    assert problems == ["amount_differs", "total_differs"]


def test_documents_on_one_date_pair_exact_matches_first_then_by_issue_order():
    a = expected_doc("2026-04-16", "5.00", expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "5.00"))
    b = expected_doc("2026-04-16", "7.00", expected_line("proration_charge", "seat", "2026-04-16", "2026-05-01", "7.00"))
    issued_b = invoice("2026-04-16", line("proration_charge", "seat", "2026-04-16", "2026-05-01", "7.00"))
    issued_a_wrong = invoice("2026-04-16", line("proration_charge", "pro", "2026-04-16", "2026-05-01", "5.01"))
    differences = compare(scenario([a, b]), outcome(issued_b, issued_a_wrong))
    assert [(d.document, d.problem) for d in differences] == [
        ("invoice of 2026-04-16 (1st)", "amount_differs"),
        ("invoice of 2026-04-16 (1st)", "total_differs"),
    ]


def test_second_document_of_a_date_is_named_by_its_position():
    doc = expected_doc("2026-04-16", "5.00", expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "5.00"))
    issued = invoice("2026-04-16", line("proration_charge", "pro", "2026-04-16", "2026-05-01", "5.00"))
    (difference,) = compare(scenario([doc, doc]), outcome(issued))
    assert (difference.document, difference.problem) == ("invoice of 2026-04-16 (2nd)", "missing_document")


def test_document_dates_are_calendar_dates_in_the_pack_timezone():
    tz = "America/New_York"
    meta = pack_meta(tz=tz)
    expected = [
        expected_doc(
            "2026-04-15", "10.00", expected_line("recurring", "basic", "2026-04-15", "2026-05-15", "10.00", tz=tz)
        )
    ]
    late_evening = invoice(
        "2026-04-15T23:30:00-04:00", line("recurring", "basic", "2026-04-15", "2026-05-15", "10.00", tz=tz)
    )
    assert compare(scenario(expected, meta=meta), outcome(late_evening)) == ()

    # the same instant is April 16 in UTC: a UTC pack expects it on the 16th
    utc_expected = [
        expected_doc(
            "2026-04-16", "10.00", expected_line("recurring", "basic", "2026-04-15T04:00", "2026-05-15T04:00", "10.00")
        )
    ]
    assert compare(scenario(utc_expected), outcome(late_evening)) == ()


def test_a_document_dated_at_midnight_utc_in_a_new_york_pack_lands_on_the_day_before():
    tz = "America/New_York"
    expected = [
        expected_doc(
            "2026-04-16", "10.00", expected_line("recurring", "basic", "2026-04-16", "2026-05-16", "10.00", tz=tz)
        )
    ]
    utc_midnight = invoice(
        "2026-04-16T00:00:00+00:00", line("recurring", "basic", "2026-04-16", "2026-05-16", "10.00", tz=tz)
    )
    differences = compare(scenario(expected, meta=pack_meta(tz=tz)), outcome(utc_midnight))
    assert [(d.document, d.problem) for d in differences] == [
        ("invoice of 2026-04-15", "extra_document"),
        ("invoice of 2026-04-16", "missing_document"),
    ]
    assert differences[1].hint == (
        "dated 2026-04-16 in UTC but 2026-04-15 in America/New_York: dates in UTC instead of the pack's timezone?"
    )


def test_a_document_on_another_day_with_the_same_lines_is_pointed_at():
    expected = [expected_doc("2026-04-16", "5.00", expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "5.00"))]
    late = invoice("2026-04-17", line("proration_charge", "pro", "2026-04-16", "2026-05-01", "5.00"))
    differences = compare(scenario(expected), outcome(late))
    assert [d.hint for d in differences if d.problem == "missing_document"] == ["issued on 2026-04-17 instead?"]


def test_credit_notes_omitted_means_none_expected():
    note = credit_note("2026-04-16", line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"))
    differences = compare(scenario(upgrade_expected()), outcome(*upgrade_outcome().documents, note))
    assert [(d.document, d.problem) for d in differences] == [("credit note of 2026-04-16", "extra_document")]


def test_credit_notes_are_compared_with_credit_notes():
    expected_note = expected_doc(
        "2026-04-16", "-5.00", expected_line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")
    )
    charge = expected_doc("2026-04-16", "15.00", expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00"))
    issued = outcome(
        invoice("2026-04-16", line("proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00")),
        credit_note("2026-04-16", line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")),
    )
    assert compare(scenario([charge], [expected_note]), issued) == ()
    # the same documents, but the expectation wants no credit note and a negative line
    differences = compare(scenario([charge], []), issued)
    assert [d.problem for d in differences] == ["extra_document"]


def test_missing_negative_invoice_hints_that_it_was_dropped():
    expected = [
        expected_doc(
            "2026-04-16", "-5.00", expected_line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")
        )
    ]
    (difference,) = compare(scenario(expected), outcome())
    assert difference.problem == "missing_document"
    assert difference.hint == "a negative invoice total was dropped?"


def test_missing_negative_invoice_posted_as_a_credit_note_says_so():
    expected = [
        expected_doc(
            "2026-04-16", "-5.00", expected_line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")
        )
    ]
    note = credit_note("2026-04-16", line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00"))
    differences = compare(scenario(expected), outcome(note))
    assert [(d.problem, d.hint) for d in differences] == [
        ("missing_document", "issued as a credit note instead?"),
        ("extra_document", ""),
    ]


def test_a_missing_positive_invoice_gets_no_negative_total_hint():
    (difference,) = compare(scenario(upgrade_expected()[:1]), outcome())
    assert difference.hint == ""


def test_total_billed_alone_checks_only_the_sum():
    # invoices are not checked: a different split into documents is fine
    one_invoice = outcome(
        invoice(
            "2026-04-01",
            line("recurring", "basic", "2026-04-01", "2026-05-01", "10.00"),
            line("proration_charge", "pro", "2026-04-16", "2026-05-01", "10.00"),
        )
    )
    assert compare(scenario(total_billed="20.00"), one_invoice) == ()
    (difference,) = compare(scenario(total_billed="20.01"), one_invoice)
    assert difference == Difference(
        "total billed", "total_billed_differs", "20.01", "20.00", "rounding? (off by 0.01)"
    )
    assert str(difference) == "total billed: expected 20.01, got 20.00: rounding? (off by 0.01)"


def test_total_billed_counts_credit_notes():
    issued = outcome(
        invoice("2026-04-01", line("recurring", "basic", "2026-04-01", "2026-05-01", "10.00")),
        credit_note("2026-04-16", line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00")),
    )
    assert compare(scenario(total_billed="5.00"), issued) == ()
    (difference,) = compare(scenario(total_billed="10.00"), issued)
    assert difference.hint == "credit notes not counted? total billed includes credit-note totals"


def test_total_billed_with_invoices_checks_both():
    differences = compare(scenario(upgrade_expected(), total_billed="25.00"), upgrade_outcome())
    assert [(d.document, d.problem, d.expected, d.actual) for d in differences] == [
        ("total billed", "total_billed_differs", "25.00", "20.00")
    ]


def test_amounts_use_the_document_currency_minor_units():
    meta = pack_meta(currency="JPY")
    expected = [expected_doc("2026-04-16", "500", expected_line("proration_charge", "pro", "2026-04-16", "2026-05-01", "500"))]
    issued = outcome(
        invoice("2026-04-16", line("proration_charge", "pro", "2026-04-16", "2026-05-01", "501"), currency="JPY")
    )
    difference = compare(scenario(expected, meta=meta), issued)[0]
    assert (difference.expected, difference.actual) == (
        "proration_charge pro [2026-04-16, 2026-05-01) 500",
        "proration_charge pro x1 [2026-04-16, 2026-05-01) 501",
    )
    assert difference.hint == "rounding? (off by 1)"


def test_every_problem_is_declared():
    assert set(PROBLEMS) == {
        "missing_document",
        "extra_document",
        "total_differs",
        "missing_line",
        "extra_line",
        "amount_differs",
        "period_differs",
        "quantity_differs",
        "total_billed_differs",
    }

"""Each clarity rule on documents built straight from the model: one that
trips it, one that does not."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from harness.lint import RULES, lint
from harness.model import (
    Catalog,
    ChangePlan,
    ChangeQuantity,
    Document,
    DocumentKind,
    Event,
    Expectation,
    Interval,
    IntervalUnit,
    Line,
    LineKind,
    Outcome,
    PackMeta,
    Period,
    Plan,
    Policy,
    ProrationLines,
    Scenario,
    Start,
    StartItem,
)

UTC = ZoneInfo("UTC")
MONTH = Interval(IntervalUnit.MONTH)
CATALOG = Catalog({
    "basic": Plan("basic", "Basic", "USD", MONTH, amount=Decimal("10.00")),
    "pro": Plan("pro", "Pro", "USD", MONTH, amount=Decimal("30.00")),
    "api": Plan("api", "API calls", "USD", MONTH, unit_amount=Decimal("0.002")),
})
CREDIT = "Unused time on Basic (1 x 10.00/month), 16 Apr - 30 Apr 2026"
CHARGE = "Remaining time on Pro (1 x 30.00/month), 16 Apr - 30 Apr 2026"


def at(day: str, tz: ZoneInfo = UTC) -> datetime:
    moment = datetime.fromisoformat(day)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def scenario(*events: Event, policy: Policy = Policy(), tz: str = "UTC") -> Scenario:
    meta = PackMeta("core", "Core", "USD", tz, "ops", CATALOG, policy)
    return Scenario("upgrade-halfway", "Upgrade", meta, policy, Start(date(2026, 4, 1), (StartItem("basic"),),
                    date(2026, 4, 1)), tuple(events), Expectation())


UPGRADE = Event(at("2026-04-16"), ChangePlan("pro"), index=0)


def line(kind: str, amount: str, start: str = "2026-04-16", end: str = "2026-05-01", plan: str | None = "basic",
         description: str | None = CREDIT, quantity: str | None = "1") -> Line:
    return Line(LineKind(kind), Decimal(amount), Period(at(start), at(end)), plan,
                Decimal(quantity) if quantity is not None else None, description)


def doc(*lines: Line, kind: str = "invoice", currency: str = "USD", total: str | None = None, number: str = "",
        adjusts: str = "") -> Document:
    return Document(DocumentKind(kind), at("2026-04-16"), currency, lines, number=number,
                    stated_total=Decimal(total) if total is not None else None, adjusts=adjusts)


SIGNUP = doc(line("recurring", "10.00", "2026-04-01", "2026-05-01", description="Basic, 1 Apr - 30 Apr 2026"),
             number="INV-1")
CLEAR = doc(line("proration_credit", "-5.00"), line("proration_charge", "15.00", plan="pro", description=CHARGE),
            number="INV-2")


def found(*documents: Document, events: tuple[Event, ...] = (UPGRADE,), **kwargs) -> list[str]:
    return [str(finding) for finding in lint(scenario(*events, **kwargs), Outcome(documents))]


def test_clear_documents_have_no_findings() -> None:
    assert found(SIGNUP, CLEAR) == []


def test_rule_ids_are_short_kebab_case_slugs_and_unique() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)) >= 8
    for rule_id in ids:
        assert rule_id == rule_id.lower() and " " not in rule_id and len(rule_id) <= 30


# -- proration-period ----------------------------------------------------------

def test_a_proration_line_without_dates_is_named_by_position() -> None:
    bare = dataclasses.replace(CLEAR, lines=(line("proration_credit", "-5.00", description="Unused time on Basic (1 x 10.00)"),
                                              CLEAR.lines[1]))
    assert found(SIGNUP, bare) == [
        'proration-period: invoice 2 line 1 "Unused time on Basic (1 x 10.00)" does not say which dates it covers']


@pytest.mark.parametrize("words", [
    "Unused time on Basic (1 x 10.00), 16 Apr - 30 Apr 2026",
    "Unused time on Basic (1 x 10.00), Apr 16 - Apr 30, 2026",
    "Unused time on Basic (1 x 10.00), April 16th to April 30th",
    "Unused time on Basic (1 x 10.00), 2026-04-16 to 2026-04-30",
    "Unused time on Basic (1 x 10.00), 16.04.2026 - 01.05.2026",
    "Unused time on Basic (1 x 10.00), 16/04/2026 - 30/04/2026",
    "Unused time on Basic (1 x 10.00), 04/16/2026 - 04/30/2026",
])
def test_common_written_date_forms_are_understood(words: str) -> None:
    assert found(SIGNUP, doc(line("proration_credit", "-5.00", description=words),
                             line("proration_charge", "15.00", plan="pro", description=CHARGE))) == []


def test_a_missing_last_day_is_named() -> None:
    half = doc(line("proration_credit", "-5.00", description="Unused time on Basic (1 x 10.00) from 16 Apr 2026"),
               line("proration_charge", "15.00", plan="pro", description=CHARGE))
    assert found(SIGNUP, half) == ['proration-period: invoice 2 line 1 "Unused time on Basic (1 x 10.00) from 16 Apr '
                                   '2026" does not say the last day it covers (30 Apr 2026)']


def test_a_day_is_not_found_inside_another_number() -> None:
    # 1 May must not be read in "11 May", nor 16 Apr in "2016 Apr"
    wrong = doc(line("proration_credit", "-5.00", description="Unused time on Basic (1 x 10.00), 116 Apr - 11 May"),
                line("proration_charge", "15.00", plan="pro", description=CHARGE))
    assert [f.split(" does not")[1] for f in found(SIGNUP, wrong)] == [" say which dates it covers"]


def test_dates_are_calendar_days_of_the_packs_timezone() -> None:
    # 2026-04-15T22:00Z is 16 Apr in Berlin
    berlin = ZoneInfo("Europe/Berlin")
    credit = Line(LineKind.PRORATION_CREDIT, Decimal("-5.00"),
                  Period(at("2026-04-16", berlin), at("2026-05-01", berlin)), "basic", Decimal(1), CREDIT)
    assert found(SIGNUP, doc(credit, dataclasses.replace(credit, kind=LineKind.PRORATION_CHARGE, plan="pro",
                                                         amount=Decimal(15), description=CHARGE)),
                 events=(Event(at("2026-04-16", berlin), ChangePlan("pro")),), tz="Europe/Berlin") == []


# -- proration-subject ---------------------------------------------------------

def test_a_line_naming_neither_plan_nor_side_is_a_finding() -> None:
    vague = doc(line("proration_credit", "-5.00", description="Credit 16 Apr - 30 Apr 2026", quantity=None),
                CLEAR.lines[1])
    assert found(SIGNUP, vague) == [
        'proration-subject: invoice 2 line 1 "Credit 16 Apr - 30 Apr 2026" does not name the plan, state the quantity '
        'or say whether it is unused or remaining time']


def test_the_plan_by_id_and_a_quantity_in_words_are_enough() -> None:
    words = doc(line("proration_credit", "-5.00", quantity=None,
                     description="unused: 2 x basic, 16 Apr - 30 Apr 2026"), CLEAR.lines[1])
    assert found(SIGNUP, words) == []


def test_another_plans_name_does_not_count() -> None:
    other = doc(line("proration_credit", "-5.00", description="Unused time on Pro, 16 Apr - 30 Apr 2026"),
                CLEAR.lines[1])
    assert found(SIGNUP, other) == [
        'proration-subject: invoice 2 line 1 "Unused time on Pro, 16 Apr - 30 Apr 2026" does not name the plan']


# -- separate-debits-credits ---------------------------------------------------

NET = line("proration_charge", "10.00", plan="pro", description="Remaining time on Pro (net), 16 Apr - 30 Apr 2026")


def test_one_net_line_for_a_change_under_the_gross_policy() -> None:
    assert found(SIGNUP, doc(NET)) == [
        'separate-debits-credits: invoice 2 line 1 "Remaining time on Pro (net), 16 Apr - 30 Apr 2026" is the only '
        "line for the change on 16 Apr 2026: the credit for unused time and the charge for remaining time are not "
        "shown separately"]


def test_one_net_line_is_what_a_net_policy_asks_for() -> None:
    assert found(SIGNUP, doc(NET), policy=Policy(proration_lines=ProrationLines.NET)) == []


def test_a_credit_with_a_full_period_charge_on_the_same_invoice_is_separate() -> None:
    full = line("recurring", "30.00", "2026-04-01", "2026-05-01", plan="pro", description="Pro, 1 Apr - 30 Apr 2026")
    assert found(SIGNUP, doc(line("proration_credit", "-10.00"), full)) == []


def test_a_credit_and_a_charge_on_two_documents_are_separate() -> None:
    credit_note = doc(line("proration_credit", "-5.00"), kind="credit_note", adjusts="INV-1")
    charge = doc(line("proration_charge", "15.00", plan="pro", description=CHARGE))
    assert found(SIGNUP, charge, credit_note) == []


def test_a_credit_note_and_the_new_period_on_its_own_invoice_are_separate() -> None:
    """An interval change under `credits: credit_note`: the unused time is
    credited on a credit note, the new (yearly) period is charged in full on
    an invoice of its own, both starting on the day of the change."""
    credit_note = doc(line("proration_credit", "-5.00"), kind="credit_note", adjusts="INV-1")
    new_period = doc(line("recurring", "300.00", "2026-04-16", "2027-04-16", plan="pro",
                          description="Pro, 16 Apr 2026 - 15 Apr 2027"))
    assert found(SIGNUP, credit_note, new_period) == []
    later = doc(line("recurring", "300.00", "2026-05-01", "2027-05-01", plan="pro",
                     description="Pro, 1 May 2026 - 30 Apr 2027"))
    assert [finding.split(":")[0] for finding in found(SIGNUP, credit_note, later)] == ["separate-debits-credits"]


def test_an_adjustment_line_on_a_change_is_a_finding_under_any_policy() -> None:
    blended = doc(line("adjustment", "10.00", plan="pro", description="Adjustment"))
    expected = ['separate-debits-credits: invoice 2 line 1 "Adjustment" is one adjustment for the change on '
                "16 Apr 2026: the credit for unused time and the charge for remaining time are not shown separately"]
    assert found(SIGNUP, blended, policy=Policy(proration_lines=ProrationLines.NET)) == expected
    assert found(SIGNUP, blended, events=()) == []  # no change: an adjustment of something else


def test_a_seat_change_counts_as_a_change() -> None:
    seats = Event(at("2026-04-16"), ChangeQuantity(3))
    assert len(found(SIGNUP, doc(NET), events=(seats,))) == 1


# -- service-period ------------------------------------------------------------

def test_a_line_covering_no_time() -> None:
    empty = line("recurring", "10.00", "2026-04-16T12:00", "2026-04-16T12:00", description="Basic")
    assert found(doc(empty), events=()) == [
        'service-period: invoice 1 line 1 "Basic" covers no time: it starts and ends on 16 Apr 2026 12:00']


def test_a_line_ending_before_it_starts() -> None:
    backwards = line("recurring", "10.00", "2026-05-01", "2026-04-01", description="Basic")
    assert found(doc(backwards), events=()) == [
        'service-period: invoice 1 line 1 "Basic" ends (1 Apr 2026) before it starts (1 May 2026)']


# -- totals-match --------------------------------------------------------------

def test_a_stated_total_that_is_not_the_sum_of_the_lines() -> None:
    assert found(dataclasses.replace(CLEAR, stated_total=Decimal("0.00")), events=()) == [
        "totals-match: invoice 1 states a total of 0.00 USD but its lines add up to 10.00 USD"]
    assert found(dataclasses.replace(CLEAR, stated_total=Decimal("10.0")), events=()) == []


# -- currency-minor-units ------------------------------------------------------

def test_fractional_yen() -> None:
    yen = doc(line("recurring", "466.67", plan=None, description="Pro, 16 Apr - 30 Apr"), currency="JPY",
              total="466.67")
    assert found(yen, events=()) == [
        'currency-minor-units: invoice 1 line 1 "Pro, 16 Apr - 30 Apr" amount 466.67 JPY is finer than JPY allows '
        "(no decimals)",
        "currency-minor-units: invoice 1 total 466.67 JPY is finer than JPY allows (no decimals)"]


@pytest.mark.parametrize(("currency", "amount"), [("JPY", "467"), ("JPY", "467.00"), ("KWD", "8.129"), ("USD", "5")])
def test_amounts_a_currency_can_hold(currency: str, amount: str) -> None:
    assert found(doc(line("recurring", amount, description="x"), currency=currency), events=()) == []


def test_three_decimals_of_dollars_and_an_unknown_currency() -> None:
    assert found(doc(line("recurring", "5.005", description="x")), events=()) == [
        'currency-minor-units: invoice 1 line 1 "x" amount 5.005 USD is finer than USD allows (2 decimals)']
    assert found(doc(line("recurring", "5", description="x"), currency="XYZ"), events=()) == [
        "currency-minor-units: invoice 1 is in 'XYZ', which is not an ISO 4217 currency"]


# -- credit-note-reference -----------------------------------------------------

def test_a_credit_note_that_names_no_invoice() -> None:
    note = doc(line("recurring", "-10.00", description="Basic, 16 Apr - 30 Apr 2026"), kind="credit_note")
    assert found(SIGNUP, note, events=()) == ["credit-note-reference: credit note 1 does not say which invoice it adjusts"]


def test_a_credit_note_naming_an_invoice_the_backend_did_not_issue() -> None:
    note = doc(line("recurring", "-10.00", description="Basic, 16 Apr - 30 Apr 2026"), kind="credit_note",
               adjusts="INV-9")
    assert found(SIGNUP, note, events=()) == [
        "credit-note-reference: credit note 1 names an invoice it adjusts that is not one of the customer's invoices"]
    assert found(SIGNUP, dataclasses.replace(note, adjusts="INV-1"), events=()) == []
    # a backend that does not number its invoices cannot be checked further
    assert found(dataclasses.replace(SIGNUP, number=""), note, events=()) == []


# -- usage-separate ------------------------------------------------------------

def test_a_metered_plan_on_a_subscription_line() -> None:
    recurring = line("recurring", "3.00", "2026-04-01", "2026-05-01", plan="api", description="API calls")
    assert found(doc(recurring), events=()) == [
        'usage-separate: invoice 1 line 1 "API calls" bills the metered plan API calls as a subscription line, '
        "not as a usage line"]


def test_usage_lines_only_for_metered_plans() -> None:
    usage = line("usage", "10.00", "2026-04-01", "2026-05-01", plan="api", quantity="5000",
                 description="API calls: 5000 x 0.002, 1 Apr - 30 Apr 2026")
    assert found(doc(usage), events=()) == []
    assert found(doc(dataclasses.replace(usage, plan="basic")), events=()) == [
        'usage-separate: invoice 1 line 1 "API calls: 5000 x 0.002, 1 Apr - 30 Apr 2026" is a usage line for Basic, '
        "which is not metered"]

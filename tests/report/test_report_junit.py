"""to_junit: parses, one testcase per scenario, the right child per status."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from runs import core_run, small_run

from harness.report import to_junit


def test_parses_with_one_testcase_per_scenario():
    root = ET.fromstring(to_junit([core_run()]))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "core"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("5", "1", "1", "1")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("core", "upgrade-halfway"),
        ("core", "credit-rounding"),
        ("core", "seat-increase"),
        ("core", "anchor-change"),
        ("core", "cancel-immediately"),
    ]
    assert suite.find("properties/property[@name='backend']").get("value") == "reference"


def test_status_elements():
    cases = {c.get("name"): c for c in ET.fromstring(to_junit([core_run()])).iter("testcase")}
    assert list(cases["upgrade-halfway"]) == []

    (failure,) = cases["credit-rounding"]
    assert failure.tag == "failure"
    assert failure.get("message").startswith("2 differences: invoice of 2026-04-16: expected proration_credit basic -5.02")
    assert failure.text.splitlines() == [
        "invoice of 2026-04-16: expected proration_credit basic -5.02, got -5.03: rounding half_up vs half_even or down?",
        "invoice of 2026-04-16: expected total -5.02, got -5.03",
    ]

    (skipped,) = cases["seat-increase"]
    assert (skipped.tag, skipped.get("message")) == ("skipped", "backend has no seats")

    (out,) = cases["anchor-change"]
    assert out.tag == "system-out"
    assert out.text.startswith("known deviation: anchor changes are not invoiced (issue #12)\n")

    (error,) = cases["cancel-immediately"]
    assert (error.tag, error.get("message")) == ("error", "RuntimeError: connection refused")


def test_one_suite_per_pack():
    root = ET.fromstring(to_junit([small_run("core"), small_run("edge")]))
    assert [s.get("name") for s in root.findall("testsuite")] == ["core", "edge"]
    assert root.get("tests") == "2"
    assert [c.get("classname") for c in root.iter("testcase")] == ["core", "edge"]


def test_junit_text_snapshot(snapshot):
    assert to_junit([core_run()]) == snapshot

"""to_json: the exact shape, strings for amounts, several packs."""

from __future__ import annotations

import json

from runs import core_run, small_run

from harness.report import to_json

ROUNDING_NOTE = {
    "document": "invoice of 2026-04-16",
    "problem": "amount_differs",
    "expected": "proration_credit basic [2026-04-16, 2026-05-01) -5.02",
    "actual": "proration_credit basic x1 [2026-04-16, 2026-05-01) -5.03",
    "hint": "rounding half_up vs half_even or down?",
    "message": "invoice of 2026-04-16: expected proration_credit basic -5.02, got -5.03: "
    "rounding half_up vs half_even or down?",
}
TOTAL_NOTE = {
    "document": "invoice of 2026-04-16",
    "problem": "total_differs",
    "expected": "-5.02",
    "actual": "-5.03",
    "hint": "",
    "message": "invoice of 2026-04-16: expected total -5.02, got -5.03",
}
MISSING_NOTE = {
    "document": "invoice of 2026-04-16",
    "problem": "missing_document",
    "expected": "total 10.00: proration_credit basic [2026-04-16, 2026-05-01) -5.00; "
    "proration_charge pro [2026-04-16, 2026-05-01) 15.00",
    "actual": None,
    "hint": "",
    "message": "invoice of 2026-04-16: expected but not issued (total 10.00: "
    "proration_credit basic [2026-04-16, 2026-05-01) -5.00; proration_charge pro [2026-04-16, 2026-05-01) 15.00)",
}


def test_one_run_shape_exactly():
    assert to_json([core_run()]) == {
        "pack": "core",
        "backend": "reference",
        "summary": {"passed": 1, "failed": 1, "not_applicable": 1, "deviations": 1, "errors": 1},
        "scenarios": [
            {"id": "upgrade-halfway", "status": "passed", "differences": [], "lint": [], "detail": ""},
            {"id": "credit-rounding", "status": "failed", "differences": [ROUNDING_NOTE, TOTAL_NOTE], "lint": [], "detail": ""},
            {"id": "seat-increase", "status": "not_applicable", "differences": [], "lint": [], "detail": "backend has no seats"},
            {
                "id": "anchor-change",
                "status": "deviation",
                "differences": [MISSING_NOTE],
                "lint": [],
                "detail": "anchor changes are not invoiced (issue #12)",
            },
            {
                "id": "cancel-immediately",
                "status": "error",
                "differences": [],
                "lint": [],
                "detail": "RuntimeError: connection refused",
            },
        ],
    }


def test_serialises_without_floats():
    text = json.dumps(to_json([core_run()]))
    assert json.loads(text) == to_json([core_run()])

    def no_floats(value):
        if isinstance(value, dict):
            return all(no_floats(v) for v in value.values())
        if isinstance(value, list):
            return all(no_floats(v) for v in value)
        return not isinstance(value, float)

    assert no_floats(json.loads(text))


def test_several_packs_list_names_and_tag_scenarios():
    report = to_json([small_run("core"), small_run("edge")])
    assert report == {
        "pack": ["core", "edge"],
        "backend": "reference",
        "summary": {"passed": 2, "failed": 0, "not_applicable": 0, "deviations": 0, "errors": 0},
        "scenarios": [
            {"id": "upgrade-halfway", "status": "passed", "differences": [], "lint": [], "detail": "", "pack": "core"},
            {"id": "upgrade-halfway", "status": "passed", "differences": [], "lint": [], "detail": "", "pack": "edge"},
        ],
    }


def test_several_backends_tag_scenarios_with_the_backend():
    report = to_json([small_run("core", "reference"), small_run("core", "localstripe")])
    assert report["pack"] == "core"
    assert report["backend"] == ["reference", "localstripe"]
    assert [s["backend"] for s in report["scenarios"]] == ["reference", "localstripe"]
    assert all("pack" not in s for s in report["scenarios"])


def test_no_runs():
    assert to_json([]) == {
        "pack": [],
        "backend": [],
        "summary": {"passed": 0, "failed": 0, "not_applicable": 0, "deviations": 0, "errors": 0},
        "scenarios": [],
    }

"""-k expressions: substrings of id, tags and title; and/or/not/parentheses."""

from __future__ import annotations

import pytest
from factories import scenario

from harness.runner import select

SCENARIOS = (
    scenario(id="upgrade-halfway", title="Upgrade Basic to Pro halfway", tags=("upgrade",)),
    scenario(id="downgrade-next-period", title="Downgrade waits for renewal", tags=("downgrade",)),
    scenario(id="seats-up", title="Add two seats mid-cycle", tags=("seats", "quantity", "upgrade")),
    scenario(id="anchor-jan31", title="Anchor on the 31st clamps", tags=("edge", "anchor:eom")),
    scenario(id="yearly.v2", title="Monthly to yearly", tags=("interval_change",)),
)


def ids(keyword):
    return [s.id for s in select(SCENARIOS, keyword)]


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        (None, ["upgrade-halfway", "downgrade-next-period", "seats-up", "anchor-jan31", "yearly.v2"]),
        ("", ["upgrade-halfway", "downgrade-next-period", "seats-up", "anchor-jan31", "yearly.v2"]),
        ("   ", ["upgrade-halfway", "downgrade-next-period", "seats-up", "anchor-jan31", "yearly.v2"]),
        ("upgrade", ["upgrade-halfway", "seats-up"]),  # id, title or tag
        ("grade", ["upgrade-halfway", "downgrade-next-period", "seats-up"]),  # substrings
        ("UPGRADE", ["upgrade-halfway", "seats-up"]),  # case-insensitive
        ("grade and not downgrade", ["upgrade-halfway", "seats-up"]),
        ("halfway or anchor", ["upgrade-halfway", "anchor-jan31"]),
        ("renewal", ["downgrade-next-period"]),  # title
        ("quantity", ["seats-up"]),  # tag
        ("anchor:eom", ["anchor-jan31"]),  # ':' in identifiers
        ("yearly.v2", ["yearly.v2"]),  # '.' in identifiers
        ("interval_change", ["yearly.v2"]),  # '_' in identifiers
        ("not upgrade", ["downgrade-next-period", "anchor-jan31", "yearly.v2"]),
        ("not not seats", ["seats-up"]),
        ("(halfway or seats) and not quantity", ["upgrade-halfway"]),
        ("halfway or seats and not quantity", ["upgrade-halfway"]),  # and binds tighter than or
        ("not (edge or upgrade) and yearly", ["yearly.v2"]),
        ("((seats))", ["seats-up"]),
        ("nothing-matches", []),
        ("not-a-keyword", []),  # one identifier, not "not" followed by something
    ],
)
def test_select(keyword, expected):
    assert ids(keyword) == expected


@pytest.mark.parametrize(
    ("keyword", "message"),
    [
        ("and", "expected an identifier, 'not' or '(', got 'and' at column 1"),
        ("upgrade and", "expected an identifier, 'not' or '(', got end of input"),
        ("upgrade or or seats", "got 'or' at column 12"),
        ("not", "got end of input"),
        ("(upgrade", "expected ')', got end of input"),
        ("upgrade)", "expected 'and', 'or' or end of input, got ')' at column 8"),
        ("upgrade seats", "expected 'and', 'or' or end of input, got 'seats' at column 9"),
        ("()", "got ')' at column 2"),
        ("upgrade & seats", "unexpected character '&' at column 9"),
        ("upgrade,", "unexpected character ','"),
    ],
)
def test_malformed_expression(keyword, message):
    with pytest.raises(ValueError, match="invalid -k expression") as raised:
        select(SCENARIOS, keyword)
    assert message in str(raised.value)
    assert repr(keyword) in str(raised.value)

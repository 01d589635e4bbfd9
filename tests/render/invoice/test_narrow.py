"""Cells measured without wcwidth (text.NARROW) lay out as tabulate lays them out."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from tabulate import tabulate
from wcwidth import wcswidth, wcwidth

from harness.render.invoice import text
from harness.render.invoice.text import ALIGN, HEADERS, NARROW


def test_every_narrow_character_is_one_column_for_wcwidth():
    assert {char: wcwidth(char) for char in NARROW} == {char: 1 for char in NARROW}


def test_a_period_with_its_dash_is_measured_as_wcwidth_measures_it():
    cell = "Jan 30 \u2013 Feb 16, 2026 \u20ac5 \u00a512"
    assert text._display_width(cell) == wcswidth(cell) == len(cell)


def test_a_narrow_character_beside_a_wide_one_still_goes_to_wcwidth():
    assert text._display_width("\u2013\u4e2d") == wcswidth("\u2013\u4e2d") == 3


_CELL = st.text(st.one_of(st.characters(codec="ascii"), st.sampled_from(sorted(NARROW) + ["\u4e2d", "\u0301"])),
                max_size=12).map(text._one_line)
_ROW = st.tuples(st.integers(1, 999).map(str), *[_CELL] * (len(ALIGN) - 1)).map(list)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, max_size=5))
def test_tables_of_narrow_characters_are_tabulates(rows):
    rows = [list(HEADERS), *rows]
    expected = tabulate(rows, colalign=ALIGN, disable_numparse=True, tablefmt="plain").splitlines()
    assert text._plain_table(rows) == expected

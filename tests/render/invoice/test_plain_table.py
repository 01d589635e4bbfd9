"""The invoice table's own layout against tabulate's `plain` layout, its
reference: any one-line cells, ASCII or not (wide, combining, zero-width,
control characters, terminal escapes), lay out the same."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from tabulate import tabulate

from harness.render.invoice import text
from harness.render.invoice.text import ALIGN, HEADERS

# cells as the renderer makes them: one line, single spaces, stripped
_CHARS = st.one_of(
    st.characters(codec="ascii"),
    st.sampled_from("\u2013\u00a0€¥Ωé\u0301\u200b\u4e2d\u6587\uff21\u00ad\x07\x1b[1m\x1b[0m"),
    st.characters(),
)
_CELL = st.text(_CHARS, max_size=12).map(text._one_line)
# the renderer's rows: the header, then each line's number and its fields
_ROW = st.tuples(st.integers(1, 999).map(str), *[_CELL] * (len(ALIGN) - 1)).map(list)
_ROWS = st.lists(_ROW, max_size=5).map(lambda rows: [list(HEADERS), *rows])


def _tabulate(rows: list[list[str]]) -> list[str]:
    return tabulate(rows, colalign=ALIGN, disable_numparse=True, tablefmt="plain").splitlines()


@settings(max_examples=300, deadline=None)
@given(_ROWS)
def test_the_layout_is_tabulates(rows):
    assert text._plain_table(rows) == _tabulate(rows)


def test_wide_characters_are_padded_by_display_width():
    rows = [list(HEADERS), ["1", "\u4e2d\u6587", "pro", "p", "1", "$1", "$1"], ["22", "ab", "x", "p", "1", "$1", "$10"]]
    laid_out = text._plain_table(rows)
    assert laid_out == _tabulate(rows)
    # the two CJK characters take four columns: "ab" is padded to four
    assert laid_out[2].startswith("22  ab    x")

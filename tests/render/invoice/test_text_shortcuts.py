"""The text layout's shortcuts give what the longer way gives: a row's widths
measured at once, the one-column test as one match, a text that fits on one
line not handed to textwrap."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings, strategies as st

from harness.render.invoice import text
from harness.render.invoice.text import NARROW, WIDTH

_CHARS = st.one_of(
    st.characters(codec="ascii"),
    st.sampled_from(sorted(NARROW) + ["\u4e2d", "\u0301", "\u00a0", "\x1b", "\x7f", "\u200b", "\t"]),
    st.characters(),
)
_CELL = st.text(_CHARS, max_size=12)


def _one_column_each(cell: str) -> bool:
    """The test as it was written before it became one match."""
    return cell.isprintable() and (cell.isascii() or cell.translate(str.maketrans(dict.fromkeys(NARROW))).isascii())


@settings(max_examples=500, deadline=None)
@given(_CELL)
def test_the_one_column_match_is_printable_ascii_or_narrow(cell):
    assert bool(text._ONE_COLUMN_EACH.fullmatch(cell)) == _one_column_each(cell)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=7))
def test_a_rows_widths_are_its_cells_widths(row):
    assert text._row_widths(row) == [text._display_width(cell) for cell in row]


def test_a_row_with_one_wide_cell_is_measured_cell_by_cell():
    assert text._row_widths(["1", "\u4e2d\u6587", "a \u2013 b"]) == [1, 4, 5]
    assert text._row_widths(["1", "\x1b[1m"]) == [1, -1]


_WORD = st.text(st.characters(codec="ascii", categories=["L", "N", "P"]), min_size=1, max_size=30)
_LONG_WORD = st.text(st.sampled_from("ab-/."), min_size=90, max_size=130)  # longer than a line
_TEXT = st.lists(st.one_of(_WORD, _WORD, _WORD, _LONG_WORD), max_size=40).map(" ".join)
_INDENTS = st.sampled_from([("  ", "     "), ("   ", "   "), ("", ""), (" " * 12, " " * 12)])


def _textwrap(text_: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text_, WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


@settings(max_examples=500, deadline=None)
@given(_TEXT, _INDENTS)
def test_wrapping_is_textwraps(words, indents):
    assert text._wrap(words, *indents) == _textwrap(words, *indents)


@settings(max_examples=200, deadline=None)
@given(st.text(_CHARS, max_size=300), _INDENTS)
def test_wrapping_any_text_made_one_line_is_textwraps(raw, indents):
    assert text._wrap(raw, *indents) == _textwrap(text._one_line(raw), *indents)


@pytest.mark.parametrize("width", [WIDTH - 2, WIDTH - 1, WIDTH, WIDTH + 1])
def test_a_word_ending_at_the_last_column_stays_on_the_line(width):
    words = "x" * 50 + " " + "y" * (width - 2 - 51)  # "  " + 50 x, a space, the rest y
    assert text._wrap(words + " z", "  ", "  ") == _textwrap(words + " z", "  ", "  ")


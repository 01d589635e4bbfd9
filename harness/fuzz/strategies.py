"""Hypothesis strategies for whole scenarios: a catalog, a policy, a start and
a sequence of events, all valid by construction.

A scenario is one `bytes` draw (its genome) decoded deterministically by
`harness.fuzz.genome`: hypothesis spends its time on one draw per example
instead of some eighty, and shrinking the bytes (shorter, towards zeros)
shrinks the scenario (fewer events, simpler choices). What a backend cannot
express (its declared capabilities, through `Shape`) is never decoded, so a
budget is spent on scenarios it can run."""

from __future__ import annotations

from functools import partial

from hypothesis import strategies as st

from harness.fuzz.genome import AWKWARD_DAYS, AWKWARD_PRICES, CURRENCIES, Shape, decode, plan

__all__ = ["AWKWARD_DAYS", "AWKWARD_PRICES", "CURRENCIES", "Shape", "decode", "genomes", "plan", "scenarios"]


def genomes(shape: Shape = Shape()) -> st.SearchStrategy[bytes]:
    """Genomes of `shape`: a fixed header and one to max_events event slots."""
    least, most = shape.sizes
    return st.binary(min_size=least, max_size=most)


def scenarios(shape: Shape = Shape(), pack_name: str = "fuzz", timezone: str = "UTC") -> st.SearchStrategy:
    """A whole scenario (expectations empty: the reference engine supplies them)."""
    return genomes(shape).map(partial(decode, shape=shape, pack_name=pack_name, timezone=timezone))

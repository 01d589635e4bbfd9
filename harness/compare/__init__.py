"""Compare what a backend issued with what a scenario expects (spec 3.2).

    differences = compare(scenario, outcome)   # () when everything matches
    for difference in differences:
        print(difference)   # "invoice of 2026-04-16: expected proration_credit basic -5.02, got -5.03: rounding half_up vs half_even?"
"""

from harness.compare.core import compare
from harness.compare.difference import PROBLEMS, Difference

__all__ = ["PROBLEMS", "Difference", "compare"]

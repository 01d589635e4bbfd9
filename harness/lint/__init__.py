"""Invoice clarity: can support explain each line of a backend's documents
without rebuilding the math? Rules over any backend's Outcome, with the
Scenario for context; findings are plain sentences naming the document and
line by position. docs/lint.md has one section per rule.

    findings = lint(scenario, outcome)
    [str(f) for f in findings]   # ['proration-period: invoice 2 line 1 "Unused time" does not say ...']
"""

from harness.lint.core import RULES, Rule, lint
from harness.lint.finding import Finding

__all__ = ["RULES", "Finding", "Rule", "lint"]

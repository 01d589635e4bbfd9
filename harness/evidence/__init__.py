"""Facts finance signs off on, computed from a pack and a run: each scenario's
change type, a digest of what a backend produced, the decision matrix in
words, the reconciliation by change type and the coverage matrix. No files, no formatting: report writers, the sign-off log and the CI
gate all read these, so they agree on what a figure means.

Layer: above the runner (it reads `RunResult`), below render/report/signoff."""

from harness.evidence.change_types import CHANGE_TYPES, change_type, change_types
from harness.evidence.coverage import Coverage, CoverageCell, coverage
from harness.evidence.decision_matrix import DecisionRow, decision_matrix
from harness.evidence.digest import ResultsDigest, results_digest
from harness.evidence.reconciliation import ReconciliationRow, reconciliation

__all__ = [
    "CHANGE_TYPES",
    "Coverage",
    "CoverageCell",
    "DecisionRow",
    "ReconciliationRow",
    "ResultsDigest",
    "change_type",
    "change_types",
    "coverage",
    "decision_matrix",
    "reconciliation",
    "results_digest",
]

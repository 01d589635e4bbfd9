"""Run scenario packs on a backend: select (`-k`), run, compare, report events.

    run = run_pack(pack, ReferenceBackend(), keyword="upgrade and not seat",
                   listeners=[print])
    run.summary   # {"passed": 3, "failed": 0, "not_applicable": 0, "deviations": 0, "errors": 0}
"""

from harness.runner.core import (
    Listener,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    backend_name,
    one_line,
    run_pack,
    run_pack_with,
    run_scenario,
)
from harness.runner.keyword import compile_keyword, select
from harness.runner.ledger import LedgerChanges, LintPins, judge, lint_pins, linted, observed, updated_ledger
from harness.runner.results import RunResult, ScenarioResult, Status, summarize

__all__ = [
    "LedgerChanges",
    "LintPins",
    "Listener",
    "RunFinished",
    "RunResult",
    "RunStarted",
    "ScenarioFinished",
    "ScenarioResult",
    "Status",
    "backend_name",
    "judge",
    "compile_keyword",
    "lint_pins",
    "linted",
    "observed",
    "one_line",
    "run_pack",
    "run_pack_with",
    "run_scenario",
    "select",
    "summarize",
    "updated_ledger",
]

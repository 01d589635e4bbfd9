"""Run scenario packs on a backend: select (`-k`), run, compare, report events.

    run = run_pack(pack, ReferenceBackend(), keyword="upgrade and not seat",
                   listeners=[print])
    run.summary   # {"passed": 3, "failed": 0, "not_applicable": 0, "deviations": 0, "errors": 0}
"""

from harness.runner.core import (
    Listener,
    RunFinished,
    RunResult,
    RunStarted,
    ScenarioFinished,
    ScenarioResult,
    Status,
    backend_name,
    one_line,
    run_pack,
    run_scenario,
    summarize,
)
from harness.runner.keyword import compile_keyword, select

__all__ = [
    "Listener",
    "RunFinished",
    "RunResult",
    "RunStarted",
    "ScenarioFinished",
    "ScenarioResult",
    "Status",
    "backend_name",
    "compile_keyword",
    "one_line",
    "run_pack",
    "run_scenario",
    "select",
    "summarize",
]

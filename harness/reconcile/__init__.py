"""Reconciling a billing system's real exports with the signed policy.

`reconcile(pack, events, lines, mapping)` replays every subscription's events
through the reference engine (once per distinct timeline) and compares, in
DuckDB, the lines the policy says with the lines that were posted: totals by
change type and currency, and the largest discrepancies by subscription.
`synthetic` writes realistic exports with injected billing errors;
`distributed` spreads the replay over a Dask cluster (docs/scaling.md).
This layer reads files (through DuckDB) but formats nothing: report writers
turn a `Reconciliation` into text."""

from harness.reconcile.compare import Discrepancy, ReconcileRow
from harness.reconcile.mapping import Mapping, MappingError, load_mapping, shipped_names
from harness.reconcile.run import Reconciliation, money_text, reconcile
from harness.reconcile.sources import InputError

__all__ = [
    "Discrepancy",
    "InputError",
    "Mapping",
    "MappingError",
    "ReconcileRow",
    "Reconciliation",
    "load_mapping",
    "money_text",
    "reconcile",
    "shipped_names",
]

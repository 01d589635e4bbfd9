"""Golden invoices: the rendered text of every document a backend issued for
each scenario, kept in `golden_invoices/<backend>/<pack>/<scenario>.txt` so a
reviewer reads an invoice diff in a pull request.

Storage knows no pytest: paths (`paths`), normalising volatile vendor values
(`normalise`), compare and update (`store`), and the text of a run
(`produce`) serve `prorata golden` and the syrupy extension
(`harness.golden.syrupy_extension`, imported only by tests) alike."""

from harness.golden.normalise import VolatilePatternError, compile_volatile, normalise
from harness.golden.paths import FOLDER, SUFFIX, golden_folder, golden_path, golden_root, label, on_disk
from harness.golden.produce import LOCALE, applicable, golden_extra, golden_text, goldens_of, rendered_golden, volatile_of
from harness.golden.store import Change, ChangeKind, Goldens, apply, changes, read_golden, stale, write_golden

__all__ = [
    "FOLDER",
    "LOCALE",
    "SUFFIX",
    "Change",
    "ChangeKind",
    "Goldens",
    "VolatilePatternError",
    "applicable",
    "apply",
    "changes",
    "compile_volatile",
    "golden_extra",
    "golden_folder",
    "golden_path",
    "golden_root",
    "golden_text",
    "goldens_of",
    "label",
    "normalise",
    "on_disk",
    "read_golden",
    "rendered_golden",
    "stale",
    "volatile_of",
    "write_golden",
]

"""The syrupy extension that reads and writes golden invoices in place:
`golden_invoices/<backend>/<pack>/<scenario>.txt`, not `__snapshots__/`.

A golden test is parametrized with an argument named `golden_case` whose
value has a `path` (harness.golden.golden_path); the extension takes the
file's folder and name from it. Reading and writing go through
harness.golden.store, so `pytest --snapshot-update` writes the same bytes as
`prorata golden update`. Only tests import this module: syrupy is a test
dependency, and the CLI never loads it."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from harness.golden.paths import SUFFIX
from harness.golden.store import read_golden, write_golden

PARAM = "golden_case"


class GoldenInvoiceExtension(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = SUFFIX.removeprefix(".")

    @classmethod
    def golden_of(cls, test_location: Any) -> Path | None:
        """The golden file of a test location; None for tests that are not
        golden cases (syrupy asks about every collected test file)."""
        params = getattr(getattr(test_location.item, "callspec", None), "params", {})
        case = params.get(PARAM)
        return None if case is None else Path(case.path)

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        path = cls.golden_of(test_location)
        return str(path.parent) if path is not None else super().dirname(test_location=test_location)

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
        path = cls.golden_of(test_location)
        if path is None:
            return super().get_snapshot_name(test_location=test_location, index=index)
        return path.name.removesuffix(SUFFIX)

    @classmethod
    def matches_test_location(cls, *, test_location: Any, snapshot_location: str) -> bool:
        path = cls.golden_of(test_location)
        if path is None:
            return super().matches_test_location(test_location=test_location, snapshot_location=snapshot_location)
        return path == Path(snapshot_location)

    def read_snapshot_data_from_location(self, *, snapshot_location: str, snapshot_name: str,
                                         session_id: str) -> str | None:
        return read_golden(Path(snapshot_location))

    @classmethod
    def write_snapshot(cls, *, snapshot_location: str, snapshots: list, name_order: Any = None) -> None:
        # syrupy warns when a snapshot's name does not start with the test's
        # name; a golden is named after its scenario on purpose.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"\s*Can not relate snapshot name")
            super().write_snapshot(snapshot_location=snapshot_location, snapshots=snapshots, name_order=name_order)

    @classmethod
    def write_snapshot_collection(cls, *, snapshot_collection: Any, name_order: Any = None) -> None:
        write_golden(Path(snapshot_collection.location), next(iter(snapshot_collection)).data)

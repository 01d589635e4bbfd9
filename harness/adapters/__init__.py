"""Backends behind one contract (`Backend.run(scenario) -> Outcome`), and the two
errors a backend raises on purpose (`BackendUnavailable`, `NotApplicable`)."""

from harness.adapters.base import Backend
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.adapters.reference import ReferenceBackend

BACKENDS: dict[str, type] = {"reference": ReferenceBackend}


def get_backend(name: str) -> Backend:
    return BACKENDS[name]()


__all__ = ["BACKENDS", "Backend", "BackendUnavailable", "NotApplicable", "ReferenceBackend", "get_backend"]

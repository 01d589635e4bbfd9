"""Backends behind one contract (`Backend.run(scenario) -> Outcome`)."""

from harness.adapters.base import Backend
from harness.adapters.reference import ReferenceBackend

BACKENDS: dict[str, type] = {"reference": ReferenceBackend}


def get_backend(name: str) -> Backend:
    return BACKENDS[name]()


__all__ = ["BACKENDS", "Backend", "ReferenceBackend", "get_backend"]

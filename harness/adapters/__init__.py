"""Backends behind one contract (`Backend.run(scenario) -> Outcome`), the
`Adapter` base the shipped ones share, and the two errors a backend raises on
purpose (`BackendUnavailable`, `NotApplicable`).

Adapters are imported by name only when asked for, so a missing optional
dependency (the stripe SDK, larzsubscription) costs nothing until that backend
is used, and then says which extra to install."""

from __future__ import annotations

import importlib

from harness.adapters.base import (
    Adapter,
    Availability,
    Backend,
    BackendOptionError,
    Capabilities,
    Limit,
    opened,
    unsupported,
)
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.adapters.reference import ReferenceBackend

#: name -> "module:Class" (or the class itself, for backends registered at run
#: time), in the order `prorata backends` lists them.
BACKENDS: dict[str, str | type] = {
    "reference": "harness.adapters.reference:ReferenceBackend",
    "localstripe": "harness.adapters.localstripe:LocalstripeBackend",
    "stripe": "harness.adapters.stripe_test:StripeTestBackend",
    "silver": "harness.adapters.silver:SilverBackend",
    "larz": "harness.adapters.larz:LarzBackend",
    "command": "harness.adapters.contract:CommandBackend",
    "http": "harness.adapters.contract:HttpBackend",
    "pdf": "harness.adapters.pdf:PdfBackend",
}


def backend_class(name: str) -> type[Adapter]:
    """The adapter class registered as `name`. KeyError for an unknown name;
    BackendUnavailable when its module cannot be imported (a missing extra)."""
    target = BACKENDS[name]
    if isinstance(target, type):
        return target
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise BackendUnavailable(
            f"its dependencies are not installed ({error}); "
            f"install them with: python3 -m pip install 'proration-harness[{name}]'"
        ) from error
    try:
        return getattr(module, class_name)
    except AttributeError:
        raise BackendUnavailable(f"{module_name} defines no {class_name}: the installation is broken") from None


def get_backend(name: str, options: dict[str, str] | None = None) -> Adapter:
    """A new, not yet started adapter: use it as a context manager."""
    return backend_class(name)(**(options or {}))


__all__ = [
    "Adapter",
    "Availability",
    "BACKENDS",
    "Backend",
    "BackendOptionError",
    "BackendUnavailable",
    "Capabilities",
    "Limit",
    "NotApplicable",
    "ReferenceBackend",
    "backend_class",
    "get_backend",
    "opened",
    "unsupported",
]

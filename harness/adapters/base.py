"""The one-method contract every billing backend implements.

Like a transport in httpx: a backend takes one loaded scenario (its merged
policy and the pack's catalog travel with it) and returns the documents it
produced, normalised to the harness's model. Everything else — comparison,
reporting, ledgers — is built on top and knows no backend."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from harness.model import Outcome, Scenario


@runtime_checkable
class Backend(Protocol):
    name: str

    def run(self, scenario: Scenario) -> Outcome:
        """Issue every document of `scenario` up to its horizon."""
        ...

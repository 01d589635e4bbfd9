"""Errors the reference semantics raise for a scenario they cannot run.

They carry the event and the field at fault so the loader can point at the
YAML line; they are load errors (exit 2), never test failures."""

from __future__ import annotations


class ScenarioError(ValueError):
    def __init__(
        self,
        message: str,
        *,
        event_index: int | None = None,
        field: tuple[str | int, ...] = (),
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.event_index = event_index
        self.field = field  # path inside the scenario file, e.g. ("events", 2, "change_anchor", "to")
        self.hint = hint

"""What can go wrong between the harness and a contract backend, one class each.

All of them fail one scenario (an `error` result) and let the run go on; only
`BackendUnavailable` (harness.adapters.errors) ends a run. Separate classes
so tests and callers can tell a backend that said "error" from one that
crashed, hung or answered something that is not the contract."""

from __future__ import annotations

from harness.adapters.errors import BackendUnavailable, NotApplicable

#: How much of a backend's stderr (or an HTTP error body) a message quotes.
TAIL_LINES = 20


class ContractError(Exception):
    """One scenario could not be billed by the contract backend."""


class MalformedResponse(ContractError):
    """The answer is not JSON, or not the shape of contract prorata.backend/1."""


class BackendReportedError(ContractError):
    """The backend answered `{"error": "..."}`."""


class BackendCrashed(ContractError):
    """The command exited with a non-zero status, or the server answered an HTTP error."""


class BackendTimeout(ContractError):
    """No answer within the adapter's `timeout`; a command is killed."""


class BackendUnreachable(ContractError):
    """An HTTP backend that answered before stopped accepting connections."""


def tail(text: str, lines: int = TAIL_LINES) -> str:
    """The last `lines` non-empty-ended lines of `text`, for messages."""
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept)


def with_tail(message: str, label: str, text: str) -> str:
    """`message`, then the tail of `text` under `label`, when there is any."""
    quoted = tail(text)
    if not quoted:
        return message
    count = len(quoted.splitlines())
    indented = "\n".join(f"  | {line}" for line in quoted.splitlines())
    return f"{message}\n{label} (last {count} line{'s' if count != 1 else ''}):\n{indented}"


__all__ = [
    "BackendCrashed",
    "BackendReportedError",
    "BackendTimeout",
    "BackendUnavailable",
    "BackendUnreachable",
    "ContractError",
    "MalformedResponse",
    "NotApplicable",
    "TAIL_LINES",
    "tail",
    "with_tail",
]

"""The JSON contract `prorata.backend/1`: how a billing system in any language
plugs into the harness, as a command (`--backend command`) or an HTTP service
(`--backend http`). docs/backend-contract.md is the page for backend authors;
docs/schema/backend-request.json and backend-response.json publish the shapes."""

from harness.adapters.contract.base import DEFAULT_TIMEOUT, ContractBackend
from harness.adapters.contract.command import CommandBackend
from harness.adapters.contract.errors import (
    BackendCrashed,
    BackendReportedError,
    BackendTimeout,
    BackendUnreachable,
    ContractError,
    MalformedResponse,
)
from harness.adapters.contract.http import HttpBackend
from harness.adapters.contract.request import CONTRACT, encode, horizon
from harness.adapters.contract.response import classify, decode

__all__ = [
    "CONTRACT",
    "DEFAULT_TIMEOUT",
    "BackendCrashed",
    "BackendReportedError",
    "BackendTimeout",
    "BackendUnreachable",
    "CommandBackend",
    "ContractBackend",
    "ContractError",
    "HttpBackend",
    "MalformedResponse",
    "classify",
    "decode",
    "encode",
    "horizon",
]

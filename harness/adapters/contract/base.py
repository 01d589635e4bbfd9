"""What the command and http adapters share: encode, exchange, decode.

The two differ only in how bytes travel (a process per scenario, or a POST),
so each implements `_exchange` and this class does the rest: one request per
scenario, one JSON answer, every failure reported for that scenario with
what the backend said on the side (its stderr, an HTTP body)."""

from __future__ import annotations

import json
import math
from decimal import Decimal

from harness.adapters.base import Adapter, Availability, BackendOptionError
from harness.adapters.contract.errors import ContractError, MalformedResponse, with_tail
from harness.adapters.contract.request import encode
from harness.adapters.contract.response import decode
from harness.model import Outcome, Scenario

DEFAULT_TIMEOUT = 30.0


class ContractBackend(Adapter):
    """Base of `command` and `http`. Declares no limits: a scenario the
    backend cannot express is answered `{"not_supported": "why"}`."""

    #: What the side channel is called in messages ("stderr", "response body").
    side_label = "stderr"

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        self.timeout = _timeout(options.get("timeout"), self.name)
        self._ledger_name = options.get("name") or self.name

    @property
    def ledger_name(self) -> str:
        """`name=acme` gives each in-house backend its own ledger (`deviations/acme.yaml`);
        without it every command (or http) backend shares `command.yaml` (`http.yaml`)."""
        return self._ledger_name

    #: What `prorata backends` says about reachability: the program or URL
    #: comes with the run's options, so it is only known when a run starts.
    reach_detail = ""

    @classmethod
    def availability(cls) -> Availability:
        return Availability(installed=True, reachable=None, detail=cls.reach_detail)

    def run(self, scenario: Scenario) -> Outcome:
        body = json.dumps(encode(scenario), ensure_ascii=False).encode("utf-8")
        output, side = self._exchange(body, scenario)
        try:
            data = _parse(output)
            return decode(data, scenario)
        except ContractError as error:  # malformed, or {"error": ...}: add what the backend said aside
            raise type(error)(with_tail(f"{self.where()}: {error}", self.side_label, side)) from None

    def _exchange(self, body: bytes, scenario: Scenario) -> tuple[bytes, str]:
        """Send `body`, return (answer, side text for messages). Raise a
        ContractError for a failure of this scenario, BackendUnavailable
        when the backend cannot be used at all."""
        raise NotImplementedError

    def where(self) -> str:
        """The backend as messages name it ("command `./bill`", "http://...")."""
        raise NotImplementedError


def _parse(output: bytes) -> object:
    text = output.decode("utf-8", errors="replace").strip()
    if not text:
        raise MalformedResponse("the response is empty (expected one JSON object)")
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        excerpt = text if len(text) <= 200 else text[:197] + "..."
        raise MalformedResponse(f"the response is not JSON ({error.msg} at line {error.lineno} column {error.colno}): {excerpt!r}") from None


def _refuse_constant(name: str) -> object:
    raise MalformedResponse(f"the response contains {name}, which is not JSON")


def _timeout(value: str | None, backend: str) -> float:
    if value is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (seconds > 0 and math.isfinite(seconds)):
        raise BackendOptionError(f"backend {backend!r}: timeout must be a positive number of seconds, got {value!r}")
    return seconds

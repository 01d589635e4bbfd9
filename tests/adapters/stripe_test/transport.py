"""A scripted HTTP transport for the stripe SDK: Stripe as a script.

`ScriptedTransport` is a `stripe.HTTPClient` (the SDK's documented hook:
`StripeClient(..., http_client=...)`). It answers each request from scripts
of `Step(method, path, params) -> response` and records every request it
saw, decoded (form body or query string as a flat dict, the way the SDK
encodes it: `items[0][price]`), with its Idempotency-Key and headers.

A request must match the head of one ordered script exactly (method, path,
every parameter); `AnyOrder` steps match in any order, once each; a
`repeat=True` step stays at the head. Anything unscripted is answered 400 and
kept in `unexpected`, so a test sees both the failure and what was sent."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

import stripe


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: dict
    idempotency_key: str | None = None
    headers: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def call(self) -> tuple[str, str, dict]:
        return (self.method, self.path, self.params)


@dataclass
class Step:
    method: str
    path: str
    params: dict
    response: dict | Callable[[Request], dict]
    status: int = 200
    repeat: bool = False
    idempotency_key: str | None = None  # checked when given

    def matches(self, request: Request) -> bool:
        return (
            (self.method, self.path, self.params) == request.call
            and (self.idempotency_key is None or self.idempotency_key == request.idempotency_key)
        )


class AnyOrder(list):
    """Steps that may come in any order (each once): shared catalog lookups
    when scenarios run on several threads."""


def stripe_error(message: str, kind: str = "api_error") -> dict:
    return {"error": {"type": kind, "message": message}}


class ScriptedTransport(stripe.HTTPClient):
    name = "scripted"

    def __init__(self, *scripts: list[Step]) -> None:
        super().__init__()
        self._scripts = [s if isinstance(s, AnyOrder) else deque(s) for s in scripts]
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        self.unexpected: list[Request] = []

    @property
    def calls(self) -> list[tuple[str, str, dict]]:
        return [request.call for request in self.requests]

    def remaining(self) -> list[Step]:
        return [step for script in self._scripts for step in script if not step.repeat]

    def request(self, method: str, url: str, headers: Any, post_data: Any = None, *, _usage: Any = None):
        parts = urlsplit(url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if post_data:
            body = post_data.decode() if isinstance(post_data, bytes) else post_data
            params.update(parse_qsl(body, keep_blank_values=True))
        headers = dict(headers or {})
        request = Request(method.upper(), parts.path, params, headers.get("Idempotency-Key"), headers)
        with self._lock:
            self.requests.append(request)
            step = self._take(request)
            if step is None:
                self.unexpected.append(request)
                body = stripe_error(f"unscripted request {request.method} {request.path} {request.params}", "invalid_request_error")
                return json.dumps(body), 400, {"stripe-should-retry": "false"}
        response = step.response(request) if callable(step.response) else step.response
        return json.dumps(response), step.status, {"stripe-should-retry": "false", "Request-Id": "req_scripted"}

    def _take(self, request: Request) -> Step | None:
        for script in self._scripts:
            if isinstance(script, AnyOrder):
                for index, step in enumerate(script):
                    if step.matches(request):
                        return script.pop(index)
            elif script:
                if script[0].matches(request):
                    return script[0] if script[0].repeat else script.popleft()
                if script[0].repeat and len(script) > 1 and script[1].matches(request):
                    script.popleft()  # the repeated step is over
                    return script[0] if script[0].repeat else script.popleft()
        return None

    def request_stream(self, *args: Any, **kwargs: Any):
        raise NotImplementedError("no streaming in these tests")

    def close(self) -> None:
        pass

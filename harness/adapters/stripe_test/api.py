"""Calls through the official SDK, answered as plain dicts, with errors that
never carry the key.

Normalisation (stripe_common) reads plain dicts, the shape Stripe's JSON has;
the SDK's objects are converted once here. A Stripe error becomes
`StripeRequestError` with the request that failed and Stripe's own message,
scrubbed of the key, so a scenario's error result says what went wrong without
leaking anything."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import stripe

from harness.adapters.stripe_test.keys import scrub


class StripeRequestError(RuntimeError):
    """A request Stripe refused or could not answer."""


class Api:
    """One StripeClient per adapter (the SDK keeps one HTTP session per thread,
    so scenarios on worker threads can share it)."""

    def __init__(self, key: str, http_client: stripe.HTTPClient | None = None, max_retries: int = 2) -> None:
        self._key = key
        self.v1 = stripe.StripeClient(key, http_client=http_client, max_network_retries=max_retries).v1

    def __repr__(self) -> str:
        return "Api(<stripe test key>)"

    def call(self, what: str, method: Callable[..., Any], *args: Any, **kwargs: Any) -> dict:
        """`method(*args, **kwargs)` as a dict; `what` names the step for messages."""
        try:
            result = method(*args, **kwargs)
        except stripe.StripeError as error:
            raise StripeRequestError(f"Stripe refused {what}: {self.describe(error)}") from None
        return result.to_dict() if hasattr(result, "to_dict") else dict(result)

    def each(self, what: str, method: Callable[..., Any], *args: Any, params: dict | None = None) -> Iterator[dict]:
        """Every object of a list endpoint, page by page (100 per request)."""
        params = {**(params or {}), "limit": 100}
        while True:
            page = self.call(what, method, *args, params=params)
            data = page.get("data", [])
            yield from data
            if not page.get("has_more") or not data:
                return
            params = {**params, "starting_after": data[-1]["id"]}

    def describe(self, error: BaseException) -> str:
        status = getattr(error, "http_status", None)
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        text = f"{message} (HTTP {status})" if status else message
        return scrub(text, self._key)

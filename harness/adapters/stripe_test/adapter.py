"""Stripe test mode as a backend: real Stripe Billing, time moved by test clocks.

Each scenario gets its own test clock, customer and subscription, so
scenarios can run on several threads at once (`parallel_safe`); the one
StripeClient is shared. Whatever a scenario created is deleted when it ends
(deleting its test clock deletes the customer and subscription attached to
it), on failure and Ctrl-C too; `close()` deletes any clock a scenario could
not, and `clean()` removes leftovers of earlier runs.

Not run against live Stripe in CI: it is tested against a scripted HTTP
transport that checks every request (tests/adapters/stripe_test)."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

from harness.adapters.base import Adapter, Availability, BackendOptionError, Capabilities, Limit
from harness.adapters.errors import BackendUnavailable
from harness.adapters.stripe_test import catalog as catalog_module
from harness.adapters.stripe_test import clock as clock_module
from harness.adapters.stripe_test.api import Api, StripeRequestError
from harness.adapters.stripe_test.catalog import Catalog
from harness.adapters.stripe_test.clock import Clock, ClockError, Timing
from harness.adapters.stripe_test.keys import DEFAULT_ENV, read_key, scrub
from harness.adapters.stripe_test.session import CLOCK_PREFIX, Session
from harness.model import Outcome, Scenario

_SCHEDULE = "Stripe applies a subscription update at once; a change that waits for the next period needs a subscription schedule, which this adapter does not create"


class StripeTestBackend(Adapter):
    name = "stripe"
    description = "Stripe test mode (real Stripe Billing) with one test clock per scenario"
    extra = "stripe"
    distribution = "stripe"  # the SDK; the API version is Stripe's account setting
    volatile = (r"\b(?:in|cn)_[0-9A-Za-z]+\b", r"\b[0-9A-Z]{3,12}-\d{4,}(?:-CN-\d{2,})?\b")  # ids, numbers
    parallel_safe = True
    capabilities = Capabilities(limits=(
        Limit.of("event", ["signup", "upgrade", "downgrade", "quantity_increase", "quantity_decrease",
                           "interval_change", "cancel", "change_anchor"],
                 "usage needs Stripe Billing Meters, which this adapter does not drive"),
        Limit.of("upgrade.effective", ["immediately"], _SCHEDULE),
        Limit.of("downgrade.effective", ["immediately"], _SCHEDULE),
        Limit.of("quantity_increase.effective", ["immediately"], _SCHEDULE),
        Limit.of("quantity_decrease.effective", ["immediately"], _SCHEDULE),
        Limit.of("interval_change.effective", ["immediately"], _SCHEDULE),
        Limit.of("cancel.effective", ["immediately", "end_of_period"], "Stripe cancels at once or at the period end"),
    ))
    options = {
        "api_key_env": f"environment variable holding the test-mode secret key (default {DEFAULT_ENV})",
        "clock_timeout": "seconds to wait for a test clock advance to become ready (default 300)",
        "poll_interval": "seconds between test clock status checks (default 2)",
        "billing_mode": "classic or flexible: the subscriptions' billing_mode (default: the account's)",
        "max_retries": "network retries per request, with the same idempotency key (default 2)",
    }

    def __init__(self, *, http_client: Any = None, run_id: str | None = None, sleep: Any = None,
                 monotonic: Any = None, **options: str) -> None:
        """`http_client` (a stripe.HTTPClient), `run_id`, `sleep` and `monotonic`
        are for tests; the CLI passes options only."""
        super().__init__(**options)
        self.run_id = run_id or f"{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"
        self._http_client = http_client
        try:
            self._timing = Timing(timeout=float(self.settings.get("clock_timeout", 300)),
                                  poll=float(self.settings.get("poll_interval", 2)))
            self._retries = int(self.settings.get("max_retries", 2))
        except ValueError as error:
            raise BackendOptionError(f"backend 'stripe': {error}") from None
        if sleep is not None:
            self._timing.sleep = sleep
        if monotonic is not None:
            self._timing.monotonic = monotonic
        mode = self.settings.get("billing_mode")
        if mode not in (None, "classic", "flexible"):
            raise BackendOptionError("backend 'stripe': billing_mode must be classic or flexible")
        self._lock = threading.Lock()
        self._api: Api | None = None
        self._key: str | None = None
        self._catalog: Catalog | None = None
        self._clocks: dict[str, Clock] = {}  # created and not yet deleted

    def __repr__(self) -> str:
        return f"StripeTestBackend(run_id={self.run_id!r})"

    @classmethod
    def availability(cls) -> Availability:
        import os

        try:
            import stripe  # noqa: F401
        except ImportError:
            return Availability(False, None, "the stripe SDK is not installed (pip install 'proration-harness[stripe]')")
        state = "set" if os.environ.get(DEFAULT_ENV) else "not set (set it to a Stripe test-mode key)"
        return Availability(True, None, f"{DEFAULT_ENV} is {state}; reachability is known only when a run starts")

    def _connect(self) -> Api:
        """The client, created on first use; the key is checked before any request."""
        with self._lock:
            if self._api is None:
                key = read_key(self.settings.get("api_key_env", DEFAULT_ENV))
                self._key = key
                self._api = Api(key, self._http_client, self._retries)
                self._catalog = Catalog(self._api)
            return self._api

    def __enter__(self) -> "StripeTestBackend":
        self._connect()
        return self

    # ------------------------------------------------------------------ run

    def run(self, scenario: Scenario) -> Outcome:
        api = self._connect()
        assert self._catalog is not None
        session = Session(api, self._catalog, scenario, self.run_id, self._timing,
                          on_clock=self._track, billing_mode=self.settings.get("billing_mode"))
        session.check()
        try:
            return session.run()
        except (StripeRequestError, ClockError) as error:
            raise type(error)(f"scenario {scenario.id}: {scrub(str(error), self._key)}") from None
        finally:
            if session.clock is not None:
                self._delete(session.clock)

    def _track(self, clock: Clock | None) -> None:
        if clock is not None:
            with self._lock:
                self._clocks[clock.id] = clock

    def _delete(self, clock: Clock) -> None:
        """Delete a scenario's clock (and with it its customer and subscription).
        A failure here is kept for close() to retry rather than hiding the
        scenario's own error."""
        try:
            clock.delete()
        except StripeRequestError:
            return
        with self._lock:
            self._clocks.pop(clock.id, None)

    def close(self) -> None:
        with self._lock:
            leftovers = list(self._clocks.values())
        errors = []
        for clock in leftovers:
            try:
                clock.delete()
            except StripeRequestError as error:
                errors.append(str(error))
                continue
            with self._lock:
                self._clocks.pop(clock.id, None)
        if errors:
            raise BackendUnavailable(
                "could not delete every Stripe test clock this run created; run `prorata backends clean stripe`: "
                + "; ".join(scrub(e, self._key) for e in errors)
            )

    def clean(self) -> list[str]:
        """Remove what earlier runs left behind: their test clocks (with the
        customers and subscriptions on them) and the harness's catalog prices
        and products (archived: Stripe does not delete prices). Returns one
        line per object removed."""
        api = self._connect()
        try:
            return clock_module.clean(api, CLOCK_PREFIX) + catalog_module.clean(api)
        except StripeRequestError as error:
            raise BackendUnavailable(f"cleaning Stripe test mode failed: {scrub(str(error), self._key)}") from None

"""The localstripe backend: a fake Stripe server, started by the harness,
driven with the official stripe SDK (see replay.py for the API calls and
timeline.py for how a scenario is placed on the real clock).

What localstripe cannot express is declared as capabilities, so those
scenarios are `not_applicable` with the reason before anything is sent;
everything else runs, and how localstripe bills it is what the deviations
ledger records."""

from __future__ import annotations

import importlib.util
import time

import stripe

from harness.adapters.base import Adapter, Availability, Capabilities, Limit
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.adapters.localstripe.replay import Replay
from harness.adapters.localstripe.server import LocalstripeServer, answers, reset
from harness.adapters.localstripe.timeline import NoShift, timeline_for
from harness.model import Outcome, Scenario

API_KEY = "sk_test_prorata_localstripe"

SCHEDULABLE = ("upgrade", "downgrade", "quantity_increase", "quantity_decrease", "interval_change")


LIMITS = (
    Limit.excluding("feature", {"renewal"},
                    "localstripe never renews a subscription (no test clock: it runs on the real clock)"),
    Limit.excluding("feature", {"multiple_items"}, "localstripe supports one item per subscription"),
    Limit.excluding("event", {"signup"},
                    "in localstripe a first period shorter than the interval needs a billing_cycle_anchor "
                    "in the future, which it rejects (the scenario is replayed in the past)"),
    Limit.excluding("event", {"change_anchor"}, "localstripe cannot move a subscription's billing anchor"),
    Limit.excluding("event", {"usage"}, "localstripe does not record metered usage"),
    *(
        Limit.of(
            f"{row}.effective", {"immediately"},
            "localstripe cannot schedule a change for the period end (no subscription schedules, no renewals)",
        )
        for row in SCHEDULABLE
    ),
    Limit.of(
        "credits", {"negative_line"},
        "localstripe has no credit notes: a credit is a negative line on an invoice",
    ),
)


class LocalstripeBackend(Adapter):
    name = "localstripe"
    description = (
        "localstripe (fake Stripe server, GPL, run as a separate process on 127.0.0.1) "
        "driven with the stripe SDK; scenarios replayed in the past, no renewals"
    )
    extra = "localstripe"
    distribution = "localstripe"
    volatile = (r"\bin_[0-9A-Za-z]+\b",)  # invoice ids are random per run
    capabilities = Capabilities(limits=LIMITS)
    options = {
        "url": "use a localstripe already running at this URL (not started or stopped by the harness; "
        "its data is deleted before every scenario)",
        "timezone": "with url=: the TZ that server runs in (default UTC); other packs are not applicable",
    }

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        self.external_url = self.settings.get("url", "").rstrip("/") or None
        self.external_tz = self.settings.get("timezone", "UTC")
        self.server: LocalstripeServer | None = None
        self.client: stripe.StripeClient | None = None
        self.url: str | None = None
        self.durations: list[float] = []  # seconds per scenario run, for measurements

    @classmethod
    def availability(cls) -> Availability:
        if importlib.util.find_spec("localstripe") is None:
            return Availability(False, None, "pip install 'proration-harness[localstripe]'")
        return Availability(True, None, "started on 127.0.0.1 when a run begins")

    # ---------------------------------------------------------------- lifecycle

    def start(self, tz: str = "UTC") -> str:
        """Start (or, with url=, check) the server; its URL."""
        if self.external_url is not None:
            if self.url is None:
                if not answers(self.external_url, timeout=3):
                    raise BackendUnavailable(
                        f"no localstripe answers at {self.external_url}; start one or drop the url= option "
                        "to let the harness start its own"
                    )
                self._connect(self.external_url)
            return self.url
        if self.server is not None and self.server.tz != tz:
            self.close()  # localstripe computes periods in its local time: restart in the pack's zone
        if self.server is None:
            self.server = LocalstripeServer(tz=tz)
            try:
                self._connect(self.server.start())
            except BaseException:
                self.close()
                raise
        return self.url

    def _connect(self, url: str) -> None:
        self.url = url
        self.client = stripe.StripeClient(API_KEY, base_addresses={"api": url}, max_network_retries=0)

    def close(self) -> None:
        server, self.server = self.server, None
        self.client = self.url = None
        if server is not None:
            server.stop()

    def __enter__(self) -> "LocalstripeBackend":
        self.start()
        return self

    # ---------------------------------------------------------------- running

    def unsupported(self, scenario: Scenario) -> tuple[str, ...]:
        reasons = super().unsupported(scenario)
        zone = scenario.pack.timezone
        if self.external_url is not None and zone != self.external_tz:
            reasons += (
                f"needs timezone={zone}: the localstripe at {self.external_url} runs in {self.external_tz} "
                "(set timezone= if it runs elsewhere)",
            )
        return reasons

    def run(self, scenario: Scenario) -> Outcome:
        started = time.perf_counter()
        try:
            timeline = timeline_for(scenario)
        except NoShift as error:
            raise NotApplicable(str(error)) from error
        self.start(scenario.pack.timezone)
        reset(self.url)
        replay = Replay(self.client, scenario, timeline, real_floor=int(time.time()) - 1)
        try:
            outcome = replay.run()
        except stripe.APIConnectionError as error:
            raise BackendUnavailable(f"localstripe at {self.url} stopped answering: {error}") from error
        finally:
            self.durations.append(time.perf_counter() - started)
        return outcome

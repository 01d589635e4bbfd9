"""localstripe as a backend: the PyPI fake Stripe server run in its own process.

`LocalstripeBackend` is what the registry loads; server.py starts and stops the
process, timeline.py places a scenario on the real clock, replay.py drives it
through the stripe SDK, harness.adapters.stripe_common reads the invoices."""

from harness.adapters.localstripe.adapter import LocalstripeBackend

__all__ = ["LocalstripeBackend"]

"""Stripe test mode with test clocks (`--backend stripe`). See docs/backends/stripe.md."""

from harness.adapters.stripe_test.adapter import StripeTestBackend

__all__ = ["StripeTestBackend"]

"""The Stripe key: read from the environment, refused unless it is a test key,
and kept out of every message.

This backend creates and deletes customers, subscriptions and test clocks, so a
live-mode key must never reach a request: it is refused while reading it, before
any client exists. Messages name the variable and the key's mode, never the key;
`scrub` removes it from any text that came back from the SDK or Stripe."""

from __future__ import annotations

import os

from harness.adapters.errors import BackendUnavailable

DEFAULT_ENV = "STRIPE_API_KEY"
LIVE_PREFIXES = ("sk_live_", "rk_live_")
TEST_PREFIXES = ("sk_test_", "rk_test_")


def mask(key: str) -> str:
    """What may be shown of a key: its kind and mode, nothing of the secret."""
    for prefix in LIVE_PREFIXES + TEST_PREFIXES:
        if key.startswith(prefix):
            return prefix + "****"
    return "****"


def read_key(env_name: str, environ: dict[str, str] | None = None) -> str:
    """The test key in `env_name`, or BackendUnavailable saying what to do."""
    value = (os.environ if environ is None else environ).get(env_name, "").strip()
    if not value:
        raise BackendUnavailable(
            f"no Stripe key: set {env_name} to a test-mode secret key (sk_test_...) "
            "from the Stripe dashboard's Developers > API keys page"
        )
    if value.startswith(LIVE_PREFIXES):
        raise BackendUnavailable(
            f"refusing the live-mode key in {env_name} ({mask(value)}): this backend creates and deletes "
            "customers, subscriptions and test clocks, so it only runs in test mode; "
            f"set {env_name} to a test key (sk_test_... or rk_test_...)"
        )
    if not value.startswith(TEST_PREFIXES):
        raise BackendUnavailable(
            f"{env_name} does not hold a Stripe test-mode secret key ({mask(value)}); "
            "set it to a key starting sk_test_ or rk_test_"
        )
    return value


def scrub(text: str, key: str | None) -> str:
    """`text` with every occurrence of the key replaced by its mask."""
    if key:
        text = text.replace(key, mask(key))
    return text

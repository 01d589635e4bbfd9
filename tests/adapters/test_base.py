"""The adapter contract: capabilities checked against needs, options, lifecycle."""

from __future__ import annotations


import pytest

from harness.adapters import ReferenceBackend
from harness.adapters.base import (
    Adapter,
    Availability,
    Backend,
    BackendOptionError,
    Capabilities,
    Limit,
    opened,
    unsupported,
)
from harness.engine.requirements import Need
from harness.model import ChangePlan
from tests.engine.builders import scenario

NO_RENEWALS = "the sandbox runs on the real clock"


def need(text: str) -> Need:
    key, _, value = text.partition("=")
    return Need(key, value)


def test_limit_of_takes_any_iterable() -> None:
    limit = Limit.of("event", ["signup", "upgrade", "signup"], "why")
    assert limit == Limit("event", frozenset({"signup", "upgrade"}), "why")


def test_no_limits_support_everything() -> None:
    assert Capabilities().unsupported([need("event=downgrade"), need("currency=JPY")]) == ()


def test_a_need_outside_a_limit_is_reported_with_the_why() -> None:
    caps = Capabilities((Limit.of("event", ["signup", "upgrade"], "only signups and upgrades"),))
    assert caps.unsupported([need("event=upgrade"), need("event=signup")]) == ()
    assert caps.unsupported([need("event=upgrade"), need("event=downgrade")]) == (
        "needs event=downgrade: only signups and upgrades",
    )


def test_several_missing_values_of_one_key_make_one_sorted_reason() -> None:
    caps = Capabilities((Limit.of("currency", ["USD"], "USD only"),))
    assert caps.unsupported([need("currency=KWD"), need("currency=JPY")]) == ("needs currency=JPY, currency=KWD: USD only",)


def test_needs_of_other_keys_are_not_checked_by_a_limit() -> None:
    caps = Capabilities((Limit.of("feature", ["until"], NO_RENEWALS),))
    assert caps.unsupported([need("event=downgrade"), need("currency=JPY"), need("feature=until")]) == ()


def test_one_reason_per_broken_limit_in_the_order_of_the_limits() -> None:
    caps = Capabilities((
        Limit.of("feature", [], NO_RENEWALS),
        Limit.of("currency", ["USD"], "USD only"),
        Limit.of("event", ["signup"], "signups only"),
    ))
    reasons = caps.unsupported({need("currency=JPY"), need("feature=renewal"), need("event=signup")})
    assert reasons == (f"needs feature=renewal: {NO_RENEWALS}", "needs currency=JPY: USD only")


def test_describe_lists_each_limit() -> None:
    caps = Capabilities((Limit.of("event", ["upgrade", "signup"], "x"), Limit.of("feature", [], "y")))
    assert caps.describe() == ["event: signup, upgrade", "feature: none"]
    assert Capabilities().describe() == []


class Vendor(Adapter):
    name = "vendor"
    capabilities = Capabilities((Limit.of("event", ["signup", "upgrade"], "no downgrades at this vendor"),))
    options = {"api_key": "the sandbox key", "region": "where the sandbox is"}

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_known_options_are_kept_as_settings() -> None:
    assert Vendor(api_key="sk_test", region="eu").settings == {"api_key": "sk_test", "region": "eu"}
    assert Vendor().settings == {}


def test_an_unknown_option_is_a_backend_option_error_naming_it_and_the_known_ones() -> None:
    with pytest.raises(BackendOptionError) as error:
        Vendor(api_key="sk_test", regoin="eu")
    message = str(error.value)
    assert "'regoin'" in message and "'vendor'" in message
    assert "api_key, region" in message
    assert isinstance(error.value, ValueError)


def test_a_backend_without_options_refuses_any_and_says_so() -> None:
    with pytest.raises(BackendOptionError, match=r"has no option 'command' \(its options: none\)"):
        ReferenceBackend(command="x")


def test_adapter_unsupported_checks_the_scenarios_needs() -> None:
    downgrade = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))])
    upgrade = scenario("2026-04-01", "basic", events=[("2026-04-16", ChangePlan("pro"))])
    assert Vendor().unsupported(upgrade) == ()
    assert Vendor().unsupported(downgrade) == ("needs event=downgrade: no downgrades at this vendor",)
    assert unsupported(Vendor(), downgrade) == Vendor().unsupported(downgrade)


def test_a_plain_backend_is_asked_to_run_everything() -> None:
    class Plain:
        name = "plain"

        def run(self, scenario):  # noqa: ANN001, ANN202
            raise AssertionError("not called")

    assert isinstance(Plain(), Backend)
    downgrade = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))])
    assert unsupported(Plain(), downgrade) == ()


def test_an_adapter_is_a_context_manager_that_closes_on_exit_and_on_error() -> None:
    vendor = Vendor()
    with opened(vendor) as started:
        assert started is vendor
        assert vendor.closed == 0
    assert vendor.closed == 1

    failing = Vendor()
    with pytest.raises(RuntimeError):
        with opened(failing):
            raise RuntimeError("boom")
    assert failing.closed == 1

    interrupted = Vendor()
    with pytest.raises(KeyboardInterrupt):
        with opened(interrupted):
            raise KeyboardInterrupt
    assert interrupted.closed == 1


def test_opened_leaves_a_plain_backend_as_it_is() -> None:
    class Plain:
        name = "plain"

        def run(self, scenario):  # noqa: ANN001, ANN202
            return None

    plain = Plain()
    with opened(plain) as backend:
        assert backend is plain


def test_the_base_defaults() -> None:
    adapter = Adapter()
    with pytest.raises(NotImplementedError):
        adapter.run(scenario("2026-04-01", "basic"))
    with pytest.raises(NotImplementedError, match="nothing to clean"):
        adapter.clean()
    with pytest.raises(NotImplementedError, match="needs nothing installed"):
        Adapter.install(print)
    assert Adapter.availability() == Availability(installed=True, reachable=True)
    adapter.close()
    adapter.close()  # idempotent


def test_the_reference_backend_declares_no_limits_and_runs() -> None:
    assert ReferenceBackend.capabilities.limits == ()
    assert ReferenceBackend.parallel_safe is True
    built = scenario("2026-04-01", "pro", events=[("2026-04-16", ChangePlan("basic"))], until="2026-05-02")
    with opened(ReferenceBackend()) as backend:
        assert backend.unsupported(built) == ()
        assert backend.run(built).documents


def test_an_excluding_limit_refuses_only_what_it_names() -> None:
    limit = Limit.excluding("event", {"usage"}, "no metering")
    capabilities = Capabilities(limits=(limit,))
    assert capabilities.unsupported([Need("event", "upgrade"), Need("event", "cancel")]) == ()
    assert capabilities.unsupported([Need("event", "usage")]) == ("needs event=usage: no metering",)
    assert str(limit) == "event: not usage"


def test_every_shipped_adapter_limits_real_need_keys() -> None:
    """A limit on a key no scenario ever needs would never fire: a silent gap."""
    from harness.adapters import BACKENDS, BackendUnavailable, backend_class
    from harness.engine.requirements import FEATURES, KEYS
    from harness.model.policy import EVENT_RULES

    checked = 0
    for name in BACKENDS:
        try:
            adapter = backend_class(name)
        except BackendUnavailable:
            continue
        for limit in adapter.capabilities.limits:
            row, _, field = limit.key.partition(".")
            assert limit.key in KEYS or (row in EVENT_RULES and field), (name, limit.key)
            if limit.key == "feature":
                assert set(limit.refused | (limit.allowed or frozenset())) <= set(FEATURES), (name, str(limit))
            checked += 1
    assert checked >= 10


def test_a_backend_reports_its_version():
    from harness.adapters import get_backend

    assert get_backend("reference", {}).version().startswith("proration-harness ")
    assert get_backend("larz", {}).version().startswith("larzsubscription ")
    assert Adapter().version() == ""  # nothing to name: an in-house backend says so by leaving it empty


def test_a_missing_distribution_is_said_not_installed():
    class Gone(Adapter):
        distribution = "no-such-distribution-anywhere"

    assert Gone().version() == "no-such-distribution-anywhere (not installed)"

"""The stripe backend's conversation with Stripe, request by request.

No Stripe account is reachable here or in CI: these tests script Stripe's
answers (tests/adapters/stripe_test/transport.py) and assert the exact
requests the adapter sends, and the documents it makes of the answers."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import engine
from harness.adapters import BackendUnavailable, backend_class
from harness.adapters.stripe_test import StripeTestBackend
from harness.adapters.stripe_test.api import StripeRequestError
from harness.adapters.stripe_test.clock import ClockError
from harness.packs import load_pack
from tests.adapters.stripe_test import scripts
from tests.adapters.stripe_test.stripe_objects import RUN, catalog_steps
from tests.adapters.stripe_test.transport import AnyOrder, ScriptedTransport

KEY = "sk_test_51SecretValueThatMustNeverBePrinted0123456789"


@pytest.fixture(scope="module")
def pack():
    return load_pack("scenario_packs/core")


@pytest.fixture(autouse=True)
def test_key(monkeypatch):
    monkeypatch.setenv("STRIPE_API_KEY", KEY)


class FakeTime:
    """Sleeping moves this clock; no test waits for real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


def backend(transport: ScriptedTransport, **options: str) -> StripeTestBackend:
    fake = FakeTime()
    return StripeTestBackend(http_client=transport, run_id=RUN, sleep=fake.sleep, monotonic=fake.monotonic, **options)


def expected(script) -> list[tuple]:
    return [step.call if hasattr(step, "call") else (step.method, step.path, step.params) for step in script]


def essentials(documents) -> list[tuple]:
    """What the comparison judges: kind, date, currency and each line's kind, amount, period, plan, quantity."""
    return [(d.kind, d.date, d.currency, [(l.kind, l.amount, l.period, l.plan, l.quantity) for l in d.lines])
            for d in documents]


def price_steps(pack, *plans: str) -> list:
    return [step for plan in plans for step in catalog_steps(pack.meta.catalog[plan], f"price_{plan}")]


def run(pack, scenario_id: str, script: list, **options: str):
    transport = ScriptedTransport(script)
    with backend(transport, **options) as stripe:
        outcome = stripe.run(pack.scenario(scenario_id))
    return outcome, transport


# ------------------------------------------------------------ sequences


def test_registered_as_stripe_and_parallel_safe():
    assert backend_class("stripe") is StripeTestBackend
    assert StripeTestBackend.parallel_safe is True


def test_signup_only_sends_exactly_this(pack):
    script = price_steps(pack, "pro") + scripts.signup(1)
    outcome, transport = run(pack, "signup-plain-first-period", list(script))
    assert transport.unexpected == []
    assert transport.calls == expected(script)
    assert list(outcome.documents) == scripts.signup_documents(1)


def test_upgrade_mid_period_sends_exactly_this(pack):
    script = price_steps(pack, "basic", "pro") + scripts.upgrade(1)
    outcome, transport = run(pack, "upgrade-halfway", list(script))
    assert transport.unexpected == []
    assert transport.calls == expected(script)
    # prices are created with an idempotency key derived from their lookup key
    price_posts = [r for r in transport.requests if (r.method, r.path) == ("POST", "/v1/prices")]
    assert [r.idempotency_key for r in price_posts] == [s.idempotency_key for s in script if s.idempotency_key]
    assert list(outcome.documents) == scripts.upgrade_documents(1)


def test_end_of_period_cancel_sends_exactly_this(pack):
    script = price_steps(pack, "basic") + scripts.cancel(1)
    outcome, transport = run(pack, "cancel-end-of-period", list(script))
    assert transport.unexpected == []
    assert transport.calls == expected(script)
    assert list(outcome.documents) == scripts.cancel_documents(1)


@pytest.mark.parametrize("scenario_id", ["signup-plain-first-period", "upgrade-halfway", "cancel-end-of-period"])
def test_these_answers_agree_with_the_reference(pack, scenario_id):
    """The scripted answers are Stripe agreeing with the policy, so the
    documents must be the reference engine's (descriptions aside)."""
    make, plans = {"signup-plain-first-period": (scripts.signup, ["pro"]),
                   "upgrade-halfway": (scripts.upgrade, ["basic", "pro"]),
                   "cancel-end-of-period": (scripts.cancel, ["basic"])}[scenario_id]
    outcome, _ = run(pack, scenario_id, price_steps(pack, *plans) + make(1))
    assert essentials(outcome.documents) == essentials(engine.run(pack.scenario(scenario_id)).documents)


def test_existing_prices_are_reused(pack):
    found = {"object": "list", "url": "/v1/prices", "has_more": False, "data": [{"id": "price_pro", "object": "price"}]}
    lookup = price_steps(pack, "pro")[0]
    lookup.response = found
    script = [lookup] + scripts.signup(1)
    outcome, transport = run(pack, "signup-plain-first-period", list(script))
    assert transport.calls == expected(script)
    assert not [r for r in transport.requests if (r.method, r.path) == ("POST", "/v1/prices")]
    assert list(outcome.documents) == scripts.signup_documents(1)


# ------------------------------------------------------------ failures and cleanup


def test_cleanup_is_sent_when_a_step_fails(pack):
    script = price_steps(pack, "basic", "pro") + scripts.upgrade(1, fail_update=True)
    transport = ScriptedTransport(list(script))
    with backend(transport) as stripe:
        with pytest.raises(StripeRequestError) as failure:
            stripe.run(pack.scenario("upgrade-halfway"))
    assert transport.calls == expected(script)
    assert transport.calls[-1] == ("DELETE", "/v1/test_helpers/test_clocks/clock_1", {})
    assert "event 1 (change_plan at 2026-04-16" in str(failure.value)
    assert "HTTP 500" in str(failure.value)


def test_a_clock_stuck_advancing_times_out_clearly(pack):
    script = price_steps(pack, "basic", "pro") + scripts.upgrade(1)[:4]  # clock, customer, subscription, advance
    script[-1].repeat = False
    from tests.adapters.stripe_test.stripe_objects import clock
    from tests.adapters.stripe_test.transport import Step
    stuck = Step("GET", "/v1/test_helpers/test_clocks/clock_1", {}, clock("clock_1", 0, "advancing"), repeat=True)
    delete = Step("DELETE", "/v1/test_helpers/test_clocks/clock_1", {}, {"id": "clock_1", "deleted": True})
    transport = ScriptedTransport(script + [stuck, delete])
    fake = FakeTime()
    stripe = StripeTestBackend(http_client=transport, run_id=RUN, sleep=fake.sleep, monotonic=fake.monotonic,
                               clock_timeout="30", poll_interval="5")
    with stripe:
        with pytest.raises(ClockError) as failure:
            stripe.run(pack.scenario("upgrade-halfway"))
    message = str(failure.value)
    assert "clock_1" in message and "'advancing'" in message and "30 s" in message and "clock_timeout" in message
    assert fake.sleeps == [5.0] * 6
    assert transport.calls[-1] == ("DELETE", "/v1/test_helpers/test_clocks/clock_1", {})
    assert transport.remaining() == []


def test_internal_failure_of_the_clock_is_an_error(pack):
    script = price_steps(pack, "basic", "pro") + scripts.upgrade(1)[:5]
    script[-1].response = dict(script[-1].response, status="internal_failure")
    from tests.adapters.stripe_test.transport import Step
    script.append(Step("DELETE", "/v1/test_helpers/test_clocks/clock_1", {}, {"id": "clock_1", "deleted": True}))
    transport = ScriptedTransport(script)
    with backend(transport) as stripe:
        with pytest.raises(ClockError, match="internal_failure"):
            stripe.run(pack.scenario("upgrade-halfway"))
    assert transport.remaining() == []


def test_close_deletes_a_clock_the_scenario_could_not(pack):
    from tests.adapters.stripe_test.transport import Step
    script = price_steps(pack, "basic", "pro") + scripts.upgrade(1, fail_update=True)
    script[-1].status, script[-1].response = 500, {"error": {"type": "api_error", "message": "try later"}}
    retry = Step("DELETE", "/v1/test_helpers/test_clocks/clock_1", {}, {"id": "clock_1", "deleted": True})
    transport = ScriptedTransport(script + [retry])
    with backend(transport) as stripe:
        with pytest.raises(StripeRequestError):
            stripe.run(pack.scenario("upgrade-halfway"))
        assert transport.remaining() == [retry]
    assert transport.remaining() == []  # close() sent it


def test_not_applicable_scenarios_send_nothing(pack):
    from harness.adapters import NotApplicable
    transport = ScriptedTransport([])
    stripe = backend(transport)
    assert stripe.unsupported(pack.scenario("usage-two-periods"))
    assert stripe.unsupported(pack.scenario("downgrade-next-period"))
    with stripe:
        with pytest.raises(NotApplicable, match="billing_cycle_anchor=now"):
            stripe.run(pack.scenario("change-anchor-prorated"))
    assert transport.requests == []


# ------------------------------------------------------------ keys


@pytest.mark.parametrize("live", ["sk_live_51LiveSecret0123456789abcdef", "rk_live_51LiveRestricted0123456789"])
def test_live_keys_are_refused_before_any_request(pack, monkeypatch, live):
    monkeypatch.setenv("STRIPE_API_KEY", live)
    transport = ScriptedTransport([])
    stripe = backend(transport)
    with pytest.raises(BackendUnavailable) as refused:
        stripe.__enter__()
    with pytest.raises(BackendUnavailable):
        stripe.run(pack.scenario("upgrade-halfway"))
    with pytest.raises(BackendUnavailable):
        stripe.clean()
    assert transport.requests == []
    assert live not in str(refused.value) and live[8:] not in str(refused.value)
    assert "live" in str(refused.value) and "test key" in str(refused.value)


def test_no_key_says_what_to_set(monkeypatch):
    monkeypatch.delenv("STRIPE_API_KEY")
    with pytest.raises(BackendUnavailable, match="set STRIPE_API_KEY to a test-mode secret key"):
        backend(ScriptedTransport([])).__enter__()
    assert "not set" in StripeTestBackend.availability().detail


def test_api_key_env_names_another_variable(pack, monkeypatch):
    monkeypatch.delenv("STRIPE_API_KEY")
    monkeypatch.setenv("MY_STRIPE", KEY)
    script = price_steps(pack, "pro") + scripts.signup(1)
    outcome, transport = run(pack, "signup-plain-first-period", list(script), api_key_env="MY_STRIPE")
    assert transport.calls == expected(script)
    assert transport.requests[0].headers["Authorization"] == f"Bearer {KEY}"


def test_the_key_never_appears_in_output_logs_or_errors(pack, capsys, caplog, monkeypatch):
    monkeypatch.setenv("STRIPE_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    texts = []
    script = price_steps(pack, "basic", "pro") + scripts.upgrade(1)
    outcome, transport = run(pack, "upgrade-halfway", list(script))
    assert transport.requests[0].headers["Authorization"] == f"Bearer {KEY}"  # the key was really used
    texts.append(repr(outcome))
    failing = ScriptedTransport(price_steps(pack, "basic", "pro") + scripts.upgrade(1, fail_update=True))
    stripe = backend(failing)
    with stripe:
        with pytest.raises(StripeRequestError) as failure:
            stripe.run(pack.scenario("upgrade-halfway"))
    texts += [str(failure.value), repr(failure.value), repr(stripe), repr(stripe.settings), str(stripe.availability())]
    bad_key = ScriptedTransport([])  # Stripe's own 401 echoes a (masked) key; ours is scrubbed anyway
    stripe = backend(bad_key)
    with stripe:
        with pytest.raises(BackendUnavailable) as unscripted:
            stripe.clean()
    texts.append(str(unscripted.value))
    captured = capsys.readouterr()
    texts += [captured.out, captured.err, caplog.text]
    assert caplog.records  # the SDK did log
    for text in texts:
        assert KEY not in text and KEY[8:] not in text


def test_errors_from_stripe_that_echo_the_key_are_scrubbed(pack):
    from tests.adapters.stripe_test.transport import Step
    echo = Step("GET", "/v1/test_helpers/test_clocks", {"limit": "100"},
                {"error": {"type": "invalid_request_error", "message": f"Invalid API Key provided: {KEY}"}}, status=401)
    stripe = backend(ScriptedTransport([echo]))
    with stripe:
        with pytest.raises(BackendUnavailable) as failure:
            stripe.clean()
    assert KEY not in str(failure.value) and "sk_test_****" in str(failure.value)


# ------------------------------------------------------------ clean


def test_clean_removes_tagged_leftovers_only():
    from tests.adapters.stripe_test.transport import Step
    clocks = {"object": "list", "url": "/v1/test_helpers/test_clocks", "has_more": False, "data": [
        {"id": "clock_old", "object": "test_helpers.test_clock", "name": "prorata 20260101-abc upgrade-halfway"},
        {"id": "clock_theirs", "object": "test_helpers.test_clock", "name": "someone else's"},
    ]}
    prices = {"object": "list", "url": "/v1/prices", "has_more": False, "data": [
        {"id": "price_ours", "object": "price", "lookup_key": "prorata-pro-abc", "metadata": {"prorata": "catalog"}},
        {"id": "price_theirs", "object": "price", "lookup_key": None, "metadata": {}},
    ]}
    products = {"object": "list", "url": "/v1/products", "has_more": False, "data": [
        {"id": "prod_ours", "object": "product", "name": "Pro", "metadata": {"prorata": "catalog"}},
        {"id": "prod_theirs", "object": "product", "name": "Theirs", "metadata": {}},
    ]}
    script = [
        Step("GET", "/v1/test_helpers/test_clocks", {"limit": "100"}, clocks),
        Step("DELETE", "/v1/test_helpers/test_clocks/clock_old", {}, {"id": "clock_old", "deleted": True}),
        Step("GET", "/v1/prices", {"active": "true", "limit": "100"}, prices),
        Step("POST", "/v1/prices/price_ours", {"active": "false"}, {"id": "price_ours", "object": "price"}),
        Step("GET", "/v1/products", {"active": "true", "limit": "100"}, products),
        Step("POST", "/v1/products/prod_ours", {"active": "false"}, {"id": "prod_ours", "object": "product"}),
    ]
    transport = ScriptedTransport(list(script))
    with backend(transport) as stripe:
        removed = stripe.clean()
    assert transport.calls == expected(script)
    assert [entry.split(" (")[0] for entry in removed] == [
        "test clock clock_old", "price price_ours", "product prod_ours"]


# ------------------------------------------------------------ workers


def test_scenarios_on_threads_give_the_serial_documents(pack):
    ids = ["signup-plain-first-period", "upgrade-halfway", "cancel-end-of-period"]
    makers = [scripts.signup, scripts.upgrade, scripts.cancel]

    def transport() -> ScriptedTransport:
        return ScriptedTransport(AnyOrder(price_steps(pack, "basic", "pro")), *[make(n) for n, make in enumerate(makers, 1)])

    serial_transport = transport()
    with backend(serial_transport) as stripe:
        serial = [stripe.run(pack.scenario(i)) for i in ids]
    parallel_transport = transport()
    with backend(parallel_transport) as stripe:
        with ThreadPoolExecutor(max_workers=3) as pool:
            parallel = list(pool.map(lambda i: stripe.run(pack.scenario(i)), ids))
    assert parallel == serial
    assert [list(o.documents) for o in serial] == [
        scripts.signup_documents(1), scripts.upgrade_documents(2), scripts.cancel_documents(3)]
    for used in (serial_transport, parallel_transport):
        assert used.unexpected == [] and used.remaining() == []
    # each scenario on its own clock
    clocks = {r.path.split("/")[4] for r in parallel_transport.requests if r.path.startswith("/v1/test_helpers/test_clocks/")}
    assert clocks == {"clock_1", "clock_2", "clock_3"}

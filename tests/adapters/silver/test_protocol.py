"""The worker's JSON-lines protocol, in process: worker.py imports nothing
but the standard library at module level, so its framing can be tested
without Django; and the real worker, started in the silver venv."""

from __future__ import annotations

import io
import json

import pytest

from harness.adapters.silver import worker
from harness.adapters.silver.client import Worker, WorkerError


class FakeSilver:
    """Stands in for worker.Silver: records calls, fails on request."""

    class transaction:  # serve() wraps each op in silver.transaction.atomic()
        @staticmethod
        def atomic():
            import contextlib

            return contextlib.nullcontext()

    def __init__(self):
        self.calls = []

    def op_echo(self, **args):
        self.calls.append(("echo", args))
        return args

    def op_reset(self):
        self.calls.append(("reset", {}))
        return {"providers": 0}

    def op_boom(self):
        raise ValueError("silver said no")


def serve(*requests: str) -> tuple[list[dict], FakeSilver]:
    silver, out = FakeSilver(), io.StringIO()
    worker.serve(silver, iter(requests), out)
    return [json.loads(line) for line in out.getvalue().splitlines()], silver


def test_a_request_gets_its_result_under_its_id():
    replies, silver = serve(json.dumps({"id": 7, "op": "echo", "args": {"day": "2026-04-16"}}))
    assert replies == [{"id": 7, "ok": True, "result": {"day": "2026-04-16"}}]
    assert silver.calls == [("echo", {"day": "2026-04-16"})]


def test_a_failing_op_is_an_answer_with_the_error_and_the_loop_goes_on():
    replies, _ = serve('{"id": 1, "op": "boom"}', '{"id": 2, "op": "echo", "args": {}}')
    assert replies[0]["ok"] is False and replies[0]["error"] == "ValueError: silver said no"
    assert "Traceback" in replies[0]["traceback"]
    assert replies[1] == {"id": 2, "ok": True, "result": {}}


def test_unknown_ops_and_bad_lines_are_reported_not_fatal():
    replies, _ = serve("not json", '{"id": 3, "op": "fly"}', "", '{"id": 4, "op": "reset"}')
    assert replies[0]["ok"] is False and replies[0]["error"].startswith("bad request")
    assert replies[1] == {**replies[1], "id": 3, "ok": False, "error": "ValueError: unknown op 'fly'"}
    assert replies[2] == {"id": 4, "ok": True, "result": {"providers": 0}}


def test_shutdown_answers_and_stops_reading():
    replies, silver = serve('{"id": 1, "op": "shutdown"}', '{"id": 2, "op": "echo", "args": {}}')
    assert replies == [{"id": 1, "ok": True, "result": None}]
    assert silver.calls == []


# -- the real worker in the silver venv


@pytest.fixture
def live(silver_env):
    client = Worker(silver_env)
    client.start()
    yield client
    client.close()


def test_the_real_worker_says_hello_with_silver_versions(live):
    assert live.ready["ready"] is True and live.ready["migrated"] is False  # the template was there
    hello = live.call("hello")
    assert hello["protocol"] == worker.PROTOCOL
    assert hello["versions"]["django-silver"] == "0.11.1"
    assert hello["versions"]["Django"].startswith("3.2.")


def test_reset_rolls_the_scenario_back(live):
    provider = live.call("create_provider", name="P")["id"]
    customer = live.call("create_customer", name="C")["id"]
    plan = live.call("create_plan", name="Basic", amount="10.00", currency="USD", interval="month",
                     interval_count=1, product_code="basic", provider=provider)["id"]
    live.call("subscribe", plan=plan, customer=customer, start_date="2026-04-01", now="2026-04-01T00:00:00")
    assert live.call("generate", billing_date="2026-04-01", customer=customer,
                     now="2026-04-01T00:00:00")["documents"]
    assert len(live.call("documents", customer=customer)) == 1
    assert live.call("reset") == {"providers": 0}
    assert live.call("documents", customer=customer) == []


def test_silver_reads_the_clock_the_worker_sets(live):
    provider = live.call("create_provider", name="P")["id"]
    customer = live.call("create_customer", name="C")["id"]
    plan = live.call("create_plan", name="Basic", amount="10.00", currency="USD", interval="month",
                     interval_count=1, product_code="basic", provider=provider)["id"]
    sub = live.call("subscribe", plan=plan, customer=customer, start_date="2026-04-01", now="2026-04-01T00:00:00")
    # cancel(now) takes today's date from the clock, which the worker pinned
    cancelled = live.call("cancel", subscription=sub["id"], when="now", now="2026-04-21T09:30:00")
    assert cancelled["state"] == "canceled" and cancelled["cancel_date"] == "2026-04-21"
    with pytest.raises(WorkerError, match="Cannot cancel subscription from canceled state"):
        live.call("cancel", subscription=sub["id"], when="now", now="2026-04-22T00:00:00")
    assert live.alive  # a refusal is an answer, not a crash
    live.call("reset")

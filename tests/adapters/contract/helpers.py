"""Helpers of the contract tests: the core pack, the published schemas, the
example backend, and a tiny fake backend whose behaviour each test chooses
(a backend author's mistakes, one each)."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

from harness.model import Pack
from harness.runner import Status

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_DIR = ROOT / "docs" / "schema"
EXAMPLE = ROOT / "examples" / "backends" / "simple_billing.py"

#: What the example's fixed rules give on the core pack (it prorates by
#: actual days, rounds half up, applies every change at once).
EXPECTED = {
    "upgrade-halfway": Status.PASSED,
    "chain-upgrade-seats-downgrade": Status.PASSED,
    "usage-two-periods": Status.PASSED,
    "currency-jpy-upgrade": Status.PASSED,
    "retry-same-period": Status.PASSED,
    "downgrade-next-period": Status.FAILED,  # it downgrades at once
    "rounding-half-even-signup": Status.FAILED,  # it rounds half up
    "change-anchor-prorated": Status.NOT_APPLICABLE,  # it answers not_supported
}


def pick(pack: Pack, *ids: str) -> Pack:
    """`pack` with only these scenarios, in this order."""
    return Pack(pack.meta, tuple(pack.scenario(scenario_id) for scenario_id in ids))


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text())


def example_command() -> str:
    return f"{sys.executable} {EXAMPLE}"


#: A fake backend: `fake.py PLAN_JSON`, PLAN mapping a scenario id to what to do
#: ("default" for the rest). Each behaviour is one way to get the contract wrong.
FAKE = textwrap.dedent(
    r'''
    import json, os, subprocess, sys, time
    plan = json.loads(sys.argv[1])
    request = json.load(sys.stdin)
    scenario = request["scenario"]["id"]
    mode = plan.get(scenario, plan.get("default", "empty"))
    sys.stderr.write(f"fake backend got {scenario}\n")
    if mode == "empty":
        print(json.dumps({"invoices": [], "credit_notes": []}))
    elif mode == "not_json":
        print("Traceback? no: <html>oops</html>")
    elif mode == "silent":
        pass
    elif mode == "crash":
        for n in range(30):
            sys.stderr.write(f"log line {n}\n")
        sys.stderr.write("ZeroDivisionError: division by zero\n")
        sys.exit(3)
    elif mode == "number":
        print('{"invoices": [{"date": "2026-04-01", "total": "10.00", "lines": ['
              '{"period": ["2026-04-01", "2026-05-01"], "amount": "10.00"},'
              '{"period": ["2026-04-01", "2026-05-01"], "amount": 10.5}]}]}')
    elif mode == "wrong_shape":
        print(json.dumps({"invoices": {"date": "2026-04-01"}}))
    elif mode == "not_supported":
        print(json.dumps({"not_supported": "we never prorate"}))
    elif mode == "error":
        sys.stderr.write("database is locked\n")
        print(json.dumps({"error": "subscription 42 not found"}))
    elif mode == "sleep":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        with open(os.environ["FAKE_PID_FILE"], "w") as out:
            out.write(f"{child.pid}\n")
        sys.stderr.write("thinking hard\n")
        sys.stderr.flush()
        time.sleep(120)
    elif mode == "echo":
        print(json.dumps({"invoices": [], "credit_notes": [], "x-request": request}))
    else:
        sys.exit(f"unknown mode {mode}")
    '''
)



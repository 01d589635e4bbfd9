"""django-silver as a backend: a real open-source Django billing app, run
in its own venv behind a worker process (see worker.py for why).

Each scenario is reset (one rolled-back transaction), played as silver
operations (translate.py), and silver's invoices are read back and normalised
(normalise.py). What silver cannot be told at all is declared in
`capabilities`; everything else runs, and where silver bills differently from
the pack's policy the deviations ledger says how."""

from __future__ import annotations

from typing import Callable

from harness.adapters.base import Adapter, Availability, Capabilities, Limit
from harness.adapters.errors import BackendUnavailable
from harness.adapters.silver import normalise
from harness.adapters.silver.client import Worker, WorkerCrashed
from harness.adapters.silver.environment import ENV_VAR, INSTALL_COMMAND, install, locate
from harness.adapters.errors import NotApplicable
from harness.adapters.silver.translate import Player, expressible
from harness.model import Outcome, Scenario

SILVER = "django-silver 0.11.1"  # pinned in its own venv (environment.py), not importable here


class SilverBackend(Adapter):
    name = "silver"
    description = f"{SILVER} (Django 3.2, SQLite) in its own venv, driven through its models"
    capabilities = Capabilities(limits=(
        Limit.excluding("event", {"quantity_increase", "quantity_decrease"},
                "a silver subscription is one unit of one plan: it has no quantity to change"),
        Limit.excluding("event", {"change_anchor"},
                "silver always starts billing cycles on the 1st of the month (Monday, January 1): "
                "there is no anchor to move"),
        Limit.excluding("feature", {"quantity"},
                "a silver subscription is one unit of one plan: it has no quantity"),
        Limit.excluding("feature", {"retried_event"},
                "silver's API takes no idempotency key, so a retried request cannot be sent as a retry"),
    ))
    options = {
        "python": f"an interpreter that already has django-silver (default: ${ENV_VAR}, "
                  f"else the venv `{INSTALL_COMMAND}` creates)",
        "venv": "the venv `prorata backends install silver` created (default .prorata/venvs/silver)",
    }

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        self.worker: Worker | None = None
        self.starts = 0  # how many workers this adapter started (restarts after crashes count)

    @classmethod
    def availability(cls) -> Availability:
        env = locate()
        if env is None:
            return Availability(False, None, f"no silver environment: run `{INSTALL_COMMAND}`")
        return Availability(True, None, f"worker runs on {env.python}")

    @classmethod
    def install(cls, echo: Callable[[str], None]) -> None:
        """`prorata backends install silver`: the venv, its requirements, the
        migrated template database ($PRORATA_SILVER_PYTHON: only the database)."""
        install(echo=echo)

    # -- lifecycle

    def __enter__(self) -> "SilverBackend":
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def _start(self) -> Worker:
        env = locate(self.settings.get("python"), self.settings.get("venv"))
        if env is None:
            raise BackendUnavailable(
                "django-silver runs in an environment of its own (it pins cryptography<3.4) "
                f"and none is installed here; run: {INSTALL_COMMAND} "
                f"(or set {ENV_VAR} to a Python that has django-silver 0.11.1)"
            )
        if not env.python.exists():
            raise BackendUnavailable(f"{env.python} does not exist; run: {INSTALL_COMMAND}")
        worker = Worker(env)
        self.worker = worker
        self.starts += 1
        try:
            worker.start()
        except (WorkerCrashed, OSError) as error:
            self.close()
            raise BackendUnavailable(f"the silver worker did not start with {env.python}: {error}") from None
        return worker

    def close(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.close()

    # -- a scenario

    def unsupported(self, scenario: Scenario) -> tuple[str, ...]:
        """The declared limits, plus the subscription shapes silver cannot hold
        (one licensed plan, its own cycle alignment): known from the scenario
        alone, so the runner need not start a worker to learn them."""
        reasons = super().unsupported(scenario)
        try:
            expressible(scenario)
        except NotApplicable as reason:
            return (*reasons, str(reason))
        return reasons

    def version(self) -> str:
        return SILVER

    def run(self, scenario: Scenario) -> Outcome:
        worker = self.worker if self.worker is not None and self.worker.alive else None
        if worker is None:
            self.close()  # a worker that crashed in the previous scenario: start afresh
            worker = self._start()
        try:
            worker.call("reset")
            player = Player(worker.call, scenario)
            customer = player.play()
            raw = worker.call("documents", customer=customer)
        except WorkerCrashed:
            self.close()  # the next scenario starts a new worker
            raise
        metered = {m.id for m in player.metered}
        return Outcome(normalise.documents(raw, player.codes, metered, scenario.pack.timezone))

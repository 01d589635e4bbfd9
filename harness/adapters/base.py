"""The contract every billing backend implements, and what an adapter declares.

Like a transport in httpx, the contract is one method: a backend takes one
loaded scenario (its merged policy and the pack's catalog travel with it) and
returns the documents it produced, normalised to the harness's model.
Everything else — comparison, ledgers, reports — is built on top and knows no
backend.

`Adapter` is the base the shipped adapters share. It adds three things around
`run`:

* **capabilities**: which events, policy values and features the backend can
  express. The runner checks a scenario's needs (harness.engine.requirements)
  against them first, and a scenario needing anything else is
  `not_applicable` with the reason — never sent, never failed;
* **options**: `--backend-option key=value`, declared with a help text each,
  so a misspelt option is an error and `prorata backends` can list them;
* **lifecycle**: an adapter is a context manager. `__enter__` starts what it
  needs (a server, a database), `__exit__` removes what it created, on
  failure and on Ctrl-C too."""

from __future__ import annotations

import contextlib
import importlib.metadata
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, ClassVar, ContextManager, Iterable, Mapping, Protocol, runtime_checkable

from harness.engine.requirements import Need, requirements
from harness.model import Outcome, Scenario


@runtime_checkable
class Backend(Protocol):
    name: str

    def run(self, scenario: Scenario) -> Outcome:
        """Issue every document of `scenario` up to its horizon."""
        ...


@dataclass(frozen=True)
class Limit:
    """For needs with this `key`, only the `allowed` values can be expressed
    (`allowed=None`: any value but the `refused` ones); `why` says so in words
    a reader understands ("localstripe has no renewals: it runs on the real
    clock"). One limit per reason, so a scenario is told the one that concerns it."""

    key: str
    allowed: frozenset[str] | None
    why: str
    refused: frozenset[str] = frozenset()

    @classmethod
    def of(cls, key: str, allowed: Iterable[str], why: str) -> "Limit":
        return cls(key, frozenset(allowed), why)

    @classmethod
    def excluding(cls, key: str, refused: Iterable[str], why: str) -> "Limit":
        """Every value of `key` but these, e.g. `Limit.excluding("event", {"usage"}, "no metering")`."""
        return cls(key, None, why, frozenset(refused))

    def admits(self, value: str) -> bool:
        return value not in self.refused and (self.allowed is None or value in self.allowed)

    def __str__(self) -> str:
        if self.allowed is None:
            return f"{self.key}: not {', '.join(sorted(self.refused))}"
        return f"{self.key}: {', '.join(sorted(self.allowed)) or 'none'}"


@dataclass(frozen=True)
class Capabilities:
    """What a backend can express. A key without a limit accepts any value:
    a fixed convention of the backend (its day count, its rounding) is not a
    limit but a possible deviation, found by running the scenario."""

    limits: tuple[Limit, ...] = ()

    def unsupported(self, needs: Iterable[Need]) -> tuple[str, ...]:
        """One reason per limit the needs break, in the order of the limits."""
        needs = frozenset(needs)
        reasons = []
        for limit in self.limits:
            missing = sorted(str(need) for need in needs if need.key == limit.key and not limit.admits(need.value))
            if missing:
                reasons.append(f"needs {', '.join(missing)}: {limit.why}")
        return tuple(reasons)

    def describe(self) -> list[str]:
        """One line per limit, for `prorata backends`."""
        return [str(limit) for limit in self.limits]


class BackendOptionError(ValueError):
    """A `--backend-option` this adapter does not know, or a bad value for one."""


def parse_options(texts: Iterable[str], flag: str = "--backend-option") -> dict[str, str]:
    """`["command=./bill --json", "timeout=5"]` -> a dict; the value may hold `=`.
    BackendOptionError for text that is not KEY=VALUE."""
    options = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise BackendOptionError(f"{flag} {text!r} is not KEY=VALUE")
        options[key.strip()] = value
    return options


@dataclass(frozen=True)
class Availability:
    """Whether `prorata backends` can use an adapter here and now."""

    installed: bool
    reachable: bool | None  # None: unknown until a run starts it
    detail: str = ""


class Adapter:
    """Base of the shipped adapters. Subclasses set `name`, `description`,
    `capabilities`, `options` (name -> help) and implement `run`; those that
    start or create something override `__enter__`/`__exit__` (calling
    `close()` from `__exit__` is the usual shape)."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    capabilities: ClassVar[Capabilities] = Capabilities()
    options: ClassVar[Mapping[str, str]] = {}
    extra: ClassVar[str] = ""  # the pip extra that installs its dependencies, if any
    # regexes of values that differ from run to run (vendor ids, creation times): golden invoices normalise them
    volatile: ClassVar[tuple[str, ...]] = ()
    # how far an amount may be from the reference engine's, per line, and still count as equal in the
    # fuzzer's differential check (harness.compare.tolerance); zero: exactly equal
    tolerance: ClassVar[Decimal] = Decimal(0)
    # the Python distribution that is the backend (or drives it), whose installed version `version()` reports
    distribution: ClassVar[str] = ""
    # a CPU-bound pure function of the scenario: `--workers N` runs it on N processes (threads would
    # share one core under the GIL); backends that wait on I/O declare `parallel_safe` instead
    pure: ClassVar[bool] = False

    def __init__(self, **options: str) -> None:
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise BackendOptionError(
                f"backend {self.name!r} has no option {', '.join(map(repr, unknown))} (its options: {known})"
            )
        self.settings: dict[str, str] = dict(options)

    @property
    def ledger_name(self) -> str:
        """The name of this backend's deviations ledger (`<pack>/deviations/<name>.yaml`)."""
        return self.name

    def run(self, scenario: Scenario) -> Outcome:
        raise NotImplementedError

    def version(self) -> str:
        """What a sign-off records as the backend's version: `<distribution> <version>`,
        or "" when the backend cannot tell (an in-house system behind the contract)."""
        if not self.distribution:
            return ""
        try:
            return f"{self.distribution} {importlib.metadata.version(self.distribution)}"
        except importlib.metadata.PackageNotFoundError:
            return f"{self.distribution} (not installed)"

    def unsupported(self, scenario: Scenario) -> tuple[str, ...]:
        """Why this backend cannot run `scenario` (empty: it can). Without
        limits nothing can be missing, and working out the needs is a whole
        engine run, so a backend that can express everything skips it."""
        if not self.capabilities.limits:
            return ()
        return self.capabilities.unsupported(requirements(scenario))

    @classmethod
    def availability(cls) -> Availability:
        """Installed and reachable, as far as can be told without starting it."""
        return Availability(installed=True, reachable=True)

    @classmethod
    def install(cls, echo: Callable[[str], None]) -> None:
        """Prepare what the backend needs outside this Python environment
        (`prorata backends install NAME`); most need nothing beyond their extra."""
        raise NotImplementedError(f"backend {cls.name!r} needs nothing installed beyond its Python dependencies")

    def clean(self) -> list[str]:
        """Remove what earlier, interrupted runs left in the backend
        (`prorata backends clean NAME`); returns what was removed."""
        raise NotImplementedError(f"backend {self.name!r} keeps nothing between runs: there is nothing to clean")

    def close(self) -> None:
        """Stop and remove what this adapter started or created. Idempotent."""

    def __enter__(self) -> "Adapter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def opened(backend: Backend) -> ContextManager[Backend]:
    """`with opened(backend) as b:` starts and stops an `Adapter`, and leaves a
    plain one-method backend (anything with `run`) as it is."""
    return backend if hasattr(backend, "__enter__") else contextlib.nullcontext(backend)


def unsupported(backend: Backend, scenario: Scenario) -> tuple[str, ...]:
    """Reasons `backend` cannot run `scenario`; empty for a backend that
    declares no capabilities (it is asked to run everything)."""
    check = getattr(backend, "unsupported", None)
    return tuple(check(scenario)) if check is not None else ()


__all__ = [
    "Adapter",
    "Availability",
    "Backend",
    "BackendOptionError",
    "Capabilities",
    "Limit",
    "Need",
    "opened",
    "parse_options",
    "unsupported",
]

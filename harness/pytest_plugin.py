"""pytest plugin: scenario packs as test items, and fixtures for hand-written tests.

    pytest --prorata-pack scenario_packs/core                 # every scenario is a test
    pytest --prorata-pack scenario_packs/core -k upgrade      # names (and tags)
    pytest --prorata-pack scenario_packs/core -m "seats and not edge"
    pytest --prorata-pack a --prorata-pack b --prorata-backend reference
    pytest --prorata-pack scenario_packs/core --prorata-backend command \
           --prorata-backend-option command="./my-billing --json"
    pytest --prorata-pack scenario_packs/core -n 2            # pytest-xdist

Each scenario becomes an item with node id `<pack>::<scenario-id>`; its
`tags` become marks (normalised to identifiers: every character outside
[A-Za-z0-9_] becomes `_`; registered, so `--strict-markers` accepts them). A
failing scenario reports the comparison's differences, the same notes the CLI
prints, never a Python traceback; a pack that does not load is a collection
error listing every problem. A scenario the backend declares not applicable
(`NotApplicable`) is a skip; one that differs exactly as the backend's
deviations ledger records (`<pack>/deviations/<backend>.yaml`) is an xfail
with the ledger's finding as reason; a backend that cannot be reached
(`BackendUnavailable`) fails the item with one line, `backend 'NAME' is
unavailable: ...`. Every outcome is also linted for invoice clarity
(harness.lint): a finding fails the item like a difference (`lint rule:
...` in the report) unless the ledger pins it; `--prorata-no-lint` skips
the lint.

Under pytest-xdist every worker loads the packs and collects the same items
in the same order (pack order, then scenario order: nothing depends on hash
ordering), as xdist requires; each worker starts its own backend.

Fixtures: `prorata_packs` (the packs given with --prorata-pack), `prorata_pack`
(the one pack; an error unless exactly one was given), `prorata_load_pack`
(path -> Pack), `prorata_engine` (the reference backend), `prorata_run`
(scenario -> ScenarioResult on the --prorata-backend backend).

Registered through the `pytest11` entry point, so it is active in every pytest
run of an environment where the harness is installed: nothing is imported from
the harness and nothing is loaded unless --prorata-pack is given or a fixture
is used."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

DEFAULT_BACKEND = "reference"

#: Marks pytest itself acts on: a tag spelled like one must not skip or xfail a scenario.
_RESERVED_MARKS = frozenset(
    {"skip", "skipif", "xfail", "parametrize", "usefixtures", "filterwarnings", "tryfirst", "trylast"}
)


def mark_name(tag: str) -> str | None:
    """A scenario tag as a mark name: `seat-change` -> `seat_change`, `v1.2` -> `v1_2`.

    Leading underscores are dropped (pytest refuses them); a tag that names one
    of pytest's own marks gets a `_tag` suffix (`skip` -> `skip_tag`) so it
    cannot skip a scenario. None for a tag with nothing left."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", str(tag)).lstrip("_")
    if not name:
        return None
    if name in _RESERVED_MARKS:
        name += "_tag"
    return name


# -- state: the packs and backend of one pytest run ------------------------


@dataclass
class _Entry:
    """One --prorata-pack: the loaded pack, or why it did not load."""

    path: Path
    pack: Any = None
    error: BaseException | None = None
    ledger: Any = None  # the backend's deviations ledger for this pack, once loaded

    @property
    def name(self) -> str:
        return self.pack.name if self.pack is not None else str(self.path)


@dataclass
class _State:
    paths: list[Path]
    backend_name: str
    backend_options: dict[str, str] = field(default_factory=dict)
    use_ledger: bool = True
    use_lint: bool = True
    entries: list[_Entry] = field(default_factory=list)
    _backend: Any = None
    _opened: Any = None  # the backend's context manager, closed at unconfigure

    def load(self) -> None:
        from harness.packs import PackError, load_pack

        seen: dict[str, Path] = {}
        for path in self.paths:
            entry = _Entry(path)
            try:
                entry.pack = load_pack(path)
            except (PackError, OSError) as error:
                entry.error = error
            if entry.pack is not None and entry.pack.name in seen:
                entry.error = _DuplicatePack(entry.pack.name, seen[entry.pack.name], path)
                entry.pack = None
            elif entry.pack is not None:
                seen[entry.pack.name] = path
            self.entries.append(entry)

    def packs(self) -> list[Any]:
        """The loaded packs; fails the calling test if any did not load."""
        from harness.render.problems import format_pack_error

        broken = [entry for entry in self.entries if entry.error is not None]
        if broken:
            pytest.fail(
                "\n".join(f"{e.path}: does not load\n{format_pack_error(e.error)}" for e in broken),
                pytrace=False,
            )
        return [entry.pack for entry in self.entries]

    def backend(self) -> Any:
        """The backend, constructed (options checked) on first call."""
        if self._backend is None:
            self._backend = _get_backend(self.backend_name, self.backend_options)
        return self._backend

    def started_backend(self) -> Any:
        """The backend, started on first use (a server is only started when a
        scenario runs) and stopped at the end of the session."""
        if self._opened is None:
            from harness.adapters import opened

            self._opened = opened(self.backend())
            self._opened.__enter__()
        return self._backend

    def close(self) -> None:
        if self._opened is not None:
            opened_backend, self._opened = self._opened, None
            opened_backend.__exit__(None, None, None)


class _DuplicatePack(Exception):
    def __init__(self, name: str, first: Path, second: Path) -> None:
        super().__init__(
            f"error: {second}: pack name {name!r} is already used by {first}; "
            "node ids are <pack>::<scenario-id>, so each --prorata-pack needs its own name"
        )


def _get_backend(name: str, options: dict[str, str] | None = None) -> Any:
    from harness.adapters import BACKENDS, get_backend

    if name not in BACKENDS:
        raise pytest.UsageError(
            f"--prorata-backend: unknown backend {name!r}; choose from {', '.join(BACKENDS)}"
        )
    try:
        return get_backend(name, options)
    except Exception as error:  # e.g. BackendUnavailable: no sandbox, no credentials; a bad option
        raise pytest.UsageError(f"--prorata-backend {name!r} could not start: {error}") from None


def _options(values: list[str]) -> dict[str, str]:
    from harness.adapters.base import BackendOptionError, parse_options

    try:
        return parse_options(values or [], flag="--prorata-backend-option")
    except BackendOptionError as error:
        raise pytest.UsageError(str(error)) from None


def _ledger(entry: _Entry, state: _State) -> Any:
    """The entry's ledger for the session's backend, loaded once (None: ignored)."""
    if not state.use_ledger:
        return None
    if entry.ledger is None:
        from harness.packs import load_ledger

        backend = state.backend()
        name = getattr(backend, "ledger_name", None) or state.backend_name
        entry.ledger = load_ledger(entry.pack.meta.source, entry.pack.name, name)
    return entry.ledger


_STATE = pytest.StashKey[_State]()


def _new_state(config: pytest.Config) -> _State:
    return _State(
        [Path(p) for p in config.getoption("prorata_packs", None) or []],
        config.getoption("prorata_backend", None) or DEFAULT_BACKEND,
        _options(config.getoption("prorata_backend_options", None)),
        not config.getoption("prorata_no_ledger", False),
        not config.getoption("prorata_no_lint", False),
    )


def _state(config: pytest.Config) -> _State:
    state = config.stash.get(_STATE, None)
    if state is None:  # plugin registered late (e.g. -p after configure): build it now
        state = config.stash[_STATE] = _new_state(config)
    return state


# -- hooks -----------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("prorata", "proration scenario packs (proration-harness)")
    group.addoption(
        "--prorata-pack",
        action="append",
        dest="prorata_packs",
        default=[],
        metavar="PATH",
        help="Run every scenario of the pack at PATH as a test (repeatable).",
    )
    group.addoption(
        "--prorata-backend",
        dest="prorata_backend",
        default=DEFAULT_BACKEND,
        metavar="NAME",
        help=f"Backend the pack scenarios run on (default: {DEFAULT_BACKEND}).",
    )
    group.addoption(
        "--prorata-backend-option",
        action="append",
        dest="prorata_backend_options",
        default=[],
        metavar="KEY=VALUE",
        help="An option for the backend, as `prorata run --backend-option` (repeatable).",
    )
    group.addoption(
        "--prorata-no-ledger",
        action="store_true",
        dest="prorata_no_ledger",
        help="Ignore the backend's deviations ledger: every difference fails.",
    )
    group.addoption(
        "--prorata-no-lint",
        action="store_true",
        dest="prorata_no_lint",
        help="Skip the invoice clarity lint (and the ledger's lint pins).",
    )


def pytest_configure(config: pytest.Config) -> None:
    state = config.stash[_STATE] = _new_state(config)
    if not state.paths:
        return
    state.backend()  # an unknown backend is a usage error before anything runs
    state.load()
    registered: set[str] = set()
    for entry in state.entries:
        if entry.pack is None:
            continue
        for scenario in entry.pack.scenarios:
            for tag in scenario.tags:
                name = mark_name(tag)
                if name and name not in registered:
                    registered.add(name)
                    config.addinivalue_line("markers", f"{name}: scenarios tagged {tag!r} (prorata pack)")


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(_STATE, None)
    if state is not None:
        state.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """Append one collector per pack, collected through the session so that a
    pack that does not load is reported as a collection error. Runs before
    -k/-m deselection, so both apply to the scenarios."""
    state = config.stash.get(_STATE, None)
    if state is None or not state.entries:
        return
    for entry in state.entries:
        collector = PackCollector.from_parent(
            session,
            name=entry.name,
            nodeid=entry.name,
            path=Path(entry.path).resolve(),
            entry=entry,
        )
        items.extend(session.genitems(collector))


# -- nodes -----------------------------------------------------------------


class PackCollector(pytest.Collector):
    """One pack; its children are its scenarios."""

    def __init__(self, *, entry: _Entry, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry = entry

    def collect(self) -> Iterator[pytest.Item]:
        if self.entry.error is not None:
            raise self.entry.error
        _ledger(self.entry, _state(self.config))  # a broken ledger is this pack's collection error
        for scenario in self.entry.pack.scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.id, scenario=scenario, entry=self.entry)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        from harness.render.problems import format_pack_error

        error = excinfo.value
        if isinstance(error, _DuplicatePack):
            return str(error)
        if getattr(error, "problems", None) is not None:
            what = "'s deviations ledger" if self.entry.pack is not None else ""
            return f"pack {self.entry.path}{what} does not load:\n{format_pack_error(error)}"
        if isinstance(error, OSError):
            return f"error: {self.entry.path}: {error.strerror or error}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class ScenarioFailed(Exception):
    """Raised by a scenario item whose outcome does not match (or that errored)."""

    def __init__(self, result: Any) -> None:
        super().__init__(getattr(result, "status", "failed"))
        self.result = result


class ScenarioItem(pytest.Item):
    """One scenario run on the --prorata-backend backend and compared."""

    def __init__(self, *, scenario: Any, entry: _Entry, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.entry = entry
        for tag in scenario.tags:
            name = mark_name(tag)
            if name:
                self.add_marker(name)
            self.extra_keyword_matches.add(str(tag))  # -k matches the tag as written too
        self.result: Any = None

    def runtest(self) -> None:
        from harness.runner import Status, run_scenario

        state = _state(self.config)
        backend = state.started_backend()  # BackendUnavailable: see repr_failure
        self.result = result = run_scenario(self.scenario, backend, _ledger(self.entry, state), lint=state.use_lint)
        status = result.status
        self.user_properties.append(("prorata_status", getattr(status, "value", str(status))))
        if status == Status.PASSED:
            return
        if status == Status.NOT_APPLICABLE:
            pytest.skip(_reason(result, "not applicable to this backend"))
        if status == Status.DEVIATION:
            pytest.xfail(_reason(result, "known deviation of this backend"))
        raise ScenarioFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:  # type: ignore[override]
        from harness.adapters.errors import BackendUnavailable
        from harness.engine.errors import ScenarioError
        from harness.render.results import describe_result, format_error

        error = excinfo.value
        if isinstance(error, ScenarioFailed):
            return describe_result(error.result)
        if isinstance(error, BackendUnavailable):
            return f"{self.nodeid}: backend {_state(self.config).backend_name!r} is unavailable: {error}"
        if isinstance(error, ScenarioError):
            return f"{self.nodeid}: error\n" + format_error(error)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        source = getattr(self.scenario, "source", None)
        if source is not None and getattr(source, "path", None):
            line = source.line - 1 if source.line else None
            return Path(source.path), line, self.nodeid
        return self.path, None, self.nodeid


def _reason(result: Any, default: str) -> str:
    for name in ("reason", "note"):
        value = getattr(result, name, None)
        if value:
            return str(value)
    error = getattr(result, "error", None)
    if error:
        return str(error)
    differences = getattr(result, "differences", ()) or ()
    if differences:
        return "; ".join(str(d) for d in differences)
    return default


# -- fixtures --------------------------------------------------------------


@pytest.fixture(scope="session")
def prorata_packs(pytestconfig: pytest.Config) -> list[Any]:
    """The packs given with --prorata-pack, loaded ([] when none was given)."""
    return _state(pytestconfig).packs()


@pytest.fixture(scope="session")
def prorata_pack(prorata_packs: list[Any], pytestconfig: pytest.Config) -> Any:
    """The single pack given with --prorata-pack."""
    if len(prorata_packs) != 1:
        given = ", ".join(str(p) for p in _state(pytestconfig).paths) or "none"
        pytest.fail(
            f"the prorata_pack fixture needs exactly one --prorata-pack, got {len(prorata_packs)} "
            f"({given}); use prorata_packs for several, or prorata_load_pack(path)",
            pytrace=False,
        )
    return prorata_packs[0]


@pytest.fixture(scope="session")
def prorata_load_pack() -> Callable[[Any], Any]:
    """A loader: `prorata_load_pack(path) -> Pack` (raises harness.packs.PackError)."""
    from harness.packs import load_pack

    def load(path: Any) -> Any:
        return load_pack(Path(path))

    return load


@pytest.fixture(scope="session")
def prorata_engine() -> Any:
    """The reference backend (the oracle), whatever --prorata-backend says."""
    return _get_backend(DEFAULT_BACKEND)


@pytest.fixture
def prorata_run(pytestconfig: pytest.Config) -> Callable[[Any], Any]:
    """`prorata_run(scenario) -> ScenarioResult` on the --prorata-backend backend."""
    from harness.runner import run_scenario

    state = _state(pytestconfig)
    backend = state.started_backend()

    def run(scenario: Any) -> Any:
        return run_scenario(scenario, backend, lint=state.use_lint)

    return run

"""The two errors a backend may raise on purpose, and what each one means.

Any other exception from `Backend.run` is a failure of that one scenario (an
`error` result in the reports); these two say something the runner and the
CLI act on, so they are explicit classes rather than attributes to sniff."""

from __future__ import annotations


class BackendUnavailable(Exception):
    """The backend cannot be reached or started: no server, no credentials, no
    sandbox. Raised by a backend's constructor or its `run`.

    Nothing this backend says can be judged until that is fixed, so it ends
    the whole run instead of becoming one result per scenario: the runner lets
    it propagate out of `run_scenario` / `run_pack`, and `prorata run` exits 3
    with `backend 'NAME' is unavailable: <message>`."""


class NotApplicable(Exception):
    """Raised by a backend's `run(scenario)` when the scenario needs an event or
    a policy value the backend cannot express (e.g. "no plan changes in this
    backend"). Its message is the reason.

    Not a failure of the backend: the runner records the scenario as
    `not_applicable` with the message as its note, and the run goes on."""

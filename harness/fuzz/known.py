"""Deviations already on record, so a fuzz run looks for new ones.

A backend with known deviations (larz nets every change into one line)
fails the differential on almost every example; without this, each run would
stop on the same known difference. A recorded deviation is reduced to its
*shape*: what kind of difference on what kind of line ("missing line
proration_credit", "amount of proration_charge differs", "extra invoice"),
with the dates, plans and amounts taken out. A generated failure is known
when its differential differences are all shapes of one recorded entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from harness.model import Ledger

_DOCUMENT = re.compile(r"^(?P<document>invoice|credit note|total billed)\b[^:]*: (?P<what>.*)$")
_PATTERNS = (
    ("missing document", re.compile(r"^expected but not issued")),
    ("extra document", re.compile(r"^issued but not expected")),
    ("total differs", re.compile(r"^expected total ")),
    ("total differs", re.compile(r"^expected -?[\d.]+, got ")),  # total billed
    ("missing line {kind}", re.compile(r"^missing line (?P<kind>\S+)")),
    ("extra line {kind}", re.compile(r"^unexpected line (?P<kind>\S+)")),
    ("{kind} differs", re.compile(r"^expected (?P<kind>\S+) ")),
)


def shape(observed: str) -> str:
    """`invoice of 2026-04-16: missing line proration_credit basic x1 [...] -5.00`
    -> `invoice: missing line proration_credit`."""
    match = _DOCUMENT.match(observed)
    if match is None:
        return observed
    what = match["what"]
    for template, pattern in _PATTERNS:
        found = pattern.match(what)
        if found:
            return f"{match['document']}: {template.format(**found.groupdict())}"
    return f"{match['document']}: {what}"


@dataclass(frozen=True)
class Known:
    """The shapes of each recorded deviation, one set per ledger entry."""

    entries: tuple[tuple[str, frozenset[str]], ...]  # (ledger path:scenario, shapes)

    @classmethod
    def of(cls, ledgers: Iterable[Ledger]) -> "Known":
        return cls(tuple(
            (f"{ledger.path or ledger.pack}:{entry.scenario}", frozenset(shape(text) for text in entry.differences))
            for ledger in ledgers for entry in ledger.deviations if entry.differences
        ))

    def match(self, problems: dict[str, tuple[str, ...]]) -> str | None:
        """The entry a failure is a case of. Judged on the differential: the
        reference breaks no invariant, so whatever else the backend broke
        follows from how its documents differ from the reference's."""
        if "differential" not in problems:
            return None
        shapes = {shape(text) for text in problems["differential"]}
        for name, known in self.entries:
            if shapes <= known:
                return name
        return None

    def covers(self, problems: dict[str, tuple[str, ...]]) -> bool:
        return self.match(problems) is not None

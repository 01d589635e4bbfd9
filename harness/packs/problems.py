"""What the loader reports: every problem of a pack, each pointing at a file line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

#: A pack with more problems than this is reported up to here, then loading stops.
MAX_PROBLEMS = 200

Path = tuple  # a path inside one YAML file: ("events", 2, "change_anchor", "to")


def format_path(path: Sequence[str | int]) -> str:
    """("events", 2, "change_anchor", "to") -> "events[2].change_anchor.to"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, where it is and what to do about it."""

    file: str
    line: int | None
    column: int | None
    field: str  # dotted path inside the file, "" for the whole file
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class PackError(Exception):
    """A pack (or several) could not be loaded; `.problems` lists everything found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} loading scenario packs"
        return "\n".join([head + ":", *(f"  {p}" for p in self.problems)])

    def __str__(self) -> str:
        return self._summary()

    def __reduce__(self):  # pickles with its problems (multiprocessing, pytest-xdist)
        return (type(self), (self.problems,))


class TooManyProblems(Exception):
    """Raised internally when a pack reached MAX_PROBLEMS; loading stops there."""


def did_you_mean(word: object, choices: Iterable[str], *, listing: str = "", limit: int = 12) -> str:
    """A hint: the closest allowed word, else the allowed words (up to `limit`)."""
    options = sorted({str(c) for c in choices})
    if isinstance(word, str) and options:
        close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
        if not close:
            lowered = {o.lower(): o for o in options}
            if word.lower() in lowered:
                close = [lowered[word.lower()]]
        if not close and len(word) >= 2:  # abbreviations: qty -> quantity
            close = [o for o in options if _is_subsequence(word.lower(), o.lower())]
            close = close if len(close) == 1 else []
        if close:
            return f"did you mean '{close[0]}'?"
    if not options:
        return ""
    shown = ", ".join(options[:limit]) + (", ..." if len(options) > limit else "")
    return f"{listing or 'allowed'}: {shown}"


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)

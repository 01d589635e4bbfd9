"""Vendor values that change from run to run (invoice ids, creation
timestamps) replaced by stable placeholders, so a golden only changes when
the invoice does.

Each distinct value becomes `<id N>`, numbered by first appearance in the
text: the same value always gets the same placeholder, so a credit note that
names the invoice it adjusts still visibly points at that invoice."""

from __future__ import annotations

import re
from collections.abc import Sequence


class VolatilePatternError(ValueError):
    """A backend's `volatile` entry that is not a regular expression."""


def compile_volatile(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation of all patterns (None for none), scanned left to right
    so that numbering follows the text whichever pattern matched."""
    if not patterns:
        return None
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise VolatilePatternError(f"volatile pattern {pattern!r} is not a regular expression: {error}") from None
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def normalise(text: str, patterns: Sequence[str]) -> str:
    """`text` with every match of `patterns` replaced by `<id N>`."""
    combined = compile_volatile(patterns)
    if combined is None:
        return text
    placeholders: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        value = match.group(0)
        if not value:
            return value  # a pattern that can match nothing must not sprinkle placeholders
        return placeholders.setdefault(value, f"<id {len(placeholders) + 1}>")

    return combined.sub(placeholder, text)

"""`-k` expressions, as in pytest: `upgrade and not (seat or yearly)`.

Each identifier is matched case-insensitively as a substring of the scenario
id, any of its tags, or its title; `and`, `or`, `not` and parentheses combine
them (`not` binds tightest, then `and`, then `or`)."""

from __future__ import annotations

import re
from typing import Callable, Sequence

from harness.model import Scenario

_TOKEN = re.compile(r"\s*(?:(?P<paren>[()])|(?P<word>[A-Za-z0-9_.:\-]+)|(?P<bad>\S))")
_KEYWORDS = frozenset({"and", "or", "not"})

Matcher = Callable[[str], bool]
Predicate = Callable[[Matcher], bool]


def _tokens(expression: str) -> list[tuple[str, str, int]]:
    """(kind, text, column) with kind "(" ")" "and" "or" "not" "ident"; column is 1-based."""
    tokens = []
    for found in _TOKEN.finditer(expression):
        column = found.start(found.lastgroup) + 1
        if found["bad"]:
            raise ValueError(
                f"invalid -k expression {expression!r}: unexpected character {found['bad']!r} at column {column}"
            )
        text = found["paren"] or found["word"]
        kind = found["paren"] or (text if text in _KEYWORDS else "ident")
        tokens.append((kind, text, column))
    return tokens


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = _tokens(expression)
        self.at = 0

    def error(self, wanted: str) -> ValueError:
        if self.at < len(self.tokens):
            _, text, column = self.tokens[self.at]
            found = f"{text!r} at column {column}"
        else:
            found = "end of input"
        return ValueError(f"invalid -k expression {self.expression!r}: expected {wanted}, got {found}")

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.any_of()
        if self.peek() is not None:
            raise self.error("'and', 'or' or end of input")
        return predicate

    def any_of(self) -> Predicate:
        parts = [self.all_of()]
        while self.peek() == "or":
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else (lambda has: any(part(has) for part in parts))

    def all_of(self) -> Predicate:
        parts = [self.negation()]
        while self.peek() == "and":
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else (lambda has: all(part(has) for part in parts))

    def negation(self) -> Predicate:
        if self.peek() == "not":
            self.take()
            inner = self.negation()
            return lambda has: not inner(has)
        if self.peek() == "(":
            self.take()
            inner = self.any_of()
            if self.peek() != ")":
                raise self.error("')'")
            self.take()
            return inner
        if self.peek() == "ident":
            word = self.take()[1].lower()
            return lambda has: has(word)
        raise self.error("an identifier, 'not' or '('")


def compile_keyword(expression: str) -> Callable[[Scenario], bool]:
    """A predicate on scenarios; raises ValueError for a malformed expression."""
    predicate = _Parser(expression).parse()

    def matches(scenario: Scenario) -> bool:
        haystacks = [scenario.id.lower(), scenario.title.lower(), *(tag.lower() for tag in scenario.tags)]
        return predicate(lambda word: any(word in haystack for haystack in haystacks))

    return matches


def select(scenarios: Sequence[Scenario], keyword: str | None) -> tuple[Scenario, ...]:
    """The scenarios a `-k` expression selects, in their order; all of them
    when the expression is None or blank."""
    if keyword is None or not keyword.strip():
        return tuple(scenarios)
    matches = compile_keyword(keyword)
    return tuple(scenario for scenario in scenarios if matches(scenario))

"""A finding, and how a finding names what it is about.

A support agent reading a finding has the customer's documents in front of
them, not the vendor's database: documents are named by their position
("invoice 2", "credit note 1"), never by a vendor number, which changes on
every run of a sandbox and would make a pinned finding useless."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Iterable

from harness.model import Document, DocumentKind, Line

#: Descriptions are quoted up to this many characters: enough to recognise the line.
QUOTE_WIDTH = 60

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KIND_WORDS = {DocumentKind.INVOICE: "invoice", DocumentKind.CREDIT_NOTE: "credit note"}


@dataclass(frozen=True)
class Finding:
    """`message` names the document (and line) and says what a reader cannot
    tell from it; `str(finding)`, `rule: message`, is what a ledger pins."""

    rule: str
    document: str  # "invoice 2", "credit note 1"
    line: int | None  # 1-based, None for a finding about the whole document
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def document_labels(documents: Iterable[Document]) -> list[str]:
    """"invoice 1", "invoice 2", "credit note 1": numbered per kind, in issue order."""
    counts: dict[DocumentKind, int] = {}
    labels = []
    for document in documents:
        counts[document.kind] = counts.get(document.kind, 0) + 1
        labels.append(f"{_KIND_WORDS[document.kind]} {counts[document.kind]}")
    return labels


def line_ref(document: str, index: int, line: Line) -> str:
    """`invoice 2 line 1 "Unused time"`: the line's position and its words."""
    if not line.description or not line.description.strip():
        return f"{document} line {index} (no description)"
    text = " ".join(line.description.split())
    if len(text) > QUOTE_WIDTH:
        text = text[: QUOTE_WIDTH - 1].rstrip() + "…"
    return f'{document} line {index} "{text}"'


def show_day(day: date) -> str:
    """`16 Apr 2026` (English month abbreviations whatever the machine's
    locale: findings are pinned text)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def show_instant(moment: datetime) -> str:
    """`16 Apr 2026`, or `16 Apr 2026 12:00` when not midnight."""
    text = show_day(moment.date())
    if moment.time() != time(0):
        text += f" {moment:%H:%M}" + (f":{moment:%S}" if moment.second else "")
    return text


def words(items: list[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"

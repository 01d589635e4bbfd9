"""PDF pages to Documents, with pdfplumber, through a layout profile.

A PDF is read page by page: a page whose text matches the profile's
`document.start` opens a new document, any other page continues the one
before (its table rows are more lines of it). The line table is the ruled
table whose first row holds the profile's header texts; on continuation
pages it is the table with as many columns (starting with the header again
when the profile says pages repeat it).

Anything that does not read is a PdfReadError naming the file, page and row:
a reader that skipped what it could not parse would report a vendor's
invoice as fine when it was never looked at."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from harness.adapters.pdf.profile import Profile, regex
from harness.adapters.pdf.values import Values, squeeze
from harness.model import Document, Line

Row = list[str]
#: What pdfminer and pdfplumber raise for a file that is not a well-formed PDF.
_BROKEN = (PdfminerException, MalformedPDFException, PDFSyntaxError, PSException, ValueError)


class PdfReadError(ValueError):
    """A PDF, page or table row that does not read as the profile describes."""


@dataclass
class _Draft:
    """One document being collected from its pages."""

    first_page: int
    texts: list[str] = field(default_factory=list)
    columns: dict[str, int] | None = None  # line field -> column index
    width: int = 0  # cells in the header row
    rows: list[tuple[int, int, Row]] = field(default_factory=list)  # (page, row in that page's table, cells)


class PdfReader:
    def __init__(self, profile: Profile, values: Values) -> None:
        self.profile = profile
        self.values = values
        self.start = regex(profile.document.start)
        self.header = list(profile.table.columns)
        self.skip = [regex(pattern) for pattern in profile.table.skip_rows]

    def read(self, path: Path) -> list[Document]:
        """Every document in `path`, in page order."""
        try:
            pdf = pdfplumber.open(path)
        except _BROKEN + (OSError,) as error:
            raise PdfReadError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from None
        drafts: list[_Draft] = []
        settings = self.profile.table.settings
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    text = page.extract_text(**settings.for_text()) or ""
                    tables = [
                        [[squeeze(cell) for cell in row] for row in table]
                        for table in page.extract_tables(settings.for_pdfplumber())
                    ]
                except _BROKEN + (KeyError, TypeError) as error:
                    raise PdfReadError(f"{path}, page {number}: cannot be read ({type(error).__name__}: {error})") from None
                if self.start.search(text):
                    drafts.append(_Draft(number))
                elif not drafts:
                    raise PdfReadError(
                        f"{path}, page {number}: does not start a document: no line matches the profile's "
                        f"document.start {self.profile.document.start!r}"
                    )
                self._page(path, drafts[-1], number, text, tables)
        return [self._document(path, draft) for draft in drafts]

    def _page(self, path: Path, draft: _Draft, number: int, text: str, tables: list[list[Row]]) -> None:
        draft.texts.append(text)
        first = number == draft.first_page
        for table in tables:
            if table and self._is_header(table[0]):
                if draft.columns is None:
                    draft.columns = {self.profile.table.columns[cell]: i for i, cell in enumerate(table[0])
                                     if cell in self.profile.table.columns}
                    draft.width = len(table[0])
                draft.rows.extend((number, i, row) for i, row in enumerate(table[1:], start=2))
            elif not first and draft.columns is not None and table and len(table[0]) == draft.width:
                if self.profile.continuation.repeats_header:
                    raise PdfReadError(
                        f"{path}, page {number}: the table continues without its header row, but the profile "
                        "says continuation pages repeat it (set continuation.repeats_header: false)"
                    )
                draft.rows.extend((number, i, row) for i, row in enumerate(table, start=1))
        if first and draft.columns is None:
            raise PdfReadError(
                f"{path}, page {number}: no table with the header {' | '.join(self.header)} "
                "(check table.columns and table.settings in the profile)"
            )

    def _is_header(self, row: Row) -> bool:
        return set(self.header) <= set(row)

    def _document(self, path: Path, draft: _Draft) -> Document:
        found = self._fields(path, draft)
        values = self.values
        where = f"{path}, page {draft.first_page}"
        try:
            kind = self.profile.document.kinds[found["kind"]]
        except KeyError:
            known = ", ".join(map(repr, self.profile.document.kinds))
            raise PdfReadError(f"{where}: document kind {found['kind']!r} is not one of {known}") from None
        currency = found["currency"]
        try:
            date, _ = values.instant(found["date"])
            total = values.amount(found["total"], currency) if found.get("total") else None
        except ValueError as error:
            raise PdfReadError(f"{where}: {error}") from None
        lines = tuple(
            line for page, index, row in draft.rows
            if (line := self._line(f"{path}, page {page}, table row {index}", draft.columns, row, currency))
        )
        return Document(
            kind,
            date,
            currency,
            lines,
            number=found.get("number", ""),
            reason=found.get("reason", ""),
            stated_total=total,
            adjusts=found.get("adjusts", ""),
        )

    def _fields(self, path: Path, draft: _Draft) -> dict[str, str]:
        """The document fields the profile's regexes find in its pages' text;
        the first match of each regex wins, and values meaning "none" are ''."""
        text = "\n".join(draft.texts)
        found: dict[str, str] = {}
        for pattern in self.profile.document.fields:
            match = regex(pattern).search(text)
            for name, value in (match.groupdict() if match else {}).items():
                if value is not None and name not in found:
                    value = squeeze(value)
                    found[name] = "" if value in self.profile.document.not_stated else value
        for name in ("kind", "date", "currency"):
            if not found.get(name):
                raise PdfReadError(
                    f"{path}, page {draft.first_page}: the document's {name} is not printed as the profile's "
                    f"document.fields expect (no match for the regex with (?P<{name}>...))"
                )
        return found

    def _line(self, where: str, columns: dict[str, int], row: Row, currency: str) -> Line | None:
        """The Line a table row holds; None for an empty row or one the profile
        says is not a line (a total row)."""
        joined = " ".join(cell for cell in row if cell)
        if not joined or any(pattern.search(joined) for pattern in self.skip):
            return None

        def cell(name: str) -> str:
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else ""

        values = self.values
        try:
            amount: Decimal = values.amount(cell("amount"), currency)
            return Line(
                values.line_kind(cell("kind")),
                amount,
                values.period(cell("period")),
                values.plan(cell("plan")),
                values.quantity(cell("quantity")),
                cell("description") or None,
            )
        except ValueError as error:
            raise PdfReadError(f"{where} ({joined!r}): {error}") from None

"""Printed text back to the model's values, the way a profile says it is written.

Every reader is strict: text that does not parse is a ValueError saying what
was expected, never a guess, because a PDF read "almost right" would compare
as a deviation of the vendor when it is a misreading of ours."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel.numbers import NumberFormatError, get_currency_symbol, parse_decimal

from harness.adapters.pdf.profile import Profile
from harness.model import Catalog, LineKind, Period

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def squeeze(text: str | None) -> str:
    """Cell or line text with wrapped lines and runs of spaces joined by one space."""
    return _SPACES.sub(" ", text or "").strip()


class Values:
    """The readers for one profile, in one pack's timezone and catalog."""

    def __init__(self, profile: Profile, timezone: str, catalog: Catalog) -> None:
        self.profile = profile
        self.tz = ZoneInfo(timezone)
        self.catalog = catalog

    def instant(self, text: str) -> tuple[datetime, bool]:
        """(the local instant, whether it was written as a day only)."""
        dates = self.profile.dates
        for pattern in dates.datetime:
            try:
                return datetime.strptime(text, pattern).replace(tzinfo=self.tz), False
            except ValueError:
                pass
        for pattern in dates.date:
            try:
                return self._midnight(datetime.strptime(text, pattern).date()), True
            except ValueError:
                pass
        tried = ", ".join(repr(p) for p in (*dates.datetime, *dates.date))
        raise ValueError(f"{text!r} is not a date or time written as {tried}")

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.tz)

    def period(self, text: str) -> Period:
        """`start SEP end`; an end written as a day is the last covered day when
        the profile says inclusive (the period ends at the next midnight)."""
        separator = self.profile.period.separator
        parts = text.split(separator)
        if len(parts) != 2:
            raise ValueError(f"period {text!r} is not two instants separated by {separator!r}")
        start, _ = self.instant(parts[0].strip())
        end, day_only = self.instant(parts[1].strip())
        if day_only and self.profile.period.end == "inclusive":
            end = self._midnight(end.date() + timedelta(days=1))
        return Period(start, end)

    def amount(self, text: str, currency: str) -> Decimal:
        """Money as printed, with the currency's symbol or code removed; the
        Decimal keeps the decimals printed (466.67 JPY stays 466.67)."""
        locale = self.profile.numbers.locale
        bare = text.replace(currency, "").replace(get_currency_symbol(currency, locale), "")
        bare = _SPACES.sub("", bare).replace("\u2212", "-")
        if not re.fullmatch(r"[-+]?\d[\d.,']*", bare):
            raise ValueError(f"amount {text!r} is not a {currency} amount written in {locale}")
        return self._number(bare, f"amount {text!r}")

    def _number(self, text: str, what: str) -> Decimal:
        locale = self.profile.numbers.locale
        try:
            return parse_decimal(text, locale=locale, strict=True)
        except NumberFormatError as error:
            raise ValueError(f"{what} is not a number written in {locale} ({error})") from None

    def quantity(self, text: str) -> Decimal | None:
        if not text:
            return None
        if self.profile.numbers.quantity == "locale":
            return self._number(text, f"quantity {text!r}")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"quantity {text!r} is not a number like 1 or 2.5") from None

    def plan(self, text: str) -> str | None:
        """The pack's plan id for a printed plan name (or id)."""
        if not text:
            return None
        named = [plan.id for plan in self.catalog.plans.values() if plan.name == text]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ValueError(f"plan {text!r} is the name of several catalog plans ({', '.join(named)})")
        if text in self.catalog:
            return text
        raise ValueError(f"plan {text!r} is neither the name nor the id of a plan in the pack's catalog")

    def line_kind(self, text: str) -> LineKind:
        try:
            return self.profile.table.kinds[text]
        except KeyError:
            known = ", ".join(repr(word) for word in self.profile.table.kinds)
            raise ValueError(f"kind {text!r} is not one of the profile's kind words ({known})") from None

"""Layout profiles: how one vendor's invoice PDFs are laid out, as YAML.

A profile is data, not code, so finance can point the reader at a new
vendor's PDFs by writing one file (docs/pdf-profiles.md). It is validated
strictly when the backend starts: a misspelt key or a regex that does not
compile would otherwise show up as every scenario failing in the same
puzzling way. Errors name the file, the line (from the YAML node marks) and
the field, and say what to write instead."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from harness.adapters.base import BackendOptionError
from harness.model import DocumentKind, LineKind

#: Where the shipped profiles live; `profile=NAME` picks `NAME.yaml` here.
SHIPPED = Path(__file__).parent / "profiles"

#: Named groups a document field regex may capture.
DOCUMENT_FIELDS = ("kind", "number", "date", "currency", "reason", "adjusts", "total")
#: What a header column can be read as; other columns are ignored.
LINE_FIELDS = ("description", "kind", "plan", "period", "quantity", "amount")
_REQUIRED_FIELDS = {"document.fields": ("kind", "date", "currency"), "table.columns": ("kind", "period", "amount")}

Strategy = Literal["lines", "lines_strict", "text", "explicit"]
NonNegative = Annotated[float, Field(ge=0)]


class ProfileError(BackendOptionError):
    """A profile that cannot be used. A bad option value as far as the CLI is
    concerned: it exits 2 with the message, before any scenario runs."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as error:
        raise ValueError(f"not a valid regular expression ({error}); check the brackets and escape . ( ) with \\")


class TableSettings(_Strict):
    """pdfplumber's table settings (https://github.com/jsvine/pdfplumber#table-extraction-settings)."""

    vertical_strategy: Strategy = "lines"
    horizontal_strategy: Strategy = "lines"
    explicit_vertical_lines: list[float] | None = None
    explicit_horizontal_lines: list[float] | None = None
    snap_tolerance: NonNegative | None = None
    snap_x_tolerance: NonNegative | None = None
    snap_y_tolerance: NonNegative | None = None
    join_tolerance: NonNegative | None = None
    join_x_tolerance: NonNegative | None = None
    join_y_tolerance: NonNegative | None = None
    edge_min_length: NonNegative | None = None
    min_words_vertical: int | None = Field(default=None, ge=0)
    min_words_horizontal: int | None = Field(default=None, ge=0)
    intersection_tolerance: NonNegative | None = None
    intersection_x_tolerance: NonNegative | None = None
    intersection_y_tolerance: NonNegative | None = None
    text_x_tolerance: NonNegative | None = None
    text_y_tolerance: NonNegative | None = None
    text_x_tolerance_ratio: NonNegative | None = None

    def for_pdfplumber(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)

    def for_text(self) -> dict[str, Any]:
        """The `text_` settings, for the page text the document fields are read from."""
        return {key.removeprefix("text_"): value for key, value in self.for_pdfplumber().items() if key.startswith("text_")}


def _compiles(pattern: str) -> str:
    regex(pattern)
    return pattern


def _names_document_fields(pattern: str) -> str:
    unknown = sorted(set(regex(pattern).groupindex) - set(DOCUMENT_FIELDS))
    if unknown:
        raise ValueError(
            f"names unknown groups {', '.join(unknown)} in {pattern!r}; "
            f"name groups after document fields: {', '.join(DOCUMENT_FIELDS)}"
        )
    return pattern


Regex = Annotated[str, AfterValidator(_compiles)]
FieldRegex = Annotated[Regex, AfterValidator(_names_document_fields)]


class DocumentSpec(_Strict):
    start: Regex = Field(description="a page whose text matches this starts a new document")
    fields: list[FieldRegex] = Field(min_length=1, description="regexes with named groups for the document's fields")
    kinds: dict[str, DocumentKind] = Field(min_length=1, description="printed title word -> invoice/credit_note")
    not_stated: list[str] = Field(default_factory=list, description="printed values meaning 'none given'")

    @field_validator("fields")
    @classmethod
    def _required_fields(cls, values: list[str]) -> list[str]:
        named = {group for pattern in values for group in regex(pattern).groupindex}
        _require(named, "document.fields", "a regex with a group (?P<{0}>...)")
        return values


class DateSpec(_Strict):
    date: list[str] = Field(min_length=1, description="strptime patterns of a day, tried in order")
    datetime: list[str] = Field(min_length=1, description="strptime patterns of an instant, tried in order")

    @field_validator("date", "datetime")
    @classmethod
    def _patterns_work(cls, values: list[str]) -> list[str]:
        for pattern in values:
            sample = datetime(2026, 4, 16, 14, 30, 15)
            try:
                datetime.strptime(sample.strftime(pattern), pattern)
            except ValueError as error:
                raise ValueError(f"strptime pattern {pattern!r} cannot read what it writes ({error})")
        return values


class NumberSpec(_Strict):
    locale: str = Field(description="babel locale of amounts, e.g. en_US (1,234.56) or de_DE (1.234,56)")
    quantity: Literal["plain", "locale"] = "plain"

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError) as error:
            raise ValueError(f"unknown locale {value!r} ({error}); write e.g. en_US or de_DE")
        return value


class PeriodSpec(_Strict):
    separator: str = Field(min_length=1)
    end: Literal["inclusive", "exclusive"] = Field(
        description="a period end written as a day: the last covered day (inclusive) or the day after (exclusive)"
    )


class TableSpec(_Strict):
    settings: TableSettings = TableSettings()
    columns: dict[str, Literal[LINE_FIELDS]] = Field(min_length=1, description="header text -> line field")
    kinds: dict[str, LineKind] = Field(min_length=1, description="printed kind word -> line kind")
    skip_rows: list[Regex] = Field(default_factory=list, description="regexes of table rows that are not lines")

    @field_validator("columns")
    @classmethod
    def _columns(cls, columns: dict[str, str]) -> dict[str, str]:
        fields = list(columns.values())
        twice = sorted({field for field in fields if fields.count(field) > 1})
        if twice:
            raise ValueError(f"several header texts are read as {', '.join(twice)}; map each field to one column")
        _require(set(fields), "table.columns", "a header text mapped to {0}")
        return columns


class ContinuationSpec(_Strict):
    repeats_header: bool = Field(description="continuation pages start their table with the header row again")


class Profile(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    document: DocumentSpec
    dates: DateSpec
    numbers: NumberSpec
    period: PeriodSpec
    table: TableSpec
    continuation: ContinuationSpec
    _source: str = PrivateAttr(default="")

    @property
    def source(self) -> str:
        """The file the profile was read from, for messages."""
        return self._source


def _require(named: set[str], where: str, shape: str) -> None:
    missing = [field for field in _REQUIRED_FIELDS[where] if field not in named]
    if missing:
        raise ValueError(f"nothing reads {', '.join(missing)}: add " + "; ".join(shape.format(f) for f in missing))


def resolve(value: str) -> Path:
    """`profile=` as given: a shipped profile's name or a path to a YAML file."""
    if value.endswith((".yaml", ".yml")) or "/" in value:
        return Path(value)
    shipped = sorted(path.stem for path in SHIPPED.glob("*.yaml"))
    if value not in shipped:
        raise ProfileError(f"no shipped profile {value!r}: choose from {', '.join(shipped)}, or give a path to a .yaml file")
    return SHIPPED / f"{value}.yaml"


def load_profile(value: str) -> Profile:
    """The profile named or pointed at by `value`, validated; ProfileError with
    every problem (file:line: field: what is wrong) otherwise."""
    path = resolve(value)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"cannot read profile {path}: {error.strerror or error}; check the path") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ProfileError(f"{where}: not valid YAML ({getattr(error, 'problem', error)}); fix the syntax") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}:1: a profile is a mapping of keys (name, document, dates, ...); see docs/pdf-profiles.md")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        problems = [_problem(path, root, item) for item in error.errors()]
        raise ProfileError(f"profile {path} is not valid:\n" + "\n".join(problems) + "\nsee docs/pdf-profiles.md") from None
    profile._source = str(path)
    return profile


def _problem(path: Path, root: yaml.Node | None, item: dict) -> str:
    loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith(("literal[", "function-"))))
    field = ".".join(str(part) for part in loc) or "(top level)"
    message = item["msg"].removeprefix("Value error, ")
    if item["type"] == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}; remove it or check its spelling (see docs/pdf-profiles.md)"
    elif item["type"] == "missing":
        message = "missing; add it"
    return f"  {path}:{_line(root, loc)}: {field}: {message}"


def _line(node: yaml.Node | None, loc: tuple) -> int:
    """The line `loc` was written on, or that of the nearest enclosing key."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        found = None
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = (node.value[part], node.value[part])
        if found is None:
            return line
        key, node = found
        line = (node if isinstance(node, yaml.ScalarNode) else key).start_mark.line + 1
    return line

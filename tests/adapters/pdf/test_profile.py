"""Layout profiles: the shipped ones load, and a broken one is refused with
the file, line and field and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters import BackendOptionError
from harness.adapters.pdf.profile import SHIPPED, ProfileError, load_profile
from harness.model import DocumentKind, LineKind


def test_the_shipped_profiles_load():
    harness, ledger = load_profile("harness"), load_profile("ledger")
    assert harness.table.kinds["Prorated credit"] is LineKind.PRORATION_CREDIT
    assert ledger.document.kinds["CREDIT NOTE"] is DocumentKind.CREDIT_NOTE
    assert (harness.period.end, ledger.period.end) == ("inclusive", "exclusive")
    assert (harness.continuation.repeats_header, ledger.continuation.repeats_header) == (True, False)
    assert harness.source == str(SHIPPED / "harness.yaml")


def test_a_profile_error_is_a_bad_option():
    assert issubclass(ProfileError, BackendOptionError)  # the CLI exits 2, before any scenario


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """The harness profile with one text replaced, as a user's file."""
    text = (SHIPPED / "harness.yaml").read_text()
    assert old in text
    path = tmp_path / "vendor.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def refused(path: Path) -> str:
    with pytest.raises(ProfileError) as error:
        load_profile(str(path))
    return str(error.value)


def test_an_unknown_key_names_file_line_and_field(tmp_path):
    path = broken(tmp_path, "  repeats_header: true", "  repeats_header: true\n  repeat_header: true")
    message = refused(path)
    assert f"{path}:{line_of(path, 'repeat_header:')}: continuation.repeat_header: unknown key" in message
    assert "check its spelling" in message


def test_a_regex_that_does_not_compile(tmp_path):
    path = broken(tmp_path, r"'^Date: (?P<date>.+)$'", r"'^Date: (?P<date>.+$'")
    message = refused(path)
    assert f"{path}:{line_of(path, '^Date:')}: document.fields.1: not a valid regular expression" in message


def test_a_regex_group_that_is_no_document_field(tmp_path):
    path = broken(tmp_path, "(?P<currency>", "(?P<money>")
    message = refused(path)
    assert f"{path}:{line_of(path, '(?P<money>')}: document.fields.2: names unknown groups money" in message
    assert "document.fields: nothing reads currency" not in message  # one problem, reported where it is


def test_a_required_field_nobody_reads(tmp_path):
    path = broken(tmp_path, "    - '^Currency: (?P<currency>[A-Z]{3})$'\n", "")
    message = refused(path)
    assert f"{path}:{line_of(path, '  fields:')}: document.fields: nothing reads currency" in message


def test_an_unknown_kind_word(tmp_path):
    path = broken(tmp_path, "Usage: usage", "Usage: metered")
    message = refused(path)
    assert f"{path}:{line_of(path, 'Usage: metered')}: table.kinds.Usage:" in message
    assert "'recurring'" in message and "'usage'" in message  # says what to write


def test_a_column_read_as_an_unknown_field(tmp_path):
    path = broken(tmp_path, "Qty: quantity", "Qty: seats")
    assert f"{path}:{line_of(path, 'Qty: seats')}: table.columns.Qty:" in refused(path)


def test_bad_table_settings_and_locale(tmp_path):
    path = broken(tmp_path, "vertical_strategy: lines", "vertical_strategy: ruled")
    path.write_text(path.read_text().replace("locale: en_US", "locale: xx_YY"))
    message = refused(path)
    assert f"{path}:{line_of(path, 'strategy: ruled')}: table.settings.vertical_strategy:" in message
    assert f"{path}:{line_of(path, 'xx_YY')}: numbers.locale: unknown locale 'xx_YY'" in message


def test_a_missing_section(tmp_path):
    path = broken(tmp_path, "continuation:\n  repeats_header: true\n", "")
    assert f"{path}:{line_of(path, 'name: harness')}: continuation: missing; add it" in refused(path)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = broken(tmp_path, "  end: inclusive", "  end: [inclusive")
    assert f"{path}:" in refused(path) and "not valid YAML" in refused(path)


def test_unknown_shipped_name_and_missing_file(tmp_path):
    assert "no shipped profile 'vendor': choose from harness, ledger" in refused(Path("vendor"))
    assert f"cannot read profile {tmp_path / 'nope.yaml'}" in refused(tmp_path / "nope.yaml")

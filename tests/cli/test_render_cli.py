"""`prorata render`: text to stdout, HTML and PDF to files, --all into a folder, bad input as exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.packs import PASSING, SEATS, write_pack


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_pack(tmp_path, "demo", {**PASSING, "seats-thirty-day": SEATS})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text_to_stdout(cli, packs: Path, snapshot) -> None:
    result = cli("render", "demo", "upgrade-halfway")
    assert result.exit_code == 0
    assert result.stdout == snapshot


def test_text_in_another_locale(cli, packs: Path, snapshot) -> None:
    result = cli("render", "demo", "seats-thirty-day", "--locale", "de_DE")
    assert result.exit_code == 0
    assert result.stdout == snapshot


def test_html_and_pdf_to_files(cli, packs: Path) -> None:
    html = cli("render", "demo", "demo::upgrade-halfway", "--format", "html", "--layout", "ledger", "-o", "out/inv.html")
    assert html.exit_code == 0, html.stderr
    text = (packs / "out" / "inv.html").read_text()
    assert text.startswith("<!DOCTYPE html>") and "INVOICE" in text and "16.04.2026" in text
    pdf = cli("render", "demo", "upgrade-halfway", "--format", "pdf", "-o", "inv.pdf")
    assert pdf.exit_code == 0, pdf.stderr
    assert (packs / "inv.pdf").read_bytes().startswith(b"%PDF-")
    assert [p.name for p in packs.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_all_writes_one_file_per_scenario(cli, packs: Path) -> None:
    result = cli("render", "demo", "--all", "--format", "html", "-o", "site")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (packs / "site").iterdir()) == [
        "seats-thirty-day.html", "signup-prorated.html", "upgrade-halfway.html",
    ]
    assert result.stdout == "wrote 3 html files to site (0 not applicable on reference, 0 failed)\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (("upgrade-half",), "no scenario 'upgrade-half' in pack demo"),
        (("upgrade-halfway", "--format", "pdf"), "--format pdf writes a binary file: give it with -o FILE.pdf"),
        (("--all",), "give the folder with -o DIR"),
        (("upgrade-halfway", "--all", "-o", "x"), "give a SCENARIO_ID, or --all"),
        (("upgrade-halfway", "--locale", "xx_XX"), "unknown locale 'xx_XX'"),
        (("upgrade-halfway", "--layout", "ledger"), "text output has the harness layout only"),
        (("upgrade-halfway", "--backend", "nope"), "unknown backend 'nope'"),
    ],
)
def test_bad_input_is_exit_2_with_nothing_written(cli, packs: Path, args, message) -> None:
    before = sorted(packs.rglob("*"))
    result = cli("render", "demo", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert sorted(packs.rglob("*")) == before


def test_unknown_scenario_message(cli, packs: Path, snapshot) -> None:
    result = cli("render", "demo", "upgrade-half")
    assert result.stderr == snapshot


def test_not_applicable_scenario(cli, packs: Path) -> None:
    result = cli("render", "demo", "seats-thirty-day", "--backend", "larz")
    assert result.exit_code == 2
    assert "not applicable on backend 'larz'" in result.stderr

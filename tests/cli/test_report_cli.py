"""`prorata report`: a file per pack per format, written atomically; exit 1
with the report written when a scenario fails; 2 on bad input with nothing
written; 3 when the backend cannot be reached; the Markdown of a small pack
as a snapshot (run time, platform and paths normalised)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from harness.adapters.errors import BackendUnavailable


def normalise(text: str, *folders: Path) -> str:
    for folder in folders:
        text = text.replace(str(folder), "<tmp>")
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "<run time>", text)
    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<pack hash>", text)
    text = re.sub(r"\| (Python|Platform|Harness version|Harness|Backend version) +\|[^\n]*", r"| \1 | <env> |", text)
    text = re.sub(r"\(proration-harness [^)]*\)", "(<version>)", text)
    # column widths follow the longest cell (a platform string): compare the cells, not the padding
    return re.sub(r"-{3,}", "---", re.sub(r" {2,}", " ", text))


def test_markdown_of_a_small_pack(cli, good_pack: Path, tmp_path: Path, snapshot) -> None:
    out = tmp_path / "reports"
    result = cli("report", good_pack, "--format", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["demo.amounts.svg", "demo.md", "demo.statuses.svg"]
    assert result.stdout.splitlines()[0] == (f"wrote {out / 'demo.md'}: 3 scenarios, 3 passed, 0 known deviations, "
                                             "0 failed, 0 errors, 0 not applicable")
    assert normalise((out / "demo.md").read_text(), tmp_path) == snapshot


def test_each_format_writes_its_file(cli, good_pack: Path, tmp_path: Path) -> None:
    for fmt in ("html", "json"):
        result = cli("report", good_pack, "--format", fmt, "-o", tmp_path)
        assert result.exit_code == 0, result.output
    assert "<svg" in (tmp_path / "demo.html").read_text()
    data = json.loads((tmp_path / "demo.json").read_text())
    assert data["summary"]["scenarios"] == 3 and data["environment"]["backend"] == "reference"


def test_a_pdf_is_a_pdf(cli, good_pack: Path, tmp_path: Path) -> None:
    result = cli("report", good_pack, "--format", "pdf", "--no-invoices", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo.pdf").read_bytes().startswith(b"%PDF-")


def test_a_failing_scenario_is_exit_1_and_the_report_is_still_written(cli, failing_pack: Path, tmp_path: Path) -> None:
    result = cli("report", failing_pack, "--format", "json", "-o", tmp_path)
    assert result.exit_code == 1
    assert "not ready for sign-off: mixed has scenarios that failed" in result.stderr
    assert "the report was written" in result.stderr
    assert json.loads((tmp_path / "mixed.json").read_text())["summary"]["failed"] == 1


def test_a_bad_pack_is_exit_2_and_nothing_is_written(cli, bad_pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = cli("report", bad_pack, "-o", out)
    assert result.exit_code == 2
    assert "upgrade-typo" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_an_unknown_backend_is_exit_2(cli, good_pack: Path, tmp_path: Path) -> None:
    result = cli("report", good_pack, "--backend", "nope", "-o", tmp_path / "r")
    assert result.exit_code == 2
    assert "unknown backend 'nope'" in result.stderr
    assert not (tmp_path / "r").exists()


def test_output_must_be_a_folder(cli, good_pack: Path, tmp_path: Path) -> None:
    file = tmp_path / "report.html"
    file.write_text("keep me")
    result = cli("report", good_pack, "-o", file)
    assert result.exit_code == 2 and file.read_text() == "keep me"


def test_an_unreachable_backend_is_exit_3_and_nothing_is_written(cli, good_pack: Path, tmp_path: Path,
                                                                  fake_backend) -> None:
    def unreachable(scenario):  # noqa: ANN001, ANN202
        raise BackendUnavailable("connection refused: localhost:8080")

    fake_backend(unreachable)
    result = cli("report", good_pack, "--backend", "fake", "-o", tmp_path / "r")
    assert result.exit_code == 3
    assert result.stderr == "error: backend 'fake' is unavailable: connection refused: localhost:8080\n"
    assert not (tmp_path / "r").exists()


def test_a_report_replaces_the_old_one_whole_and_leaves_no_temp_file(cli, good_pack: Path, tmp_path: Path) -> None:
    old = tmp_path / "demo.json"
    old.write_text("old report")
    result = cli("report", good_pack, "--format", "json", "-o", tmp_path)
    assert result.exit_code == 0
    assert json.loads(old.read_text())["pack"]["name"] == "demo"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_two_packs_with_one_name_are_refused(cli, good_pack: Path, tmp_path: Path) -> None:
    from tests.cli.packs import write_pack

    twin = write_pack(tmp_path, "demo", folder="twin")
    result = cli("report", good_pack, twin, "-o", tmp_path / "r")
    assert result.exit_code == 2 and "two packs are named 'demo'" in result.stderr

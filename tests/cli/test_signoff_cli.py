"""`prorata signoff`: recording (approve, refuse, reject), the default
subcommand, `verify` (also against git) and `list`, and bad input as exit 2
with nothing written."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from harness.adapters.errors import BackendUnavailable
from harness.signoff import verify
from tests.cli.packs import PASSING, WRONG, write_pack

AS = "Ada Lovelace <ada@example.com>"
LOG = Path("reports/signoffs.jsonl")
HASHES = re.compile(r"sha256:[0-9a-f]{12,64}…?")


def normalise(text: str) -> str:
    return HASHES.sub("sha256:<hash>", text)


@pytest.fixture
def here(signoff_folder: Path) -> Path:
    """The sign-off folder with a failing pack beside the demo one."""
    write_pack(signoff_folder, "mixed", {**PASSING, "upgrade-wrong": WRONG})
    return signoff_folder


def sign(cli, pack: str = "demo", *extra: str):
    return cli("signoff", pack, "--backend", "reference", "--as", AS, "--role", "Finance", *extra)


def test_record_appends_a_verified_entry(cli, here: Path, snapshot) -> None:
    result = sign(cli, "demo", "--note", "Q2 launch")
    assert result.exit_code == 0, result.output
    assert normalise(result.stdout) == snapshot
    (entry,) = verify(LOG).entries
    assert (entry.pack, entry.pack_dir, entry.backend, entry.role, entry.decision, entry.note) == (
        "demo", "demo", "reference", "finance", "approve", "Q2 launch")
    assert entry.signer == {"name": "Ada Lovelace", "email": "ada@example.com"}
    assert entry.time == "2026-05-01T09:30:00Z" and entry.summary["passed"] == 2
    assert entry.backend_version.startswith("proration-harness ")
    assert set(entry.results) == {"upgrade-halfway", "signup-prorated"}
    assert "plan pro" in entry.pack_parts and "scenario upgrade-halfway" in entry.pack_parts


def test_record_is_the_default_and_also_named(cli, here: Path) -> None:
    assert sign(cli).exit_code == 0
    assert cli("signoff", "record", "demo", "--as", AS, "--role", "finance").exit_code == 0
    assert cli("signoff", "--as", AS, "--role", "finance", "demo").exit_code == 0  # options first
    assert [entry.line for entry in verify(LOG).entries] == [1, 2, 3]


def test_a_pack_named_like_a_subcommand_is_given_with_a_path(cli, here: Path) -> None:
    write_pack(here, "verify")
    result = cli("signoff", "./verify", "--as", AS, "--role", "finance")
    assert result.exit_code == 0, result.output
    assert verify(LOG).entries[0].pack == "verify"


def test_approving_a_failing_run_is_refused(cli, here: Path) -> None:
    result = sign(cli, "mixed")
    assert result.exit_code == 1
    assert "refusing to approve pack mixed on backend reference: 1 failed and 0 errored: upgrade-wrong" in result.stderr
    assert "--reject" in result.stderr
    assert not LOG.exists()


def test_a_rejection_is_recorded_whatever_the_results(cli, here: Path) -> None:
    result = sign(cli, "mixed", "--reject", "--note", "upgrade invoice is off by a cent")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("rejected: pack mixed")
    (entry,) = verify(LOG).entries
    assert entry.decision == "reject" and entry.summary["failed"] == 1


@pytest.mark.parametrize("args, message", [
    (["demo", "--as", "ada@example.com", "--role", "finance"], 'is not "Name <email>"'),
    (["demo", "--as", AS, "--role", "  "], "--role is empty"),
    (["nowhere", "--as", AS, "--role", "finance"], "nowhere"),
    (["demo", "--as", AS, "--role", "finance", "--backend", "nope"], "unknown backend 'nope'"),
    (["demo", "--as", AS, "--role", "finance", "--log", "."], ""),
])
def test_bad_input_is_exit_2_and_writes_nothing(cli, here: Path, args: list, message: str) -> None:
    result = cli("signoff", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not LOG.exists()


def test_an_unreachable_backend_is_exit_3(cli, here: Path, fake_backend) -> None:
    def down(scenario):  # noqa: ANN001, ANN202
        raise BackendUnavailable("connection refused")

    fake_backend(down)
    result = cli("signoff", "demo", "--backend", "fake", "--as", AS, "--role", "finance")
    assert result.exit_code == 3 and "connection refused" in result.stderr
    assert not LOG.exists()


def test_record_refuses_a_log_that_does_not_verify(cli, here: Path) -> None:
    sign(cli)
    tampered = LOG.read_bytes().replace(b'"role":"finance"', b'"role":"finance "')
    LOG.write_bytes(tampered)
    result = sign(cli)
    assert result.exit_code == 1
    assert "does not verify (line 1: was edited" in result.stderr and "prorata signoff verify" in result.stderr
    assert LOG.read_bytes() == tampered


def test_verify(cli, here: Path) -> None:
    sign(cli)
    sign(cli, "demo", "--reject")
    result = cli("signoff", "verify")
    assert result.exit_code == 0
    assert result.stdout == "reports/signoffs.jsonl: verified, 2 entries chained\n"


def test_verify_names_the_first_bad_line(cli, here: Path, snapshot) -> None:
    for _ in range(3):
        sign(cli)
    lines = LOG.read_bytes().split(b"\n")
    LOG.write_bytes(b"\n".join([lines[0], lines[2], lines[1], b""]))  # two entries swapped
    result = cli("signoff", "verify")
    assert result.exit_code == 1
    assert result.stderr == snapshot(name="stderr")
    assert result.stdout == snapshot(name="stdout")


def test_verify_trusts_nothing_when_the_first_entry_is_edited(cli, here: Path) -> None:
    sign(cli)
    LOG.write_bytes(LOG.read_bytes().replace(b"Ada Lovelace", b"Ada Lovelacf"))
    result = cli("signoff", "verify")
    assert result.exit_code == 1
    assert "line 1: was edited" in result.stderr
    assert "NOT verified: no entry can be trusted." in result.stdout


def test_verify_without_a_log_says_what_to_do(cli, here: Path) -> None:
    result = cli("signoff", "verify")
    assert result.exit_code == 2
    assert "no sign-off log at reports/signoffs.jsonl. Nothing has been signed yet" in result.stderr


def test_verify_against_git_finds_entries_cut_off_the_end(cli, here: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args], check=True,
                       capture_output=True)

    git("init", "-q")
    sign(cli)
    sign(cli)
    git("add", "-A")
    git("commit", "-qm", "two sign-offs")
    assert cli("signoff", "verify", "--against", "HEAD").exit_code == 0
    LOG.write_bytes(LOG.read_bytes().split(b"\n", 1)[0] + b"\n")  # the last entry cut off
    assert cli("signoff", "verify").exit_code == 0  # the file alone cannot tell
    result = cli("signoff", "verify", "--against", "HEAD")
    assert result.exit_code == 1
    assert "line 2: is in the log at HEAD but gone now" in result.stderr
    bad_ref = cli("signoff", "verify", "--against", "no-such-ref")
    assert bad_ref.exit_code == 2 and "'no-such-ref' is not a git commit" in bad_ref.stderr


def test_list_table_and_json(cli, here: Path, snapshot) -> None:
    sign(cli, "demo", "--note", "Q2 launch")
    sign(cli, "mixed", "--reject", "--note", "off by a cent")
    table = cli("signoff", "list")
    assert table.exit_code == 0
    assert normalise(table.stdout) == snapshot
    only = cli("signoff", "list", "--pack", "mixed", "--format", "json")
    entries = json.loads(only.stdout)
    assert [(e["pack"], e["decision"], e["note"]) for e in entries] == [("mixed", "reject", "off by a cent")]
    assert "no sign-offs of pack other in" in cli("signoff", "list", "--pack", "other").stdout


def test_list_withholds_entries_from_a_bad_line_on(cli, here: Path) -> None:
    sign(cli)
    sign(cli, "demo", "--note", "second")
    LOG.write_bytes(LOG.read_bytes().replace(b'"note":"second"', b'"note":"forged"'))
    result = cli("signoff", "list")
    assert result.exit_code == 1
    assert "second" not in result.stdout and "forged" not in result.stdout and " 1  2026-05-01" in result.stdout
    assert "line 2: was edited" in result.stderr


def test_help_shows_the_three_forms(cli) -> None:
    result = cli("signoff", "--help")
    assert result.exit_code == 0
    assert "Usage: prorata signoff PACK [OPTIONS] | verify | list" in result.stdout
    for text in ("signoff PACK --backend B", "signoff verify", "signoff list"):
        assert text in result.stdout
    record_help = cli("signoff", "record", "--help")
    assert "--reject" in record_help.stdout and "--backend-option" in record_help.stdout

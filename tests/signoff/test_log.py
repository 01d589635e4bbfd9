"""The sign-off log: what `append` writes verifies, and any edit, removal,
reordering or forged line is caught at the line where it happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.signoff import GENESIS, LogMissing, LogTampered, Signer, append, verify, verify_bytes
from harness.signoff.log import FIELDS, build, entry_hash, serialise


@pytest.fixture
def log(tmp_path: Path, fields: dict) -> Path:
    path = tmp_path / "reports" / "signoffs.jsonl"
    append(path, fields)
    append(path, {**fields, "time": "2026-05-02T10:00:00Z", "signer": {"name": "Bob Ng", "email": "bob@example.com"},
                  "role": "engineering"})
    append(path, {**fields, "time": "2026-05-03T11:00:00Z", "decision": "reject", "note": "JPY rounding"})
    return path


def test_append_chains_entries_from_genesis(log: Path) -> None:
    verified = verify(log)
    assert verified.ok and [entry.line for entry in verified.entries] == [1, 2, 3]
    first, second, third = verified.entries
    assert first.prev == GENESIS and second.prev == first.hash and third.prev == second.hash
    assert all(entry.hash == entry_hash(entry.data) for entry in verified.entries)
    assert [entry.decision for entry in verified.entries] == ["approve", "approve", "reject"]
    assert second.signer_name == "Bob Ng" and second.date == "2026-05-02"


def test_lines_are_canonical_json_with_every_field(log: Path) -> None:
    lines = log.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 4
    for line in lines[:-1]:
        data = json.loads(line)
        assert list(data) == sorted(FIELDS)
        assert line == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def test_a_missing_log_is_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(LogMissing, match="no sign-off log at"):
        verify(tmp_path / "nope.jsonl")


def test_an_empty_log_verifies(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    verified = verify(tmp_path / "empty.jsonl")
    assert verified.ok and verified.entries == () and verified.last_hash == GENESIS


def _edit(content: bytes, old: bytes, new: bytes, line: int) -> bytes:
    lines = content.split(b"\n")
    assert old in lines[line - 1], old
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return b"\n".join(lines)


EDITS = {
    "space after a colon": (b'"decision":"approve"', b'"decision": "approve"', "edited"),
    "trailing space": (b'"}', b'"} ', "edited"),
    "key order": (b'"backend":"reference","backend_version":"proration-harness 0.1.0"',
                  b'"backend_version":"proration-harness 0.1.0","backend":"reference"', "edited"),
    "a digit of the results hash": (b'"results_hash":"sha256:', b'"results_hash":"sha256:f', "edited"),
    "a scenario's result hash": (b'"upgrade-halfway":"sha256:', b'"upgrade-halfway":"sha256:0', "edited"),
    "a count in the summary": (b'"passed":2', b'"passed":3', "edited"),
    "the signer's name": (b'"name":"Ada Lovelace"', b'"name":"Ada Lovelacf"', "edited"),
    "the signer's email": (b'ada@example.com', b'eve@example.com', "edited"),
    "the decision": (b'"decision":"approve"', b'"decision":"reject"', "edited"),
    "the prev hash": (b'"prev":"sha256:0', b'"prev":"sha256:1', "edited"),
    "an escaped letter": (b'"role":"finance"', b'"role":"\\u0066inance"', "edited"),
    "a broken brace": (b'{"backend"', b'{"backend"}', "not JSON"),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_any_edit_of_an_entry_is_found(log: Path, name: str) -> None:
    old, new, kind = EDITS[name]
    edited = _edit(log.read_bytes(), old, new, line=1)
    verified = verify_bytes(edited)
    assert not verified.ok
    assert (verified.problem.line, verified.problem.kind) == (1, kind)
    assert verified.entries == ()


def test_the_hash_of_the_own_line_is_checked(log: Path) -> None:
    content = log.read_bytes()
    digest = json.loads(content.split(b"\n")[1])["hash"].encode()
    verified = verify_bytes(content.replace(digest, digest[:-1] + (b"0" if digest[-1:] != b"0" else b"1"), 1))
    assert not verified.ok and verified.problem.line == 2 and verified.problem.kind == "edited"


def test_every_single_byte_change_is_found(log: Path) -> None:
    """Exhaustive: flip each byte of the log to another ASCII character."""
    content = log.read_bytes()
    for index in range(len(content)):
        replacement = b"x" if content[index:index + 1] != b"x" else b"y"
        verified = verify_bytes(content[:index] + replacement + content[index + 1:])
        assert not verified.ok, f"byte {index} ({content[index:index + 1]!r}) changed unnoticed"


@pytest.mark.parametrize("index", [0, 1, 2])
def test_removing_any_one_entry_is_found(log: Path, index: int) -> None:
    lines = log.read_bytes().split(b"\n")[:-1]
    kept = lines[:index] + lines[index + 1:]
    verified = verify_bytes(b"\n".join(kept) + b"\n")
    if index == 2:  # cutting the last entry off leaves a valid chain: only git history shows it
        assert verified.ok and len(verified.entries) == 2
    else:
        assert not verified.ok
        assert (verified.problem.line, verified.problem.kind) == (index + 1, "removed or reordered")
        assert len(verified.entries) == index


def test_swapping_two_entries_is_found(log: Path) -> None:
    first, second, third = log.read_bytes().split(b"\n")[:-1]
    verified = verify_bytes(b"\n".join([first, third, second]) + b"\n")
    assert not verified.ok and verified.problem.line == 2 and verified.problem.kind == "removed or reordered"
    assert "does not follow line 1" in str(verified.problem)


def test_a_forged_line_with_a_wrong_prev_is_found(log: Path, fields: dict) -> None:
    forged = build({**fields, "note": "forged"}, prev=GENESIS)  # self-consistent, but not chained to line 3
    verified = verify_bytes(log.read_bytes() + serialise(forged))
    assert not verified.ok and verified.problem.line == 4 and verified.problem.kind == "removed or reordered"
    assert len(verified.entries) == 3


@pytest.mark.parametrize("content, line, kind", [
    (b"\n", 1, "not JSON"),  # a blank line
    (b"[1, 2]\n", 1, "not an entry"),
    (b'{"version": 1}\n', 1, "not an entry"),
])
def test_lines_that_are_not_entries(content: bytes, line: int, kind: str) -> None:
    verified = verify_bytes(content)
    assert (verified.problem.line, verified.problem.kind) == (line, kind)


def test_crlf_line_endings_and_a_missing_final_newline_are_edits(log: Path) -> None:
    content = log.read_bytes()
    assert verify_bytes(content.replace(b"\n", b"\r\n")).problem.kind == "edited"
    cut = verify_bytes(content[:-1])
    assert cut.problem.line == 3 and "no newline" in str(cut.problem)


def test_append_refuses_a_log_that_does_not_verify(log: Path, fields: dict) -> None:
    tampered = _edit(log.read_bytes(), b'"passed":2', b'"passed":3', line=2)
    log.write_bytes(tampered)
    with pytest.raises(LogTampered) as raised:
        append(log, fields)
    assert raised.value.problem.line == 2
    assert log.read_bytes() == tampered  # left exactly as it was
    assert not list(log.parent.glob(".*.tmp"))


def test_append_creates_the_log_and_its_folder(tmp_path: Path, fields: dict) -> None:
    path = tmp_path / "a" / "b" / "log.jsonl"
    entry = append(path, fields)
    assert entry.line == 1 and entry.prev == GENESIS
    assert verify(path).entries[0].data == entry.data


def test_build_refuses_an_unknown_decision(fields: dict) -> None:
    with pytest.raises(ValueError, match="decision"):
        build({**fields, "decision": "maybe"}, prev=GENESIS)


@pytest.mark.parametrize("text, name, email", [
    ("Ada Lovelace <ada@example.com>", "Ada Lovelace", "ada@example.com"),
    ("  Ada   Lovelace<ada@finance.example.co.uk> ", "Ada Lovelace", "ada@finance.example.co.uk"),
])
def test_signer_parses_name_and_email(text: str, name: str, email: str) -> None:
    assert Signer.parse(text) == Signer(name, email)


@pytest.mark.parametrize("text", ["ada@example.com", "Ada Lovelace", "<ada@example.com>", "Ada <ada>",
                                  "Ada <ada@example.com> extra", "Ada <a b@example.com>", ""])
def test_signer_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="Name <email>"):
        Signer.parse(text)

"""The log against git: entries cut off the end are found by comparing with
an older commit, and the commit that recorded an entry is found."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harness.signoff import LogError, append, verify, verify_bytes
from harness.signoff.history import log_at, prefix_problem, recorded_in


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, fields: dict) -> Path:
    git(tmp_path, "init", "-q")
    log = tmp_path / "reports" / "signoffs.jsonl"
    for day in (1, 2, 3):
        append(log, {**fields, "time": f"2026-05-0{day}T09:00:00Z"})
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", f"sign-off {day}")
    return tmp_path


def test_cutting_the_last_entry_is_seen_only_against_git(repo: Path) -> None:
    log = repo / "reports" / "signoffs.jsonl"
    content = log.read_bytes()
    cut = content[: content.rindex(b"\n", 0, len(content) - 1) + 1]
    log.write_bytes(cut)
    assert verify(log).ok and len(verify(log).entries) == 2  # the file alone cannot tell
    problem = prefix_problem(log_at(log, "HEAD"), cut, "HEAD")
    assert problem is not None and problem.line == 3 and "removed from the end" in str(problem)


def test_an_older_log_is_a_prefix_of_the_current(repo: Path) -> None:
    log = repo / "reports" / "signoffs.jsonl"
    assert prefix_problem(log_at(log, "HEAD~2"), log.read_bytes(), "HEAD~2") is None
    assert log_at(log, "HEAD~2").count(b"\n") == 1


def test_a_rewritten_middle_entry_differs_from_git(repo: Path, fields: dict) -> None:
    log = repo / "reports" / "signoffs.jsonl"
    lines = log.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b'"2026-05-02', b'"2026-05-09')
    problem = prefix_problem(log_at(log, "HEAD"), b"\n".join(lines), "HEAD")
    assert problem is not None and problem.line == 2 and "differs from line 2 of the log at HEAD" in str(problem)


def test_a_ref_before_the_log_existed_has_no_entries(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rfq", "--cached", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    log = repo / "reports" / "signoffs.jsonl"
    assert log_at(log, "empty") == b""
    assert verify_bytes(log.read_bytes()).ok


def test_an_unknown_ref_and_a_folder_outside_git_are_errors(repo: Path, tmp_path_factory) -> None:
    with pytest.raises(LogError, match="not a git commit"):
        log_at(repo / "reports" / "signoffs.jsonl", "no-such-branch")
    outside = tmp_path_factory.mktemp("nogit") / "signoffs.jsonl"
    outside.write_bytes(b"")
    with pytest.raises(LogError, match="not in a git work tree"):
        log_at(outside, "HEAD")


def test_recorded_in_finds_the_commit_that_added_an_entry(repo: Path) -> None:
    log = repo / "reports" / "signoffs.jsonl"
    first, second, _ = verify(log).entries
    assert recorded_in(log, second.hash) == git(repo, "rev-parse", "--short", "HEAD~1")
    assert recorded_in(log, first.hash) == git(repo, "rev-parse", "--short", "HEAD~2")
    assert recorded_in(log, "sha256:" + "f" * 64) == ""

"""The sign-off log on disk (a hash chain of JSON lines), verifying it, and
the CI gate's verdict over it; also the control sheet's facts, which need the
log and the engine's view of which scenario shows which rule.

Layer: above evidence (it records `results_digest` and `Fingerprint`s),
below render/report (they format what it returns) and the CLI."""

from harness.signoff.log import (
    DEFAULT_LOG, GENESIS, Entry, LogError, LogMissing, LogTampered, Problem, Signer, Verified, append, read_log,
    verify, verify_bytes,
)

__all__ = [
    "DEFAULT_LOG",
    "GENESIS",
    "Entry",
    "LogError",
    "LogMissing",
    "LogTampered",
    "Problem",
    "Signer",
    "Verified",
    "append",
    "read_log",
    "verify",
    "verify_bytes",
]

"""What the commands share: loading packs into CLI errors, atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from harness.cli.app import CliError, ExitCode
from harness.render.problems import format_pack_error


def pack_error(error: BaseException) -> CliError:
    return CliError(format_pack_error(error), ExitCode.USAGE, formatted=True)


def load_pack(path: Path):  # -> Pack
    from harness.packs import PackError, load_pack as _load_pack

    try:
        return _load_pack(path)
    except PackError as error:
        raise pack_error(error) from None
    except OSError as error:
        raise CliError(f"{path}: {error.strerror or error}") from None


def load_packs(paths: Sequence[Path], workers: int = 1):  # -> list[Pack]
    """The packs (on `workers` processes when they are big: harness.packs.load_packs);
    bad input is exit 2."""
    from harness.packs import PackError, load_packs as _load_packs

    try:
        return _load_packs(list(paths), workers=workers)
    except PackError as error:
        raise pack_error(error) from None
    except OSError as error:
        raise CliError(f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")) from None


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write `content` (text, or bytes such as a PDF) to `path` so that readers
    see the old file or the whole new one, never half of it: a temp file beside
    it, fsync, then os.replace."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        binary = isinstance(content, bytes)
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8",
                       newline=None if binary else "") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes it 0600; a report is an ordinary file
        os.replace(temp, path)
    except BaseException as error:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise CliError(f"cannot write {path}: {error.strerror or error}") from None
        raise

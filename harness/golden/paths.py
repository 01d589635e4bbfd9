"""Where a golden invoice lives: `<root>/<backend>/<pack name>/<scenario id>.txt`.

The root is found the way a reviewer expects without flags: a pack inside a
repository that has a `golden_invoices/` folder uses that folder, wherever the
command is run from; a pack elsewhere falls back to `./golden_invoices`.
`--golden-dir` (or `root=` here) overrides both."""

from __future__ import annotations

from pathlib import Path

FOLDER = "golden_invoices"
SUFFIX = ".txt"


def golden_root(pack_source: str | Path, explicit: str | Path | None = None) -> Path:
    """`explicit` when given; else the nearest `golden_invoices/` in the pack's
    folder or one of its ancestors; else `./golden_invoices`."""
    if explicit is not None:
        return Path(explicit)
    start = Path(pack_source).resolve()
    for folder in (start, *start.parents):
        candidate = folder / FOLDER
        if candidate.is_dir():
            return candidate
    return Path(FOLDER)


def golden_folder(root: Path, backend: str, pack: str) -> Path:
    """The folder holding every golden of one pack on one backend."""
    return Path(root) / backend / pack


def golden_path(root: Path, backend: str, pack: str, scenario_id: str) -> Path:
    return golden_folder(root, backend, pack) / f"{scenario_id}{SUFFIX}"


def label(root: Path, path: Path) -> str:
    """`golden_invoices/larz/core/upgrade-halfway.txt`: a golden named from its
    root folder, the same wherever the command runs (for messages and diffs)."""
    return (Path(Path(root).name) / Path(path).relative_to(root)).as_posix()


def scenario_of(path: Path) -> str:
    """The scenario id a golden file is named after."""
    return Path(path).name.removesuffix(SUFFIX)


def on_disk(root: Path, backend: str, pack: str) -> dict[str, Path]:
    """scenario id -> golden file, for the goldens present for this backend and pack."""
    folder = golden_folder(root, backend, pack)
    if not folder.is_dir():
        return {}
    return {scenario_of(path): path for path in sorted(folder.glob(f"*{SUFFIX}")) if path.is_file()}

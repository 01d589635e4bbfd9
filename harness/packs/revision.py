"""A pack as it was at a git commit, and one pack's scenarios under another's pack.yaml.

`prorata diff` asks what a pricing change does to the documents a pack's
scenarios produce. The scenarios are the head's; the catalog and the policy
come from either side. So two things are needed here, both about files:

* the pack folder as of a git ref, read out of the object store with
  `git ls-tree` and `git cat-file --batch` (not `git archive`, whose
  export-ignore and export-subst attributes could drop or rewrite a file, and
  not a checkout, which would touch the user's index and working tree);
* the "hybrid" pack: the base's pack.yaml beside the head's scenarios/ in a
  folder of its own, loaded by the ordinary loader. Copying files rather than
  assembling a `Pack` from parts keeps every loading rule in one place: the
  plan and currency context of each scenario, policy overrides merged into
  the *base* policy, the schema, the cross-field checks and the dry run.
  A scenario that does not load under the base (it names a plan the base
  lacks, say) is set aside with the loader's reason and the rest load.

Git failures are `RevisionError`s (a ValueError) naming the ref and the path,
for the CLI to show as bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from harness.model import Pack
from harness.packs.loader import PACK_FILE, SCENARIO_DIR, load_pack
from harness.packs.problems import PackError, Problem

#: Tree entry modes holding file content (a symlink or a submodule is skipped).
_FILE_MODES = ("100644", "100755")


class RevisionError(ValueError):
    """A pack could not be read at a git ref: no repository, no such ref, or
    no pack at that path in that commit."""


@dataclass(frozen=True)
class Revision:
    """The pack folder `path` (posix, relative to the repository's root) at
    `ref` (commit `commit`), written into `folder`."""

    folder: Path
    ref: str
    commit: str
    path: str

    @property
    def where(self) -> str:
        """Git's own `REF:PATH` spelling, for messages about this side's files."""
        return f"{self.ref}:{self.path}"

    @property
    def label(self) -> str:
        """How reports name this side: the ref as typed, and the commit it meant then."""
        return f"{self.ref} ({self.commit[:7]})"


def export_pack(pack_dir: str | os.PathLike[str], ref: str, into: str | os.PathLike[str]) -> Revision:
    """Write the pack folder `pack_dir` as it was at `ref` into `into` (created,
    must not exist). `pack_dir` need not exist in the working tree any more:
    its repository is found from the nearest folder that does."""
    if not ref or ref.startswith("-"):
        raise RevisionError(f"{ref!r} is not a git ref (a branch, tag or commit such as HEAD~1 or main)")
    folder = Path(os.path.abspath(pack_dir))
    if folder.name == PACK_FILE:
        folder = folder.parent
    top = Path(_git(_existing(folder), "rev-parse", "--show-toplevel",
                    failure=f"{folder} is not inside a git repository, so --base/--head cannot be read; "
                            "give two pack folders instead (prorata diff BASE_PACK HEAD_PACK)").strip())
    try:
        relative = PurePosixPath(Path(os.path.realpath(folder)).relative_to(os.path.realpath(top)).as_posix())
    except ValueError:
        raise RevisionError(f"{folder} is outside its git repository {top}") from None
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}",
                  failure=f"unknown git ref {ref!r} in {top} (try `git log --oneline` for commits)").strip()
    prefix = "" if str(relative) == "." else f"{relative}/"
    entries = _tree(top, commit, prefix)
    if PACK_FILE not in {path for path, _ in entries}:
        where = f"{relative}/" if prefix else "the repository root"
        raise RevisionError(f"no pack at {where} in {ref} ({commit[:7]}): {prefix}{PACK_FILE} is not in that commit "
                            "(check the path and the ref)")
    target = Path(into)
    target.mkdir(parents=True)
    _write_blobs(top, entries, target)
    return Revision(target, ref, commit, str(relative))


def _existing(folder: Path) -> Path:
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path.cwd()


def _git(where: Path, *args: str, failure: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed (needed to read --base/--head)") from None
    if done.returncode != 0:
        raise RevisionError(failure)
    return done.stdout.decode("utf-8", "surrogateescape")


def _tree(top: Path, commit: str, prefix: str) -> list[tuple[str, str]]:
    """(path inside the pack folder, blob id) of every file under `prefix` at `commit`."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, *(["--", prefix] if prefix else []),
                   failure=f"cannot list {prefix or '/'} at {commit[:7]}")
    entries = []
    for record in filter(None, listing.split("\0")):
        info, path = record.split("\t", 1)
        mode, kind, blob = info.split()
        if kind == "blob" and mode in _FILE_MODES and path.startswith(prefix):
            entries.append((path[len(prefix):], blob))
    return entries


def _write_blobs(top: Path, entries: list[tuple[str, str]], target: Path) -> None:
    """One `git cat-file --batch` for all the files: "<id> blob <size>\\n<bytes>\\n" each."""
    request = "".join(f"{blob}\n" for _, blob in entries).encode()
    try:
        done = subprocess.run(["git", "-C", str(top), "cat-file", "--batch"], input=request, capture_output=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError):
        raise RevisionError(f"cannot read files from the git repository {top}") from None
    out, at = done.stdout, 0
    for path, blob in entries:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise RevisionError(f"cannot read {path} ({blob}) from the git repository {top}")
        size = int(header[2])
        content, at = out[end + 1:end + 1 + size], end + 1 + size + 1
        destination = target.joinpath(*PurePosixPath(path).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)


# ------------------------------------------------------------------ the hybrid pack


@dataclass(frozen=True)
class Hybrid:
    """The head's scenarios loaded under the base's pack.yaml. `set_aside`
    maps the file (relative to scenarios/, posix) of each scenario that does
    not load under the base to the first problem the loader found in it."""

    pack: Pack
    set_aside: dict[str, str]

    def reasons(self, head: Pack) -> dict[str, str]:
        """`set_aside` keyed by scenario id: `head` is the head pack, loaded
        from the folder whose scenarios/ was copied."""
        folder = (Path(head.meta.source) / SCENARIO_DIR).resolve()
        by_file = {}
        for scenario in head.scenarios:
            if scenario.source is not None:
                by_file[_inside(scenario.source.path, folder)] = scenario.id
        return {by_file.get(relative, relative): reason for relative, reason in self.set_aside.items()}


def load_labelled(folder: str | os.PathLike[str], label: str) -> Pack:
    """`load_pack(folder)`, its problems naming `label` instead of `folder`
    (a temp folder means nothing to the reader; "core at HEAD~1" does)."""
    try:
        return load_pack(folder)
    except PackError as error:
        raise _relabelled(error, Path(folder), label) from None


def load_under(base_dir: str | os.PathLike[str], head_dir: str | os.PathLike[str], into: str | os.PathLike[str],
               *, base_label: str = "") -> Hybrid:
    """Copy the base's pack.yaml and the head's scenarios/ into `into`
    (created, must not exist) and load that, setting aside every scenario
    file the loader has a problem with. A problem in pack.yaml itself is the
    base's, raised as a PackError naming `base_label` (else the base folder)."""
    base, head, folder = Path(base_dir), Path(head_dir), Path(into)
    if not (base / PACK_FILE).is_file():
        shown = f"{base_label or base}/{PACK_FILE}"
        raise PackError([Problem(shown, None, None, "", "missing pack.yaml",
                                 "a pack is a folder holding pack.yaml and a scenarios/ folder")])
    folder.mkdir(parents=True)
    shutil.copyfile(base / PACK_FILE, folder / PACK_FILE)
    if (head / SCENARIO_DIR).is_dir():
        shutil.copytree(head / SCENARIO_DIR, folder / SCENARIO_DIR)
    scenarios = (folder / SCENARIO_DIR).resolve()
    set_aside: dict[str, str] = {}
    while True:
        try:
            return Hybrid(load_pack(folder), set_aside)
        except PackError as error:
            own, theirs = [], {}
            for problem in error.problems:
                relative = _inside(problem.file, scenarios)
                if relative is None:
                    own.append(problem)
                else:
                    theirs.setdefault(relative, _reason(problem))
            if own or not theirs:
                raise _relabelled(PackError(own or error.problems), folder, base_label or str(base)) from None
            for relative, reason in theirs.items():
                (scenarios / relative).unlink()
                set_aside[relative] = reason


def _inside(file: str, scenarios: Path) -> str | None:
    try:
        return Path(file).resolve().relative_to(scenarios).as_posix()
    except ValueError:
        return None


def _reason(problem: Problem) -> str:
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"{text} ({problem.hint})" if problem.hint else text


def _relabelled(error: PackError, folder: Path, label: str) -> PackError:
    root = str(folder)
    return PackError([replace(p, file=label + p.file[len(root):]) if p.file.startswith(root) else p
                      for p in error.problems])

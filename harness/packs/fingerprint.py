"""What a sign-off signs: a pack's content, as hashes of its parts.

A sign-off must go stale when the catalog, the policy or a scenario changes,
and say which; it must not go stale because someone re-indented a file or
fixed a comment. So each part (the pack's metadata, each plan, each policy
key, each scenario) is hashed from its parsed YAML, in canonical JSON, not
from its bytes. The parsed YAML, not the model: a harness upgrade that adds
a field to a dataclass must not void every signature.

Call it on a pack that loads (`load_pack` first): it reads the same files but
reports no problems of its own."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from harness.packs.loader import scenario_files

PACK_FILE = "pack.yaml"
SCENARIOS = "scenarios"


def canonical(data: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, dates as ISO text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str).encode()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def digest_of(contents: Mapping[str, bytes]) -> tuple[str, dict[str, str]]:
    """(sha256 of all the contents, a short hash per name): the short ones say
    which part changed, the whole one is what a signature stands on."""
    ordered = sorted(contents.items())
    whole = b"\n".join(name.encode() + b"=" + content for name, content in ordered)
    return sha256(whole), {name: sha256(content)[: len("sha256:") + 16] for name, content in ordered}


@dataclass(frozen=True)
class Fingerprint:
    """`parts` maps a part's name (`pack`, `plan pro`, `policy upgrade`,
    `scenario upgrade-halfway`) to a short hash of its content; `digest` is the
    sha256 of all of it."""

    digest: str
    parts: Mapping[str, str]

    def changes(self, signed: Mapping[str, str]) -> "PartChanges":
        """What differs between `signed` (the parts a sign-off recorded) and this."""
        return PartChanges(
            changed=tuple(sorted(k for k in self.parts.keys() & signed.keys() if self.parts[k] != signed[k])),
            added=tuple(sorted(self.parts.keys() - signed.keys())),
            removed=tuple(sorted(signed.keys() - self.parts.keys())),
        )


@dataclass(frozen=True)
class PartChanges:
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def lines(self) -> list[str]:
        """One line per changed part, e.g. `plan pro: changed`, for messages."""
        return ([f"{part}: changed" for part in self.changed] + [f"{part}: added" for part in self.added]
                + [f"{part}: removed" for part in self.removed])


def fingerprint(pack_dir: str | os.PathLike[str]) -> Fingerprint:
    """The parts of the pack in `pack_dir` (a folder holding pack.yaml)."""
    folder = Path(pack_dir)
    if folder.name == PACK_FILE:
        folder = folder.parent
    contents: dict[str, bytes] = {}
    document = _read(folder / PACK_FILE)
    catalog = document.get("catalog") or {}
    policy = document.get("policy") or {}
    contents["pack"] = canonical({k: v for k, v in document.items() if k not in ("catalog", "policy")})
    for key, value in catalog.items():
        if key == "plans":
            contents.update({f"plan {plan_id}": canonical(plan) for plan_id, plan in (value or {}).items()})
        else:
            contents[f"catalog {key}"] = canonical(value)
    contents.update({f"policy {key}": canonical(value) for key, value in policy.items()})
    for relative, path in scenario_files(str(folder / SCENARIOS)):
        data = _read(Path(path))
        contents[f"scenario {data.get('id') or Path(relative).stem}"] = canonical(data)
    return Fingerprint(*digest_of(contents))


def _read(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, dict) else {}

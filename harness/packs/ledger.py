"""Deviations ledgers on disk: `<pack>/deviations/<backend>.yaml`.

The ledger sits next to the pack because it is part of what finance signs:
the pack says what the policy is, the ledger says where a given backend is
known to depart from it and why. It is read strictly (a typo in a ledger
would silently turn a deviation into a failure, or worse, hide one) and
written only on request (`prorata ledger update`), in a fixed layout so a
pull request shows a readable diff."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from harness.model import Deviation, Ledger, SourceRef
from harness.packs.messages import problem_at, problems_from
from harness.packs.problems import PackError, Problem
from harness.packs.yamlsrc import parse

LEDGER_DIR = "deviations"

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: _Text = Field(description="id of the scenario that deviates")
    finding: _Text = Field(description="what the backend does, in words a finance reader understands")
    first_seen: date = Field(description="the date the deviation was first recorded")
    differences: list[_Text] = Field(default_factory=list,
                                     description="the differences observed, exactly as reported")
    lint: list[_Text] = Field(default_factory=list,
                              description="the invoice clarity findings observed, exactly as `prorata lint` reports them")


class _LedgerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    backend: _Text
    pack: _Text
    deviations: list[_Entry] = Field(default_factory=list)


def ledger_path(pack_folder: str | os.PathLike[str], backend: str) -> Path:
    return Path(pack_folder) / LEDGER_DIR / f"{backend}.yaml"


def load_ledger(pack_folder: str | os.PathLike[str], pack_name: str, backend: str) -> Ledger:
    """The ledger of `backend` for the pack in `pack_folder`; an empty one if
    there is no file. A malformed file raises PackError with file:line."""
    path = ledger_path(pack_folder, backend)
    if not path.is_file():
        return Ledger(backend, pack_name, (), str(path))
    shown = str(path)
    src = parse(path.read_text(encoding="utf-8"), shown)
    problems = [Problem(shown, *(pos or (None, None)), "", message, hint) for _, message, hint, pos in src.issues]
    if problems:
        raise PackError(problems)
    if not isinstance(src.data, dict):
        raise PackError([Problem(shown, None, None, "", "a ledger is a mapping with backend, pack and deviations",
                                 "run `prorata ledger update` to write one")])
    try:
        data = _LedgerFile.model_validate(src.data)
    except ValidationError as exc:
        raise PackError(problems_from(exc.errors(include_url=False), _LedgerFile, src)) from None
    wrong = []
    if data.backend != backend:
        wrong.append(problem_at(src, ("backend",), f"this file is for backend {data.backend!r}, not {backend!r}",
                                f"rename the file to {data.backend}.yaml or fix `backend`"))
    if data.pack != pack_name:
        wrong.append(problem_at(src, ("pack",), f"this ledger is for pack {data.pack!r}, not {pack_name!r}", ""))
    seen: set[str] = set()
    for index, entry in enumerate(data.deviations):
        if entry.scenario in seen:
            wrong.append(problem_at(src, ("deviations", index, "scenario"),
                                    f"scenario {entry.scenario!r} has two entries", "keep one"))
        seen.add(entry.scenario)
        if not entry.differences and not entry.lint:
            raw = src.data["deviations"][index]
            where = next((key for key in ("differences", "lint") if key in raw), None)
            wrong.append(problem_at(src, ("deviations", index, *([where] if where else [])),
                                    f"the entry for {entry.scenario!r} records no differences and no lint findings",
                                    "an entry needs `differences`, `lint` or both; "
                                    "`prorata ledger update` writes them"))
    if wrong:
        raise PackError(wrong)
    deviations = tuple(
        Deviation(
            entry.scenario, entry.finding, tuple(entry.differences), entry.first_seen, tuple(entry.lint),
            SourceRef(shown, (src.locate(("deviations", index)) or (None,))[0]),
        )
        for index, entry in enumerate(data.deviations)
    )
    return Ledger(data.backend, data.pack, deviations, shown)


_HEADER = """\
# Where the {backend} backend departs from the {pack} pack's policy.
# `prorata run --backend {backend}` reports a scenario listed here as a
# `deviation` while it shows exactly the recorded differences and lint
# findings, and fails it otherwise.
# Entries are written by `prorata ledger update`; each `finding` is written
# by a person, in words a finance reader understands.
"""


class _PlainDumper(yaml.SafeDumper):
    """No `&id001` anchors when entries share a date object: a ledger is read by people."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _entry(entry: Deviation) -> dict:
    """Fixed key order; an empty `differences` or `lint` is left out."""
    body: dict = {"scenario": entry.scenario, "finding": entry.finding, "first_seen": entry.first_seen}
    if entry.differences:
        body["differences"] = list(entry.differences)
    if entry.lint:
        body["lint"] = list(entry.lint)
    return body


def dump_ledger(ledger: Ledger) -> str:
    """The file text: fixed key order, entries sorted by scenario id."""
    body = {
        "backend": ledger.backend,
        "pack": ledger.pack,
        "deviations": [_entry(entry) for entry in sorted(ledger.deviations, key=lambda entry: entry.scenario)],
    }
    text = yaml.dump(body, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return _HEADER.format(backend=ledger.backend, pack=ledger.pack) + text

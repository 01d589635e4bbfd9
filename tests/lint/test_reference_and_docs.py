"""The reference engine's own documents are the clarity bar: the core pack
lints clean on it, and every rule is documented."""

from __future__ import annotations

import re
from pathlib import Path

from harness.adapters.reference import ReferenceBackend
from harness.lint import RULES, lint
from harness.packs import load_pack

ROOT = Path(__file__).resolve().parents[2]


def test_the_reference_core_pack_lints_clean() -> None:
    pack = load_pack(ROOT / "scenario_packs" / "core")
    backend = ReferenceBackend()
    findings = {scenario.id: [str(f) for f in lint(scenario, backend.run(scenario))] for scenario in pack.scenarios}
    assert {key: value for key, value in findings.items() if value} == {}
    assert len(findings) == len(pack.scenarios) > 50


def test_every_rule_has_a_section_with_what_why_fails_and_fix() -> None:
    text = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL))
    assert set(sections) == {rule.id for rule in RULES}
    for rule_id, body in sections.items():
        for part in ("**What.**", "**Why.**", "**Fails.**", "**Fix.**"):
            assert part in body, f"docs/lint.md section {rule_id} has no {part}"

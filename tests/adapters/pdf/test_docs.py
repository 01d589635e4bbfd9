"""docs/pdf-profiles.md documents every profile key and shows the shipped
profiles as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from harness.adapters.pdf.profile import SHIPPED, Profile

DOC = (Path(__file__).resolve().parents[3] / "docs" / "pdf-profiles.md").read_text()


def keys(model: type[BaseModel]) -> set[str]:
    found = set()
    for name, field in model.model_fields.items():
        found.add(name)
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            found |= keys(field.annotation)
    return found


def test_every_profile_key_is_documented():
    missing = sorted(key for key in keys(Profile) if f"`{key}`" not in DOC)
    assert not missing, f"docs/pdf-profiles.md does not mention {missing}"


@pytest.mark.parametrize("name", ["harness", "ledger"])
def test_the_shipped_profiles_are_shown_verbatim(name):
    assert (SHIPPED / f"{name}.yaml").read_text().rstrip("\n") in DOC

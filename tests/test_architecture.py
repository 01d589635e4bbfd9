"""The layering rules of ARCHITECTURE.md, checked on every module's imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "harness"
LEVEL = {
    "parallel": 0, "model": 0, "engine": 1, "adapters": 2, "packs": 2, "compare": 3, "lint": 3, "runner": 3.5,
    "evidence": 3.75, "reconcile": 3.8, "signoff": 3.9,
    "render": 4, "report": 4.25, "golden": 4.5, "fuzz": 4.5, "cli": 5, "pytest_plugin": 5,
}
SIDE_BY_SIDE = {frozenset({"adapters", "packs"}), frozenset({"compare", "lint"}), frozenset({"golden", "fuzz"})}
IO_MODULES = {"os", "pathlib", "io", "socket", "urllib", "http", "shutil", "tempfile", "subprocess"}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "harness" and len(parts) > 1 else None


def _imports(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


MODULES = sorted(ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_imports_point_down_the_layers(path):
    relative = path.relative_to(ROOT)
    own = relative.parts[0].removesuffix(".py")
    if own not in LEVEL:
        return
    for module, line in _imports(path):
        target = _layer(module)
        if target is None or target == own or target not in LEVEL:
            continue
        assert frozenset({own, target}) not in SIDE_BY_SIDE, f"{relative}:{line} {own} must not import {target}"
        assert LEVEL[target] < LEVEL[own], f"{relative}:{line}: {own} (layer {LEVEL[own]}) imports {module} (layer {LEVEL[target]})"


@pytest.mark.parametrize("path", sorted((ROOT / "model").rglob("*.py")), ids=lambda p: p.name)
def test_model_does_no_io(path):
    for module, line in _imports(path):
        assert module.split(".")[0] not in IO_MODULES, f"model/{path.name}:{line} imports {module}"
        assert _layer(module) in (None, "model"), f"model/{path.name}:{line} imports {module}"
    assert "open(" not in path.read_text()


def test_every_layer_exists():
    # an empty parametrisation would pass silently; make sure the walk found the package
    assert {p.relative_to(ROOT).parts[0].removesuffix(".py") for p in MODULES} >= {"model", "engine", "adapters"}

"""The direction of dependencies, checked on every module's imports.

    pages/ (Streamlit UI) -> services/ (the measures) -> db/ (models, sessions, migrations)
                                                    -> optimizer/ (pure planning)
                                                    -> rules/ (pure legal and calendar rules)
    demo/ (the demo detachment) -> services/, db/, optimizer/, rules/

`rules` sits at the bottom: everything may read it and it reads nothing of ours. Only
`pages` (the first-start page), `manage.py`, tests and benchmarks may reach `demo`.

The test parses each module with `ast` (nothing is imported or run) and lists every import,
top-level or inside a function, so a lazy import cannot dodge it.

There are no known exceptions: every arrow against the direction fails the test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("pages", "services", "db", "optimizer", "rules", "demo")
OURS = {"pages", "services", "db", "optimizer", "rules", "demo", "app", "manage"}
UI = {"streamlit", "app"}

# (importing layer, imported top-level package) pairs that are never allowed.
FORBIDDEN: dict[str, set[str]] = {
    "rules": (OURS - {"rules"}) | UI | {"sqlalchemy", "pandas"},
    "optimizer": {"db", "services", "pages", "demo", "sqlalchemy", "manage"} | UI,
    "db": {"services", "pages", "demo", "optimizer", "manage"} | UI,
    "services": {"pages", "demo", "manage"} | UI,
    "demo": {"pages", "manage"} | UI,
    "pages": {"db", "manage"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level package names a module imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


# Migrations are frozen history: they may not import live application code, or re-running
# one later would compute something different from what it did on the day.
MIGRATIONS = "db/migrations/versions"
MIGRATION_FORBIDDEN = {"db", "services", "optimizer", "pages", "streamlit", "app"}


def backward_arrows() -> set[tuple[str, str]]:
    arrows = set()
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            forbidden = FORBIDDEN[layer]
            if relative.startswith(MIGRATIONS + "/"):
                forbidden = MIGRATION_FORBIDDEN
            for package in imported_packages(path) & forbidden:
                arrows.add((relative, package))
    return arrows


def test_the_parser_sees_lazy_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from services.x import y\n    import streamlit as st\n")
    assert imported_packages(module) == {"services", "streamlit"}


def test_no_backward_arrow():
    arrows = sorted(backward_arrows())
    assert not arrows, "imports against the layer direction:\n" + "\n".join(
        f"  {module} imports {package}" for module, package in arrows
    )


def test_the_check_sees_a_backward_arrow(tmp_path):
    # A services module importing Streamlit would be reported.
    module = tmp_path / "services" / "x.py"
    module.parent.mkdir()
    module.write_text("import streamlit as st\n")
    assert imported_packages(module) & FORBIDDEN["services"] == {"streamlit"}


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_has_modules(layer):
    # A renamed folder would make the checks above vacuous.
    assert list((ROOT / layer).rglob("*.py"))


def test_migrations_are_checked():
    assert len(list((ROOT / MIGRATIONS).glob("0*.py"))) >= 7


def test_no_test_module_imports_another():
    """Shared worlds and builders live in tests/fixtures (and conftest.py), never in a
    test module another one imports: moving or splitting a test file then breaks nothing."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            for module in modules:
                # Also a bare `from test_x import y` (the optimizer tests' own sys.path).
                if any(part.startswith("test_") for part in module.split(".")):
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []

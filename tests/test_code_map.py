"""The code keeps its shape: no circle of imports between warroom's modules (imports inside
functions count, they run too), test modules share code only through tests/helpers, and the
benchmarks and examples find the helpers they import where they are."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

TESTS = Path(__file__).parent


def test_no_two_warroom_modules_import_each_other_even_late() -> None:
    # Imports under `if TYPE_CHECKING:` never run; every other one does, deferred or not.
    graph = grimp.build_graph("warroom", exclude_type_checking_imports=True, cache_dir=None)
    circles = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.add(" -> ".join((importer, *back)))
    assert not circles, "import circles:\n" + "\n".join(sorted(circles))


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_tests_share_code_only_through_the_helpers() -> None:
    """A test module (test_*.py, conftest.py) imports no other test module: what two of them
    need lives in tests/helpers."""
    wrong = [
        f"{path.relative_to(TESTS)} imports {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in sorted(imported_modules(path))
        if name.startswith("tests.")
        and not name.startswith("tests.helpers")
        and path.name != "__init__.py"
    ]
    assert not wrong, "\n".join(wrong)


def test_benchmarks_and_examples_import_test_code_that_exists() -> None:
    """They run as scripts, often with a PostgreSQL server from the helpers imported late: a
    helper moved or renamed would break them only when run, and nothing else runs them."""
    import importlib

    root = TESTS.parent
    missing: list[str] = []
    for path in sorted([*(root / "benchmarks").rglob("*.py"), *(root / "examples").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests."):
                try:
                    module = importlib.import_module(node.module)  # type: ignore[arg-type]
                except ModuleNotFoundError:
                    missing.append(f"{path.relative_to(root)} imports {node.module}")
                    continue
                missing += [
                    f"{path.relative_to(root)} imports {node.module}.{alias.name}"
                    for alias in node.names
                    if not hasattr(module, alias.name)
                ]
    assert not missing, "\n".join(missing)

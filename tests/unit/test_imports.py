"""The package's import graph: no cycles between modules, every import of the package at module top, and
imports inside functions only for the optional extras."""

import ast
from pathlib import Path

import textmine

PACKAGE = Path(textmine.__file__).resolve().parent
#: What may be imported inside a function: optional engines that may be absent.
OPTIONAL = {"rjieba"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}


def imported(node: ast.AST, importer: str, known: set[str]) -> list[str]:
    """The package's modules an import statement loads (a name imported from a package may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    if isinstance(node, ast.ImportFrom) and node.module:
        base = node.module if node.level == 0 else _relative(importer, node)
        found = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
        return found or ([base] if base in known else [])
    return []


def _relative(importer: str, node: ast.ImportFrom) -> str:
    parts = importer.split(".")[: -node.level]
    return ".".join([*parts, node.module])


def function_imports(tree: ast.Module):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


def module_graph() -> dict[str, set[str]]:
    trees = modules()
    known = set(trees)
    graph = {}
    for name, tree in trees.items():
        top = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        edges = {target for node in top for target in imported(node, name, known)}
        # a module importing its own package's children is not a cycle through the package itself
        graph[name] = {t for t in edges if t != name and not name.startswith(t + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_cycle():
    assert find_cycle(module_graph()) is None


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_inside_functions_are_only_of_optional_extras():
    found = []
    for name, tree in modules().items():
        for node in function_imports(tree):
            targets = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{name}: {t}" for t in targets if t.split(".")[0] not in OPTIONAL]
    assert found == []

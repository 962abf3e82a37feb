"""Issue 10 item 7: no import circle inside annotations/. Every module's imports of its
siblings — at the top or inside functions — form a graph without a cycle."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "annotations"


def sibling_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("annotations."):
                found.add(node.module.split(".")[1])
    return found


def test_the_modules_of_annotations_import_each_other_without_a_cycle():
    graph = {path.stem: sibling_imports(path) for path in APP.glob("*.py") if path.stem != "apps"}
    # apps.ready() wires the signal receivers once everything is loaded: the app's entry point.
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", "import circle: " + " → ".join(trail + [module])
        state[module] = "open"
        for imported in graph.get(module, ()):
            visit(imported, trail + [module])
        state[module] = "done"

    for module in graph:
        visit(module, [])
    assert "permissions" not in graph["models"] and "concepts" not in graph["models"]
    assert "reading" not in graph["concepts"]

"""The package layout keeps its promises: folders under ``hub/registry`` import each other in one
direction only, the pipeline names no kind, and the registry imports nothing from auth,
GraphQL or the audit log (they import it)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import hub

ROOT = Path(hub.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Module → the ``hub`` modules it imports (statically, at any depth of the file)."""
    found: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.update(
                    f"{node.module}.{alias.name}"
                    if _is_module(node.module, alias.name)
                    else node.module
                    for alias in node.names
                )
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[module] = {n for n in names if n == "hub" or n.startswith("hub.")}
    return found


def _is_module(package: str, name: str) -> bool:
    base = ROOT.parent.joinpath(*package.split("."))
    return (base / f"{name}.py").exists() or (base / name / "__init__.py").exists()


def _folder(module: str) -> str:
    """The package (folder) a module lives in."""
    path = ROOT.parent.joinpath(*module.split("."))
    return module if path.is_dir() else module.rpartition(".")[0]


def _folder_graph(prefix: str) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imported in _imports().items():
        if not module.startswith(prefix):
            continue
        for target in imported:
            source_folder, target_folder = _folder(module), _folder(target)
            if target.startswith(prefix) and source_folder != target_folder:
                graph[source_folder].add(target_folder)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in sorted(graph.get(node, ())):
                if following == start:
                    found.append(path)
                elif following not in path and following > start:
                    stack.append((following, [*path, following]))
    return found


def test_registry_folders_import_each_other_in_one_direction_only() -> None:
    # given the folder-to-folder imports under hub/registry
    graph = _folder_graph("hub.registry")
    # when cycles are looked for, then there are none
    assert _cycles(graph) == []


def test_the_pipeline_names_no_kind() -> None:
    # given the pipeline's imports, then none reaches a kind, stewardship or the API layers
    imported = {
        t for m, ts in _imports().items() if m.startswith("hub.registry.pipeline") for t in ts
    }
    assert {t for t in imported if t.startswith("hub.registry.kinds")} == set()
    assert {t for t in imported if t.startswith("hub.registry.stewardship")} == set()


def test_the_registry_imports_no_auth_graphql_or_audit() -> None:
    # given every import of the registry's modules
    imported = {t for m, ts in _imports().items() if m.startswith("hub.registry") for t in ts}
    # then none is of auth, GraphQL or the audit log
    layers = ("hub.auth", "hub.graphql", "hub.audit")
    assert sorted(t for t in imported if t.startswith(layers)) == []


def test_clients_and_the_authorization_server_do_not_import_each_other() -> None:
    # given the imports of the client registry, then it does not reach into the server
    assert [t for t in _imports()["hub.auth.clients"] if t.startswith("hub.auth.server")] == []


def test_the_web_pages_do_not_import_the_graphql_layer() -> None:
    # given every import of the web pages' modules
    imported = {t for m, ts in _imports().items() if m.startswith("hub.web") for t in ts}
    # then none is of GraphQL: the pages call the services, as the resolvers do
    assert sorted(t for t in imported if t.startswith("hub.graphql")) == []

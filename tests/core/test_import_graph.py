"""The import graph of softlanding/ runs one way: no cycles, lib/ stays pure, core never depends on a domain,
and no domain reaches into another domain's routes or forms.

Every import counts, at module level and inside functions: a lazy import is where a cycle hides.
"""

import ast
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2] / "softlanding"
FRAMEWORKS = ("flask", "sqlalchemy", "werkzeug", "wtforms")


def module_name(path):
    """The dotted name of a .py file under softlanding/ (a package's __init__.py is the package)."""
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules():
    """Every softlanding module by dotted name, with its file."""
    return {module_name(p): p for p in sorted(PACKAGE_ROOT.rglob("*.py"))}


def is_package(path):
    """Whether a module's file is a package's __init__.py."""
    return path.name == "__init__.py"


def resolve_relative(importer, path, level, module):
    """The absolute dotted name a relative `from ... import` refers to."""
    base = importer.split(".")
    # A package's __init__ is its own package: one dot means the package itself, not its parent.
    drop = level - 1 if is_package(path) else level
    base = base[: len(base) - drop] if drop else base
    return ".".join(base + ([module] if module else []))


def _type_checking_only(tree):
    """Nodes under `if TYPE_CHECKING:`: imports that never run (names for annotations, e.g. the two
    sides of a relationship between two models), so they cannot make an import cycle."""
    skipped = set()
    for node in ast.walk(tree):
        test = getattr(node, "test", None) if isinstance(node, ast.If) else None
        if test is not None and (getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING"):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skipped


def imports_of(name, path, modules):
    """(imported module, line) for every import that runs in a file (at module level or inside functions);
    softlanding targets resolved to real modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_only(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((nearest_module(alias.name, modules), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(name, path, node.level, node.module) if node.level else node.module
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                target = candidate if candidate in modules else nearest_module(base, modules)
                found.append((target, node.lineno))
    return found


def nearest_module(dotted, modules):
    """`a.b.c` itself if it is a softlanding module, else the closest enclosing one; non-project names as given."""
    if not dotted.startswith("softlanding"):
        return dotted
    parts = dotted.split(".")
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts) or dotted


def build_graph():
    """{module: {imported module: first line}} for every softlanding module, external imports included."""
    modules = all_modules()
    graph = {}
    for name, path in modules.items():
        edges = {}
        for target, line in imports_of(name, path, modules):
            if target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def strongly_connected(graph):
    """Tarjan's components of the project-internal graph that hold a cycle."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def one_cycle(graph, component):
    """A concrete cycle through a component, as `a -> b -> a`, with the line of each import."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}

    def walk(node):
        for nxt in sorted(graph[node]):
            if nxt == start:
                return True
            if nxt in members and nxt not in seen:
                seen.add(nxt)
                path.append(nxt)
                if walk(nxt):
                    return True
                path.pop()
        return False

    walk(start)
    hops = [f"{a} (line {graph[a][b]})" for a, b in zip(path, path[1:] + [start], strict=True)]
    return " -> ".join(hops + [start])


def domain_of(module):
    """The domain a module belongs to (softlanding.blueprints.<domain>...), or None outside blueprints."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[:2] == ["softlanding", "blueprints"]:
        return parts[2]
    return None


def is_view_layer(module):
    """Whether a module is a domain's routes or forms, which other domains must not import."""
    leaf = module.split(".")[-1]
    return domain_of(module) is not None and len(module.split(".")) >= 4 and (
        leaf == "forms" or leaf.startswith("routes")
    )


def test_resolver_sees_lazy_and_relative_imports():
    """The walker finds imports inside functions and resolves `from . import x` and `from a import b` to modules."""
    graph = build_graph()
    # events/__init__.py imports its route modules only inside register(app).
    assert "softlanding.blueprints.events.routes" in graph["softlanding.blueprints.events"]
    # `from softlanding.core.db import Model, UTCDateTime` is an edge to the module, not to the names.
    assert "softlanding.core.db" in graph["softlanding.blueprints.events.models"]
    assert "softlanding.core.db.Model" not in graph["softlanding.blueprints.events.models"]
    # accounts.models names Profile only under `if TYPE_CHECKING:` (an annotation): no edge.
    assert "softlanding.blueprints.profiles.models" not in graph["softlanding.blueprints.accounts.models"]
    modules = {"softlanding.a": None, "softlanding.a.b": None}
    assert resolve_relative("softlanding.a.c", Path("c.py"), 1, "b") == "softlanding.a.b"
    assert resolve_relative("softlanding.a", Path("__init__.py"), 1, "b") == "softlanding.a.b"
    assert nearest_module("softlanding.a.b.thing", modules) == "softlanding.a.b"
    cyclic = {"x": {"y": 3}, "y": {"z": 4}, "z": {"x": 5}, "w": {"x": 1}}
    assert strongly_connected(cyclic) == [["x", "y", "z"]]
    assert one_cycle(cyclic, ["x", "y", "z"]) == "x (line 3) -> y (line 4) -> z (line 5) -> x"


def test_no_import_cycles():
    """No chain of imports, eager or lazy, leads from a softlanding module back to itself."""
    graph = build_graph()
    cycles = [
        f"{one_cycle(graph, component)}  (all of: {', '.join(component)})" for component in strongly_connected(graph)
    ]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_lib_is_pure():
    """softlanding/lib/ imports no web framework, no ORM and nothing of the app outside lib."""
    bad = []
    for module, edges in build_graph().items():
        if not module.startswith("softlanding.lib"):
            continue
        for target, line in edges.items():
            top = target.split(".")[0]
            framework = top in FRAMEWORKS or top.startswith("flask_")
            app_code = top == "softlanding" and not (target + ".").startswith("softlanding.lib.")
            if framework or app_code:
                bad.append(f"{module} (line {line}) imports {target}")
    assert not bad, "\n".join(bad)


def test_core_does_not_depend_on_domains():
    """softlanding/core/ never imports a domain; domains plug in through the registry."""
    bad = [
        f"{module} (line {line}) imports {target}"
        for module, edges in build_graph().items()
        if (module + ".").startswith("softlanding.core.")
        for target, line in edges.items()
        if (target + ".").startswith("softlanding.blueprints.")
    ]
    assert not bad, "\n".join(bad)


def test_domains_meet_only_through_services_and_models():
    """No module imports another domain's routes or forms."""
    bad = [
        f"{module} (line {line}) imports {target}"
        for module, edges in build_graph().items()
        for target, line in edges.items()
        if is_view_layer(target) and domain_of(target) != domain_of(module)
    ]
    assert not bad, "\n".join(bad)


def test_no_import_fallbacks():
    """No `try: import ... except ImportError` shim: every area is always present."""
    bad = []
    for name, path in all_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            guards_import = any(isinstance(n, ast.Import | ast.ImportFrom) for s in node.body for n in ast.walk(s))
            catches = {
                n.id
                for h in node.handlers
                if h.type is not None
                for n in ast.walk(h.type)
                if isinstance(n, ast.Name)
            }
            if guards_import and catches & {"ImportError", "ModuleNotFoundError"}:
                bad.append(f"{name} (line {node.lineno})")
    assert not bad, "import fallbacks:\n" + "\n".join(bad)


def test_modules_stay_small():
    """No softlanding module is over 300 lines: past that it is two concerns."""
    long = {name: n for name, p in all_modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert not long, long


# Rules that are written once, and where: a second copy drifts (is_host was written three times, and the
# two html_to_text copies gave different text for the same description).
ONE_HOME = {
    "is_host": "softlanding.blueprints.events.access",
    "can_manage": "softlanding.blueprints.events.access",
    "is_public": "softlanding.blueprints.events.access",
    "public_clause": "softlanding.blueprints.events.access",
    "hosted_clause": "softlanding.blueprints.events.access",
    "organisers": "softlanding.blueprints.accounts.users",
    "html_to_text": "softlanding.lib.sanitize",
}


def test_each_rule_is_written_once():
    """Host, visibility, organiser and html-to-text rules are defined in one module each, under one name."""
    homes = {}
    for name, path in all_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") in ONE_HOME:
                homes.setdefault(node.name.lstrip("_"), []).append(name)
    assert homes == {rule: [home] for rule, home in ONE_HOME.items()}
